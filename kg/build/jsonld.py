"""JSON-LD 1.1 for `kg export -f json-ld`: compact, with the named graphs kept.

Oxigraph's JSON-LD writer produces expanded JSON-LD of one graph: every IRI in full, and the
per-document graphs merged away. This writer keeps the dataset: the default graph's nodes at the
top of ``@graph``, then one ``{"@id": graph, "@graph": [...]}`` object per document graph, and
abbreviates IRIs with the prefixes of the project's context (``ontology/context.jsonld``, shipped
in the package and served by ``kg serve`` at ``/context.jsonld``). The context is written inline
by default, so any JSON-LD processor reads the file offline (Oxigraph and rdflib included);
``context_url`` names the published context instead, for consumers that load it themselves. Literals keep their exact
lexical form and datatype (``{"@value": "217.0", "@type": "xsd:decimal"}``) so that reading the
file back gives the same quads as the TriG. Output order is the canonical quad order, so the
same graph always gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import IO, Any

import pyoxigraph as ox

from kg import paths
from kg import terms as T

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def context_prefixes() -> dict[str, str]:
    body = context_document()["@context"]
    return {k: v for k, v in body.items() if not k.startswith("@")}


def _compact(prefixes: dict[str, str]) -> Callable[[str], str]:
    """IRI → compact IRI with the context's prefixes; a local part that JSON-LD would misread
    (empty, or starting with '//') keeps the full IRI."""
    shorten = T.Shortener(prefixes, fits=lambda local: bool(local) and not local.startswith("//"))
    return lambda iri: shorten(iri) or iri


def _node_id(term: Any, short: Callable[[str], str]) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else short(term.value)


def _object(term: Any, short: Callable[[str], str]) -> Any:
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == _XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": short(term.datatype.value)}
    return {"@id": _node_id(term, short)}


def _nodes(quads: Iterable[ox.Quad], short: Callable[[str], str]) -> list[dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    for quad in quads:
        subject = _node_id(quad.subject, short)
        node = nodes.setdefault(subject, {"@id": subject})
        if quad.predicate.value == _RDF_TYPE and not isinstance(quad.object, ox.Literal):
            node.setdefault("@type", []).append(_node_id(quad.object, short))
        else:
            node.setdefault(short(quad.predicate.value), []).append(_object(quad.object, short))
    # One value is written as itself, not as a list of one (the same to a JSON-LD processor).
    return [{key: value[0] if isinstance(value, list) and len(value) == 1 else value
             for key, value in node.items()} for node in nodes.values()]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def context_document() -> dict[str, Any]:
    return json.loads(paths.context_file().read_text(encoding="utf-8"))


def write(quads: Iterable[ox.Quad], out: IO[bytes], context_url: str | None = None) -> None:
    """``quads`` in canonical order (default graph first, then named graphs by IRI)."""
    short = _compact(context_prefixes())
    by_graph: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        by_graph.setdefault(name, []).append(quad)
    # One node per line: compact, yet a diff of two builds still reads node by node.
    lines = [_dumps(node) for node in _nodes(by_graph.pop("", []), short)]
    for name, members in by_graph.items():
        inner = ",\n  ".join(_dumps(node) for node in _nodes(members, short))
        lines.append(f'{{"@id":{_dumps(short(name))},"@graph":[\n  {inner}\n ]}}')
    body = ",\n ".join(lines)
    context = _dumps(context_url) if context_url else _dumps(context_document()["@context"])
    out.write(f'{{"@context":{context},"@graph":[\n {body}\n]}}\n'.encode("utf-8"))
