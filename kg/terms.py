"""Every ontology term the code uses, declared once.

A test checks that each ``TM`` term named here is declared in ``ontology/telemed.ttl``,
so a typo cannot silently mint a new predicate.
"""

from __future__ import annotations

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

ENTITY_CLASSES: dict[str, URIRef] = {
    "country": Country,
    "region": Region,
    "programme": Programme,
    "funder": Funder,
    "facility": Facility,
}
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
