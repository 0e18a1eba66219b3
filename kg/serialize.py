"""Deterministic serialisation of the dataset: Turtle/N-Triples of the union, TriG and
N-Quads with one named graph per document, JSON-LD."""

from __future__ import annotations

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from . import terms as T

FORMATS: dict[str, tuple[str, str]] = {
    # name: (rdflib format, file suffix)
    "turtle": ("turtle", "ttl"),
    "trig": ("trig", "trig"),
    "nt": ("nt", "nt"),
    "nquads": ("nquads", "nq"),
    "json-ld": ("json-ld", "jsonld"),
}
QUAD_FORMATS = {"trig", "nquads"}


def union_graph(dataset: Dataset) -> Graph:
    union = Graph()
    for prefix, namespace in T.PREFIXES.items():
        union.bind(prefix, namespace, override=True)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _bound_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in T.PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def _turtle_body(graph: Graph) -> str:
    text = graph.serialize(format="turtle")
    return "\n".join(line for line in text.splitlines() if not line.startswith("@prefix")).strip("\n")


def trig(dataset: Dataset) -> str:
    """TriG with graphs in IRI order: rdflib's TriG writer orders graphs by hash."""
    out = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(T.PREFIXES.items())]
    default = _bound_graph()
    named = {}
    for context in dataset.graphs():
        if context.identifier == DATASET_DEFAULT_GRAPH_ID:
            for triple in context:
                default.add(triple)
        elif len(context):
            named[str(context.identifier)] = context
    out.append("")
    out.append(_turtle_body(default))
    for iri in sorted(named):
        graph = _bound_graph()
        for triple in named[iri]:
            graph.add(triple)
        # No indentation: it would change the text of multi-line literals.
        out.append(f"\n<{iri}> {{\n{_turtle_body(graph)}\n}}")
    return "\n".join(out) + "\n"


def serialize(dataset: Dataset, fmt: str) -> str:
    rdflib_format, _ = FORMATS[fmt]
    if fmt == "trig":
        return trig(dataset)
    if fmt in QUAD_FORMATS:
        text = dataset.serialize(format=rdflib_format)
    else:
        text = union_graph(dataset).serialize(format=rdflib_format, **({"auto_compact": True} if fmt == "json-ld" else {}))
    if fmt in ("nt", "nquads"):
        # Line-based formats come out in hash order; sorting makes them reproducible.
        lines = sorted(line for line in text.splitlines() if line.strip())
        text = "\n".join(lines) + "\n"
    return text
