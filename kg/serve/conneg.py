"""HTTP content negotiation for the SPARQL endpoint: pick the response media type from an Accept
header (RFC 9110 §12.5.1: quality values, then specificity) among the ones a result can take."""

from __future__ import annotations

import pyoxigraph as ox

# Media type → serialisation, in order of preference when the client accepts anything.
SOLUTION_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
DATASET_TYPES: dict[str, ox.RdfFormat] = {
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
# ?format=… (or ?output=…, as SPARQLWrapper and Virtuoso send it) overrides the Accept header when
# it names a format this result kind has: the same word means a different type for solutions
# ("xml": SPARQL XML results) and for graphs ("xml": RDF/XML). A word the server does not know for
# the result at hand is ignored and the Accept header decides (SPARQLWrapper sends format=xml
# next to a correct Accept for CONSTRUCT).
SOLUTION_ALIASES: dict[str, str] = {
    "json": "application/sparql-results+json", "srj": "application/sparql-results+json",
    "sparql-results+json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml", "srx": "application/sparql-results+xml",
    "sparql-results+xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values",
}
GRAPH_ALIASES: dict[str, str] = {
    "turtle": "text/turtle", "ttl": "text/turtle", "n3": "text/turtle", "trig": "application/trig",
    "nt": "application/n-triples", "ntriples": "application/n-triples", "n-triples": "application/n-triples",
    "nq": "application/n-quads", "nquads": "application/n-quads", "n-quads": "application/n-quads",
    "jsonld": "application/ld+json", "json-ld": "application/ld+json", "json": "application/ld+json",
    "ld+json": "application/ld+json",
    "xml": "application/rdf+xml", "rdf": "application/rdf+xml", "rdf+xml": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
}


def choose(formats: list[str], accept: str | None, offered: list[str], aliases: dict[str, str]) -> str | None:
    """The media type to answer with: the first ``format`` value that names an offered type, else
    what the Accept header prefers among ``offered``."""
    for value in formats:
        # In a URL query '+' decodes to a space: "rdf+xml" arrives as "rdf xml".
        word = value.strip().lower().replace(" ", "+")
        media = aliases.get(word, word)
        if media in offered:
            return media
    return negotiate(accept, offered)


def _ranges(accept: str) -> list[tuple[str, float]]:
    out = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        out.append((media, quality))
    return out


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The quality the client gives ``media``: the most specific matching range decides."""
    major = media.split("/")[0]
    best: tuple[int, float] | None = None
    for pattern, quality in ranges:
        if pattern == media:
            specificity = 3
        elif pattern == f"{major}/*":
            specificity = 2
        elif pattern == "*/*":
            specificity = 1
        else:
            continue
        if best is None or specificity > best[0]:
            best = (specificity, quality)
    return best[1] if best else 0.0


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers, or None when it accepts none of them.
    No Accept header means anything, so the first offered type."""
    if not accept or not accept.strip():
        return offered[0] if offered else None
    ranges = _ranges(accept)
    scored = [(_quality(media, ranges), -i, media) for i, media in enumerate(offered)]
    quality, _, media = max(scored, default=(0.0, 0, None))
    return media if quality > 0 else None
