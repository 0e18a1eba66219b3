"""Every ontology term the code names is declared; committed data is canonical."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from kg import paths
from kg import terms as T


def test_every_tm_term_used_in_code_is_declared() -> None:
    ontology = Graph().parse(paths.ontology_file())
    declared = set(ontology.subjects(RDF.type, None))
    missing = [t for t in T.tm_terms_used() if t not in declared]
    assert not missing, missing


def test_ontology_declares_the_contract_classes_and_properties() -> None:
    ontology = Graph().parse(paths.ontology_file())
    for name in ("Country", "Region", "Programme", "Funder", "Facility", "Metric", "Document"):
        assert (T.TM[name], RDF.type, OWL.Class) in ontology
    for name in ("operatesIn", "fundedBy", "implementedBy", "partner", "involvesFacility", "locatedIn",
                 "about", "partOf", "mentionedIn", "unit", "indicator", "bound"):
        assert (T.TM[name], RDF.type, OWL.ObjectProperty) in ontology


def test_reference_entities_have_labels_in_three_languages_for_central_asia() -> None:
    reference = Graph().parse(paths.reference_file())
    from rdflib.namespace import SKOS

    for code in ("KZ", "KG", "TJ", "UZ", "TM"):
        country = T.ID[f"country/{code}"]
        langs = {l.language for l in reference.objects(country, SKOS.prefLabel)}
        assert langs == {"en", "ru", "kk"}, code
