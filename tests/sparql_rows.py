"""Helpers for tests that read query results: rows as plain Python values, and a canonical form
in which two engines' answers can be compared."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from kg.query.engine import Engine, QueryResult
from kg.query.catalogue import resolve, resolve_option, run_query
from kg.query.results import is_number

ID = "https://w3id.org/telemed-kg/id/"
TM = "https://w3id.org/telemed-kg/ontology#"


def value(term: object) -> object:
    """An IRI or literal as str, a number as Decimal (so 217 == 217.0), unbound as None."""
    if term is None:
        return None
    if is_number(term):
        return Decimal(term.value)
    return term.value


def rows(result: QueryResult) -> list[dict[str, object]]:
    return [{v: value(t) for v, t in zip(result.variables, row)} for row in result.rows]


def ask(engine: Engine, name: str, **params: str) -> QueryResult:
    """``name``: a shipped query, or one with its option (``"conflicts --pairs"``)."""
    lang = params.pop("lang", "en")
    query, _, flag = name.partition(" --")
    return run_query(engine, resolve_option(query, flag) if flag else resolve(name, None), params, lang=lang)


def canonical_term(term: object) -> object:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        if is_number(term):
            return ("number", Decimal(term.value))
        text = term.value
        if "; " in text:
            # GROUP_CONCAT has no defined order in SPARQL 1.1: compare the parts as a set.
            text = "; ".join(sorted(text.split("; ")))
        return ("literal", text, term.language or term.datatype.value)
    return (type(term).__name__, getattr(term, "value", str(term)))


def canonical(result: QueryResult, ordered: bool) -> object:
    if result.kind == "GRAPH":
        return sorted({tuple(canonical_term(x) for x in (t.subject, t.predicate, t.object)) for t in result.triples},
                      key=repr)
    if result.kind == "ASK":
        return result.boolean
    out = [tuple(canonical_term(t) for t in row) for row in result.rows]
    return (result.variables, out if ordered else sorted(out, key=repr))


def trig_path(built_dir: Path) -> Path:
    return built_dir / "kg.trig"
