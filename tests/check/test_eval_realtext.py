"""The real-text scorer on an article written here: a donor country in the gold is the donor
government the graph names, and an unnamed programme matches the one the extractor describes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from kg.check.evaluation.extraction import Score, score_real_corpus

ARTICLE = "The Government of Japan handed over 20 ventilators to the Ministry of Health of Kyrgyzstan for hospitals in Osh.\n"
GOLD = {
    "entities": [["country", "Kyrgyzstan"], ["country", "Japan"], ["region", "Osh"],
                 ["programme", "*delivery of ventilators by Japan"]],
    "relations": [["*delivery of ventilators by Japan", "fundedBy", "Japan"],
                  ["*delivery of ventilators by Japan", "operatesIn", "Osh"]],
    "metrics": [[20, "*delivery of ventilators by Japan"]],
}


def _build_and_score(tmp_path: Path, doc_id: str, text: str, gold: dict) -> tuple[Path, Score]:
    """Build the one article with the real CLI and score its graph against ``gold``: the build's
    folder and the relations' score."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    (corpus / f"{doc_id}.gold.yaml").write_text(yaml.safe_dump(gold, allow_unicode=True), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "kg", "build", str(corpus / f"{doc_id}.txt"), "-o", str(out),
                    "--no-html", "-q", "--no-cache"], check=True)
    return out, score_real_corpus(out / "kg.trig", corpus, corpus)[doc_id].parts()[1]


def test_a_donor_country_in_the_gold_is_its_government_in_the_graph(tmp_path: Path) -> None:
    _, relations = _build_and_score(tmp_path, "en_kg_ventilators", ARTICLE, GOLD)
    assert (relations.found, relations.expected) == (2, 2), relations.missing
    assert not any("fundedBy" in line for line in relations.spurious), relations.spurious


ENTAILING_ARTICLE = ("The Health Links Project, funded by the Asian Development Bank, opened a new polyclinic in "
                     "Kara-Suu district of Osh region.\nThe project will also equip the district hospital in Talas next year.\n")
ENTAILING_GOLD = {
    "entities": [["programme", "Health Links Project"], ["funder", "Asian Development Bank"],
                 ["region", "Kara-Suu district"], ["region", "Osh region"]],
    "relations": [["Health Links Project", "fundedBy", "Asian Development Bank"],
                  ["Health Links Project", "operatesIn", "Kara-Suu district"],
                  ["Kara-Suu district", "locatedIn", "Osh region"]],
}


def test_what_the_readers_rows_imply_is_right_but_never_required(tmp_path: Path) -> None:
    """The reader wrote the district and that it lies in Osh region, not the region or the country
    of the programme: the graph's 'operates in Osh region' and 'operates in Kyrgyzstan' follow from
    the rows and the reference data, and are right; 'operates in Talas' follows from nothing."""
    _, relations = _build_and_score(tmp_path, "en_kg_links", ENTAILING_ARTICLE, ENTAILING_GOLD)
    assert (relations.found, relations.expected) == (3, 3), relations.missing
    assert not any(line.endswith((" operatesIn kg-osh-region", " operatesIn KG")) for line in relations.spurious)
    assert "health-links-project operatesIn kg-talas" in relations.spurious


PLACED_ARTICLE = "The Government of Japan handed over 20 ventilators to hospitals in Osh, Kyrgyzstan.\n"
PLACED_GOLD = {
    "entities": [["country", "Kyrgyzstan"], ["country", "Japan"], ["region", "Osh"],
                 ["programme", "*delivery of ventilators by Japan"]],
    "relations": [["*delivery of ventilators by Japan", "fundedBy", "Japan"]],
}


def test_a_known_place_in_the_place_that_holds_it_is_right_but_never_required(tmp_path: Path) -> None:
    """'Osh, Kyrgyzstan': the graph's 'Osh locatedIn Kyrgyzstan' is what the reference data says, true whether
    or not the reader wrote it down; it is never required."""
    out, relations = _build_and_score(tmp_path, "en_kg_placed", PLACED_ARTICLE, PLACED_GOLD)
    graph = (out / "kg.ttl").read_text(encoding="utf-8")
    assert "region:kg-osh" in graph and "tm:locatedIn country:KG" in graph
    assert relations.expected == 1
    assert not any("locatedIn" in line for line in relations.spurious), relations.spurious


LISTED_ARTICLE = ("The Health Caravan project, funded by the Asian Development Bank, examined villagers in Osh, Talas and "
                  "Naryn regions.\n")
LISTED_GOLD = {
    "entities": [["programme", "Health Caravan project"], ["funder", "Asian Development Bank"],
                 ["region", "Osh"], ["region", "Talas"], ["region", "Naryn"]],
    "relations": [["Health Caravan project", "operatesIn", "Osh"], ["Health Caravan project", "operatesIn", "Talas"],
                  ["Health Caravan project", "operatesIn", "Naryn"]],
}


def test_a_province_a_list_names_bare_is_the_province(tmp_path: Path) -> None:
    """'Osh, Talas and Naryn regions': the reader writes 'Osh', the graph has Osh Region, and they are one; scored
    without the article's text (as before), bare 'Osh' is the town and does not match."""
    out, relations = _build_and_score(tmp_path, "en_kg_caravan", LISTED_ARTICLE, LISTED_GOLD)
    assert (relations.found, relations.expected) == (3, 3), relations.missing
    strict = score_real_corpus(out / "kg.trig", tmp_path / "corpus", texts=None)["en_kg_caravan"].parts()[1]
    assert (strict.found, strict.expected) == (2, 3)
    assert strict.missing == ["Health Caravan project operatesIn Osh"]


DISTRICTS_ARTICLE = ("Компания «Нур Ойл» профинансирует строительство врачебных амбулаторий в Макатском и Жылыойском "
                     "районах Атырауской области.\n")
DISTRICTS_GOLD = {
    "entities": [["programme", "*строительство врачебных амбулаторий"], ["region", "Макатском"],
                 ["region", "Жылыойском"]],
    "relations": [["*строительство врачебных амбулаторий", "operatesIn", "Макатском"],
                  ["*строительство врачебных амбулаторий", "operatesIn", "Жылыойском"]],
}


def test_a_district_a_list_names_bare_is_the_district(tmp_path: Path) -> None:
    """'в Макатском и Жылыойском районах': the reader writes the adjective alone, the graph has Макатский район."""
    _, relations = _build_and_score(tmp_path, "ru_kz_districts", DISTRICTS_ARTICLE, DISTRICTS_GOLD)
    assert (relations.found, relations.expected) == (2, 2), relations.missing


def test_described_programmes_are_paired_with_the_graphs_as_a_whole(tmp_path: Path) -> None:
    """The reader described two undertakings, the graph one: it is paired with the one whose
    relations it makes true, not with whichever '*' row comes first."""
    gold = {**GOLD, "entities": [*GOLD["entities"], ["programme", "*training of nurses in Osh"]]}
    gold["entities"].insert(0, gold["entities"].pop())
    _, relations = _build_and_score(tmp_path, "en_kg_ventilators", ARTICLE, gold)
    assert (relations.found, relations.expected) == (2, 2), relations.missing


def test_a_donor_countrys_government_is_the_country_the_reader_wrote(tmp_path: Path) -> None:
    out, _ = _build_and_score(tmp_path, "en_kg_ventilators", ARTICLE, GOLD)
    entities = score_real_corpus(out / "kg.trig", tmp_path / "corpus", tmp_path / "corpus")["en_kg_ventilators"].entities
    assert not any("government-of-japan" in line for line in entities.spurious), entities.spurious
