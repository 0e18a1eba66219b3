"""Two SPARQL engines over the built graph behind one small interface.

- ``oxigraph`` (default): pyoxigraph's Rust query engine over a store loaded by Oxigraph's own
  parser (see ``oxstore``). Fast at every size we build.
- ``rdflib``: rdflib's pure-Python engine over an rdflib Dataset; kept as the reference
  implementation (rdflib remains the building API) and for comparison.

Both answer with the same neutral ``QueryResult`` of pyoxigraph terms, so formatting and tests
never depend on which engine ran. Both see the union of all named graphs as the default graph
when the query names no dataset, and exactly its FROM / FROM NAMED graphs when it does
(SPARQL 1.1 §13.2), and both bind parameters as RDF terms through their own mechanism (``substitutions`` /
``initBindings``), never by editing the query text.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Union

import pyoxigraph as ox

from kg.rdf import store as oxstore
from kg.errors import QueryError
from kg.query.guard import check_query, names_dataset, prefix_error, unknown_prefix
from kg.query.prefixes import PREFIX_IRIS

if TYPE_CHECKING:
    from rdflib import Dataset

# rdflib is imported only by the rdflib engine and the tools that hand a Dataset over: its
# import was half a `kg query`'s start-up, and the store answers without it.
Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]
ENGINES = ("oxigraph", "rdflib")
PREFIXES = PREFIX_IRIS


@dataclass
class QueryResult:
    """What a query returned. ``kind`` is SELECT, ASK, or GRAPH (CONSTRUCT and DESCRIBE).

    ``rows`` is a list, or with ``stream`` an iterator read once, as the engine yields the rows
    (a result of millions of rows is then written out without being held); so is ``triples``
    (Turtle is written sorted, so a graph is held, but as text, not as the engine's triples)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[list[Term | None]] | Iterator[list[Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] | Iterator[ox.Triple] = field(default_factory=list)
    # Files that already hold this result in an output format (format → path): a stored answer
    # (``kg.query.precomputed``) is copied out, not formatted again.
    rendered: dict[str, Path] = field(default_factory=dict)
    # The rows as CSV or TSV lines (format → lines, without the header), for a result that can
    # write them cheaper than row by row (``kg.query.pairs``); ``rows`` stays for other formats.
    text: Callable[[str], Iterator[str]] | None = None


def malformed(source: str, message: str, line: int | None, column: int | None, text: str = "") -> QueryError:
    if line is not None and column is not None:
        prefix = unknown_prefix(text, message, line, column, list(PREFIXES))
        if prefix:
            return QueryError(f"{prefix} (in {source})")
    where = f" at line {line}, column {column}" if line is not None else ""
    return QueryError(f"malformed SPARQL in {source}{where}: {message}")


def _unprojected(source: str, names: Iterable[str]) -> QueryError:
    # Oxigraph follows SEP-0007: a bound variable must be in the SELECT clause.
    listed = ", ".join(f"?{n}" for n in sorted(names))
    return QueryError(f"query {source} must select {listed} to take it as a parameter")


class Engine(ABC):
    name: ClassVar[str]

    def query(self, text: str, bindings: Mapping[str, Term] | None = None, source: str = "query",
              stream: bool = False) -> QueryResult:
        """Run ``text`` with ``bindings`` (variable name → RDF term); ``source`` names the query
        in error messages; ``stream``: SELECT rows or CONSTRUCT triples as an iterator (see
        ``QueryResult``)."""
        check_query(text)
        result = self._run(text, dict(bindings or {}), source)
        if result.kind == "SELECT" and not stream:
            result.rows = list(result.rows)
        if result.kind == "GRAPH" and not stream:
            result.triples = list(result.triples)
        if result.kind == "SELECT":
            missing = set(bindings or {}) - set(result.variables)
            if missing:
                raise _unprojected(source, missing)
        return result

    @abstractmethod
    def _run(self, text: str, bindings: dict[str, Term], source: str) -> QueryResult: ...


class OxigraphEngine(Engine):
    name = "oxigraph"

    def __init__(self, store: ox.Store, folder: Path | None = None) -> None:
        self.store = store
        # The build's store folder, when that is what ``store`` is: where its stored answers are.
        self.folder = folder

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> OxigraphEngine:
        """An in-memory store with the quads of an rdflib Dataset (for tests and tools)."""
        from kg.rdf.convert import to_ox_quads

        store = ox.Store()
        store.bulk_extend(to_ox_quads(dataset))
        return cls(store)

    def _run(self, text: str, bindings: dict[str, Term], source: str) -> QueryResult:
        try:
            answer = self.store.query(
                text, prefixes=PREFIXES, use_default_graph_as_union=not names_dataset(text),
                substitutions={ox.Variable(k): v for k, v in bindings.items()} or None)
        except SyntaxError as exc:
            match = re.match(r"error at (\d+):(\d+): (.*)", str(exc), re.DOTALL)
            if match:
                raise malformed(source, match.group(3), int(match.group(1)), int(match.group(2)), text) from exc
            raise malformed(source, str(exc), None, None) from exc
        except RuntimeError as exc:
            if "SELECT projection" in str(exc):
                raise _unprojected(source, [v for v in bindings if f"?{v} " in str(exc) + " "]) from exc
            raise QueryError(f"query {source} failed: {exc}") from exc
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            return QueryResult("GRAPH", triples=iter(answer))
        variables = [v.value for v in answer.variables]
        width = range(len(variables))
        return QueryResult("SELECT", variables=variables, rows=([solution[i] for i in width] for solution in answer))


class RdflibEngine(Engine):
    name = "rdflib"

    def __init__(self, dataset: Dataset) -> None:
        # Imported here: rdflib's SPARQL engine (pyparsing) costs a noticeable part of every
        # `kg query` start-up, and Oxigraph answers those.
        import rdflib.plugins.sparql

        # rdflib would fetch the IRI of a FROM clause over HTTP; queries here read the local graph only.
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        self.dataset = dataset

    def _run(self, text: str, bindings: dict[str, Term], source: str) -> QueryResult:
        from rdflib.plugins.sparql import prepareQuery

        from kg import terms as T
        from kg.rdf.convert import to_ox, to_rdflib

        try:
            prepared = prepareQuery(text, initNs=dict(T.PREFIXES))
        except Exception as exc:  # pyparsing's ParseException carries the line and column
            undeclared = re.search(r"Unknown namespace prefix : (\S+)", str(exc))
            if undeclared:
                raise QueryError(f"{prefix_error(undeclared.group(1), list(PREFIXES))} (in {source})") from exc
            raise malformed(source, getattr(exc, "msg", None) or str(exc).splitlines()[0],
                            getattr(exc, "lineno", None), getattr(exc, "col", None)) from exc
        answer = self.dataset.query(prepared, initBindings={k: to_rdflib(v) for k, v in bindings.items()})
        if answer.type == "ASK":
            return QueryResult("ASK", boolean=bool(answer.askAnswer))
        if answer.type in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult("GRAPH", triples=[ox.Triple(*(to_ox(t) for t in triple)) for triple in answer.graph])
        variables = [str(v) for v in answer.vars]
        rows = [[to_ox(row[i]) for i in range(len(variables))] for row in answer]
        return QueryResult("SELECT", variables=variables, rows=rows)


def open_engine(path: Path, name: str = "auto", cache: bool = False, store: bool = True) -> Engine:
    """The engine ``name`` (auto = oxigraph) over the built graph at ``path``: Oxigraph opens the
    build's embedded store (``store=False``: parses the file; ``cache``: the older persistent
    copy of a file that has no store; see ``oxstore``)."""
    if name in ("auto", "oxigraph"):
        if store:
            opened = oxstore.open_graph(Path(path), cache=cache)
            return OxigraphEngine(opened, folder=oxstore.fresh_store(Path(path)))
        return OxigraphEngine(oxstore.open_store(oxstore.graph_source(Path(path)), cache=cache))
    if name == "rdflib":
        from kg.rdf.load import load_rdflib

        return RdflibEngine(load_rdflib(oxstore.graph_source(Path(path))))
    raise QueryError(f"unknown engine {name!r} (choose from: auto, {', '.join(ENGINES)})")
