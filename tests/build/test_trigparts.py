"""kg.trig from the previous kg.trig's unchanged named graphs (kg.build.trigparts): the same bytes
as Oxigraph writing the whole dataset at once, whether graphs are copied or none is known."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from kg.build.pipeline import build_graph
from kg.build.quads import QuadSet
from kg.build.serialize import serialize
from kg.build.trigparts import STATE, TrigParts
from kg.extract.lexicon import Lexicon
from tests.build.test_blocks import append_line
from tests.build.test_turtleparts import write_with
from tests.conftest import SEEDS


def written(quads: QuadSet, out: Path) -> TrigParts:
    return write_with(TrigParts(out / "kg.trig", out / ".cache" / STATE), quads, out / "kg.trig")


def test_unchanged_graphs_are_copied_and_the_file_is_oxigraphs(tmp_path: Path, lexicon: Lexicon) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(SEEDS, corpus)
    (corpus / "quiet.txt").write_text("Nothing here but weather.\n", encoding="utf-8")  # an empty graph

    def rebuilt() -> QuadSet:
        # As a rebuild has them: unchanged documents' graphs left in their blocks.
        return build_graph([corpus], lexicon, cache_dir=out / ".cache", defer_named=True).quads
    quads = rebuilt()
    out.mkdir(exist_ok=True)
    assert written(quads, out).copied == 0
    assert (out / "kg.trig").read_text(encoding="utf-8") == serialize(build_graph([corpus], lexicon).quads, "trig")
    graphs = len([n for n in quads.graph_names() if n])
    edits = [
        lambda: append_line(corpus / "002_ec26920e654f0b8c.txt"),
        # a new document whose graph sorts between others, and one removed
        lambda: (corpus / "0015_new.txt").write_text("UNICEF funds the project in Osh Region.\n", encoding="utf-8"),
        lambda: (corpus / "001_6b963e040055fc24.txt").unlink(),
        lambda: None,
    ]
    # The edited document's graph is made again; a new one is made, the others are copied.
    copied = [graphs - 1, graphs, graphs, graphs]
    for edit, expected in zip(edits, copied):
        edit()
        quads = rebuilt()
        trig = written(quads, out)
        assert trig.copied == expected
        # Nothing of the unchanged documents' graphs was read.
        assert len(quads.deferred) >= expected
        assert (out / "kg.trig").read_text(encoding="utf-8") == serialize(build_graph([corpus], lexicon).quads,
                                                                           "trig")


def test_a_kg_trig_changed_since_its_places_were_kept_is_not_copied(tmp_path: Path, lexicon: Lexicon) -> None:
    out = tmp_path / "out"
    quads = build_graph([SEEDS], lexicon, cache_dir=out / ".cache").quads
    out.mkdir(exist_ok=True)
    written(quads, out)
    expected = (out / "kg.trig").read_bytes()
    # Same size, other bytes, a later time: the kept places no longer describe the file.
    (out / "kg.trig").write_bytes(expected.replace(b"tm:", b"TM:"))
    assert written(quads, out).copied == 0
    assert (out / "kg.trig").read_bytes() == expected


def test_runs_of_bytes_are_joined_and_copied_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.build import previous

    monkeypatch.setattr(previous, "CHUNK", 3)
    out = io.BytesIO()
    copier = previous.Copier(io.BytesIO(b"0123456789abcdef"), out, "a file")
    copier.copy(2, 5)
    copier.copy(7, 4)  # adjacent: one run
    copier.copy(0, 2)
    copier.flush()
    assert out.getvalue() == b"23456789a" + b"01"
    copier.copy(14, 4)  # past the end: the file changed
    with pytest.raises(OSError, match="a file changed"):
        copier.flush()
