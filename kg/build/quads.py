"""The built graph as sets of N-Triples statements, one set per graph.

rdflib's in-memory Dataset costs about 20 µs and over 1 KB per triple to fill, and its Turtle
writer runs at about 1 MB/s: a 10,000-document build (about 2.7M triples) would not fit the
time or the memory we allow. The builder therefore writes each statement once, as a canonical
N-Triples string (``<s> <p> <o>``); sets remove duplicates, sorting them gives a canonical order,
and Oxigraph's Rust parser and writers turn the sorted statements into Turtle, TriG or JSON-LD.
An rdflib Dataset is still available (``to_rdflib``) for callers that want rdflib's API.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Dataset

from kg import terms as T

DEFAULT_GRAPH = ""

# Canonical N-Triples escapes (RDF 1.1 N-Triples §4): the named escapes, then \\uXXXX for the
# other control characters. Everything else is written as itself.
_ESCAPES: dict[int, str] = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r",
                            ord("\t"): "\\t", ord("\b"): "\\b", ord("\f"): "\\f"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in [*range(0x00, 0x20), 0x7F] if c not in _ESCAPES})
# Characters RFC 3987 does not allow in an IRI; percent-encoded if a source (a metadata URL) has them.
_IRI_UNSAFE = frozenset('<>"{}|^`\\ ') | frozenset(chr(c) for c in range(0x21))

XSD_INTEGER = str(T.XSD.integer)
XSD_DECIMAL = str(T.XSD.decimal)
XSD_NON_NEGATIVE = str(T.XSD.nonNegativeInteger)


def iri(value: str) -> str:
    if any(c in _IRI_UNSAFE for c in value):
        value = "".join(quote(c, safe="") if c in _IRI_UNSAFE else c for c in value)
    return f"<{value}>"


def literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    body = f'"{text.translate(_ESCAPES)}"'
    if lang:
        return f"{body}@{lang}"
    if datatype:
        return f"{body}^^<{datatype}>"
    return body


def integer(value: int, datatype: str = XSD_INTEGER) -> str:
    return f'"{int(value)}"^^<{datatype}>'


def decimal(value: Decimal) -> str:
    """xsd:decimal's canonical-enough form: no exponent, no trailing zeros."""
    normal = value.normalize()
    text = f"{normal:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f'"{text}"^^<{XSD_DECIMAL}>'


