"""Whether statements a rebuild changed can change a SPARQL query's answer, so that a stored
answer is kept when they cannot (``kg.query.precomputed``).

The query is read from rdflib's algebra of it. Each triple pattern, wherever it stands
(sub-selects, OPTIONAL, UNION, MINUS), is an occurrence; a statement that matches no occurrence
is in no solution of the query. A statement that does match one and was **added** (or
**removed**: the same on the store as it was before the change; without that store, a removed
statement that matches counts as a change) can change the answer only through solutions of the
occurrence's group that use it: the group reached from the pattern upwards through operators
that pass every solution on (joins, the left side of OPTIONAL and MINUS, FILTER, BIND,
sub-selects, DISTINCT, ORDER BY, UNION, GROUP BY: a group's row is made from solutions with its
keys), below any that does not (the right side of MINUS, LIMIT). A solution of the right side of
an OPTIONAL is used only joined to a solution of its left side: its group is both sides'. Every
solution of that group matches all its required patterns, so when the store as it now is has no
match for them with the pattern bound to the statement (an ASK), no solution uses the statement
and the answer is what it was. Leaving patterns out of that ASK (filters, property paths, inline
data, optional parts, the other side of a UNION, what is inside an aggregate without GROUP BY,
which gives a row even when nothing matches) only makes it match more often: the answer is then
worked out again.

Conservative where exactness would take more: a predicate that is a variable or a negated
property set matches every statement; a property path matches every statement with one of its
predicates and is never asked about; one that may have length zero (``*``, ``?``) with neither
end bound by another pattern of its group matches every node of the graph, as do GRAPH, FILTER
EXISTS, NOT EXISTS, SERVICE and any part of the algebra not named here (``Analysis.everything``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

# A triple pattern as text for matching: an IRI in N-Triples form, else None (anything).
Pattern = tuple[str | None, str | None, str | None]


@dataclass(frozen=True)
class Occurrence:
    pattern: Pattern
    terms: tuple[str, str, str]  # as written in SPARQL: "?v", "<iri>", a literal
    group: tuple[tuple[str, str, str], ...]  # the required patterns of its group, itself included
    askable: bool  # False for a property path: never asked, always counts


@dataclass
class Analysis:
    occurrences: list[Occurrence] = field(default_factory=list)
    everything: bool = False


class _Everything(Exception):
    pass


# Operators whose child passes every solution on (for the named children), and those that stop.
# A group passes on each of its solutions' keys (a row of the group is made from them); the
# right side of an OPTIONAL passes on what it adds to a solution of the left side (``_passes``).
_PASSING = {"Join": ("p1", "p2"), "LeftJoin": ("p1",), "Minus": ("p1",), "Filter": ("p",), "Extend": ("p",),
            "Project": ("p",), "Distinct": ("p",), "Reduced": ("p",), "OrderBy": ("p",), "ToMultiSet": ("p",),
            "Union": ("p1", "p2"), "SelectQuery": ("p",), "Group": ("p",), "AggregateJoin": ("p",)}
_STOPPING = {"LeftJoin": ("p2",), "Minus": ("p2",), "Slice": ("p",)}


def _passes(node: Any, key: str) -> bool:
    """Whether a solution of ``node``'s child ``key`` that uses a statement is part of one of
    ``node``'s solutions that still uses it: the right side of an OPTIONAL too, joined with the
    left side's solution it extends (``_required`` then asks for both sides)."""
    return key in _PASSING.get(node.name, ()) or (node.name == "LeftJoin" and key == "p2")


