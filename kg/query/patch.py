"""A stored answer patched document by document after a rebuild (``kg.query.precomputed``).

`provenance` and `metrics-with-quotes` give one row per piece of evidence, and each row's
`?file` is the file of the document whose named graph holds that evidence (docs/graph-shape.md:
a document's annotations and metrics are in its own graph; what they point at in the default
graph — statements, rules, units, labels, the document's description — is one step or a few
away). After a rebuild that changed a few documents, their rows are worked out again with the
query run over those documents' graphs and the default graph only (milliseconds, where the
whole answer at 10,000 documents took seconds), and put in place of their old rows; every other
row is kept as it was, line for line, in each stored file.

Which documents' rows can have changed: those whose graphs were written again or removed, and
those whose graphs point, through statements whose predicates the query reads, at a node that
a changed statement the query could read is about. Found by walking from each such node to the
statements that name it as object (Oxigraph's object index), in any graph, up through the
default graph until named graphs are reached.

The result must be the bytes the whole query gives, so the patch is refused (and the query
answered whole) when it cannot be sure: a query with a variable predicate, a property path or
GRAPH (``kg.query.reads``' "everything"); more than ``GRAPH_LIMIT`` documents to redo; an ORDER BY
that is not ascending plain variables starting with the document's column, or that leaves two
different rows in an order it does not decide (their order would be the engine's, which may
differ between the whole query and the part); a file name shared by a document not redone; a
row of the part whose file is not one of the redone documents'; a row spread over more than one
line of a stored file; a file name that is not a plain string, or old rows not in the order of
their file names compared as strings, code point by code point (SPARQL's order of simple
literals, which Oxigraph follows).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.query.engine import PREFIXES, Term

if TYPE_CHECKING:
    from kg.query.reads import Analysis

# The shipped queries whose rows are each one document's, and the column that names its file.
DOCUMENT_ROWS = {"provenance": "file", "metrics-with-quotes": "file"}
GRAPH_LIMIT = 200  # documents to redo beyond which the whole query is cheaper
NODE_LIMIT = 20_000  # default-graph nodes walked before giving up
_TM = "https://w3id.org/telemed-kg/ontology#"
_FILE_NAME = ox.NamedNode(_TM + "fileName")
_SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")
_ORDER = re.compile(r"\bORDER\s+BY((?:\s+\?\w+)+)\s*\Z", re.IGNORECASE)


class Refused(Exception):
    """The patch cannot be sure of the bytes: the query is answered whole."""


def order_variables(text: str) -> list[str]:
    """The variables of the query's final ORDER BY, all ascending and plain; Refused otherwise."""
    body = "\n".join(line.split("#", 1)[0] if not line.lstrip().startswith("#") else "" for line in text.splitlines())
    match = _ORDER.search(body.rstrip())
    if match is None:
        raise Refused("no ORDER BY of plain variables at the end")
    return [v[1:] for v in match.group(1).split()]


def affected_graphs(store: ox.Store, analysis: Analysis | None, change: Any) -> set[str]:
    """The named graphs whose documents' rows may differ after ``change`` (``kg.build.storeupdate.Change``)."""
    from kg.query.reads import _matches

    if analysis is None or analysis.everything:
        raise Refused("what the query reads is not known")
    predicates = {occ.pattern[1] for occ in analysis.occurrences}
    if None in predicates:
        raise Refused("a variable predicate")
    graphs = set(change.graphs)
    frontier: list[str] = []
    for statement in (*change.removed, *change.added):
        s, p, o = statement.split(" ", 2)
        if p in predicates and any(_matches(occ.pattern, s, p, o) for occ in analysis.occurrences):
            frontier.append(s)
    seen = set(frontier)
    while frontier:
        node = frontier.pop()
        if not (node.startswith("<") and node.endswith(">")):
            raise Refused(f"a subject that is not an IRI: {node}")
        for quad in store.quads_for_pattern(None, None, ox.NamedNode(node[1:-1])):
            if str(quad.predicate) not in predicates:
                continue
            if isinstance(quad.graph_name, ox.DefaultGraph):
                subject = str(quad.subject)
                if subject not in seen:
                    seen.add(subject)
                    frontier.append(subject)
                    if len(seen) > NODE_LIMIT:
                        raise Refused("too many nodes")
            else:
                graphs.add(quad.graph_name.value)  # type: ignore[union-attr]
        if len(graphs) > GRAPH_LIMIT:
            raise Refused("too many documents")
    return graphs


def _object(statement: str) -> Term:
    triple = next(iter(ox.parse(statement + " .\n", format=ox.RdfFormat.N_TRIPLES)))
    return triple.object


