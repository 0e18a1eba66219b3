"""Every ontology term the code uses, declared once.

A test checks that each ``TM`` term named here is declared in ``ontology/telemed.ttl``,
so a typo cannot silently mint a new predicate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

ONTOLOGY_IRI = "https://w3id.org/telemed-kg/ontology"
TM = Namespace(ONTOLOGY_IRI + "#")
ID = Namespace("https://w3id.org/telemed-kg/id/")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES: dict[str, Namespace] = {
    "tm": TM,
    "id": ID,
    "country": Namespace(ID + "country/"),
    "region": Namespace(ID + "region/"),
    "programme": Namespace(ID + "programme/"),
    "funder": Namespace(ID + "funder/"),
    "facility": Namespace(ID + "facility/"),
    "metric": Namespace(ID + "metric/"),
    "indicator": Namespace(ID + "indicator/"),
    "unit": Namespace(ID + "unit/"),
    "doc": Namespace(ID + "document/"),
    "ev": Namespace(ID + "evidence/"),
    "stmt": Namespace(ID + "statement/"),
    "rule": Namespace(ID + "rule/"),
    "graph": Namespace(ID + "graph/"),
    "dataset": Namespace(ID + "dataset/"),
    "scheme": Namespace(ID + "scheme/"),
    "oa": OA,
    "prov": PROV,
    "skos": SKOS,
    "dct": DCTERMS,
    "rdfs": RDFS,
    "rdf": RDF,
    "owl": OWL,
    "xsd": XSD,
    "void": Namespace("http://rdfs.org/ns/void#"),
    "dcat": Namespace("http://www.w3.org/ns/dcat#"),
}

# Classes
Entity = TM.Entity
Country = TM.Country
Region = TM.Region
Programme = TM.Programme
Funder = TM.Funder
Facility = TM.Facility
Metric = TM.Metric
Document = TM.Document
Indicator = TM.Indicator
Unit = TM.Unit
Bound = TM.Bound
Statement = TM.Statement
ExtractionRule = TM.ExtractionRule

# Bounds
exact = TM.exact
atLeast = TM.atLeast
atMost = TM.atMost
approximately = TM.approximately

# Object properties
operatesIn = TM.operatesIn
fundedBy = TM.fundedBy
implementedBy = TM.implementedBy
partner = TM.partner
involvesFacility = TM.involvesFacility
locatedIn = TM.locatedIn
about = TM.about
partOf = TM.partOf
mentionedIn = TM.mentionedIn
country = TM.country

# Data properties
value = TM.value
unit = TM.unit
indicator = TM.indicator
bound = TM.bound
period = TM.period
periodStart = TM.periodStart
periodEnd = TM.periodEnd
rangeMin = TM.rangeMin
rangeMax = TM.rangeMax
isoCode = TM.isoCode
iso3Code = TM.iso3Code
adjective = TM.adjective
regionType = TM.regionType
orgType = TM.orgType
fileName = TM.fileName
sha256 = TM.sha256
byteSize = TM.byteSize
charLength = TM.charLength
encoding = TM.encoding
mentionCount = TM.mentionCount
rule = TM.rule
normalizedQuote = TM.normalizedQuote
section = TM.section
# Documents read from PDF, HTML or DOCX files: the text extraction saw, and the file's pages.
DerivedText = TM.DerivedText
derivedText = TM.derivedText
path = TM.path
pageCount = TM.pageCount
ocr = TM.ocr
RFC3778 = URIRef("http://tools.ietf.org/rfc/rfc3778")  # PDF fragment identifiers: #page=N

BOUNDS: dict[str, URIRef] = {
    "exact": exact,
    "atLeast": atLeast,
    "atMost": atMost,
    "approximately": approximately,
}
RELATIONS: dict[str, URIRef] = {
    "operatesIn": operatesIn,
    "fundedBy": fundedBy,
    "implementedBy": implementedBy,
    "partner": partner,
    "involvesFacility": involvesFacility,
    "locatedIn": locatedIn,
}


def tm_terms_used() -> list[URIRef]:
    """All tm: terms bound in this module (for the ontology-coverage test)."""
    return sorted({v for v in globals().values() if isinstance(v, URIRef) and v.startswith(TM)})


# ==================================================================== shared helpers (issue #12)
# Each of these was written several times across the stages; every stage imports them from here.

# The order a label is looked for when the one asked for is missing.
LABEL_LANGUAGES = ("en", "ru", "kk")


def local_name(iri: str) -> str:
    """The last path or fragment segment of an IRI: the readable fallback label."""
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def best_label(labels: Mapping[str, str], iri: str = "", lang: str = "en") -> str:
    """Label in ``lang``, else en → ru → kk → any other language (untagged is '') → the IRI's
    local name."""
    for candidate in (lang, *LABEL_LANGUAGES, *sorted(labels)):
        if labels.get(candidate):
            return labels[candidate]
    return local_name(iri)


# The prefixes as plain strings, by name: what Oxigraph's writers and parsers take.
PREFIX_IRIS: dict[str, str] = {name: str(ns) for name, ns in sorted(PREFIXES.items())}


class Shortener:
    """IRI → ``prefix:local`` with the longest namespace that fits (so country:KZ wins over
    id:country/KZ), or None when none does; ``fits`` refuses local parts a format would misread."""

    def __init__(self, prefixes: Mapping[str, str] = PREFIX_IRIS, *, sep: str = ":",
                 fits: Callable[[str], bool] = bool) -> None:
        self.table = sorted(((p, str(ns)) for p, ns in prefixes.items() if ns), key=lambda kv: (-len(kv[1]), kv[0]))
        self.sep = sep
        self.fits = fits

    def __call__(self, iri: str) -> str | None:
        for prefix, namespace in self.table:
            if iri.startswith(namespace) and self.fits(iri[len(namespace):]):
                return f"{prefix}{self.sep}{iri[len(namespace):]}"
        return None


shorten = Shortener()


@dataclass(frozen=True)
class NodeClass:
    """A class the graph's nodes belong to, and how views draw it."""

    iri: URIRef
    label: str  # the ontology's English rdfs:label
    plural: str  # … in the plural, for sentences such as '12 countries left out'
    shape: str  # vis-network shape, colour and legend symbol
    colour: str
    symbol: str
    lexicon: bool = False  # an entity class of the lexicon, curation and `kg entities --class`

    @property
    def name(self) -> str:
        """What views and `kg stats` call it: 'Country'."""
        return local_name(self.iri)

    @property
    def key(self) -> str:
        """What the lexicon, curation files and the CLI call it: 'country'."""
        return self.name.lower()


# Priority order: a node typed twice is drawn as the first class that applies; tm:Entity is the
# class of a relation's end that has no type of its own.
NODE_CLASSES: dict[str, NodeClass] = {c.name: c for c in (
    NodeClass(Country, "country", "countries", "diamond", "#e15759", "◆", lexicon=True),
    NodeClass(Region, "region", "regions", "triangle", "#f28e2b", "▲", lexicon=True),
    NodeClass(Programme, "programme", "programmes", "dot", "#4e79a7", "●", lexicon=True),
    NodeClass(Funder, "funder or partner organisation", "funders or partner organisations", "square", "#59a14f", "■",
              lexicon=True),
    NodeClass(Facility, "facility", "facilities", "triangleDown", "#76b7b2", "▼", lexicon=True),
    NodeClass(Metric, "metric", "metrics", "box", "#edc948", "▭"),
    NodeClass(Document, "document", "documents", "star", "#b07aa1", "★"),
    NodeClass(Entity, "entity", "entities", "dot", "#bab0ac", "●"),
)}
# Lexicon key → class IRI: 'country' → tm:Country.
ENTITY_CLASSES: dict[str, URIRef] = {c.key: c.iri for c in NODE_CLASSES.values() if c.lexicon}
