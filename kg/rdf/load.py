"""Load a built graph back as an rdflib Dataset (TriG keeps the per-document named graphs).

Parsing goes through Oxigraph's parser (``load_rdflib``): rdflib's own Turtle parser runs
at under 1 MB/s, too slow for a large graph.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

import pyoxigraph as ox

from kg.errors import InputError
from kg.rdf.convert import dataset_from_ox, union_graph
from kg.rdf.store import graph_source, rdf_format

DEFAULT_GRAPH_PATH = Path("build") / "kg.trig"


def load_rdflib(path: Path) -> Dataset:
    """An rdflib Dataset of the file, parsed by Oxigraph's parser (many times faster than
    rdflib's own) and converted term by term; named graphs are kept."""
    path = Path(path)
    fmt = rdf_format(path)
    try:
        return dataset_from_ox(ox.parse(path=str(path), format=fmt))
    except SyntaxError as exc:
        raise InputError(f"{path}: not valid {fmt.name}: {exc}") from exc


def load_dataset(path: Path | None = None) -> Dataset:
    """The built graph at ``path``: a file, or a store or build folder (read from its file, whose
    literals the store would not give back exactly)."""
    return load_rdflib(graph_source(Path(path or DEFAULT_GRAPH_PATH)))


def load_union(path: Path | None = None) -> Graph:
    return union_graph(load_dataset(path))
