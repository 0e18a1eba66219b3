"""Scale: parallel extraction is an optimisation, never a change in output."""

from __future__ import annotations

from kg.lexicon import Lexicon
from kg.pipeline import run
from kg.serialize import serialize

from .conftest import ROOT, SEEDS


def test_parallel_extraction_gives_the_same_graph(lexicon: Lexicon) -> None:
    sources = [SEEDS, ROOT / "tests" / "data" / "entities"]
    serial = run(sources, lexicon, workers=1)
    parallel = run(sources, lexicon, workers=2)
    assert len(serial.documents) == 11
    assert serialize(serial.dataset, "turtle") == serialize(parallel.dataset, "turtle")
    assert serialize(serial.dataset, "trig") == serialize(parallel.dataset, "trig")
