"""kg.ttl from the previous kg.ttl's unchanged parts (kg.build.turtleparts): the same bytes as
Oxigraph writing the whole union at once, whether parts are reused, cut anew or none is known."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TypeVar

from kg.build.pipeline import build_graph
from kg.build.quads import QuadSet
from kg.build.serialize import serialize
from kg.build.trigparts import TrigParts
from kg.build.turtleparts import STATE, TurtleParts
from kg.extract.lexicon import Lexicon
from tests.conftest import SEEDS

# Small parts, so that the seeds make dozens of them and a change leaves most untouched.
PART = 40


P = TypeVar("P", TurtleParts, TrigParts)


def written(quads: QuadSet, out: Path, part: int = PART) -> TurtleParts:
    return write_with(TurtleParts(out / "kg.ttl", out / ".cache" / STATE, part), quads, out / "kg.ttl")


def write_with(parts: P, quads: QuadSet, path: Path) -> P:
    """``quads`` written by ``parts`` to ``path`` as a build writes it: the new file put in
    place, then its parts kept."""
    tmp = path.with_name(f"{path.name}.tmp")
    with open(tmp, "wb") as handle:
        parts.write(quads, handle)
    os.replace(tmp, path)
    parts.record()
    return parts


def test_parts_put_end_to_end_are_the_whole_turtle(tmp_path: Path, lexicon: Lexicon) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(SEEDS, corpus)
    quads = build_graph([corpus], lexicon, cache_dir=out / ".cache").quads
    first = written(quads, out)
    assert first.reused == 0 and len(first._new) > 20
    assert (out / "kg.ttl").read_text(encoding="utf-8") == serialize(quads, "turtle")

    # One document gains a relation and a metric: most parts are copied, the rest written again.
    changed = corpus / "002_ec26920e654f0b8c.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUNICEF funds the project in Osh Region. "
                       "The network connected 240 clinics in 2024.\n", encoding="utf-8")
    quads = build_graph([corpus], lexicon, cache_dir=out / ".cache").quads
    second = written(quads, out)
    assert 0 < second.reused < len(second._new)
    assert (out / "kg.ttl").read_text(encoding="utf-8") == serialize(quads, "turtle")

    # A document removed: the cuts kept from the last build still cut between subjects.
    (corpus / "001_6b963e040055fc24.txt").unlink()
    quads = build_graph([corpus], lexicon, cache_dir=out / ".cache").quads
    third = written(quads, out)
    assert third.reused > 0
    assert (out / "kg.ttl").read_text(encoding="utf-8") == serialize(quads, "turtle")


def test_a_kg_ttl_changed_since_its_parts_were_kept_is_not_copied(tmp_path: Path, lexicon: Lexicon) -> None:
    out = tmp_path / "out"
    quads = build_graph([SEEDS], lexicon, cache_dir=out / ".cache").quads
    written(quads, out)
    expected = (out / "kg.ttl").read_bytes()
    # Same size, other bytes, a later time: the kept offsets no longer describe the file.
    (out / "kg.ttl").write_bytes(expected.replace(b"tm:", b"TM:"))
    again = written(quads, out)
    assert again.reused == 0
    assert (out / "kg.ttl").read_bytes() == expected


def test_parts_made_again_only_where_the_changed_statements_are(tmp_path: Path, lexicon: Lexicon) -> None:
    """Given the statements by which the graph changed (as a rebuild's store update reports
    them), only the parts that hold their subjects are made; the file is still Oxigraph's."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(SEEDS, corpus)
    quads = build_graph([corpus], lexicon, cache_dir=out / ".cache").quads
    written(quads, out)
    edits = [
        lambda: (corpus / "002_ec26920e654f0b8c.txt").write_text(
            (corpus / "002_ec26920e654f0b8c.txt").read_text(encoding="utf-8")
            + "\nUNICEF funds the project in Osh Region. The network connected 240 clinics in 2024.\n",
            encoding="utf-8"),
        # a new document: many statements in a few places, parts that grow past four times their size
        lambda: (corpus / "004_new.txt").write_text((corpus / "000_a082bec6c71722d9.txt").read_text(
            encoding="utf-8").replace("2023", "2019"), encoding="utf-8"),
        lambda: (corpus / "001_6b963e040055fc24.txt").unlink(),
    ]
    for edit in edits:
        before = quads.union()
        edit()
        quads = build_graph([corpus], lexicon, cache_dir=out / ".cache").quads
        after = quads.union()
        turtle = TurtleParts(out / "kg.ttl", out / ".cache" / STATE, PART)
        with open(out / "kg.ttl.tmp", "wb") as handle:
            turtle.write(quads, handle, (sorted(before - after), sorted(after - before)))
        os.replace(out / "kg.ttl.tmp", out / "kg.ttl")
        turtle.record()
        assert 0 < turtle.reused < len(turtle._new)
        assert (out / "kg.ttl").read_text(encoding="utf-8") == serialize(quads, "turtle")
        # The parts kept are those a whole write would keep: the next write copies all of them.
        assert written(quads, out).reused == len(turtle._new)
