"""A small read-only graph of rdflib terms, indexed by predicate: what the views read of the
built graph, without rdflib's in-memory store.

Adding a statement to an rdflib Graph costs some 20 µs (three indexes and their contexts);
the views' reading of a 10,000-document build (half a million statements) spent more time
there than anywhere else. The views ask a graph for a node's objects of one predicate, the
subjects of one predicate and object, a single value, and whether a statement is there:
this answers exactly those, over a union of graphs (a statement added twice is one).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from rdflib.term import Node


class TripleIndex:
    """Statements by predicate: subject → objects, and object → subjects built when first asked."""

    def __init__(self) -> None:
        self._out: dict[Node, dict[Node, dict[Node, None]]] = defaultdict(lambda: defaultdict(dict))
        self._in: dict[Node, dict[Node, list[Node]]] = {}

    def add(self, s: Node, p: Node, o: Node) -> None:
        self._out[p][s][o] = None  # a dict keeps the first order seen and one of each
        self._in.pop(p, None)

    def __len__(self) -> int:
        return sum(len(objects) for by_subject in self._out.values() for objects in by_subject.values())

    def objects(self, s: Node, p: Node) -> Iterator[Node]:
        by_subject = self._out.get(p)
        return iter(by_subject.get(s, ()) if by_subject else ())

    def value(self, s: Node, p: Node) -> Node | None:
        return next(self.objects(s, p), None)

    def subjects(self, p: Node, o: Node) -> Iterator[Node]:
        if p not in self._in:
            reverse: dict[Node, list[Node]] = defaultdict(list)
            for s, objects in self._out.get(p, {}).items():
                for obj in objects:
                    reverse[obj].append(s)
            self._in[p] = reverse
        return iter(self._in[p].get(o, ()))

    def subject_objects(self, p: Node) -> Iterator[tuple[Node, Node]]:
        for s, objects in self._out.get(p, {}).items():
            for o in objects:
                yield s, o

    def __contains__(self, triple: tuple[Node | None, Node, Node]) -> bool:
        s, p, o = triple
        if s is None:
            return next(self.subjects(p, o), None) is not None
        return o in self._out.get(p, {}).get(s, {})
