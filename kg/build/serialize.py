"""Deterministic serialisation: Turtle/N-Triples of the union of all graphs; TriG, N-Quads and
JSON-LD (``jsonld``) with one named graph per document.

Statements are written in one canonical order (``QuadSet``: default graph first, then named
graphs by IRI, statements sorted), so the same graph always gives the same bytes whatever the
hash seed or the order documents arrived in. The line formats are joined here; Turtle, TriG and
JSON-LD come from Oxigraph's writers, which keep that order and abbreviate with our prefixes
(tens of MB/s, where rdflib's Turtle writer manages about 1 MB/s).
"""

from __future__ import annotations

import io
from collections.abc import Collection, Iterable
from typing import IO

import pyoxigraph as ox
from rdflib import Dataset

from kg import terms as T
from kg.rdf.convert import to_ox_quads
from kg.build.quads import DEFAULT_GRAPH, QuadSet

FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    # name: (Oxigraph format, file suffix)
    "turtle": (ox.RdfFormat.TURTLE, "ttl"),
    "trig": (ox.RdfFormat.TRIG, "trig"),
    "nt": (ox.RdfFormat.N_TRIPLES, "nt"),
    "nquads": (ox.RdfFormat.N_QUADS, "nq"),
    "json-ld": (ox.RdfFormat.JSON_LD, "jsonld"),
}
QUAD_FORMATS = {"trig", "nquads"}


def _chunks(lines: Iterable[str], size: int = 1 << 20) -> Iterable[bytes]:
    buffer: list[str] = []
    length = 0
    for line in lines:
        buffer.append(line)
        length += len(line)
        if length >= size:
            yield "".join(buffer).encode("utf-8")
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode("utf-8")


def write(quads: QuadSet, fmt: str, out: IO[bytes], context_url: str | None = None) -> None:
    """Write ``quads`` in ``fmt`` to a binary stream; ``context_url``: JSON-LD names that
    published context instead of writing it inline."""
    if fmt == "nt":
        for chunk in _chunks(quads.ntriples()):
            out.write(chunk)
    elif fmt == "nquads":
        for chunk in _chunks(quads.nquads()):
            out.write(chunk)
    elif fmt == "json-ld":
        from kg.build import jsonld

        jsonld.write(quads.ox_quads(), out, context_url)
    elif fmt == "trig" and quads.trig_texts and quads.graphs.get(DEFAULT_GRAPH):
        _write_trig_from_blocks(quads, out)
    elif fmt in QUAD_FORMATS:
        ox.serialize(quads.ox_quads(), out, FORMATS[fmt][0], prefixes=T.PREFIX_IRIS)
    else:
        ox.serialize(quads.ox_union(), out, FORMATS[fmt][0], prefixes=T.PREFIX_IRIS)


def _trig(quads: QuadSet) -> bytes:
    buffer = io.BytesIO()
    ox.serialize(quads.ox_quads(), buffer, ox.RdfFormat.TRIG, prefixes=T.PREFIX_IRIS)
    return buffer.getvalue()


def _without_prefixes(trig: bytes) -> bytes:
    """Oxigraph writes every prefix, one line each, before the first graph."""
    position = 0
    for _ in T.PREFIX_IRIS:
        position = trig.index(b"\n", position) + 1
    return trig[position:]


def trig_block(name: str, statements: Collection[str]) -> str:
    """One named graph's TriG, without the prefix lines: Oxigraph writes each graph of a TriG
    file on its own, so a file is its prefixes, the default graph and these blocks in order."""
    if not statements:
        return ""
    return _without_prefixes(_trig(QuadSet({name: set(statements)}))).decode("utf-8")


def default_trig(quads: QuadSet) -> bytes:
    """The prefixes and the default graph of a TriG file, the named graphs' blocks to follow."""
    return _trig(QuadSet({DEFAULT_GRAPH: quads.graph(DEFAULT_GRAPH)}))


def _write_trig_from_blocks(quads: QuadSet, out: IO[bytes]) -> None:
    """TriG reusing the named graphs' texts that are already written: the prefixes and the
    default graph from Oxigraph, then each named graph's block (tests/test_blocks.py checks the
    bytes against a build that writes the whole file at once)."""
    out.write(default_trig(quads))
    for name in quads.graph_names():
        if name == DEFAULT_GRAPH:
            continue
        out.write(named_trig(quads, name))


def named_trig(quads: QuadSet, name: str) -> bytes:
    """A named graph's TriG: its block's text while the graph has the size it was written from."""
    known = quads.trig_texts.get(name)
    text = known[1]() if known is not None and known[0] == quads.size(name) else None
    return (trig_block(name, quads.statements(name)) if text is None else text).encode("utf-8")


def serialize(quads: QuadSet | Dataset, fmt: str, context_url: str | None = None) -> str:
    """``fmt`` as text; an rdflib Dataset (a graph read back from a file) is converted first."""
    if isinstance(quads, Dataset):
        quads = from_rdflib(quads)
    buffer = io.BytesIO()
    write(quads, fmt, buffer, context_url)
    return buffer.getvalue().decode("utf-8")


def from_rdflib(dataset: Dataset) -> QuadSet:
    return QuadSet.from_ox(to_ox_quads(dataset))