def document_files(store: ox.Store, graphs: set[str], change: Any) -> tuple[set[str], set[str]]:
    """The file names (as stored cells: N-Triples) of the documents of ``graphs``, before the
    change and after it."""
    source, file_name = f"<{_SOURCE.value}>", f"<{_FILE_NAME.value}>"
    documents: set[str] = set()
    for graph in graphs:
        documents.update(str(q.object) for q in store.quads_for_pattern(ox.NamedNode(graph), _SOURCE, None))
    for statement in change.default_removed:
        s, p, _ = statement.split(" ", 2)
        if p == source and s[1:-1] in graphs:
            documents.add(str(_object(statement)))
    new: set[str] = set()
    for document in documents:
        new.update(str(q.object) for q in store.quads_for_pattern(ox.NamedNode(document[1:-1]), _FILE_NAME, None))
    old = set(new)
    for statement in change.default_removed:
        s, p, _ = statement.split(" ", 2)
        if p == file_name and s in documents:
            old.add(str(_object(statement)))
    # A file name another document also has: that document's rows share the name, not redone.
    for cell in old | new:
        literal = _object(f"<x:s> <x:p> {cell}")
        for quad in store.quads_for_pattern(None, _FILE_NAME, literal):
            if str(quad.subject) not in documents:
                raise Refused(f"file name {cell} shared with {quad.subject}")
    return old, new


def _string(cell: str) -> str:
    """A stored cell that is a simple literal, as its string (Refused otherwise)."""
    if len(cell) < 2 or cell[0] != '"' or cell[-1] != '"':
        raise Refused(f"not a simple literal: {cell}")
    if "\\" in cell:
        value = _object(f"<x:s> <x:p> {cell}")
        return value.value  # type: ignore[union-attr]
    return cell[1:-1]


def read_lines(path: Path) -> list[str]:
    """A stored file's lines without their line ends."""
    with open(path, encoding="utf-8", newline="") as handle:
        lines = handle.read().split("\n")
    if lines.pop() != "":
        raise Refused(f"{path.name} does not end with a line end")
    return lines


def _check_ties(rows: list[list[str]], order: list[int]) -> None:
    """Two different rows next to each other with the same ORDER BY values: Refused."""
    for a, b in zip(rows, rows[1:]):
        if a != b and all(a[i] == b[i] for i in order):
            raise Refused("rows the ORDER BY leaves in the engine's order")


def splice(old: dict[str, list[str]], new: dict[str, list[str]], variables: list[str], column: str,
           order: list[str], old_files: set[str]) -> dict[str, list[str]]:
    """The stored files' lines (without their line ends; header first) with the rows whose
    ``column`` cell is in ``old_files`` replaced by the ``new`` rows, each file's block where its
    name sorts. ``old`` and ``new``: lines by format, the rows of ``_ROWS`` (``"srt"``) giving the
    cells; a row is one line in every format."""
    rows = old["srt"][1:]
    if any(len(lines) != len(rows) + 1 for lines in old.values()):
        raise Refused("a row over several lines")
    if any(len(lines) != len(new["srt"]) for lines in new.values()):
        raise Refused("a new row over several lines")
    if any(v not in variables for v in order) or order[0] != column:
        raise Refused("ORDER BY a column not in the rows, or not by the document's first")
    at = variables.index(column)
    keys = [variables.index(v) for v in order]
    cells = [line.split("\t") for line in rows]
    if any(len(c) != len(variables) for c in cells):
        raise Refused("a row of the wrong width")
    kept = [i for i, c in enumerate(cells) if c[at] not in old_files]
    kept_cells = [cells[i] for i in kept]
    _check_ties(kept_cells, keys)
    names = [_string(c[at]) for c in kept_cells]
    if any(a > b for a, b in zip(names, names[1:])):
        raise Refused("old rows not in the order of their file names as strings")
    new_cells = [line.split("\t") for line in new["srt"]]
    _check_ties(new_cells, keys)
    # The new rows in blocks of one file each, in order.
    blocks: list[tuple[str, int, int]] = []
    for n, c in enumerate(new_cells):
        if len(c) != len(variables):
            raise Refused("a new row of the wrong width")
        name = _string(c[at])
        if blocks and blocks[-1][0] == name:
            blocks[-1] = (name, blocks[-1][1], n + 1)
        else:
            if blocks and blocks[-1][0] > name:
                raise Refused("new rows not in the order of their file names")
            blocks.append((name, n, n + 1))
    out = {fmt: [lines[0]] for fmt, lines in old.items()}
    start = 0
    for name, first, last in blocks:
        cut = bisect.bisect_right(names, name, lo=start)
        for fmt, lines in old.items():
            out[fmt].extend(lines[1 + i] for i in kept[start:cut])
            out[fmt].extend(new[fmt][first:last])
        start = cut
    for fmt, lines in old.items():
        out[fmt].extend(lines[1 + i] for i in kept[start:])
    return out


def part_rows(store: ox.Store, text: str, bindings: dict[str, Term], graphs: Iterable[str]
              ) -> tuple[list[str], list[list[Term | None]]]:
    """The query's rows over ``graphs`` and the default graph only, bound columns left out."""
    answer = store.query(text, prefixes=PREFIXES,
                         default_graph=[*(ox.NamedNode(g) for g in sorted(graphs)), ox.DefaultGraph()],
                         substitutions={ox.Variable(k): v for k, v in bindings.items()} or None)
    if not isinstance(answer, ox.QuerySolutions):
        raise Refused("not a SELECT")
    variables = [v.value for v in answer.variables]
    keep = [i for i, v in enumerate(variables) if v not in bindings]
    return [variables[i] for i in keep], [[solution[i] for i in keep] for solution in answer]
