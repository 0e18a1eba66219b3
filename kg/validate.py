"""Check a built graph against the SHACL shapes in ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyshacl
from pyshacl.errors import (
    ConstraintLoadError,
    ReportableRuntimeError,
    ShapeLoadError,
    ValidationFailure,
)
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg import paths
from kg.errors import ConfigError
from kg.terms import PREFIXES

if TYPE_CHECKING:
    from kg.consistency import Finding

# Longest namespace first, so "country:KZ" wins over "id:country/KZ".
_PREFIXES: list[tuple[str, str]] = sorted(
    ((name, str(ns)) for name, ns in {**PREFIXES, "sh": SH}.items()),
    key=lambda item: (-len(item[1]), item[0]),
)
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


def validate(data: Graph | Dataset, *, shapes: Path | None = None) -> ValidationReport:
    """Validate ``data`` (a graph, or a dataset's union of all graphs) against the shapes."""
    shapes_path = shapes if shapes is not None else paths.shapes_file()
    shapes_graph = _load_turtle(shapes_path, "SHACL shapes")
    ontology = _load_turtle(paths.ontology_file(), "ontology")
    try:
        conforms, results_graph, text = pyshacl.validate(
            _union(data),
            shacl_graph=shapes_graph,
            ont_graph=ontology,  # mixed in so sh:class sees the ontology's subclass axioms
            inference="none",
            advanced=True,
        )
    except (ShapeLoadError, ConstraintLoadError, ReportableRuntimeError) as exc:
        # The Turtle parsed but the shapes themselves are unusable (e.g. sh:minCount "x").
        raise ConfigError(f"SHACL shapes file {shapes_path} is malformed: {exc}") from exc
    if isinstance(results_graph, ValidationFailure):
        # pyshacl returns, rather than raises, failures such as an illegal SPARQL constraint.
        raise ConfigError(f"SHACL shapes file {shapes_path} cannot be used: {results_graph}")
    issues = sorted(_issue(results_graph, r) for r in results_graph.subjects(RDF.type, SH.ValidationResult))
    return ValidationReport(conforms=bool(conforms), results=issues, text=str(text))


def _union(data: Graph | Dataset) -> Graph:
    # A Dataset's triples() sees only its default graph; the facts live in named graphs.
    if not isinstance(data, Dataset):
        return data
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _load_turtle(path: Path, what: str) -> Graph:
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except OSError as exc:
        raise ConfigError(f"{what} file {path} cannot be read: {exc}") from exc
    except Exception as exc:  # rdflib's parsers raise many unrelated exception types
        raise ConfigError(f"{what} file {path} is malformed: {exc}") from exc
    return graph


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
        for name, ns in _PREFIXES:
            if node.startswith(ns) and len(node) > len(ns):
                return f"{name}:{node[len(ns):]}"
        return f"<{node}>"
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
    from kg.consistency import check_metrics

    return check_metrics(_union(data))
