"""SHACL-SPARQL constraints (sh:sparql / sh:select) evaluated by Oxigraph, one query per constraint.

pyshacl evaluates such a constraint once per focus node through rdflib's SPARQL engine, parsing
the query again each time: on 100 synthetic documents (28k triples) that was 112 of 118 s of
`kg validate`, and over 10 minutes at 1,000 documents. SHACL defines the constraint's results as
the solutions of the query with ``$this`` pre-bound to each focus node; for a node shape whose
targets are classes, that equals one query in which ``$this`` is joined with the instances of
the target classes (sub-classes included), which Oxigraph answers in one pass.

Only constraints this module can evaluate exactly are taken from pyshacl: those of node shapes
whose targets are all ``sh:targetClass``, with a plain ``sh:select`` whose outermost group can
take the target pattern, no ``sh:severity`` or ``sh:deactivated`` and no message templates. Any
other constraint stays with pyshacl, which remains the validator of record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kg.rdf.convert import to_rdflib
from kg.rdf.subset import iri_list

_OUTER_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
# What SHACL does not allow in a query that pre-binds $this (SHACL 5.2.1), and nested SELECTs,
# whose scoping a joined target pattern would not follow.
_PRE_BINDING_FORBIDS = re.compile(r"\b(?:MINUS|SERVICE|VALUES)\b|\bSELECT\b[\s\S]*\bSELECT\b", re.IGNORECASE)


@dataclass(frozen=True)
class SparqlConstraint:
    shape: Node
    node: Node  # the sh:sparql value, removed from the shapes pyshacl sees
    classes: tuple[URIRef, ...]
    query: str  # with the target pattern joined in
    messages: tuple[Literal, ...]


@dataclass(frozen=True)
class SparqlResult:
    focus: Node
    path: Node | None
    value: Node | None
    messages: tuple[Literal, ...]


def _prefixes(shapes: Graph, constraint: Node) -> str:
    lines = []
    for declarations in shapes.objects(constraint, SH.prefixes):
        for declare in shapes.objects(declarations, SH.declare):
            prefix, namespace = shapes.value(declare, SH.prefix), shapes.value(declare, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def _offloadable(shapes: Graph, shape: Node, constraint: Node) -> tuple[URIRef, ...] | None:
    """The target classes, if this constraint can be evaluated here exactly; else None."""
    targets = {p for p, _ in shapes.predicate_objects(shape) if str(p).startswith(str(SH) + "target")}
    if targets != {SH.targetClass} or (shape, RDF.type, SH.NodeShape) not in shapes:
        return None
    if any(shapes.value(node, SH.deactivated) is not None or shapes.value(node, SH.severity) is not None
           for node in (shape, constraint)):
        return None
    select = shapes.value(constraint, SH.select)
    messages = list(shapes.objects(constraint, SH.message))
    if select is None or any("{" in str(m) for m in messages) or len(_OUTER_WHERE.findall(str(select))) != 1:
        return None
    if _PRE_BINDING_FORBIDS.search(str(select)):
        return None  # pyshacl applies SHACL's rules for pre-binding and reports the shape unusable
    return tuple(sorted(c for c in shapes.objects(shape, SH.targetClass) if isinstance(c, URIRef)))


def split_constraints(shapes: Graph) -> tuple[Graph, list[SparqlConstraint]]:
    """The shapes without the constraints evaluated here, and those constraints."""
    taken: list[SparqlConstraint] = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        classes = _offloadable(shapes, shape, constraint)
        if not classes:
            continue
        target = f"VALUES ?kgTargetClass {{ {iri_list(classes)} }} $this a/<{RDFS.subClassOf}>* ?kgTargetClass ."
        select = _OUTER_WHERE.sub(lambda m: m.group(0) + " " + target, str(shapes.value(constraint, SH.select)), 1)
        query = f"{_prefixes(shapes, constraint)}\n{select}"
        taken.append(SparqlConstraint(shape, constraint, classes, query,
                                      tuple(sorted(shapes.objects(constraint, SH.message)))))
    if not taken:
        return shapes, []
    rest = Graph()
    for prefix, namespace in shapes.namespaces():
        rest.bind(prefix, namespace, override=True)
    dropped = {(c.shape, c.node) for c in taken}
    for s, p, o in shapes:
        if not (p == SH.sparql and (s, o) in dropped):
            rest.add((s, p, o))
    return rest, taken


def evaluate(store: ox.Store, constraints: list[SparqlConstraint]) -> list[SparqlResult]:
    results: list[SparqlResult] = []
    for constraint in constraints:
        for row in store.query(constraint.query, use_default_graph_as_union=True):  # one graph, as pyshacl sees it
            focus = row["this"]
            if focus is None:
                continue
            path, value = _get(row, "path"), _get(row, "value")
            results.append(SparqlResult(to_rdflib(focus), None if path is None else to_rdflib(path),
                                        None if value is None else to_rdflib(value), constraint.messages))
    return results


def _get(row: ox.QuerySolution, name: str) -> ox.NamedNode | ox.Literal | None:
    try:
        return row[name]
    except (KeyError, IndexError):
        return None
