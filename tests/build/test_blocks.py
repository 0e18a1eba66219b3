"""Rebuilds from cached per-document statement blocks (kg.build.blocks): a rebuild after one
document changed makes only that document's block again, and writes what a clean build writes."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from kg.build.blocks import FOLDER
from kg.cli import main
from tests.conftest import SEEDS



def build(corpus: Path, out: Path, *extra: str) -> str:
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "--no-html", *extra])
    assert result.exit_code == 0, result.output
    return result.output


def block_files(out: Path) -> dict[str, int]:
    """Block entries by name, with their modification times (ns)."""
    return {p.name: p.stat().st_mtime_ns for p in (out / ".cache" / FOLDER).glob("*/*.block")}


def same_outputs(a: Path, b: Path) -> bool:
    return all((a / n).read_bytes() == (b / n).read_bytes() for n in ("kg.ttl", "kg.trig"))


def test_one_changed_document_rebuilds_one_block_and_the_same_bytes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    # A document that states nothing: an empty graph of its own, among the others.
    (corpus / "quiet.txt").write_text("Nothing here but weather.\n", encoding="utf-8")
    out = tmp_path / "out"
    build(corpus, out)
    before = block_files(out)
    assert len(before) == 5
    # A sentence with a relation and a metric: the document's graph, the default graph's relations
    # and the indicator labels all change.
    changed = corpus / "002_ec26920e654f0b8c.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUNICEF funds the project in Osh Region. "
                       "The network connected 240 clinics in 2024.\n", encoding="utf-8")
    summary = build(corpus, out)
    assert "4 unchanged, from the cache" in summary
    after = block_files(out)
    # Only the changed document's block was made again (the others were not even rewritten), and
    # its old block was pruned.
    assert len(after) == 5 and len(set(after) - set(before)) == 1
    assert all(after[name] == before[name] for name in set(after) & set(before))
    build(corpus, tmp_path / "clean", "--no-cache")
    assert same_outputs(out, tmp_path / "clean")
    assert not (tmp_path / "clean" / ".cache").exists()


def test_a_curation_change_remakes_every_block(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    out = tmp_path / "out"
    curation = tmp_path / "curation.yaml"
    curation.write_text("[]\n", encoding="utf-8")
    build(corpus, out, "--curation", str(curation))
    curation.write_text("- drop: [programme/does-not-exist, operatesIn, country/kz]\n  reason: test\n",
                        encoding="utf-8")
    before = block_files(out)
    build(corpus, out, "--curation", str(curation))
    assert len(block_files(out)) == 4 and not set(block_files(out)) & set(before)
