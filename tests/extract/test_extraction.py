"""Entity and relation extraction (issue 3): the seed facts, one IRI per thing across
languages, and recall/precision on articles written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg import terms as T
from kg.check.evaluation.extraction import score_folder, score_seeds, total
from kg.extract import extract_document
from kg.text.ingest import read_document
from kg.extract.lexicon import Lexicon

from tests.conftest import ROOT, SEEDS

ID = "https://w3id.org/telemed-kg/id/"
DATA = ROOT / "tests" / "data" / "entities"


def iri(path: str) -> URIRef:
    return URIRef(ID + path)


def labels(graph: Graph, node: URIRef) -> dict[str, str]:
    return {l.language: str(l) for l in graph.objects(node, RDFS.label)}


def facts_for(tmp_path: Path, lexicon: Lexicon, text: str):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return extract_document(read_document(path), lexicon)


def test_country_in_every_inflected_form_is_one_entity(tmp_path: Path, lexicon: Lexicon) -> None:
    text = ("Kazakhstan's clinics grew. В Казахстане и для Казахстана. Қазақстандағы емханалар. "
            "Қазақстанның денсаулық сақтау жүйесі.")
    facts = facts_for(tmp_path, lexicon, text)
    assert {m.iri for m in facts.mentions} == {ID + "country/KZ"}
    assert len(facts.mentions) == 5


def test_table_two_regions_are_regions_of_kazakhstan(seed_graph: Graph) -> None:
    for slug in ("kz-pavlodar-region", "kz-north-kazakhstan-region", "kz-ulytau-region", "kz-astana"):
        node = iri(f"region/{slug}")
        assert (node, RDF.type, T.Region) in seed_graph
        assert (node, T.locatedIn, iri("country/KZ")) in seed_graph


def test_running_text_regions(seed_graph: Graph) -> None:
    sughd, nukus = iri("region/tj-sughd-region"), iri("region/uz-nukus")
    assert (sughd, T.mentionedIn, iri("document/000_a082bec6c71722d9")) in seed_graph
    assert (nukus, T.locatedIn, iri("region/uz-karakalpakstan")) in seed_graph
    # "в Алматинской — 12 646": the elliptic adjective is the region
    assert (iri("region/kz-almaty-region"), T.mentionedIn, iri("document/002_ec26920e654f0b8c")) in seed_graph


def test_programmes_named_and_described(seed_graph: Graph) -> None:
    online = iri("programme/online-medicine")
    assert labels(seed_graph, online)["ru"] == "Онлайн медицина"
    assert (iri("programme/telemed-kg"), T.operatesIn, iri("country/KG")) in seed_graph
    kz_rural = next(p for p in seed_graph.subjects(RDF.type, T.Programme)
                    if "rural telemedicine programme" in labels(seed_graph, p).get("en", ""))
    assert (kz_rural, T.operatesIn, iri("country/KZ")) in seed_graph
    partners = set(seed_graph.objects(kz_rural, T.partner))
    assert iri("funder/ministry-of-health-kz") in partners and iri("funder/kazakhtelecom") in partners
    french = next(p for p in seed_graph.subjects(RDF.type, T.Programme)
                  if "French government-funded project" in labels(seed_graph, p).get("en", ""))
    assert (french, T.operatesIn, iri("country/TJ")) in seed_graph
    assert (french, T.fundedBy, iri("funder/government-of-france")) in seed_graph
    assert (french, T.implementedBy, iri("funder/c3medical")) in seed_graph


def test_organisations_with_acronyms_are_one_entity(seed_graph: Graph) -> None:
    rcez = iri("funder/republican-centre-electronic-health")
    assert labels(seed_graph, rcez)["ru"] == "Республиканский центр электронного здравоохранения"
    assert "РЦЭЗ" in {str(a) for a in seed_graph.objects(rcez, T.PREFIXES["skos"].altLabel)}
    # Seed 001 also names the centre without its dedication; the one that runs Online Medicine is 002's.
    nrchd = next(f for f in seed_graph.subjects(RDF.type, T.Funder)
                 if labels(seed_graph, f).get("ru", "").startswith("Национальный научный центр развития здравоохранения")
                 and (f, T.mentionedIn, iri("document/002_ec26920e654f0b8c")) in seed_graph)
    assert "им. С. Каирбековой" in labels(seed_graph, nrchd)["ru"]
    assert (iri("programme/online-medicine"), T.implementedBy, nrchd) in seed_graph


def test_un_agencies_implement_and_the_eu_funds(seed_graph: Graph) -> None:
    bridging = iri("programme/bridging-the-digital-health-divide")
    for agency in ("who", "undp", "unicef", "unfpa"):
        assert (bridging, T.implementedBy, iri(f"funder/{agency}")) in seed_graph
        assert (bridging, T.fundedBy, iri(f"funder/{agency}")) not in seed_graph
    assert (bridging, T.fundedBy, iri("funder/european-union")) in seed_graph


def test_facilities_and_their_places(seed_graph: Graph) -> None:
    expected = {
        "facility/house-of-health": "region/tm-ashgabat",
        "facility/national-childrens-medical-centre": "country/UZ",
        "facility/republican-perinatal-centre": "country/UZ",
    }
    for facility, place in expected.items():
        assert (iri(facility), RDF.type, T.Facility) in seed_graph, facility
        assert (iri(facility), T.locatedIn, iri(place)) in seed_graph, facility
    branch = next(f for f in seed_graph.subjects(RDF.type, T.Facility)
                  if labels(seed_graph, f).get("en", "").startswith("Tashkent regional branch of the Republican"))
    assert (branch, T.locatedIn, iri("region/uz-chirchik")) in seed_graph
    neuro = next(f for f in seed_graph.subjects(RDF.type, T.Facility)
                 if labels(seed_graph, f).get("en", "").endswith("Centre for Neurosurgery"))
    assert (neuro, RDF.type, T.Funder) not in seed_graph


def test_every_relation_has_evidence_with_its_rule(seed_graph: Graph) -> None:
    for statement in seed_graph.subjects(RDF.type, T.Statement):
        annotations = list(seed_graph.subjects(T.OA.hasBody, statement))
        assert annotations
        for annotation in annotations:
            rule = seed_graph.value(annotation, T.rule)
            assert (rule, RDF.type, T.ExtractionRule) in seed_graph
            assert seed_graph.value(rule, RDFS.comment) is not None


def test_no_duplicate_entities_by_label(seed_graph: Graph) -> None:
    seen: dict[tuple[str, str], URIRef] = {}
    for cls in T.ENTITY_CLASSES.values():
        for node in seed_graph.subjects(RDF.type, cls):
            for label in seed_graph.objects(node, RDFS.label):
                key = (str(label).casefold(), label.language)
                assert seen.setdefault(key, node) == node, f"{label!r} names {seen[key]} and {node}"


@pytest.fixture(scope="module")
def article_scores(lexicon: Lexicon):
    return score_folder(DATA, lexicon)


def test_test_articles_cover_three_languages() -> None:
    names = [p.name for p in DATA.glob("*.txt")]
    assert len(names) >= 6
    assert {n[:2] for n in names} >= {"en", "ru", "kk"}


def test_recall_and_precision_on_test_articles(article_scores) -> None:
    entities, relations = total(article_scores, 0, "entities"), total(article_scores, 1, "relations")
    assert entities.recall >= 0.85, entities.missing
    assert entities.precision >= 0.90, entities.spurious
    assert relations.recall >= 0.85, relations.missing
    assert relations.precision >= 0.90, relations.spurious


def test_recall_and_precision_on_seeds(lexicon: Lexicon) -> None:
    scores = score_seeds(SEEDS, DATA / "seeds-expected.yaml", lexicon)
    entities, relations = total(scores, 0, "entities"), total(scores, 1, "relations")
    assert entities.recall >= 0.95 and entities.precision >= 0.90, (entities.missing, entities.spurious)
    assert relations.recall >= 0.90 and relations.precision >= 0.90, (relations.missing, relations.spurious)


@pytest.mark.parametrize("folder, floors", [
    # Written blind by someone who never read the extractor. First contact: entities R 76% P 90%,
    # relations R 22% P 69%; two rounds of generic fixes followed.
    ("entities_holdout", (0.90, 0.95, 0.62, 0.88)),
    # Written blind later. First contact: entities R 67% P 86%, relations R 15% P 48%; one round
    # of generic fixes followed. Relation recall on unseen text is still well short of 85%.
    ("entities_final", (0.84, 0.92, 0.55, 0.78)),
])
def test_blind_article_sets_do_not_regress(lexicon: Lexicon, folder: str, floors: tuple[float, ...]) -> None:
    scores = score_folder(ROOT / "tests" / "data" / folder, lexicon)
    entities, relations = total(scores, 0, "entities"), total(scores, 1, "relations")
    er, ep, rr, rp = floors
    assert entities.recall >= er and entities.precision >= ep, (entities.missing, entities.spurious)
    assert relations.recall >= rr and relations.precision >= rp, (relations.missing, relations.spurious)


def test_the_test_scorer_judges_a_facilitys_country_right_but_never_requires_it(tmp_path: Path,
                                                                              lexicon: Lexicon) -> None:
    from kg.check.evaluation.extraction import score_document
    path = tmp_path / "article.txt"
    path.write_text("Doctors at Uzgen Central Hospital in Uzgen received two ventilators.", encoding="utf-8")
    placed = {"entities": [["facility", "Uzgen Central Hospital"], ["region", "region/kg-uzgen"]],
              "relations": [["Uzgen Central Hospital", "locatedIn", "region/kg-uzgen"]]}
    _, relations = score_document(path, placed, lexicon)
    assert "uzgen-central-hospital locatedIn KG" not in relations.spurious
    assert relations.expected == 1
    unplaced = {"entities": [["facility", "Uzgen Central Hospital"]], "relations": []}
    _, relations = score_document(path, unplaced, lexicon)
    assert "uzgen-central-hospital locatedIn KG" in relations.spurious
