"""The SHACL core constraints of a shapes file, read into plain specs that ``kg.check.shaclcore``
evaluates without pyshacl.

Only what can be evaluated exactly as pyshacl does is taken: node shapes whose targets are all
``sh:targetClass``, with no constraint of their own besides ``sh:property`` and the SHACL-SPARQL
constraints ``kg.check.shaclsparql`` takes; each property shape a predicate or ``sh:inversePath``
of one, with a plain ``sh:message`` (no template), no ``sh:severity`` or ``sh:deactivated``, and
only the parameters below. A node shape with anything else stays with pyshacl, whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

# Parameters whose check depends on how a literal is written (its lexical form and datatype as in
# the file): Oxigraph canonicalises typed literals ("217.0"^^xsd:decimal is kept as "217",
# xsd:nonNegativeInteger as xsd:integer), so a property shape with any of them is checked on the
# statements as parsed, never on the store.
_LITERAL_PARAMS = frozenset({SH.datatype, SH.pattern, SH.minLength, SH.maxLength, SH.minInclusive, SH.nodeKind,
                             SH.uniqueLang, SH.lessThanOrEquals})
_PARAMS = _LITERAL_PARAMS | {SH.minCount, SH.maxCount, SH["class"], SH["or"], SH["in"], SH.hasValue,
                             SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount}
_DESCRIPTIVE = frozenset({SH.path, SH.message, SH.name, SH.description, RDFS.comment, RDFS.label, RDF.type})
_NODE_DESCRIPTIVE = frozenset({SH.targetClass, SH.property, SH.sparql, SH.name, SH.description, RDFS.comment,
                               RDFS.label, RDF.type})


@dataclass(frozen=True)
class Alternative:
    """One member of an ``sh:or`` list: a class or a datatype."""

    klass: URIRef | None = None
    datatype: URIRef | None = None


@dataclass
class PropertySpec:
    node_shape: URIRef
    predicate: URIRef
    inverse: bool
    message: str
    min_count: int | None = None
    max_count: int | None = None
    klass: URIRef | None = None
    alternatives: tuple[Alternative, ...] | None = None
    members: tuple[Node, ...] | None = None  # sh:in
    has_value: URIRef | None = None
    qualified_class: URIRef | None = None
    qualified_min: int | None = None
    qualified_max: int | None = None
    datatype: URIRef | None = None
    pattern: re.Pattern[str] | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_inclusive: Literal | None = None
    node_kind: URIRef | None = None
    unique_lang: bool = False
    less_or_equal: URIRef | None = None
    literal_sensitive: bool = False

    @property
    def path(self) -> str:
        return f"^<{self.predicate}>" if self.inverse else f"<{self.predicate}>"

    def classes(self) -> set[URIRef]:
        named = {self.klass, self.qualified_class} | {a.klass for a in self.alternatives or ()}
        return {c for c in named if c is not None}


@dataclass
class NodeSpec:
    shape: URIRef
    targets: tuple[URIRef, ...]
    properties: list[PropertySpec] = field(default_factory=list)


def read_specs(shapes: Graph, offloaded_sparql: set[tuple[Node, Node]]) -> tuple[list[NodeSpec], list[URIRef]]:
    """The node shapes evaluated here, and those left to pyshacl (named, to say so)."""
    taken: list[NodeSpec] = []
    left: list[URIRef] = []
    for shape in sorted({s for s in shapes.subjects(SH.targetClass, None)}):
        spec = _node_spec(shapes, shape, offloaded_sparql) if isinstance(shape, URIRef) else None
        if spec is None:
            left.append(shape)
        else:
            taken.append(spec)
    return taken, left


def _node_spec(shapes: Graph, shape: URIRef, offloaded_sparql: set[tuple[Node, Node]]) -> NodeSpec | None:
    if (shape, RDF.type, SH.NodeShape) not in shapes:
        return None
    if any(p not in _NODE_DESCRIPTIVE for p, _ in shapes.predicate_objects(shape)):
        return None
    if any((shape, c) not in offloaded_sparql for c in shapes.objects(shape, SH.sparql)):
        return None  # a SHACL-SPARQL constraint that only pyshacl runs: the shape stays there whole
    targets = tuple(sorted(c for c in shapes.objects(shape, SH.targetClass)))
    if not all(isinstance(c, URIRef) for c in targets):
        return None
    spec = NodeSpec(shape, targets)
    for prop in sorted(shapes.objects(shape, SH.property)):
        prop_spec = _property_spec(shapes, shape, prop)
        if prop_spec is None:
            return None
        spec.properties.append(prop_spec)
    return spec


def _property_spec(shapes: Graph, shape: URIRef, prop: Node) -> PropertySpec | None:
    if not isinstance(prop, BNode):
        return None  # a named property shape may be shared or targeted elsewhere
    params = {p for p, _ in shapes.predicate_objects(prop)}
    if params - _PARAMS - _DESCRIPTIVE:
        return None
    if any(len(set(shapes.objects(prop, p))) != 1 for p in params - {RDF.type, SH.message}):
        return None
    messages = sorted(shapes.objects(prop, SH.message))
    if len(messages) != 1 or "{" in str(messages[0]):
        return None  # pyshacl fills templates and joins several messages: left to it
    predicate, inverse = _path(shapes, shapes.value(prop, SH.path))
    if predicate is None:
        return None
    one = shapes.value
    spec = PropertySpec(shape, predicate, inverse, str(messages[0]))
    try:
        spec.min_count = _count(one(prop, SH.minCount))
        spec.max_count = _count(one(prop, SH.maxCount))
        spec.min_length = _count(one(prop, SH.minLength))
        spec.max_length = _count(one(prop, SH.maxLength))
        spec.qualified_min = _count(one(prop, SH.qualifiedMinCount))
        spec.qualified_max = _count(one(prop, SH.qualifiedMaxCount))
    except ValueError:
        return None
    spec.klass = _iri(one(prop, SH["class"]))
    spec.datatype = _iri(one(prop, SH.datatype))
    spec.has_value = _iri(one(prop, SH.hasValue))
    spec.node_kind = _iri(one(prop, SH.nodeKind))
    spec.less_or_equal = _iri(one(prop, SH.lessThanOrEquals))
    unique = one(prop, SH.uniqueLang)
    spec.unique_lang = isinstance(unique, Literal) and unique.value is True
    minimum = one(prop, SH.minInclusive)
    spec.min_inclusive = minimum if isinstance(minimum, Literal) else None
    pattern = one(prop, SH.pattern)
    if pattern is not None:
        if not isinstance(pattern, Literal):
            return None
        spec.pattern = re.compile(str(pattern))
    if SH["in"] in params:
        spec.members = tuple(Collection(shapes, one(prop, SH["in"])))
    if SH["or"] in params:
        alternatives = [_alternative(shapes, member) for member in Collection(shapes, one(prop, SH["or"]))]
        if any(a is None for a in alternatives):
            return None
        spec.alternatives = tuple(a for a in alternatives if a is not None)
    if SH.qualifiedValueShape in params:
        spec.qualified_class = _qualified_class(shapes, one(prop, SH.qualifiedValueShape))
        if spec.qualified_class is None:
            return None
    elif spec.qualified_min is not None or spec.qualified_max is not None:
        return None
    if {SH.minInclusive} & params and spec.min_inclusive is None:
        return None
    if SH.hasValue in params and spec.has_value is None:
        return None  # a literal sh:hasValue would be compared as written: not done here
    named = {SH["class"]: spec.klass, SH.datatype: spec.datatype, SH.nodeKind: spec.node_kind,
             SH.lessThanOrEquals: spec.less_or_equal}
    if any(value is None for parameter, value in named.items() if parameter in params):
        return None  # given, but not as an IRI
    spec.literal_sensitive = bool(params & _LITERAL_PARAMS) or any(a.datatype for a in spec.alternatives or ())
    if spec.literal_sensitive and (spec.inverse or spec.klass is not None or spec.has_value is not None
                                   or spec.qualified_class is not None
                                   or any(a.klass for a in spec.alternatives or ())):
        return None  # checked on the parsed statements, where classes are not at hand
    return spec


def _path(shapes: Graph, path: Node | None) -> tuple[URIRef | None, bool]:
    if isinstance(path, URIRef):
        return path, False
    if isinstance(path, BNode) and set(shapes.predicates(path, None)) == {SH.inversePath}:
        inverse = shapes.value(path, SH.inversePath)
        if isinstance(inverse, URIRef):
            return inverse, True
    return None, False


def _count(node: Node | None) -> int | None:
    if node is None:
        return None
    if isinstance(node, Literal) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    raise ValueError(node)


def _iri(node: Node | None) -> URIRef | None:
    return node if isinstance(node, URIRef) else None


def _alternative(shapes: Graph, member: Node) -> Alternative | None:
    params = set(shapes.predicates(member, None)) - {RDF.type}
    if params == {SH["class"]}:
        klass = _iri(shapes.value(member, SH["class"]))
        return Alternative(klass=klass) if klass is not None else None
    if params == {SH.datatype}:
        datatype = _iri(shapes.value(member, SH.datatype))
        return Alternative(datatype=datatype) if datatype is not None else None
    return None


def _qualified_class(shapes: Graph, member: Node | None) -> URIRef | None:
    if member is None or set(shapes.predicates(member, None)) - {RDF.type} != {SH["class"]}:
        return None
    return _iri(shapes.value(member, SH["class"]))
