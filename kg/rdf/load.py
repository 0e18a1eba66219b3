"""Load a built graph back as an rdflib Dataset (TriG keeps the per-document named graphs).

Parsing goes through Oxigraph's parser (kg.query.engine.load_rdflib): rdflib's own Turtle parser runs
at under 1 MB/s, too slow for a large graph.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kg.query.engine import load_rdflib
from kg.build.serialize import union_graph

DEFAULT_GRAPH_PATH = Path("build") / "kg.trig"


def load_dataset(path: Path | None = None) -> Dataset:
    return load_rdflib(Path(path or DEFAULT_GRAPH_PATH))


def load_union(path: Path | None = None) -> Graph:
    return union_graph(load_dataset(path))
