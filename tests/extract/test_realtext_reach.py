"""Where an article's one programme runs when no sentence says 'in' (issue 13, after blind27): readers
write down nearly every place such an article names as the programme's. Every sentence here was
written for this test; none is taken from an article."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.lexicon import Lexicon
from tests.extract.test_realtext_patterns import ID, extract, has


def placed_by_name(facts, place: str) -> bool:
    return any(r.predicate == "operatesIn" and r.object.endswith(place) and r.evidence.rule == "programme-place-named"
               for r in facts.relations)


@pytest.mark.parametrize("text, places", [
    ("The Mountain Health Project renovates rural clinics. Doctors from Talas and Kochkor district took part "
     "in its first training.", ["talas-district", "kochkor-district"]),
    ("Проект «Здоровое село» ремонтирует сельские больницы. Жители Таласа получили консультации.", ["kg-talas"]),
    ("«Денсаулық» жобасы ауылдық емханаларды жөндейді. Жамбыл облысы мен Сарысу ауданының тұрғындары тегін "
     "тексеруден өтті.", ["kz-jambyl-region", "sarysu-audany"]),
])
def test_the_one_programme_runs_in_every_place_the_article_names(tmp_path: Path, lexicon: Lexicon, text: str,
                                                                   places: list[str]) -> None:
    facts = extract(tmp_path, lexicon, text)
    for place in places:
        assert placed_by_name(facts, place), place


@pytest.mark.parametrize("text, place", [
    # a capital: where ministries sit and datelines point
    ("The Mountain Health Project renovates rural clinics. Bishkek officials promised support.", "kg-bishkek"),
    # the place whose official speaks
    ("The Mountain Health Project renovates rural clinics. The governor of Naryn region praised the doctors.",
     "kg-naryn-region"),
    ("«Денсаулық» жобасы ауылдық емханаларды жөндейді. Қызылорда облысының әкімі дәрігерлерге алғыс айтты.",
     "kz-kyzylorda-region"),
    # only planned
    ("Проект «Здоровое село» ремонтирует сельские больницы. Позже его планируется распространить на Таласскую "
     "область.", "kg-talas-region"),
    # another event: a meeting
    ("The Mountain Health Project renovates rural clinics. A conference of doctors took place in Naryn.", "kg-naryn"),
])
def test_a_place_that_says_nothing_about_the_programme(tmp_path: Path, lexicon: Lexicon, text: str, place: str) -> None:
    assert not placed_by_name(extract(tmp_path, lexicon, text), place)


def test_an_article_about_two_programmes_does_not_share_out_its_places(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The Mountain Health Project renovates rural clinics. The Clean Hands "
                                       "initiative trains nurses. Doctors from Talas took part.")
    assert not any(r.evidence.rule == "programme-place-named" for r in facts.relations)
    assert not has(facts, "Mountain Health Project", "operatesIn", "region/kg-talas")


@pytest.mark.parametrize("text, facility, town, province", [
    ("Twelve ventilators went to hospitals of Osh region. Two of them are now at the Central Hospital in Uzgen.",
     "Central Hospital", "region/kg-uzgen", "region/kg-osh-region"),
    ("Жители Иссык-Кульской области получат помощь. Новый аппарат установили в городской больнице Балыкчы.",
     "*", "region/kg-balykchy", "region/kg-issyk-kul-region"),
    ("Түркістан облысына жаңа жабдық келді. Кентау қаласындағы қалалық ауруханаға екі аппарат берілді.",
     "*", "region/kz-kentau", "region/kz-turkistan-region"),
])
def test_a_facility_in_a_town_is_in_the_province_the_article_names(tmp_path: Path, lexicon: Lexicon, text: str,
                                                                    facility: str, town: str, province: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    facilities = [iri for iri, e in facts.entities.items() if e.cls == "facility"
                  and (facility == "*" or facility in e.labels.values())]
    assert facilities
    for iri in facilities:
        assert has(facts, iri.removeprefix(ID), "locatedIn", town)
        assert has(facts, iri.removeprefix(ID), "locatedIn", province)
    inferred = [r for r in facts.relations if r.evidence.rule == "facility-in-containing-place"]
    assert inferred and all(r.object.endswith(province) for r in inferred)


def test_a_province_the_article_does_not_name_is_not_added(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Two ventilators are now at the Central Hospital in Uzgen.")
    assert has(facts, "Central Hospital", "locatedIn", "region/kg-uzgen")
    assert not [r for r in facts.relations if r.evidence.rule == "facility-in-containing-place"]


@pytest.mark.parametrize("text, country", [
    ("Project HOPE delivered medicines to Khatlon Oblast Hospital No. 2 and to the Central District Hospital of "
     "Vahdat.", "country/TJ"),
    ("Лекарства получили Ошская областная больница и Центр семейной медицины Узгена.", "country/KG"),
    ("Дәрі-дәрмекті Шымкент қалалық ауруханасы алды.", "country/KZ"),
])
def test_a_facility_in_a_place_is_in_that_places_country(tmp_path: Path, lexicon: Lexicon, text: str,
                                                         country: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    facilities = [iri for iri, e in facts.entities.items() if e.cls == "facility"
                  and any(r.subject == iri and r.predicate == "locatedIn" and "/region/" in r.object
                          for r in facts.relations)]
    assert facilities
    for iri in facilities:
        assert any(r.subject == iri and r.object == ID + country and r.evidence.rule == "facility-in-its-places-country"
                   for r in facts.relations), iri
