"""Only the statements a command reads, taken from the built graph by SPARQL CONSTRUCT.

`kg stats`, `kg entities` and `kg viz` each read a few properties of a few classes; loading the
whole dataset into rdflib to read them took most of their time (seconds per 100k statements,
and a gigabyte at a thousand documents). Here the store (or, for a file with no store of its
own, Oxigraph's in-memory parse of it) answers one CONSTRUCT per command, and only its triples
become an rdflib graph, which the existing rdflib code then reads unchanged.

The graph is the union of all graphs, as ``kg.rdf.convert.union_graph`` gives it: a triple stated
in several graphs is one triple.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg import terms as T
from kg.rdf.convert import to_rdflib
from kg.rdf.store import open_graph


@dataclass(frozen=True)
class Selection:
    """What to read: every triple of ``predicates``, the ``rdf:type`` triples whose class is one
    of ``classes``, and the triples matching each of ``chains`` (basic graph patterns, for a chain
    of statements that is only wanted whole, such as the page selector of a quote)."""

    predicates: frozenset[URIRef]
    classes: frozenset[URIRef] = frozenset()
    chains: tuple[str, ...] = ()

    def queries(self) -> list[str]:
        parts = []
        if self.predicates:
            values = " ".join(f"<{p}>" for p in sorted(self.predicates))
            parts.append(f"{{ VALUES ?p {{ {values} }} ?s ?p ?o }}")
        if self.classes:
            values = " ".join(f"<{c}>" for c in sorted(self.classes))
            parts.append(f"{{ VALUES ?o {{ {values} }} ?s a ?o BIND(<{RDF.type}> AS ?p) }}")
        out = [f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {' UNION '.join(parts)} }}"] if parts else []
        return out + [f"CONSTRUCT WHERE {{ {pattern} }}" for pattern in self.chains]

    def __or__(self, other: Selection) -> Selection:
        return Selection(self.predicates | other.predicates, self.classes | other.classes, self.chains + other.chains)


def select_from(store: ox.Store, selection: Selection) -> Graph:
    """The selected triples of ``store``'s union of graphs as an rdflib Graph (our prefixes bound)."""
    graph = Graph()
    for prefix, namespace in T.PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    # A few IRIs recur in most triples (classes, properties, documents): each is converted once,
    # which makes the conversion several times faster.
    terms: dict[ox.NamedNode | ox.BlankNode | ox.Literal, object] = {}

    def term(node: ox.NamedNode | ox.BlankNode | ox.Literal) -> object:
        known = terms.get(node)
        if known is None:
            known = terms[node] = to_rdflib(node)
        return known

    for query in selection.queries():
        triples: Iterable[ox.Triple] = store.query(query, use_default_graph_as_union=True)
        graph.addN((term(t.subject), term(t.predicate), term(t.object), graph) for t in triples)
    return graph


def read_selection(path: Path, selection: Selection) -> Graph:
    """The selected triples of the built graph at ``path`` (store, build folder or file)."""
    return select_from(open_graph(path), selection)


def triple_count(path_or_store: Path | ox.Store) -> int:
    """How many distinct triples the union of all graphs holds (what ``len(union_graph(…))`` is)."""
    store = path_or_store if isinstance(path_or_store, ox.Store) else open_graph(path_or_store)
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
                       use_default_graph_as_union=True)
    return int(next(iter(rows))["n"].value)
