"""SHACL core constraints (``kg.check.shaclspec``) evaluated without pyshacl, with pyshacl's results.

pyshacl checks each focus node in Python, about 0.1 s per document of a build: some 1,000 s at
10,000 documents. Here the graph is loaded once into an in-memory Oxigraph store (the union of
its graphs, with the ontology mixed in as pyshacl mixes it) and each constraint of a property
shape is one SPARQL query returning only the violating focus nodes and values, which Oxigraph
answers in a pass over the indexes (the on-disk store answers lookups a hundred times slower).

Oxigraph canonicalises typed literals ("217.0"^^xsd:decimal becomes "217", a
xsd:nonNegativeInteger becomes a xsd:integer); ill-typed ones ("ten"^^xsd:integer) are kept as
written. SHACL's datatype, pattern, length, range, node-kind, language and comparison checks
read the literal as written, so the property shapes with any of them are checked here in Python
on the statements as parsed (kept aside during the load), with pyshacl's own rules; a literal
value of a shape checked in SPARQL (sh:class, sh:in) is likewise judged on its written form.

Counts (sh:minCount, sh:maxCount) of a shape checked in SPARQL count the store's values: two
literals written differently with one value ("1.0" and "1.00" of one property of one node) are
one value there and two for pyshacl. No shape of ours counts typed literals that way; the shapes
that count literals are checked on the written statements.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from pyshacl.rdfutil.compare import compare_literal
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.check.shaclspec import NodeSpec, PropertySpec
from kg.rdf.convert import to_ox, to_rdflib
from kg.rdf.subset import iri_list

_DEFAULT = ox.DefaultGraph()
_COUNT = "COUNT(DISTINCT ?v)"


@dataclass(frozen=True, order=True)
class CoreResult:
    """One validation result as pyshacl reports it (value None where pyshacl gives none)."""

    focus: Node
    predicate: URIRef
    inverse: bool
    value: Node | None
    message: str
    component: str


class CoreData:
    """The union of a graph's statements in memory, and the statements of some predicates as written."""

    def __init__(self, written_predicates: set[URIRef], literal_predicates: set[URIRef]) -> None:
        self.store = ox.Store()
        self._all = {ox.NamedNode(p) for p in written_predicates}
        self._literals = {ox.NamedNode(p) for p in literal_predicates} - self._all
        # predicate → (subject, object as written); for _literals only literal objects.
        self.written: dict[ox.NamedNode, list[tuple[ox.NamedNode | ox.BlankNode, object]]] = defaultdict(list)
        self._rdf: dict[object, Node] = {}

    def add_file(self, path: Path, fmt: ox.RdfFormat) -> None:
        # Oxigraph loads the file by itself, at a fraction of the cost of handing it each statement
        # from Python (queries read the union of its graphs), and lets go of the GIL meanwhile: the
        # Python pass that keeps the statements wanted as written runs beside it, not after it.
        failed: list[BaseException] = []

        def load() -> None:
            try:
                self.store.load(path=str(path), format=fmt)
            except BaseException as exc:  # raised again in the caller's thread
                failed.append(exc)

        loader = threading.Thread(target=load, name="kg-validate-load")
        loader.start()
        try:
            if self._all or self._literals:
                self._keep_quads(ox.parse(path=str(path), format=fmt))
        finally:
            loader.join()
        if failed:
            raise failed[0]

    def add_graph(self, graph: Graph) -> None:
        triples = [(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]
        self.store.extend(ox.Quad(s, p, o, _DEFAULT) for s, p, o in triples)
        self._keep(triples)

    def _keep(self, triples: Iterable[tuple[object, ox.NamedNode, object]]) -> None:
        keep_all, keep_literal, written = self._all, self._literals, self.written
        for s, p, o in triples:
            if p in keep_all or (p in keep_literal and isinstance(o, ox.Literal)):
                written[p].append((s, o))

    def _keep_quads(self, quads: Iterable[ox.Quad]) -> None:
        # _keep for the parser's quads, asking a quad for its subject and object only when it is
        # kept: each of them is a new Python object, and most quads are not kept.
        # One object per distinct term: a selector is the subject of several kept statements and
        # offsets recur, and each parsed term is a new object (hundreds of MB at 10,000 documents).
        keep_all, keep_literal, written, one = self._all, self._literals, self.written, {}
        for quad in quads:
            p = quad.predicate
            if p in keep_all:
                s, o = quad.subject, quad.object
                written[p].append((one.setdefault(s, s), one.setdefault(o, o)))
            elif p in keep_literal:
                o = quad.object
                if isinstance(o, ox.Literal):
                    s = quad.subject
                    written[p].append((one.setdefault(s, s), one.setdefault(o, o)))

    def kept(self) -> int:
        """How many statements are kept as written: a measure of the graph's size at no cost."""
        return sum(len(pairs) for pairs in self.written.values())

    def rdf(self, term: object) -> Node:
        """``term`` as rdflib reads it (its lexical form normalised as rdflib does), converted once:
        the values of a property repeat a lot (offsets, prefixes, quotes of one sentence)."""
        known = self._rdf.get(term)
        if known is None:
            known = self._rdf[term] = to_rdflib(term)  # type: ignore[arg-type]
        return known

    def values(self, predicate: URIRef, focus: set[object], literals_only: bool = False,
               ) -> dict[object, list[object]]:
        """Each focus node's distinct values of ``predicate`` as written (Oxigraph terms; two
        written forms that rdflib reads as one term count once, as pyshacl counts them)."""
        out: dict[object, list[object]] = {}
        several: list[object] = []  # the nodes with more than one value: seldom
        for s, o in self.written.get(ox.NamedNode(predicate), ()):
            if s in focus and (not literals_only or isinstance(o, ox.Literal)):
                terms = out.get(s)
                if terms is None:
                    out[s] = [o]
                elif o not in terms:
                    terms.append(o)
                    if len(terms) == 2:
                        several.append(s)
        for s in several:
            distinct: dict[Node, object] = {}
            for term in out[s]:
                distinct.setdefault(self.rdf(term), term)
            out[s] = list(distinct.values())
        return out


def evaluate_core(data: CoreData, specs: list[NodeSpec], *, in_sparql: bool = True,
                  in_python: bool = True) -> list[CoreResult]:
    """The results of ``specs`` on ``data``: of the constraints checked in SPARQL (``in_sparql``),
    of those checked in Python on the literals as written (``in_python``), or of both. The two
    halves share nothing but the store, so they may run in two processes."""
    results: list[CoreResult] = []
    closure = _Closure(data.store)
    for node in specs:
        targets = closure.of(node.targets)
        focus_pattern = f"VALUES ?kgT {{ {iri_list(targets)} }} ?this a ?kgT ."
        focus: set[object] | None = None
        for spec in node.properties:
            if in_python and (spec.literal_sensitive or _literal_values_matter(spec)):
                if focus is None:
                    focus = {row[0] for row in union_query(data.store, f"SELECT DISTINCT ?this {{ {focus_pattern} }}")}
            if spec.literal_sensitive:
                if in_python:
                    results.extend(_python_checks(data, spec, focus or set()))
                continue
            if in_sparql:
                results.extend(_sparql_checks(data.store, spec, focus_pattern, closure))
            if in_python and _literal_values_matter(spec):
                results.extend(_literal_value_checks(data, spec, focus or set()))
    return results


def union_query(store: ox.Store, sparql: str) -> ox.QuerySolutions:
    """``sparql`` on the union of the store's graphs, as pyshacl sees one graph."""
    return store.query(sparql, use_default_graph_as_union=True)  # type: ignore[return-value]


def _literal_values_matter(spec: PropertySpec) -> bool:
    return not spec.inverse and (spec.klass is not None or spec.alternatives is not None or spec.members is not None)


class _Closure:
    """Each class with its subclasses, as rdf:type/rdfs:subClassOf* reads them in the store."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.cache: dict[URIRef, set[URIRef]] = {}

    def of(self, classes: Iterable[URIRef]) -> list[URIRef]:
        out: set[URIRef] = set()
        for klass in classes:
            if klass not in self.cache:
                rows = union_query(self.store, f"SELECT DISTINCT ?c {{ ?c <{RDFS.subClassOf}>* <{klass}> }}")
                self.cache[klass] = {URIRef(row[0].value) for row in rows if isinstance(row[0], ox.NamedNode)}
                self.cache[klass].add(klass)
            out |= self.cache[klass]
        return sorted(out)


def _instance(classes: list[URIRef]) -> str:
    # A FILTER, not VALUES: with VALUES inside an OPTIONAL, Oxigraph evaluated the group once per
    # focus node without its binding (over a minute at 1,000 documents instead of 0.3 s).
    return f"?v a ?kgC FILTER (?kgC IN ({', '.join(f'<{c}>' for c in classes)}))"


def _term(node: Node) -> str:
    return to_ox(node).__str__()  # SPARQL syntax of the term (N-Triples form)


def _result(spec: PropertySpec, focus: object, value: Node | None, component: str) -> CoreResult:
    focus_node = focus if isinstance(focus, (URIRef, BNode)) else to_rdflib(focus)  # type: ignore[arg-type]
    return CoreResult(focus_node, spec.predicate, spec.inverse, value, spec.message, component)


# --- constraints checked in SPARQL -----------------------------------------------------------------

def _sparql_checks(store: ox.Store, spec: PropertySpec, focus_pattern: str, closure: _Closure) -> list[CoreResult]:
    step = (lambda s, o: f"{o} <{spec.predicate}> {s} .") if spec.inverse else (lambda s, o: f"{s} <{spec.predicate}> {o} .")
    focus = f"{{ SELECT DISTINCT ?this {{ {focus_pattern} }} }}"
    out: list[CoreResult] = []

    def rows(query: str) -> Iterator[ox.QuerySolution]:
        return iter(union_query(store, query))

    if spec.min_count is not None or spec.max_count is not None:
        if spec.min_count == 1 and spec.max_count is None:
            for row in rows(f"SELECT ?this {{ {focus} FILTER NOT EXISTS {{ {step('?this', '?v')} }} }}"):
                out.append(_result(spec, row["this"], None, "MinCount"))
        else:
            low, high = spec.min_count or 0, spec.max_count
            # HAVING sees the group, not the projection: the count is written out, not named ?n.
            having = f"{_COUNT} < {low}" + (f" || {_COUNT} > {high}" if high is not None else "")
            query = (f"SELECT ?this ({_COUNT} AS ?n) {{ {focus} OPTIONAL {{ {step('?this', '?v')} }} }} "
                     f"GROUP BY ?this HAVING ({having})")
            for row in rows(query):
                count = int(row["n"].value)
                out.append(_result(spec, row["this"], None, "MinCount" if count < low else "MaxCount"))
    values = f"{focus} {step('?this', '?v')} FILTER (!isLiteral(?v))"
    if spec.klass is not None:
        query = f"SELECT DISTINCT ?this ?v {{ {values} FILTER NOT EXISTS {{ {_instance(closure.of([spec.klass]))} }} }}"
        out.extend(_result(spec, r["this"], to_rdflib(r["v"]), "Class") for r in rows(query))
    if spec.alternatives is not None:
        # Only classes here (a datatype makes the shape literal-sensitive): a value passes one of them or fails sh:or.
        classes = closure.of([a.klass for a in spec.alternatives if a.klass is not None])
        query = f"SELECT DISTINCT ?this ?v {{ {values} FILTER NOT EXISTS {{ {_instance(classes)} }} }}"
        out.extend(_result(spec, r["this"], to_rdflib(r["v"]), "Or") for r in rows(query))
    if spec.members is not None:
        members = [m for m in spec.members if not isinstance(m, Literal)]
        allowed = f"FILTER (?v NOT IN ({', '.join(_term(m) for m in members)}))" if members else ""
        out.extend(_result(spec, r["this"], to_rdflib(r["v"]), "In")
                   for r in rows(f"SELECT DISTINCT ?this ?v {{ {values} {allowed} }}"))
    if spec.has_value is not None:
        query = f"SELECT ?this {{ {focus} FILTER NOT EXISTS {{ {step('?this', _term(spec.has_value))} }} }}"
        out.extend(_result(spec, r["this"], None, "HasValue") for r in rows(query))
    if spec.qualified_class is not None:
        low, high = spec.qualified_min, spec.qualified_max
        tests = [f"{_COUNT} < {low}"] if low is not None else []
        tests += [f"{_COUNT} > {high}"] if high is not None else []
        query = (f"SELECT ?this ({_COUNT} AS ?n) {{ {focus} OPTIONAL {{ {step('?this', '?v')} "
                 f"{_instance(closure.of([spec.qualified_class]))} }} }} "
                 f"GROUP BY ?this HAVING ({' || '.join(tests) or 'false'})")
        for row in rows(query):
            count = int(row["n"].value)
            too_few = low is not None and count < low
            out.append(_result(spec, row["this"], None, "QualifiedMinCount" if too_few else "QualifiedMaxCount"))
    return out


def _literal_value_checks(data: CoreData, spec: PropertySpec, focus: set[object]) -> list[CoreResult]:
    """Literal values of a shape otherwise checked in SPARQL: never an instance of a class."""
    out: list[CoreResult] = []
    for node, terms in data.values(spec.predicate, focus, literals_only=True).items():
        for value in (data.rdf(t) for t in terms):
            if spec.klass is not None:
                out.append(_result(spec, node, value, "Class"))
            if spec.alternatives is not None:
                out.append(_result(spec, node, value, "Or"))
            if spec.members is not None and value not in spec.members:
                out.append(_result(spec, node, value, "In"))
    return out


# --- constraints checked on the statements as written, with pyshacl's rules ----------------------

def _python_checks(data: CoreData, spec: PropertySpec, focus: set[object]) -> list[CoreResult]:
    out: list[CoreResult] = []
    values = data.values(spec.predicate, focus)
    others = data.values(spec.less_or_equal, focus) if spec.less_or_equal is not None else {}
    failures: dict[object, list[str]] = {}  # per distinct value: most values recur
    comparable: dict[object, tuple[object, bool]] = {}  # per distinct value; pairs seldom recur

    def compared(term: object) -> tuple[object, bool]:
        known = comparable.get(term)
        if known is None:
            known = comparable[term] = _comparable(data.rdf(term))
        return known

    for node in focus:
        terms = values.get(node, [])
        if spec.min_count is not None and len(terms) < spec.min_count:
            out.append(_result(spec, node, None, "MinCount"))
        if spec.max_count is not None and len(terms) > spec.max_count:
            out.append(_result(spec, node, None, "MaxCount"))
        for term in terms:
            failed = failures.get(term)
            if failed is None:
                failed = failures[term] = _value_failures(spec, data.rdf(term))
            if failed:
                out.extend(_result(spec, node, data.rdf(term), component) for component in failed)
        if spec.unique_lang:
            duplicated = _duplicated_languages([data.rdf(t) for t in terms])
            out.extend(_result(spec, node, None, "UniqueLang") for _ in range(duplicated))
        if spec.less_or_equal is not None:
            for term in terms:
                for other in others.get(node, ()):
                    if not _ordered(compared(term), compared(other)):
                        out.append(_result(spec, node, data.rdf(term), "LessThanOrEquals"))
    return out


def _value_failures(spec: PropertySpec, value: Node) -> list[str]:
    failed = []
    if spec.datatype is not None and not datatype_matches(value, spec.datatype):
        failed.append("Datatype")
    if spec.alternatives is not None and not any(
            a.datatype is not None and datatype_matches(value, a.datatype) for a in spec.alternatives):
        failed.append("Or")
    if spec.members is not None and value not in spec.members:
        failed.append("In")
    if spec.node_kind is not None and not _node_kind_matches(value, spec.node_kind):
        failed.append("NodeKind")
    text = None if isinstance(value, BNode) else _string(value)
    if spec.pattern is not None and (text is None or not spec.pattern.search(text)):
        failed.append("Pattern")
    if spec.min_length is not None and spec.min_length > 0 and (text is None or len(text) < spec.min_length):
        failed.append("MinLength")
    if spec.max_length is not None and (text is None or len(text) > spec.max_length):
        failed.append("MaxLength")
    if spec.min_inclusive is not None and not _at_least(value, spec.min_inclusive):
        failed.append("MinInclusive")
    return failed


def datatype_matches(value: Node, datatype: URIRef) -> bool:
    """sh:datatype as pyshacl 0.40 decides it (its DatatypeConstraintComponent)."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        return getattr(value, "ill_typed", None) is not True and _value_is(value, datatype)
    if datatype == RDFS.Literal:
        return True
    if datatype == RDFS.Datatype and value.datatype:
        return True
    if value.datatype is None and value.language is None and datatype == XSD.string:
        return _value_is(value, datatype)
    if datatype == RDF.langString and value.language:
        return _value_is(value, datatype)
    return False


_PYTHON_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}


