"""Which statements a SPARQL query can read, so that a stored answer is kept when a rebuild
changed none of them (``kg.query.precomputed``).

A query's triple patterns are read from rdflib's algebra of it: every basic graph pattern, also
inside sub-selects, OPTIONAL, UNION and MINUS. Each becomes (subject, predicate, object)
with IRIs in N-Triples form and None for anything else. The query's answer depends only on the
statements that match one of them: a statement that matches none is in no solution of any
pattern. Where that needs more care the reading is conservative:

- a predicate that is a variable, or a negated property set, matches every predicate;
- a property path reads every predicate in it, with any subject and object; one that may have
  length zero (``*``, ``?``) matches every node of the graph as its own end, which depends on
  every statement, unless one of its ends is a constant or a variable another pattern of the
  same basic graph pattern binds (the zero-length solutions are then those nodes only);
- a literal constant matches any object (literals' written forms differ between libraries);
- GRAPH, FILTER EXISTS, NOT EXISTS and SERVICE read everything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

Pattern = tuple[str | None, str | None, str | None]
EVERYTHING: list[Pattern] = [(None, None, None)]


class _ReadsEverything(Exception):
    pass


def patterns(text: str) -> list[Pattern]:
    """The triple patterns of the query ``text``, sorted (``EVERYTHING`` when unbounded)."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    from kg import terms as T

    algebra = translateQuery(parseQuery(text), initNs=dict(T.PREFIXES)).algebra
    found: set[Pattern] = set()
    try:
        for bgp in _bgps(algebra):
            triples = list(bgp.get("triples") or ())
            for index, (s, p, o) in enumerate(triples):
                found.update(_triple(s, p, o, triples[:index] + triples[index + 1:]))
    except _ReadsEverything:
        return list(EVERYTHING)
    return sorted(found, key=lambda pattern: tuple(term or "" for term in pattern))


# Parts rdflib's algebra leaves as parsed (FILTER EXISTS and NOT EXISTS keep their pattern as
# written): not read here, so a query with them reads everything.
_UNTRANSLATED = ("Builtin_EXISTS", "Builtin_NOTEXISTS", "TriplesBlock", "GroupGraphPattern", "ServiceGraphPattern")


def _bgps(node: Any) -> Iterator[Any]:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "BGP":
            yield node
        elif node.name.startswith(_UNTRANSLATED) or node.name == "Graph":
            # GRAPH ?g also reads which graphs there are, which no pattern says.
            raise _ReadsEverything
        for value in node.values():
            yield from _bgps(value)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _bgps(value)
    elif isinstance(node, (list, tuple, set)):
        for value in node:
            yield from _bgps(value)


def _iri(term: Any) -> str | None:
    from rdflib import URIRef

    return f"<{term}>" if isinstance(term, URIRef) else None


def _triple(s: Any, p: Any, o: Any, others: list[Any]) -> set[Pattern]:
    from rdflib.paths import Path

    if not isinstance(p, Path):
        return {(_iri(s), _iri(p), _iri(o))}
    predicates, may_be_empty = _path(p)
    if may_be_empty and not (_bound(s, others) or _bound(o, others)):
        raise _ReadsEverything
    return {(None, predicate, None) for predicate in predicates}


def _bound(term: Any, others: list[Any]) -> bool:
    from rdflib import Variable

    if not isinstance(term, Variable):
        return True
    return any(term in (s, o) for s, _, o in others)


def _path(path: Any) -> tuple[set[str | None], bool]:
    """The predicates a path reads and whether it may have length zero."""
    from rdflib import URIRef
    from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath

    if isinstance(path, URIRef):
        return {f"<{path}>"}, False
    if isinstance(path, InvPath):
        return _path(path.arg)
    if isinstance(path, MulPath):
        predicates, empty = _path(path.path)
        return predicates, empty or path.zero
    if isinstance(path, (SequencePath, AlternativePath)):
        parts = [_path(arg) for arg in path.args]
        predicates = set().union(*(p for p, _ in parts))
        empty = all(e for _, e in parts) if isinstance(path, SequencePath) else any(e for _, e in parts)
        return predicates, empty
    if isinstance(path, NegatedPath):
        return {None}, False
    raise _ReadsEverything


def touches(reads: Iterable[Pattern], statements: Iterable[str]) -> bool:
    """Whether any of ``statements`` (``"<s> <p> <o>"``) matches one of the patterns ``reads``."""
    by_predicate: dict[str | None, list[Pattern]] = {}
    for pattern in reads:
        by_predicate.setdefault(pattern[1], []).append(pattern)
    anything = by_predicate.get(None, [])
    for statement in statements:
        s, p, o = statement.split(" ", 2)
        for ps, _, po in by_predicate.get(p, []) + anything:
            if (ps is None or ps == s) and (po is None or po == o):
                return True
    return False


_PREFIX_DECLARATION = re.compile(r"PREFIX\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)


def names_any(text: str, predicates: Iterable[str]) -> bool:
    """Whether the query ``text`` writes any of ``predicates`` (``<iri>``) as an IRI or a prefixed
    name, rdf:type always counting. A cheap test before the parse: a query that names a changed
    predicate is answered again without asking which patterns read it."""
    from kg import terms as T

    prefixes = {**{name: str(iri) for name, iri in T.PREFIXES.items()}, **dict(_PREFIX_DECLARATION.findall(text))}
    rdf_type = f"<{T.RDF.type}>"
    for predicate in predicates:
        iri = predicate[1:-1]
        if predicate == rdf_type or predicate in text:
            return True
        for name, namespace in prefixes.items():
            if iri.startswith(namespace) and re.search(
                    rf"(?<![\w:]){re.escape(name)}:{re.escape(iri[len(namespace):])}(?![\w.:-])", text):
                return True
    return False
