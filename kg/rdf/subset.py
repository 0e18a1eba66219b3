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

import contextlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg import terms as T
from kg.rdf.convert import to_rdflib
from kg.rdf.store import open_graph, read_manifest


def iri_list(iris: Iterable[object]) -> str:
    """IRIs written for a SPARQL VALUES block: '<a> <b> …'."""
    return " ".join(f"<{iri}>" for iri in iris)

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
            values = iri_list(sorted(self.predicates))
            parts.append(f"{{ VALUES ?p {{ {values} }} ?s ?p ?o }}")
        if self.classes:
            values = iri_list(sorted(self.classes))
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


def select(store: ox.Store, query: str) -> Iterator[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...]]:
    """The rows of a SELECT on ``store``'s union of graphs, as tuples in the query's column order."""
    solutions = store.query(query, use_default_graph_as_union=True)
    width = len(solutions.variables)
    for row in solutions:
        yield tuple(row[i] for i in range(width))


# Beside a build's store: how many distinct triples its union holds, for the store as it is.
TRIPLE_COUNT = "kg-triples.json"
_PREDICATES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
_COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { ?s ?p ?o } }"


def _counted(folder: Path) -> int | None:
    manifest = read_manifest(folder)
    try:
        memo = json.loads((folder / TRIPLE_COUNT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest is None or not isinstance(memo, dict) or memo.get("store") != {k: manifest.get(k) for k in _STORE_KEYS}:
        return None
    count = memo.get("triples")
    return count if isinstance(count, int) else None


_STORE_KEYS = ("format", "pyoxigraph", "sha256", "quads")


def triple_count(path_or_store: Path | ox.Store, folder: Path | None = None) -> int:
    """How many distinct triples the union of all graphs holds (what ``len(union_graph(…))`` is).

    Oxigraph's union repeats a triple stated in several graphs, so the count needs a DISTINCT
    over every quad: 6 s at 10,000 documents, the bulk of `kg stats`. A build's store (``folder``)
    keeps the answer beside it once worked out, for that store as its manifest describes it (a
    changed file gives a rebuilt store with a new manifest, and the count is worked out again);
    a folder that cannot be written is simply counted each time.
    """
    if folder is not None and (known := _counted(folder)) is not None:
        return known
    store = path_or_store if isinstance(path_or_store, ox.Store) else open_graph(path_or_store)
    # One predicate at a time: a DISTINCT over every quad at once held them all (0.8 GB at
    # 10,000 documents); a triple stated twice has one predicate, so the counts add up.
    count = 0
    for predicate, quads in select(store, _PREDICATES):
        if int(quads.value) == 1:
            count += 1
            continue
        rows = select(store, _COUNT_QUERY.replace("?p", f"<{predicate.value}>"))
        count += int(next(rows)[0].value)
    if folder is not None:
        keep_triple_count(folder, count)
    return count


def keep_triple_count(folder: Path, count: int) -> None:
    """Keep ``count`` beside the store in ``folder`` as its union's distinct triples, for the
    store as its manifest now describes it: by `kg stats` once counted, or by `kg build`, which
    knows the figure as it writes the store. Nothing when there is no manifest or the folder
    cannot be written (the count is then worked out when asked)."""
    manifest = read_manifest(folder)
    if manifest is None:
        return
    memo = {"store": {k: manifest.get(k) for k in _STORE_KEYS}, "triples": count}
    tmp = folder / f".{TRIPLE_COUNT}.{os.getpid()}"
    try:
        tmp.write_text(json.dumps(memo) + "\n", encoding="utf-8")
        os.replace(tmp, folder / TRIPLE_COUNT)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