def _value_is(value: Literal, datatype: URIRef) -> bool:
    expected = _PYTHON_TYPES.get(datatype)
    return True if expected is None else isinstance(value.value, expected)


def _node_kind_matches(value: Node, kind: URIRef) -> bool:
    kinds = {URIRef: "IRI", BNode: "BlankNode", Literal: "Literal"}
    name = next(k for t, k in kinds.items() if isinstance(value, t))
    allowed = {SH.IRI: {"IRI"}, SH.BlankNode: {"BlankNode"}, SH.Literal: {"Literal"},
               SH.BlankNodeOrIRI: {"BlankNode", "IRI"}, SH.BlankNodeOrLiteral: {"BlankNode", "Literal"},
               SH.IRIOrLiteral: {"IRI", "Literal"}}
    return name in allowed.get(kind, set())


def _string(value: Node) -> str:
    # SPARQL str(), as pyshacl's string constraints take it.
    if isinstance(value, Literal) and value.value is not None and value.datatype in (None, RDF.langString, XSD.string):
        return str(value.value)
    return str(value)


def _at_least(value: Node, minimum: Literal) -> bool:
    if not isinstance(value, Literal):
        return False
    if isinstance(minimum.value, str) != isinstance(value.value, str):
        return False
    try:
        return compare_literal(value, minimum) >= 0
    except (TypeError, NotImplementedError):
        return False


def _duplicated_languages(values: list[Node]) -> int:
    seen: set[str] = set()
    duplicated: set[str] = set()
    for value in values:
        if isinstance(value, Literal) and value.language:
            language = str(value.language).lower()
            (duplicated if language in seen else seen).add(language)
    return len(duplicated)


def _ordered(left_form: tuple[object, bool], right_form: tuple[object, bool]) -> bool:
    """pyshacl's sh:lessThanOrEquals on two values' _comparable forms: strings (IRIs, plain text)
    compare only with strings."""
    (left, left_is_text), (right, right_is_text) = left_form, right_form
    if left_is_text != right_is_text:
        return False
    try:
        return bool(left <= right)  # type: ignore[operator]
    except TypeError:
        return False


def _comparable(node: Node) -> tuple[object, bool]:
    # An rdflib Literal is itself a str: whether it is text is said apart.
    if isinstance(node, URIRef):
        return str(node), True
    if isinstance(node, Literal) and isinstance(node.value, str):
        return node.value, True
    return node, False
