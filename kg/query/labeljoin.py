"""`metrics-with-quotes` (queries/metrics-with-quotes.rq) answered in every language from one
run of its language-free part, for the build's stored answers.

The query joins every metric with its evidence, source and page (2.6 CPU-s at 10,000
documents), then three small label tables that alone read ``?lang``: units, indicators, and
each metric's subject. Answered once per language, the large join was worked out three times.
Here it is run once, as the query's own text less those three tables (``split``), ordered by the
query's ORDER BY; each table is run as written, nested as in the query, once per language; and
the tables are joined to the rows in Python with SPARQL's semantics (a join per unit and
indicator, a left join per subject: one row per label row matched, the rows kept in order).

The same rows, in the same order, as the whole query gives: the rows of different ORDER BY keys
come in the order of those keys either way, and the order of rows that tie on them follows the
query plan, so an answer is kept only when all rows of a tie are the same (``tied_alike``);
otherwise, and for a query text other than the one this was written for (``TEXT_SHA256``),
None: the query is run as written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from kg.query.engine import Engine, Term

# sha256 of queries/metrics-with-quotes.rq as this module reads it: an edited query runs as written.
TEXT_SHA256 = "7b31bcd4ba7068728693bf9405fcd744cda4a46de934c77fc20eee55f19a1aac"
# The first line of each label table (a nested sub-select, with the braces around it), the
# variable the table joins on, and whether it is OPTIONAL (a left join) in the query.
TABLES = (("SELECT ?u ?unit ?lang WHERE {", "u", False),
          ("SELECT ?i ?indicator ?lang WHERE {", "i", False),
          ("SELECT ?metric ?about ?lang WHERE {", "metric", True))
_SELECT = "SELECT ?metric ?value ?unit ?bound ?indicator ?about ?period ?quote ?source ?file ?start ?end ?lang ?page\n"
# The language-free part projects the join variables in place of the labels.
_CORE_SELECT = "SELECT ?metric ?value ?u ?bound ?i ?period ?quote ?source ?file ?start ?end ?page\n"
_ORDER = ("file", "start", "metric")  # the query's ORDER BY
# An outermost ORDER BY of plain variables: unindented, the query's last line.
_ORDER_BY = re.compile(r"^ORDER BY((?: +\?\w+)+) *\n?\Z", re.MULTILINE)


def _block(text: str, first: str) -> tuple[int, int]:
    """Where the group that opens on the line before ``first`` starts and ends (its closing
    brace's line included), ``OPTIONAL`` before it included."""
    at = text.index(first)
    start = text.rindex("{", 0, at)
    depth, end = 0, start
    for end in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[end], 0)
        if depth == 0:
            break
    # From the start of the line the group opens on (``OPTIONAL {`` or ``{``).
    return text.rindex("\n", 0, start) + 1, text.index("\n", end) + 1


def split(text: str) -> tuple[str, list[str]] | None:
    """The query's language-free part (ordered as the query) and each label table as a query of
    its own, the table nested as in the query; None for another query text."""
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != TEXT_SHA256 or text.count(_SELECT) != 1:
        return None
    prologue = text[:text.index(_SELECT)]
    body = text
    tables = []
    for first, _, _ in TABLES:
        start, end = _block(body, first)
        group = body[start:end].strip()
        if group.startswith("OPTIONAL"):
            group = group[len("OPTIONAL"):].strip()
        variables = first[len("SELECT "):first.index(" WHERE")]
        tables.append(f"{prologue}SELECT {variables} WHERE {{\n{group}\n}}\n")
        body = body[:start] + body[end:]
    return body.replace(_SELECT, _CORE_SELECT), tables


def _rows(engine: Engine, text: str, bindings: dict[str, Term]) -> tuple[list[str], list[list[Term | None]]]:
    result = engine.query(text, bindings, source="metrics-with-quotes")
    return result.variables, list(result.rows)  # type: ignore[arg-type]


def _key(row: Sequence[Term | None], at: Sequence[int]) -> tuple[str, ...]:
    # Lexical values: coarser than the engine's order (two spellings of one number tie here), so
    # a tie the engine sees is never missed.
    return tuple("" if row[n] is None else row[n].value for n in at)  # type: ignore[union-attr]


def order_keys(text: str, variables: list[str]) -> list[int] | None:
    """The columns of ``variables`` that the query's last, outermost ORDER BY sorts by; None when
    it sorts by anything but plain variables of the result."""
    found = _ORDER_BY.findall(text)
    if not found:
        return None
    names = [name.lstrip("?") for name in found[-1].split()]
    return [variables.index(n) for n in names] if all(n in variables for n in names) else None


def tied_alike(rows: list[list[Term | None]], at: Sequence[int]) -> bool:
    """Whether every run of rows that tie on the ORDER BY keys holds one row only, repeated."""
    previous: tuple[str, ...] | None = None
    first: list[Term | None] | None = None
    for row in rows:
        key = _key(row, at)
        if key == previous:
            if row != first:
                return False
        else:
            previous, first = key, row
    return True


class Answerer:
    """The language-free part run once (``core``), then ``answer`` per language."""

    def __init__(self, engine: Engine, text: str) -> None:
        self.engine = engine
        parts = split(text)
        self.tables = parts[1] if parts else []
        self.core = _rows(engine, parts[0], {}) if parts else None

    def answer(self, bindings: dict[str, Term]) -> tuple[list[str], list[list[Term | None]]] | None:
        """The query's variables and rows with ``bindings`` (its ``lang``), bound columns left
        out as ``run_query`` leaves them out; None when they cannot be told apart from the
        query's own (a tie of different rows)."""
        if self.core is None or set(bindings) != {"lang"}:
            return None  # the rows below are made without the ?lang column, as run_query leaves it out
        variables, rows = self.core
        columns = {name: n for n, name in enumerate(variables)}
        joined: list[tuple[int, bool, dict[Term, list[list[Term | None]]], int]] = []
        for query, (_, on, optional) in zip(self.tables, TABLES):
            names, table = _rows(self.engine, query, bindings)
            by: dict[Term, list[list[Term | None]]] = {}
            for row in table:
                if row[names.index(on)] is not None:
                    by.setdefault(row[names.index(on)], []).append(row)  # type: ignore[index]
            label = next(n for n, name in enumerate(names) if name not in (on, "lang"))
            joined.append((columns[on], optional, by, label))
        out: list[list[Term | None]] = []
        for row in rows:
            labels: list[list[Term | None]] = [[]]
            for at, optional, by, label in joined:
                found = [match[label] for match in by.get(row[at], ())]  # type: ignore[arg-type]
                if not found and not optional:
                    labels = []
                    break
                labels = [done + [value] for done in labels for value in (found or [None])]
            for unit, indicator, about in labels:
                out.append([row[columns["metric"]], row[columns["value"]], unit, row[columns["bound"]], indicator,
                            about, *row[columns["period"]:columns["end"] + 1], row[columns["page"]]])
        names = [v.lstrip("?") for v in _SELECT.split()[1:] if v != "?lang"]
        if not tied_alike(out, [names.index(k) for k in _ORDER]):
            return None
        return names, out
