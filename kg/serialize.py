"""Deterministic serialisation of the dataset: Turtle/N-Triples of the union, TriG and
N-Quads with one named graph per document, JSON-LD."""

from __future__ import annotations

from rdflib import Dataset, Graph

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


def serialize(dataset: Dataset, fmt: str) -> str:
    rdflib_format, _ = FORMATS[fmt]
    if fmt in QUAD_FORMATS:
        text = dataset.serialize(format=rdflib_format)
    else:
        text = union_graph(dataset).serialize(format=rdflib_format, **({"auto_compact": True} if fmt == "json-ld" else {}))
    if fmt in ("nt", "nquads"):
        # Line-based formats come out in hash order; sorting makes them reproducible.
        lines = sorted(line for line in text.splitlines() if line.strip())
        text = "\n".join(lines) + "\n"
    return text
