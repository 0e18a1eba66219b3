"""Query results as text: an aligned table for people, CSV/TSV and SPARQL 1.1 JSON results for
scripts, Turtle for graphs. Works on the engine-neutral ``QueryResult``, so every engine's
answer prints the same way."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal, InvalidOperation
from collections.abc import Iterable
from typing import Any, TextIO

import pyoxigraph as ox

from kg.query.engine import QueryResult, Term
from kg.query.prefixes import PREFIX_IRIS, compact
from kg.errors import QueryError
from kg.io.terminal import visible

OUTPUT_FORMATS = ("table", "csv", "tsv", "json", "turtle")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {_XSD + t for t in ("decimal", "integer", "int", "long", "short", "byte", "double", "float",
                                "nonNegativeInteger", "positiveInteger", "negativeInteger",
                                "nonPositiveInteger", "unsignedInt", "unsignedLong")}
# A column is not squeezed below this many characters to fit a terminal ("ab…").
_MIN_COLUMN = 3
# Statements serialised to Turtle at a time (a subject's statements are never split).
_TURTLE_RUN = 5000


def format_result(result: QueryResult, fmt: str, width: int | None = None) -> str:
    """``width``: the terminal's, for a table shown on one; None (a file, a pipe) never cuts."""
    buffer = io.StringIO()
    write_result(result, fmt, buffer, width)
    return buffer.getvalue()


def write_result(result: QueryResult, fmt: str, out: TextIO, width: int | None = None) -> None:
    """Write ``result`` to ``out``; CSV, TSV and JSON rows go out as they are read from a
    streamed result (a table has to see every row to size its columns)."""
    check_format(result, fmt)
    if result.kind == "SELECT" and fmt in result.rendered:
        with open(result.rendered[fmt], encoding="utf-8", newline="") as handle:
            shutil.copyfileobj(handle, out, 1 << 20)
    elif fmt == "json" and result.kind == "SELECT":
        _write_sparql_json(result, out)
    elif fmt in ("csv", "tsv") and result.kind == "SELECT":
        writer = csv_writer(out, fmt)
        writer.writerow(result.variables)
        if result.text is not None:  # a result that writes its own rows' lines (kg.query.pairs)
            out.writelines(result.text(fmt))
            return
        for row in result.rows:
            writer.writerow([_plain(t) for t in row])
    elif result.kind == "GRAPH":
        write_turtle(result.triples, out)
    else:
        out.write(_whole(result, fmt, width))


def check_format(result: QueryResult, fmt: str) -> None:
    """Refuse a format that does not fit the result, before anything is written."""
    if result.kind == "GRAPH" and fmt != "turtle":
        raise QueryError(f"a CONSTRUCT or DESCRIBE query gives a graph: use --format turtle, not {fmt}")
    if result.kind != "GRAPH" and fmt == "turtle":
        raise QueryError("--format turtle is for CONSTRUCT and DESCRIBE queries")
    if fmt not in OUTPUT_FORMATS:
        raise QueryError(f"unknown format {fmt!r} (choose from: {', '.join(OUTPUT_FORMATS)})")


def _whole(result: QueryResult, fmt: str, width: int | None) -> str:
    if result.kind == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    return table(result.variables, list(result.rows), width)


def turtle(triples: Iterable[ox.Triple]) -> str:
    buffer = io.StringIO()
    write_turtle(triples, buffer)
    return buffer.getvalue()