def analyse(text: str) -> Analysis:
    """The occurrences of the query ``text``'s triple patterns with their groups."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    from kg import terms as T

    algebra = translateQuery(parseQuery(text), initNs=dict(T.PREFIXES)).algebra
    try:
        return Analysis(list(_Walk(algebra).occurrences()))
    except _Everything:
        return Analysis(everything=True)


class _Walk:
    def __init__(self, root: Any) -> None:
        self.root = root
        self.scopes = itertools.count()

    def occurrences(self) -> Iterator[Occurrence]:
        # chain: (node, child key, scope inside the node) from the root down to each basic graph pattern.
        for bgp, chain in self._bgps(self.root, [], ()):
            triples = list(bgp["triples"])
            for index, triple in enumerate(triples):
                yield from self._occurrences(triple, triples[:index] + triples[index + 1:], bgp, chain)

    def _bgps(self, node: Any, chain: list[tuple[Any, str, tuple[Any, ...]]],
              scope: tuple[Any, ...]) -> Iterator[tuple[Any, list[tuple[Any, str, tuple[Any, ...]]]]]:
        from rdflib.plugins.sparql.parserutils import CompValue

        if not isinstance(node, CompValue):
            return
        if node.name == "BGP":
            yield node, chain
            return
        if node.name in ("values",):
            return
        keys = _PASSING.get(node.name, ()) + _STOPPING.get(node.name, ())
        if not keys:
            raise _Everything  # GRAPH, SERVICE, anything not named: not bounded here
        if _has_exists(node.get("expr")) or (node.name == "SelectQuery" and node.get("datasetClause")):
            raise _Everything  # EXISTS is left unread by rdflib's algebra; FROM names another dataset
        inner = scope + ((next(self.scopes), frozenset(str(v) for v in node["PV"])),) if node.name == "Project" else scope
        for key in keys:
            yield from self._bgps(node.get(key), chain + [(node, key, inner)], inner)

    def _occurrences(self, triple: tuple[Any, Any, Any], others: list[Any], bgp: Any,
                     chain: list[tuple[Any, str, tuple[Any, ...]]]) -> Iterator[Occurrence]:
        from rdflib.paths import Path

        s, p, o = triple
        if isinstance(p, Path):
            predicates, may_be_empty = _path(p)
            if may_be_empty and not (_bound(s, others) or _bound(o, others)):
                raise _Everything
            # A statement with one of its predicates may be a step of the path: never asked.
            for predicate in predicates:
                yield Occurrence((None, predicate, None), ("", "", ""), (), False)
            return
        scope = chain[-1][2] if chain else ()
        terms: tuple[str, str, str] = (_render(s, scope), _render(p, scope), _render(o, scope))
        # The group: up from the pattern while solutions pass on, then its required patterns.
        top = len(chain)
        while top > 0 and _passes(chain[top - 1][0], chain[top - 1][1]):
            top -= 1
        if top == len(chain):
            group = self._triples(bgp, scope)
        else:
            group = self._required(chain[top][0], chain[top:], chain[top - 1][2] if top else ())
        yield Occurrence((_iri(s), _iri(p), _iri(o)), terms, tuple(sorted(set(group) | {terms})), True)

    def _required(self, node: Any, below: list[tuple[Any, str, tuple[Any, ...]]],
                  scope: tuple[Any, ...]) -> list[tuple[str, str, str]]:
        """The patterns every solution of ``node`` (in ``scope``) that comes from the occurrence
        matches; ``below``: the chain from ``node`` down to the occurrence, when it is on it."""
        from rdflib.plugins.sparql.parserutils import CompValue

        if not isinstance(node, CompValue):
            return []
        if node.name == "BGP":
            return self._triples(node, scope)
        on_path = below[0][1] if below and below[0][0] is node else None
        if node.name == "Union":
            # Only the side the occurrence is on: the other side's solutions are not its.
            keys: tuple[str, ...] = (on_path,) if on_path else ()
        elif node.name == "LeftJoin" and on_path == "p2":
            keys = ("p1", "p2")  # the solution it extends and what it adds
        elif node.name == "Group" and on_path is None and not node.get("expr"):
            keys = ()  # no GROUP BY: one row even when nothing matches inside
        else:
            keys = _PASSING.get(node.name, ())
        if on_path is not None:
            inner = below[0][2]
        elif node.name == "Project":
            inner = scope + ((next(self.scopes), frozenset(str(v) for v in node["PV"])),)
        else:
            inner = scope
        found: list[tuple[str, str, str]] = []
        for key in keys:
            found.extend(self._required(node.get(key), below[1:] if key == on_path else [], inner))
        return found

    def _triples(self, bgp: Any, scope: tuple[Any, ...]) -> list[tuple[str, str, str]]:
        from rdflib.paths import Path

        return [(_render(s, scope), _render(p, scope), _render(o, scope)) for s, p, o in bgp["triples"]
                if not isinstance(p, Path)]


def _has_exists(expression: Any) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(expression, CompValue):
        if expression.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            return True
        return any(_has_exists(v) for v in expression.values())
    if isinstance(expression, (list, tuple)):
        return any(_has_exists(v) for v in expression)
    return False


def _render(term: Any, scope: tuple[Any, ...]) -> str:
    """A term as SPARQL text; a variable renamed after the innermost sub-select that does not
    project it (variables of different sub-selects are different variables)."""
    from rdflib import BNode, Variable

    if isinstance(term, (Variable, BNode)):
        name = str(term) if isinstance(term, Variable) else f"_b{term}"
        for scope_id, projected in reversed(scope):
            if name not in projected:
                return f"?{_safe(name)}_{scope_id}"
        return f"?{_safe(name)}"
    return term.n3()


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name)


def _iri(term: Any) -> str | None:
    from rdflib import URIRef

    return f"<{term}>" if isinstance(term, URIRef) else None


def _bound(term: Any, others: list[Any]) -> bool:
    from rdflib import Variable

    if not isinstance(term, Variable):
        return True
    return any(term in (s, o) for s, _, o in others)


def _path(path: Any) -> tuple[set[str | None], bool]:
    """The predicates a path reads (None: any) and whether it may have length zero."""
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
    raise _Everything


def _matches(pattern: Pattern, s: str, p: str, o: str) -> bool:
    ps, pp, po = pattern
    return (pp is None or pp == p) and (ps is None or ps == s) and (po is None or po == o)


# Added statements beyond which no ASK is tried: asking about each would take longer than
# answering the query again (a rebuild after many documents changed).
ASK_LIMIT = 5000


def can_change(analysis: Analysis, removed: list[str], added: list[str], ask: Callable[[str], bool],
               ask_before: Callable[[str], bool] | None = None) -> bool:
    """Whether removing ``removed`` and adding ``added`` (``"<s> <p> <o>"`` statements) can change
    the answer; ``ask`` runs an ASK query on the store as it now is. ``ask_before``: the same on
    the store as it was before the change; without it, a removed statement that a pattern
    matches counts as a change."""
    if analysis.everything or len(added) > ASK_LIMIT or (ask_before is not None and len(removed) > ASK_LIMIT):
        return bool(removed or added)
    if ask_before is None:
        if any(_matches(occ.pattern, *statement.split(" ", 2)) for statement in removed
               for occ in analysis.occurrences):
            return True
    elif _in_a_solution(analysis, removed, ask_before):
        return True
    return _in_a_solution(analysis, added, ask)


def _in_a_solution(analysis: Analysis, statements: list[str], ask: Callable[[str], bool]) -> bool:
    """Whether a statement can be part of a solution of the group of a pattern it matches, on
    the store ``ask`` asks: with the pattern bound to it, the store matches the whole group (a
    group whose solutions no statement of the change is part of has the same solutions before
    and after it)."""
    asked: set[str] = set()
    for statement in statements:
        s, p, o = statement.split(" ", 2)
        for occ in analysis.occurrences:
            if not _matches(occ.pattern, s, p, o):
                continue
            if not occ.askable:
                return True
            bound = _bind(occ.terms, (s, p, o))
            if bound is None:
                continue  # the same variable twice, bound to different terms: no match
            text = "ASK { " + " ".join(" ".join(bound.get(t, t) for t in triple) + " ." for triple in occ.group) + " }"
            if text not in asked:
                asked.add(text)
                if ask(text):
                    return True
    return False


def _bind(terms: tuple[str, str, str], values: tuple[str, str, str]) -> dict[str, str] | None:
    bound: dict[str, str] = {}
    for term, value in zip(terms, values):
        if term.startswith("?"):
            if bound.setdefault(term, value) != value:
                return None
    return bound


def to_json(analysis: Analysis) -> dict[str, Any]:
    return {"everything": analysis.everything,
            "occurrences": [[list(o.pattern), list(o.terms), [list(t) for t in o.group], o.askable]
                            for o in analysis.occurrences]}


def from_json(data: dict[str, Any]) -> Analysis:
    """An analysis as ``to_json`` kept it; ValueError when it is not one."""
    try:
        return Analysis([Occurrence(tuple(p), tuple(t), tuple(tuple(x) for x in g), bool(a))  # type: ignore[arg-type]
                         for p, t, g, a in data["occurrences"]], bool(data["everything"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"not an analysis: {exc}") from exc
