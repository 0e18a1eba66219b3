"""What an RDF practitioner checks first, on the real seed build: ontology metadata, a VoID/DCAT
description of the dataset, SKOS that SKOS tools can read, links to Wikidata and QUDT, language
IRIs, language-tagged titles and typed periods."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg import paths
from kg import terms as T
from kg.build.pipeline import BuildResult

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VANN = Namespace("http://purl.org/vocab/vann/")
ONTOLOGY = URIRef("https://w3id.org/telemed-kg/ontology")
DATASET = URIRef(T.ID + "dataset/telemed-kg")



@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(paths.ontology_file())


def test_ontology_metadata(ontology: Graph) -> None:
    for predicate in (OWL.versionIRI, DCTERMS.title, DCTERMS.creator, DCTERMS.created, DCTERMS.license,
                      VANN.preferredNamespacePrefix, VANN.preferredNamespaceUri):
        assert ontology.value(ONTOLOGY, predicate) is not None, predicate
    assert str(ontology.value(ONTOLOGY, VANN.preferredNamespaceUri)) == str(T.TM)
    terms = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(T.TM))}
    assert len(terms) > 40
    assert all((t, RDFS.isDefinedBy, ONTOLOGY) in ontology for t in terms), \
        sorted(t for t in terms if (t, RDFS.isDefinedBy, ONTOLOGY) not in ontology)


def test_dataset_description(seed_build: BuildResult, seed_graph: Graph) -> None:
    g = seed_graph
    assert (DATASET, RDF.type, VOID.Dataset) in g and (DATASET, RDF.type, DCAT.Dataset) in g
    assert (DATASET, DCTERMS.conformsTo, ONTOLOGY) in g and (DATASET, VOID.vocabulary, ONTOLOGY) in g
    assert g.value(DATASET, DCTERMS.license) is not None
    assert int(g.value(DATASET, VOID.documents)) == 4
    # Counts are of the data, the description itself aside.
    assert 7000 < int(g.value(DATASET, VOID.triples)) < len(g)
    classes = Counter(o for _, o in g.subject_objects(RDF.type))
    partitions = {g.value(p, VOID["class"]): int(g.value(p, VOID.entities)) for p in g.objects(DATASET, VOID.classPartition)}
    for cls in (T.Country, T.Programme, T.Metric, T.Document):
        assert partitions[cls] == classes[cls], cls
    assert int(g.value(DATASET, VOID.entities)) == sum(classes[c] for c in T.ENTITY_CLASSES.values())
    # Each named graph is a subset that says which document it holds.
    subsets = set(g.objects(DATASET, VOID.subset))
    assert len(subsets) == 4
    for subset in subsets:
        document = g.value(subset, DCTERMS.source)
        assert (document, RDF.type, T.Document) in g
        assert str(subset).rsplit("/", 1)[1] == str(document).rsplit("/", 1)[1]
        named = [n for n in seed_build.dataset.graphs() if n.identifier == subset]
        assert int(g.value(subset, VOID.triples)) == len(named[0])


def test_skos(seed_graph: Graph) -> None:
    g = seed_graph
    with_alt = set(g.subjects(SKOS.altLabel, None))
    assert with_alt
    for node in with_alt:
        preferred = {(l.language, str(l)) for l in g.objects(node, SKOS.prefLabel)}
        assert preferred == {(l.language, str(l)) for l in g.objects(node, RDFS.label)}, node
    for cls in (T.Indicator, T.Unit):
        members = set(g.subjects(RDF.type, cls))
        schemes = {g.value(m, SKOS.inScheme) for m in members}
        assert len(schemes) == 1 and (schemes.pop(), RDF.type, SKOS.ConceptScheme) in g
        assert all(g.value(m, SKOS.prefLabel) is not None for m in members)


def test_links_to_wikidata_and_qudt(seed_graph: Graph) -> None:
    g = seed_graph
    wd = "http://www.wikidata.org/entity/"
    assert (URIRef(T.ID + "country/KZ"), SKOS.exactMatch, URIRef(wd + "Q232")) in g
    assert (URIRef(T.ID + "funder/who"), SKOS.exactMatch, URIRef(wd + "Q7817")) in g
    assert (URIRef(T.ID + "unit/USD"), SKOS.exactMatch, URIRef("http://qudt.org/vocab/currency/USD")) in g
    assert (URIRef(T.ID + "unit/percent"), SKOS.exactMatch, URIRef("http://qudt.org/vocab/unit/PERCENT")) in g
    # A link is copied only for what the build has.
    assert not any(str(s).endswith("/country/US") for s in g.subjects(SKOS.exactMatch, None)
                   if (s, RDF.type, None) not in g)


def test_languages_titles_and_periods(seed_graph: Graph) -> None:
    g = seed_graph
    for doc in g.subjects(RDF.type, T.Document):
        languages = list(g.objects(doc, DCTERMS.language))
        assert languages and all(str(l).startswith("http://id.loc.gov/vocabulary/iso639-1/") for l in languages)
        title = g.value(doc, DCTERMS.title)
        assert isinstance(title, Literal) and title.language in ("en", "ru", "kk")
    titles = {str(g.value(d, T.fileName)): g.value(d, DCTERMS.title).language for d in g.subjects(RDF.type, T.Document)}
    assert titles["001_6b963e040055fc24.txt"] == "ru" and titles["000_a082bec6c71722d9.txt"] == "en"
    XSD = T.PREFIXES["xsd"]
    periods = list(g.objects(None, T.period))
    assert periods and all(p.datatype in (XSD.gYear, XSD.gYearMonth, XSD.date) for p in periods)
    starts = {(m, g.value(m, T.periodStart), g.value(m, T.periodEnd)) for m in g.subjects(T.periodStart, None)}
    assert any(str(s) == "2017" and str(e) == "2021" and s.datatype == XSD.gYear for _, s, e in starts)
