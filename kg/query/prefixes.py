"""The prefix table of ``kg.terms`` as plain strings, for the query path.

``kg.terms`` builds its namespaces with rdflib, whose import was about half the start-up of a
`kg query` (0.1–0.3 s of 0.5 s); answering from the store needs no rdflib at all. The table is
written out here and ``tests/query/test_query_imports.py`` checks it against ``kg.terms``, term
for term, so the two cannot drift apart.
"""

from __future__ import annotations

_ID = "https://w3id.org/telemed-kg/id/"

PREFIX_IRIS: dict[str, str] = dict(sorted({
    "tm": "https://w3id.org/telemed-kg/ontology#",
    "id": _ID,
    **{name: f"{_ID}{path}/" for name, path in (
        ("country", "country"), ("region", "region"), ("programme", "programme"), ("funder", "funder"),
        ("facility", "facility"), ("metric", "metric"), ("indicator", "indicator"), ("unit", "unit"),
        ("doc", "document"), ("ev", "evidence"), ("stmt", "statement"), ("rule", "rule"),
        ("graph", "graph"), ("dataset", "dataset"), ("scheme", "scheme"))},
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
}.items()))

# "id:" would shorten IRIs no other prefix fits into something no reader knows: they stay whole.
# Longest namespace first, so country:KZ wins over a shorter namespace that also fits.
_COMPACTING = sorted(((p, ns) for p, ns in PREFIX_IRIS.items() if p != "id"), key=lambda kv: (-len(kv[1]), kv[0]))


def compact(iri: str) -> str:
    """``prefix:local`` for a result cell (as ``kg.terms.Shortener`` without ``id:``), else the IRI."""
    for prefix, namespace in _COMPACTING:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri
