"""Load a built graph back as an rdflib Dataset (TriG keeps the per-document named graphs).

Parsing goes through Oxigraph's parser (``load_rdflib``): rdflib's own Turtle parser runs
at under 1 MB/s, too slow for a large graph.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    """The union of all graphs of the built graph at ``path`` as one rdflib Graph, made straight
    from the parser's quads: no Dataset is built only to be merged again (that took as long as
    the parse and the load together)."""
    path = graph_source(Path(path or DEFAULT_GRAPH_PATH))
    fmt = rdf_format(path)
    try:
        return union_graph(_Parsed(ox.parse(path=str(path), format=fmt)))
    except SyntaxError as exc:
        raise InputError(f"{path}: not valid {fmt.name}: {exc}") from exc


class _Parsed:
    """Parsed quads as ``union_graph`` takes them (``kg.rdf.convert.HasUnion``)."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.quads = quads

    def ox_union(self) -> Iterable[ox.Quad]:
        return self.quads