def write_turtle(triples: Iterable[ox.Triple], out: TextIO) -> None:
    """``triples`` as Turtle, sorted by their subject, predicate and object as text, so the same
    graph always prints the same text (the serialiser keeps input order).

    A triple is held as one string, its terms' N-Triples text joined by NUL, and nothing else: a
    country's subgraph at 10,000 documents is 177k triples, which as pyoxigraph triples with their
    sort keys took 140 MB beside the engine's own. No term's text holds a NUL or anything below a
    space (N-Triples escapes them), so these strings sort as the (subject, predicate, object)
    tuples did. They are serialised back a few thousand at a time, each run ending with its last
    subject (the serialiser groups a subject's statements), and give the text the whole list
    gave: the sorted @prefix lines, then the statements."""
    lines = sorted(f"{t.subject}\0{t.predicate}\0{t.object}" for t in triples)
    start, first = 0, True
    while start < len(lines):
        end = min(start + _TURTLE_RUN, len(lines))
        subject = lines[end - 1].partition("\0")[0] + "\0"
        while end < len(lines) and lines[end].startswith(subject):
            end += 1
        text = "".join(line.replace("\0", " ") + " .\n" for line in lines[start:end])
        parsed = (quad.triple for quad in ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
        written = ox.serialize(parsed, format=ox.RdfFormat.TURTLE, prefixes=PREFIX_IRIS).decode("utf-8")
        body = written.splitlines(keepends=True)
        if first:
            # The serialiser writes its @prefix lines in hash order; sorted for a stable output.
            out.write("".join(sorted(line for line in body if line.startswith("@prefix "))))
            first = False
        out.write("".join(line for line in body if not line.startswith("@prefix ")))
        start = end


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def sparql_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON (unbound variables are left out of a binding)."""
    buffer = io.StringIO()
    _write_sparql_json(result, buffer)
    return buffer.getvalue().rstrip("\n")


def _write_sparql_json(result: QueryResult, out: TextIO) -> None:
    # Written binding by binding, laid out as json.dumps(indent=2) would lay out the whole.
    head = json.dumps({"vars": result.variables}, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    out.write('{\n  "head": ' + head + ',\n  "results": {\n    "bindings": [')
    first = True
    for row in result.rows:
        binding = {v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
        text = json.dumps(binding, ensure_ascii=False, indent=2).replace("\n", "\n      ")
        out.write(("\n      " if first else ",\n      ") + text)
        first = False
    out.write("]\n  }\n}\n" if first else "\n    ]\n  }\n}\n")


def csv_writer(out: TextIO, fmt: str) -> Any:
    """The writer of `kg query`'s CSV or TSV rows."""
    return csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")


def _plain(term: Term | None) -> str:
    # Called once a cell (tens of millions for a large answer): the common types by identity first.
    kind = type(term)
    if kind is ox.Literal or kind is ox.NamedNode:
        return term.value  # type: ignore[union-attr]
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


plain = _plain  # a cell's text in CSV and TSV


def is_number(term: Term | None) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC


def _cell(term: Term | None) -> str:
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if is_number(term):
        try:
            number = Decimal(term.value)
        except InvalidOperation:
            return term.value
        # 217.0 and 217 are the same decimal; print it the way a reader writes it.
        if number == number.to_integral_value() and "e" not in term.value.lower():
            return str(int(number))
    return _plain(term).replace("\n", " ")


def fit_widths(natural: list[int], width: int | None, separator: int = 3,
               whole: frozenset[int] = frozenset()) -> list[int]:
    """Column widths that fit ``width`` characters: the widest column gives way first, down to
    ``_MIN_COLUMN``; the columns in ``whole`` (numbers: a cut number reads as another number)
    never do. None keeps every column whole."""
    widths = list(natural)
    if width is None:
        return widths
    while sum(widths) + separator * (len(widths) - 1) > width:
        shrinkable = [i for i in range(len(widths)) if i not in whole and widths[i] > _MIN_COLUMN]
        if not shrinkable:
            break  # too many columns for this terminal: lines wrap rather than lose every cell
        widest = max(shrinkable, key=lambda i: (widths[i], -i))
        widths[widest] -= 1
    return widths


def table(variables: list[str], rows: list[list[Term | None]], width: int | None = None) -> str:
    """An aligned table; cells cut to fit ``width`` end in "…", and nothing is cut without one.
    Control characters in the data are shown, not obeyed."""
    cells = [[visible(_cell(t)) for t in row] for row in rows]
    numeric = [bool(rows) and all(is_number(r[i]) or r[i] is None for r in rows) for i in range(len(variables))]
    widths = fit_widths([max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(variables)], width,
                        whole=frozenset(i for i, n in enumerate(numeric) if n))

    def cut(text: str, i: int) -> str:
        return text if len(text) <= widths[i] else text[: widths[i] - 1] + "…"

    def fit(text: str, i: int) -> str:
        return cut(text, i).rjust(widths[i]) if numeric[i] else cut(text, i).ljust(widths[i])

    lines = [" │ ".join(cut(v, i).ljust(widths[i]) for i, v in enumerate(variables)).rstrip(),
             "─┼─".join("─" * w for w in widths)]
    lines += [" │ ".join(fit(c, i) for i, c in enumerate(row)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
