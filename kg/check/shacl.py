"""Check a built graph against the SHACL shapes in ``ontology/shapes.ttl``."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyshacl
from pyparsing import ParseBaseException
from pyshacl.errors import (
    ConstraintLoadError,
    ReportableRuntimeError,
    ShapeLoadError,
    ValidationFailure,
)
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from kg import paths
from kg.errors import ConfigError, InputError
from kg.rdf.convert import union_graph
from kg.check.shaclpool import PARALLEL_ABOVE, processes_for, run_split, shape_groups
from kg.check.shaclpool import beside as shared_out
from kg.check.shaclcore import CoreData, CoreResult, evaluate_core
from kg.check.shaclspec import NodeSpec, read_specs
from kg.check.shaclsparql import SparqlResult, evaluate, split_constraints
from kg.terms import PREFIX_IRIS, TM, Shortener
from kg.io.turtlefile import (
    Problem,
    TurtleFile,
    config_error,
    load_ontology,
    quiet_loggers,
    raise_first,
    read_turtle,
    sorted_triples,
)

if TYPE_CHECKING:
    from kg.check.consistency import Finding

_SHORT = Shortener({**PREFIX_IRIS, "sh": str(SH)})
_MAX_LITERAL = 60


@dataclass(frozen=True, order=True)
class ValidationIssue:
    """One SHACL result, every field a short string so issues sort and print stably."""

    focus: str
    path: str
    value: str
    message: str
    severity: str
    component: str

    def line(self) -> str:
        where = " ".join(part for part in (self.focus, self.path) if part)
        value = f" = {self.value}" if self.value else ""
        return f"{self.severity}: {where}{value}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    results: list[ValidationIssue]
    text: str

    def summary(self) -> str:
        if self.conforms:
            return "The graph conforms to the SHACL shapes."
        head = f"The graph does not conform: {len(self.results)} issue(s)."
        return "\n".join([head, *(issue.line() for issue in self.results)])


def validate(data: Graph | Dataset, *, shapes: Path | None = None, sparql_in_oxigraph: bool = True,
             inplace: bool = False, processes: int | None = None) -> ValidationReport:
    """Validate ``data`` (a graph, or a dataset's union of all graphs) against the shapes.

    ``sparql_in_oxigraph``: evaluate in Oxigraph the SHACL-SPARQL constraints that
    ``kg.check.shaclsparql`` can take and the core constraints ``kg.check.shaclspec`` can take
    (pyshacl keeps the rest, shape by shape); False leaves everything to pyshacl, the reference.
    ``inplace``: the ontology may be mixed into ``data`` itself rather than into a copy of it (a
    graph read only to be validated: copying a large one costs seconds and its size again in
    memory). A dataset's union is made here, and is always mixed into in place.
    ``processes``: pyshacl in this many processes, the shapes shared out (``kg.check.shaclpool``);
    by default one per core on a large graph, one on a small one."""
    union = union_graph(data)
    inplace = inplace or union is not data  # a union made here is nobody else's
    return _Validation(shapes, sparql_in_oxigraph).run(lambda core: core.add_graph(union), lambda: union,
                                                        inplace=inplace, processes=processes)


def validate_file(path: Path, *, shapes: Path | None = None, processes: int | None = None,
                  consistency: list[Finding] | None = None) -> ValidationReport:
    """Validate the built graph at ``path`` (a graph file, a build folder or its store folder).

    The file is parsed once into an in-memory Oxigraph store, not into rdflib: the literals are
    read as written (the on-disk store canonicalises them). Only shapes that ``kg.check.shaclspec``
    cannot take make pyshacl read the graph into rdflib. ``consistency``: filled with the metric
    consistency findings (``check_consistency``), read from the same load."""
    from kg.rdf.load import load_union
    from kg.rdf.store import graph_source, rdf_format

    source = graph_source(Path(path))
    fmt = rdf_format(source)

    def load(core: CoreData) -> None:
        try:
            core.add_file(source, fmt)
        except SyntaxError as exc:
            raise InputError(f"{source}: not valid {fmt.name}: {exc}") from exc

    def check_numbers(core: CoreData) -> None:
        if consistency is not None:
            from kg.check.consistency import check_facts
            from kg.check.metricsread import labeller_in, metric_facts_in

            consistency.extend(check_facts(metric_facts_in(core.store), labeller_in(core.store)))

    return _Validation(shapes, True).run(load, lambda: load_union(source), inplace=True, processes=processes,
                                         beside=check_numbers)


class _Validation:
    """The shapes read and split between Oxigraph and pyshacl, then one run over a graph."""

    def __init__(self, shapes: Path | None, in_oxigraph: bool) -> None:
        shapes_file = read_turtle(shapes if shapes is not None else paths.shapes_file())
        self.ontology = load_ontology()
        check_shapes(shapes_file, self.ontology)
        self.path = shapes_file.path
        self.pyshacl_shapes, self.offloaded = (split_constraints(shapes_file.graph) if in_oxigraph
                                               else (shapes_file.graph, []))
        self.specs: list[NodeSpec] = []
        if in_oxigraph:
            taken_sparql = {(c.shape, c.node) for c in self.offloaded}
            self.specs, _left = read_specs(shapes_file.graph, taken_sparql)
            self.pyshacl_shapes = _without_targets(self.pyshacl_shapes, {s.shape for s in self.specs})

    def run(self, load: Callable[[CoreData], None], rdflib_union: Callable[[], Graph], *, inplace: bool,
            processes: int | None, beside: Callable[[CoreData], None] | None = None) -> ValidationReport:
        """``load`` fills the store; ``beside`` is more work on it, done while the constraints
        checked in SPARQL run in a forked process (``processes``: 1 keeps to this one)."""
        # An ill-typed literal is a result of the report; rdflib would also log it with a traceback.
        with quiet_loggers("rdflib.term"):
            return self._run(load, rdflib_union, inplace=inplace, processes=processes, beside=beside)

    def _run(self, load: Callable[[CoreData], None], rdflib_union: Callable[[], Graph], *, inplace: bool,
             processes: int | None, beside: Callable[[CoreData], None] | None) -> ValidationReport:
        issues: list[ValidationIssue] = []
        pyshacl_issues: list[ValidationIssue] = []
        conforms, text = True, ""
        if self.offloaded or self.specs:
            written, literal = _predicates(self.specs)
            core = CoreData(written, literal)
            load(core)
            core.add_graph(self.ontology.graph)  # as pyshacl mixes it in: sh:class sees the subclass axioms

            def in_sparql() -> list[ValidationIssue]:
                return [_core_issue(r) for r in evaluate_core(core, self.specs, in_python=False)]

            fork = (processes if processes is not None else _processes(core.kept())) > 1
            with shared_out(in_sparql, fork) as sparql_issues:
                issues += [_core_issue(r) for r in evaluate_core(core, self.specs, in_sparql=False)]
                if beside is not None:
                    beside(core)
                # A set: a statement in several named graphs matches once per graph in the union. Here,
                # not in the forked process: at 10,000 documents that evens out the two processes' work.
                issues += sorted({_sparql_issue(r) for r in evaluate(core.store, self.offloaded)})
                issues += sparql_issues()
            conforms = not issues
            del core
        else:
            core = CoreData(set(), set())  # no constraint for Oxigraph; the consistency warnings still read the store
            load(core)
            if beside is not None:
                beside(core)
            del core
        if any(True for _ in self.pyshacl_shapes.subjects(SH.targetClass, None)) or not (self.offloaded or self.specs):
            union = rdflib_union()
            run = _Pyshacl(self.path, self.pyshacl_shapes, self.ontology.graph)
            groups = shape_groups(self.pyshacl_shapes, union, processes_for(union, processes))
            # Each forked process mixes the ontology into its own copy-on-write view of the graph.
            parts = run_split(run, union, groups) if groups else [run(union, None, inplace)]
            conforms = conforms and all(part[0] for part in parts)
            pyshacl_issues = [issue for part in parts for issue in part[1]]
            issues += pyshacl_issues
            text = "\n".join(part[2] for part in parts)
        if self.offloaded or self.specs:
            text = "\n".join(part for part in (_text(conforms, [i for i in issues if i not in pyshacl_issues]), text)
                              if part)
        return ValidationReport(conforms=conforms, results=sorted(issues), text=text)


def _processes(statements: int) -> int:
    return (os.cpu_count() or 1) if statements > PARALLEL_ABOVE else 1


def _text(conforms: bool, issues: list[ValidationIssue]) -> str:
    """The results found without pyshacl, laid out as pyshacl's text report lays out its own."""
    lines = ["Validation Report", f"Conforms: {conforms}", f"Results ({len(issues)}):"]
    for issue in sorted(issues):
        lines += [f"Constraint Violation in {issue.component}ConstraintComponent:",
                  f"\tSeverity: sh:{issue.severity}", f"\tFocus Node: {issue.focus}"]
        lines += [f"\tValue Node: {issue.value}"] if issue.value else []
        lines += [f"\tResult Path: {issue.path}"] if issue.path else []
        lines += [f"\tMessage: {issue.message}"]
    return "\n".join(lines)


def _predicates(specs: list[NodeSpec]) -> tuple[set[URIRef], set[URIRef]]:
    """The predicates whose statements are kept as written: all of them for the shapes checked in
    Python, the literal ones for the values of the shapes checked in SPARQL."""
    written: set[URIRef] = set()
    literal: set[URIRef] = set()
    for node in specs:
        for spec in node.properties:
            if spec.literal_sensitive:
                written.add(spec.predicate)
                if spec.less_or_equal is not None:
                    written.add(spec.less_or_equal)
            elif not spec.inverse:
                literal.add(spec.predicate)
    return written, literal


def _without_targets(shapes: Graph, taken: set[URIRef]) -> Graph:
    """The shapes with the given ones untargeted: pyshacl validates only shapes with targets."""
    if not taken:
        return shapes
    rest = Graph()
    for prefix, namespace in shapes.namespaces():
        rest.bind(prefix, namespace, override=True)
    for s, p, o in shapes:
        if not (p == SH.targetClass and s in taken):
            rest.add((s, p, o))
    return rest


def _core_issue(result: CoreResult) -> ValidationIssue:
    path = f"^{_short(result.predicate)}" if result.inverse else _short(result.predicate)
    return ValidationIssue(focus=_short(result.focus), path=path, value=_short(result.value),
                           message=result.message, severity="Violation", component=result.component)


class _Pyshacl:
    """One pyshacl run over the graph, with all the targeted shapes or a group of them."""

    def __init__(self, path: Path, shapes: Graph, ontology: Graph) -> None:
        self.path, self.shapes, self.ontology = path, shapes, ontology

    def __call__(self, union: Graph, use_shapes: list[str] | None,
                 inplace: bool = True) -> tuple[bool, list[ValidationIssue], str]:
        try:
            with quiet_loggers("pyshacl", "pyshacl-validate"):  # it logs the errors it raises, on stderr
                conforms, results_graph, text = pyshacl.validate(
                    union,
                    shacl_graph=self.shapes,
                    ont_graph=self.ontology,  # mixed in so sh:class sees the ontology's subclass axioms
                    inference="none",
                    advanced=True,
                    inplace=inplace,
                    use_shapes=use_shapes,
                )
        except (ShapeLoadError, ConstraintLoadError, ReportableRuntimeError) as exc:
            # Parsed, passed check_shapes, and still unusable (e.g. sh:qualifiedValueShape without its counts).
            raise _unusable(self.path, "malformed SHACL", exc) from exc
        except (ParseBaseException, re.error) as exc:  # a SPARQL query or regex in a shape, compiled lazily
            raise _unusable(self.path, f"malformed SHACL ({type(exc).__name__})", exc) from exc
        if isinstance(results_graph, ValidationFailure):
            # pyshacl returns, rather than raises, failures such as an illegal SPARQL constraint.
            raise _unusable(self.path, "SHACL shapes cannot be used", results_graph)
        issues = [_issue(results_graph, r) for r in results_graph.subjects(RDF.type, SH.ValidationResult)]
        return bool(conforms), issues, str(text)


def _sparql_issue(result: SparqlResult) -> ValidationIssue:
    # As pyshacl reports a SHACL-SPARQL result: sh:value is ?value when bound, else the focus node.
    return ValidationIssue(
        focus=_short(result.focus),
        path=_short(result.path),
        value=_short(result.value if result.value is not None else result.focus),
        message="; ".join(sorted(str(m) for m in result.messages)) or "SPARQL",
        severity="Violation",
        component="SPARQL",
    )


def _unusable(path: Path, what: str, failure: object) -> ConfigError:
    # pyshacl's messages run over several lines and end in a link to the spec; keep the reason.
    message = str(getattr(failure, "message", None) or failure)
    reason = " ".join(line.strip() for line in message.splitlines()
                      if line.strip() and not line.strip().startswith("For reference"))
    return config_error(path, None, f"{what}: {reason}")


# --- checks of the shapes file before pyshacl sees it ---------------------------------------------
# pyshacl loads a constraint only when some node is its focus, and then names no line: these
# catch the usual mistakes for every shape, whatever the graph, at the line they are written.

_COUNTS = (SH.minCount, SH.maxCount, SH.minLength, SH.maxLength, SH.qualifiedMinCount, SH.qualifiedMaxCount)
_BOOLEANS = (SH.uniqueLang, SH.closed, SH.deactivated, SH.qualifiedValueShapesDisjoint)
_IRI_VALUED = (SH.datatype, SH["class"], SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.severity,
               SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)
_NODE_KINDS = frozenset(SH[k] for k in ("IRI", "BlankNode", "Literal", "BlankNodeOrIRI", "BlankNodeOrLiteral",
                                         "IRIOrLiteral"))
_SHAPE_VALUED = (SH.node, SH["not"], SH.property, SH.qualifiedValueShape)  # an IRI or [ … ], never a literal
_LIST_VALUED = (SH["in"], SH["or"], SH["and"], SH.xone, SH.languageIn, SH.ignoredProperties)
_SINGLE = (*_COUNTS, *_BOOLEANS, SH.datatype, SH.path, SH.pattern, SH.flags, SH.hasValue, SH.minInclusive,
           SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.nodeKind)
_QUERIES = (SH.select, SH.ask, SH.construct)


def check_shapes(shapes: TurtleFile, ontology: TurtleFile) -> None:
    """Raise a ConfigError (file, line, reason) for the first mistake written in the shapes file."""
    declared = set(ontology.graph.subjects(RDF.type, None))
    graph = shapes.graph
    problems: list[Problem] = []
    for s, p, o in sorted_triples(graph):
        within = s if isinstance(s, URIRef) else shapes.anchor(s)
        for node in (s, p, o):
            # A misspelt class or property makes a shape match nothing: the graph would 'conform' unchecked.
            if isinstance(node, URIRef) and node.startswith(TM) and node not in declared:
                problems.append(Problem(f"{shapes.short(node)} is not declared in the ontology "
                                        f"({ontology.path.name})", node, within if node is not s else None,
                                        as_subject=node is s))
        problems.extend(_value_problems(shapes, p, o, within))
        if p in _SINGLE and len(set(graph.objects(s, p))) > 1:
            problems.append(Problem(f"{shapes.short(p)} is given {len(set(graph.objects(s, p)))} times in one "
                                    "shape; it takes one value", _where(shapes, o), within))
        if p == SH.property and len(set(graph.objects(o, SH.path))) == 0:
            # pyshacl would name the blank node only; point at the property's own words instead.
            owner = shapes.short(within) if within else "a shape"
            problems.append(Problem(f"a property shape of {owner} has no sh:path", _landmark(shapes, o), within))
    raise_first(shapes, problems)


def _value_problems(shapes: TurtleFile, p: Node, o: Node, within: URIRef | None) -> list[Problem]:
    """What SHACL requires of one parameter's value; pyshacl ignores some of these silently
    (sh:node "x" makes the shape always conform) and reports others only for focus nodes."""
    name = shapes.short(p) if isinstance(p, URIRef) else str(p)
    at = _where(shapes, o)
    value = _written(shapes, o)
    if p in _COUNTS and not (isinstance(o, Literal) and o.datatype == XSD.integer and isinstance(o.value, int)
                             and o.value >= 0):
        return [Problem(f"{name} must be a non-negative integer, not {value}", at, within)]
    if p in _BOOLEANS and not (isinstance(o, Literal) and o.datatype == XSD.boolean):
        return [Problem(f"{name} must be true or false, not {value}", at, within)]
    if p in _IRI_VALUED and not isinstance(o, URIRef):
        return [Problem(f"{name} must be an IRI, not {value}", at, within)]
    if p == SH.nodeKind and o not in _NODE_KINDS:
        return [Problem(f"sh:nodeKind must be one of {', '.join(sorted(shapes.short(k) for k in _NODE_KINDS))}, "
                        f"not {value}", at, within)]
    if p == SH.flags and not (isinstance(o, Literal) and isinstance(o.value, str)):
        return [Problem(f"sh:flags must be a string such as \"i\", not {value}", at, within)]
    if p in _SHAPE_VALUED and isinstance(o, Literal):
        return [Problem(f"{name} must name a shape (an IRI or [ … ]), not {value}", at, within)]
    if p in _LIST_VALUED and not (o == RDF.nil or (o, RDF.first, None) in shapes.graph):
        return [Problem(f"{name} must be a list ( … ), not {value}", at, within)]
    if p == SH.pattern:
        try:
            re.compile(str(o))
        except re.error as exc:
            return [Problem(f"sh:pattern {str(o)!r} is not a regular expression: {exc}", at, within)]
    if p in _QUERIES:
        return _query_problem(shapes, name, o, within)
    return []


def _written(shapes: TurtleFile, node: Node) -> str:
    """``node`` about as the file wrote it: 3, "x", "x"@en, tm:Country, [ … ]."""
    if isinstance(node, URIRef):
        return shapes.short(node)
    if not isinstance(node, Literal):
        return "[ … ]"
    if node.datatype in (XSD.integer, XSD.decimal, XSD.double, XSD.boolean):
        return str(node)
    quoted = '"' + str(node).replace("\\", "\\\\").replace('"', '\\"') + '"'
    if node.language:
        return f"{quoted}@{node.language}"
    return f"{quoted}^^{shapes.short(node.datatype)}" if node.datatype not in (None, XSD.string) else quoted


def _where(shapes: TurtleFile, node: Node) -> URIRef | Literal | None:
    return node if isinstance(node, (URIRef, Literal)) else _landmark(shapes, node)


def _landmark(shapes: TurtleFile, node: Node) -> URIRef | Literal | None:
    """A value written inside a blank node, to find where it is: its longest string (usually
    the sh:message), else any IRI it names."""
    values = sorted((o for o in shapes.graph.objects(node, None) if isinstance(o, (Literal, URIRef))),
                    key=lambda o: (not isinstance(o, Literal), -len(str(o)), str(o)))
    return values[0] if values else None


def _query_problem(shapes: TurtleFile, name: str, query: Node, within: URIRef | None) -> list[Problem]:
    from rdflib.plugins.sparql.parser import parseQuery

    if not isinstance(query, Literal):
        return [Problem(f"{name} must be a string holding a SPARQL query, not {query.n3()}", None, within)]
    try:
        parseQuery(str(query))
    except ParseBaseException as exc:
        near = exc.line[exc.col - 1:].strip()[:40]
        reason = f"{name} is not valid SPARQL (column {exc.col}, at {near!r}): {exc.msg}"
        return [Problem(reason, query, within, lines_into=exc.lineno - 1)]
    return []


def _issue(results: Graph, result: Node) -> ValidationIssue:
    messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
    component = _short(results.value(result, SH.sourceConstraintComponent))
    component = component.removeprefix("sh:").removesuffix("ConstraintComponent")
    return ValidationIssue(
        focus=_short(results.value(result, SH.focusNode)),
        path=_short_path(results, results.value(result, SH.resultPath)),
        value=_short(results.value(result, SH.value)),
        message="; ".join(messages) or component,
        severity=_short(results.value(result, SH.resultSeverity)).removeprefix("sh:"),
        component=component,
    )


def _short_path(results: Graph, path: Node | None) -> str:
    # Only the inverse path is used in our shapes; anything richer is named generically.
    if isinstance(path, BNode):
        inverse = results.value(path, SH.inversePath)
        return f"^{_short(inverse)}" if inverse is not None else "(complex path)"
    return _short(path)


def _short(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return _SHORT(node) or f"<{node}>"
    if isinstance(node, Literal):
        text = str(node)
        text = text if len(text) <= _MAX_LITERAL else text[: _MAX_LITERAL - 1] + "…"
        quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        if node.language:
            return f"{quoted}@{node.language}"
        if node.datatype is not None:
            return f"{quoted}^^{_short(node.datatype)}"
        return quoted
    return node.n3()


def check_consistency(data: Graph | Dataset) -> list[Finding]:
    """Metric consistency warnings (``kg/consistency.py``): breakdowns whose parts do not add up
    and sources that disagree. They never change SHACL conformance or the exit code."""
    from kg.check.consistency import check_metrics

    return check_metrics(union_graph(data))