class LineStream(io.RawIOBase):
    """A readable binary stream over lines made on demand."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._pending:
            batch = "".join(itertools.islice(self._lines, 4096))
            self._pending = memoryview(batch.encode("utf-8"))
        view = memoryview(buffer).cast("B")
        n = min(len(view), len(self._pending))
        view[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


@dataclass
class QuadSet:
    """Statements by graph: ``graphs[name]`` is a set of ``"<s> <p> <o>"`` strings; the default
    graph's name is ``""``, a named graph's name its IRI."""

    graphs: dict[str, set[str]] = field(default_factory=dict)
    # Where a named graph's TriG text, already written (a cached block), can be read, with the
    # size of the graph it was written from: the TriG writer reuses it while the graph has that
    # size. The reader returns None when the text is gone.
    trig_texts: dict[str, tuple[int, Callable[[], str | None]]] = field(default_factory=dict, repr=False,
                                                                         compare=False)
    # Each named graph's statement-block key (``kg.build.blocks``), when the build kept blocks: a
    # graph's statements follow from its key, so equal keys mean equal graphs between builds.
    block_keys: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # The named graphs' statements and typed nodes per class, counted as the build added them
    # (``kg.build.describe.Scan.count_graph``); a streamed build keeps no other record of them.
    named_counts: tuple[int, dict[str, int]] | None = field(default=None, repr=False, compare=False)
    # A graph's statements already sorted (a document's block is kept sorted), valid while the
    # graph has that many statements: writers then merge sorted runs instead of sorting anew.
    sorted_runs: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)
    # Named graphs not read yet (a rebuild's unchanged documents, whose statements stay in their
    # cached blocks): each one's size and a reader of its statements, sorted. Not in ``graphs``
    # until read: ``statements``, ``graph``, ``sorted_graph`` and ``union`` read them on first use.
    deferred: dict[str, tuple[int, Callable[[], list[str]]]] = field(default_factory=dict, repr=False,
                                                                     compare=False)
    _union: set[str] | None = field(default=None, repr=False, compare=False)
    _union_source_size: int = field(default=-1, repr=False, compare=False)

    def graph(self, name: str = DEFAULT_GRAPH) -> set[str]:
        if name in self.deferred:
            self.load_deferred([name])
        statements = self.graphs.get(name)
        if statements is None:
            statements = self.graphs[name] = set()
        return statements

    def load_deferred(self, names: Iterable[str] | None = None) -> None:
        """Read the deferred named graphs (``names``, else all of them) into ``graphs``."""
        for name in list(self.deferred if names is None else names):
            entry = self.deferred.pop(name, None)
            if entry is None:
                continue
            run = entry[1]()
            if len(run) != entry[0]:
                raise OSError(f"the statements of {name} changed on disk during the build")
            self.graphs.setdefault(name, set()).update(run)
            self.sorted_runs[name] = run

    def statements(self, name: str) -> set[str]:
        """The statements of graph ``name`` (read if deferred; empty if there is no such graph)."""
        if name in self.deferred:
            self.load_deferred([name])
        return self.graphs.get(name, set())

    def size(self, name: str) -> int:
        """The number of statements of graph ``name``, without reading a deferred graph."""
        entry = self.deferred.get(name)
        return entry[0] if entry is not None else len(self.graphs.get(name, ()))

    def statement_count(self) -> int:
        """Statements of all graphs, a statement in two graphs counted twice (the store's quads)."""
        return sum(len(s) for s in self.graphs.values()) + sum(n for n, _ in self.deferred.values())

    def distinct_count(self) -> int:
        """``len(self)``, without making the union when the build counted the named graphs
        (``named_counts``) and they still hold what was counted: a document's named graph shares
        no statement with another graph (``kg.build.describe.Scan.count_graph``), so the count is
        the default graph's plus theirs. The union of 2.9M statements costs about 150 MB."""
        if self.named_counts is not None:
            total = len(self.graphs.get(DEFAULT_GRAPH, ())) + self.named_counts[0]
            if self.statement_count() == total:
                return total
        return len(self.union())

    def each_statement(self) -> Iterator[str]:
        """Every statement of every graph, one in two graphs twice: for a reader that keeps
        what it wants in a set of its own, without the union's copy of them all."""
        self.load_deferred()
        return itertools.chain.from_iterable(list(self.graphs.values()))

    def __len__(self) -> int:
        """Distinct triples of the union of all graphs."""
        return len(self.union())

    def union(self) -> set[str]:
        """Distinct statements of all graphs. Kept until a statement is added: the writers, the
        summary and the view all need it, and on a large graph each copy costs hundreds of MB.
        (Statements are only ever added, so an unchanged total size means unchanged graphs.)"""
        self.load_deferred()
        size = sum(len(statements) for statements in self.graphs.values())
        if self._union is None or self._union_source_size != size:
            self._union = set().union(*self.graphs.values())
            self._union_source_size = size
        return self._union

    def drop_named(self) -> None:
        """Let the named graphs' statements go, keeping their counts (``named_counts``) and block
        keys: for a step that needs memory and only the default graph."""
        for name in self.graphs:
            if name != DEFAULT_GRAPH:
                self.graphs[name] = set()
        self.sorted_runs.clear()
        self.trig_texts.clear()
        self.deferred.clear()
        self._union = None

    def graph_names(self) -> list[str]:
        """The default graph first, then named graphs in IRI order: the order every writer uses."""
        return sorted([*(name for name, statements in self.graphs.items() if statements), *self.deferred])

    # --- canonical text ---------------------------------------------------------------
    def sorted_graph(self, name: str) -> list[str]:
        statements = self.statements(name)
        run = self.sorted_runs.get(name)
        return run if run is not None and len(run) == len(statements) else sorted(statements)

    def nquads(self) -> Iterator[str]:
        for name in self.graph_names():
            suffix = " .\n" if name == DEFAULT_GRAPH else f" <{name}> .\n"
            for statement in self.sorted_graph(name):
                yield statement + suffix

    def ntriples(self) -> Iterator[str]:
        """The union, sorted: the graphs' sorted runs merged (timsort finds the runs: several
        times faster than sorting the union), a statement in two graphs written once."""
        self.load_deferred()
        if not self.sorted_runs:
            for statement in sorted(self.union()):
                yield statement + " .\n"
            return
        merged = sorted(itertools.chain.from_iterable(self.sorted_graph(name) for name in self.graphs))
        previous = None
        for statement in merged:
            if statement != previous:
                yield statement + " .\n"
                previous = statement

    # --- conversions ------------------------------------------------------------------
    def ox_quads(self) -> Iterable[ox.Quad]:
        """Oxigraph quads in canonical order, parsed from the statements by Oxigraph itself,
        streamed: the whole N-Quads text of a large graph would double its memory."""
        return ox.parse(LineStream(self.nquads()), format=ox.RdfFormat.N_QUADS)

    def ox_union(self) -> Iterable[ox.Quad]:
        """The union as quads in the default graph (Oxigraph's triple writers take those as they are)."""
        return ox.parse(LineStream(self.ntriples()), format=ox.RdfFormat.N_TRIPLES)

    def to_rdflib(self) -> Dataset:
        from kg.rdf.convert import dataset_from_ox

        return dataset_from_ox(self.ox_quads())

    @classmethod
    def from_ox(cls, quads: Iterable[ox.Quad]) -> QuadSet:
        """From parsed quads (a built file read back): Oxigraph writes terms in N-Triples form."""
        result = cls()
        for q in quads:
            name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else DEFAULT_GRAPH
            result.graph(name).add(f"{q.subject} {q.predicate} {q.object}")
        return result


def split(statement: str) -> tuple[str, str, str]:
    """``(s, p, o)`` in N-Triples form: subjects and predicates are IRIs, which hold no spaces."""
    s, p, o = statement.split(" ", 2)
    return s, p, o


def type_counts(statements: Iterable[str]) -> dict[str, int]:
    """Distinct subjects per rdf:type object (IRI without brackets)."""
    marker = f" <{T.RDF.type}> "
    subjects: dict[str, set[str]] = {}
    for statement in statements:
        if marker in statement:
            s, _, o = split(statement)
            subjects.setdefault(o[1:-1], set()).add(s)
    return {cls: len(members) for cls, members in subjects.items()}


def overview(quads: QuadSet) -> QuadSet:
    """The entities and the relations between them, without evidence, metrics or documents: what
    an overview of a graph too large to draw whole needs, at a small fraction of its size."""
    skip = tuple(f"<{T.ID}{kind}/" for kind in ("evidence", "statement", "metric", "document", "rule", "indicator",
                                              "unit"))
    keep_predicates = {f"<{p}>" for p in (*T.RELATIONS.values(), T.RDF.type, T.RDFS.label, T.locatedIn,
                                          T.isoCode, T.orgType)}
    result = QuadSet()
    target = result.graph(DEFAULT_GRAPH)
    for statement in quads.each_statement():
        if statement.startswith(skip):
            continue
        s, p, o = split(statement)
        if p in keep_predicates and not o.startswith(skip):
            target.add(statement)
    return result
