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


def append_line(document: Path, line: str = "UNICEF funds the project in Osh Region. The network connected 240 "
                "clinics in 2024.") -> Path:
    """``line`` added to ``document`` (by default a sentence with a relation and a metric)."""
    document.write_text(document.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return document


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
    append_line(corpus / "002_ec26920e654f0b8c.txt")
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


def store_quads(out: Path) -> tuple[list[str], list[str]]:
    import pyoxigraph as ox

    store = ox.Store.read_only(str(out / "kg.oxigraph"))
    return sorted(str(q) for q in store), sorted(str(g) for g in store.named_graphs())


def test_a_rebuild_updates_the_store_in_place_to_what_a_clean_build_loads(tmp_path: Path) -> None:
    from kg.rdf import store as oxstore

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    out = tmp_path / "out"
    build(corpus, out)
    folder = out / "kg.oxigraph"
    inode = folder.stat().st_ino
    # One document changed, one removed, one added.
    append_line(corpus / "002_ec26920e654f0b8c.txt")
    (corpus / "003_3c696aa202466287.txt").unlink()
    (corpus / "new.txt").write_text("Kazakhstan connected 12 rural clinics to the telemedicine network in 2023.\n",
                                    encoding="utf-8")
    build(corpus, out)
    # Changed where it stands (a full load writes a new folder and renames it into place) ...
    assert folder.stat().st_ino == inode
    assert oxstore.store_state(out / "kg.trig") == "fresh"
    manifest = oxstore.read_manifest(folder)
    assert manifest is not None and manifest["sha256"] == oxstore.file_sha256(out / "kg.trig")
    # ... to exactly what a clean build's store holds.
    build(corpus, tmp_path / "clean", "--no-cache")
    assert same_outputs(out, tmp_path / "clean")
    assert store_quads(out) == store_quads(tmp_path / "clean")
    assert manifest["quads"] == len(store_quads(out)[0])


def test_a_store_that_does_not_hold_the_previous_build_is_loaded_again(tmp_path: Path) -> None:
    from kg.rdf import store as oxstore

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    out = tmp_path / "out"
    build(corpus, out)
    # kg.trig edited by hand after the build: its store no longer matches it, so its state
    # cannot be trusted and the rebuild loads the new file whole.
    with open(out / "kg.trig", "ab") as handle:
        handle.write(b"\n")
    inode = (out / "kg.oxigraph").stat().st_ino
    changed = corpus / "002_ec26920e654f0b8c.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUNICEF funds the project in Osh Region.\n",
                       encoding="utf-8")
    build(corpus, out)
    assert (out / "kg.oxigraph").stat().st_ino != inode
    assert oxstore.store_state(out / "kg.trig") == "fresh"
    build(corpus, tmp_path / "clean", "--no-cache")
    assert store_quads(out) == store_quads(tmp_path / "clean")
