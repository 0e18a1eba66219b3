"""Terms and graphs between rdflib and Oxigraph, and the union of a dataset's named graphs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, Union

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD

from kg import terms as T

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]
_XSD_STRING = str(XSD.string)


class HasUnion(Protocol):
    """Built statements (kg.build.quads.QuadSet): the union of their graphs as Oxigraph quads."""

    def ox_union(self) -> Iterable[ox.Quad]: ...


def to_ox(term: object) -> Term | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term: Term) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        # RDF 1.1: a simple literal is an xsd:string; rdflib's parser keeps it untyped.
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))
    raise TypeError(f"no rdflib form for {term!r}")


def to_ox_quads(dataset: Dataset) -> Iterable[ox.Quad]:
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        graph = ox.DefaultGraph() if name in (None, DATASET_DEFAULT_GRAPH_ID) else to_ox(name)
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph)


def dataset_from_ox(quads: Iterable[ox.Quad]) -> Dataset:
    """An rdflib Dataset (union default graph, our prefixes) of Oxigraph quads, named graphs kept."""
    dataset = Dataset(default_union=True)
    for prefix, namespace in T.PREFIXES.items():
        dataset.bind(prefix, namespace, override=True)
    graphs: dict[str, rdflib.Graph] = {}
    default = dataset.graph(DATASET_DEFAULT_GRAPH_ID)

    def contexts() -> Iterable[tuple]:
        for quad in quads:
            name = quad.graph_name
            if isinstance(name, ox.DefaultGraph):
                context = default
            else:
                context = graphs.get(name.value)
                if context is None:
                    context = graphs[name.value] = dataset.graph(URIRef(name.value))
            yield to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object), context

    dataset.addN(contexts())
    return dataset


def union_graph(data: Graph | Dataset | HasUnion) -> Graph:
    """The union of all graphs as one rdflib Graph, with our prefixes bound. (A Dataset's own
    triples() sees only its default graph; the facts live in named graphs.) A plain Graph is
    already its own union and is returned as it is."""
    if isinstance(data, Graph) and not isinstance(data, Dataset):
        return data
    union = Graph()
    for prefix, namespace in T.PREFIXES.items():
        union.bind(prefix, namespace, override=True)
    if not isinstance(data, Dataset):
        union.addN((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), union)
                   for q in data.ox_union())
        return union
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union
