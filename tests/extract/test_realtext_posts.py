"""Patterns found on the thirteenth unseen set after its first contact (issue 13): a village's
health post described by its kind, an English title that runs across small words, a grant being
provided, a Russian delivery whose giver follows 'от'. Every sentence here was written for this
test; none is taken from an article."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.lexicon import Lexicon
from tests.extract.test_realtext_events import labels_of, programmes
from tests.extract.test_realtext_patterns import extract, has


@pytest.mark.parametrize("text, facility, village", [
    ("The agency opened a feldsher-midwife station (FAP) in the village Kara-Jygach, Sokuluk rayon.",
     "feldsher-midwife station in the village Kara-Jygach", "Kara-Jygach"),
    ("UNDP handed over a newly built medical house in Navruz village of Vose district.",
     "medical house in Navruz village", "Navruz"),
    ("В селе Каргалы Саркандского района открылся новый ФАП.", "ФАП в селе Каргалы", "Каргалы"),
    ("В селе Долан Карасайского района построена врачебная амбулатория.",
     "врачебная амбулатория в селе Долан", "Долан"),
])
def test_a_post_of_a_stated_kind_in_a_named_village_is_one_facility_there(
        tmp_path: Path, lexicon: Lexicon, text: str, facility: str, village: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert facility in labels_of(facts, "facility")
    places = {label for r in facts.relations if r.predicate == "locatedIn" and "/facility/" in r.subject
              for label in facts.entities[r.object].labels.values()}
    assert places and all(village in label for label in places)


@pytest.mark.parametrize("text", [
    "The agency opened a hospital in Osh.",  # a hospital there, which of them the text does not say
    "В сёлах Каргалы и Акжар построены медпункты.",  # several posts in several villages
    "В селе Каргалы и в селе Акжар открылись ФАПы.",
])
def test_an_unkinded_or_plural_post_is_no_single_facility(tmp_path: Path, lexicon: Lexicon, text: str) -> None:
    assert not labels_of(extract(tmp_path, lexicon, text), "facility")


def test_an_english_title_runs_across_its_small_words(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The Asian Development Bank is providing a $3 million grant for the Safer "
                                       "Mothers and Newborns through Better Roads project in Tajikistan.")
    assert "Safer Mothers and Newborns through Better Roads" in labels_of(facts, "programme")
    assert has(facts, "Safer Mothers and Newborns through Better Roads", "fundedBy", "funder/asian-development-bank")


def test_russian_delivery_names_its_giver_after_ot(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Глава государства сообщил о решении передать от Благотворительного фонда "
                                       "помощи детям 12 машин скорой помощи больницам Дашогузского велаята.")
    funders = [r.object for r in facts.relations if r.predicate == "fundedBy"]
    assert funders and all("blagotvoritelnyi-fond" in f for f in funders)


@pytest.mark.parametrize("text, place", [
    ("Forty ambulances were purchased for Khatlon Region in Tajikistan.", "region/tj-khatlon-region"),
    ("Ақмола облысына 40 жедел жәрдем көлігі сатып алынды.", "region/kz-akmola-region"),
    ("В Туркменистане для Дашогузского велаята закуплены 12 машин скорой помощи.", "region/tm-dashoguz-region"),
])
def test_a_supply_with_no_programme_named_is_one_that_runs_where_the_things_go(
        tmp_path: Path, lexicon: Lexicon, text: str, place: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    supplies = [iri for iri, rule in programmes(facts).items() if rule == "implied-supplies-programme"]
    assert len(supplies) == 1
    assert any(r.subject == supplies[0] and r.predicate == "operatesIn" and r.object.endswith(place)
               for r in facts.relations)


def test_a_supply_needs_something_supplied(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The delegation received a warm welcome in Khatlon Region of Tajikistan.")
    assert not labels_of(facts, "programme")


def test_a_programme_runs_where_the_facility_it_equips_stands(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The Mountain Link project equips the Rasht district hospital with carts.")
    assert has(facts, "Mountain Link", "involvesFacility", "Rasht district hospital")
    assert any(r.predicate == "operatesIn" and r.object.endswith("rasht-district")
               and r.evidence.rule == "programme-where-its-facility-is" for r in facts.relations)


def test_a_hospital_opened_in_a_village_is_the_works_the_article_reports(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Глава района и посол открыли больницу в селе Хумдон района Дарваз.")
    assert "больница в селе Хумдон" in labels_of(facts, "facility")
    assert "implied-works-programme" in programmes(facts).values()
    assert not labels_of(extract(tmp_path, lexicon, "В Ашхабаде открыли больницы в трёх районах."), "facility")


def test_a_repaired_facility_is_works_on_it(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Сегодня открыт комплекс отремонтированных зданий Кунградской районной больницы.")
    assert "implied-works-programme" in programmes(facts).values()


def test_support_of_a_bank_is_its_money_past_another_organisations_of_country(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The clinic was built under the Rural Health Project with the support of the "
                                       "Cabinet of Ministers of the Kyrgyz Republic and the World Bank. The Ministry "
                                       "of Transport is the executing agency for the project.")
    assert has(facts, "Rural Health Project", "fundedBy", "funder/world-bank")
    assert has(facts, "Rural Health Project", "implementedBy", "funder/ministry-of-transport")
    assert not has(facts, "Rural Health Project", "fundedBy", "funder/cabinet-of-ministers")


def test_a_list_closed_by_its_own_place_word_is_not_counted_again(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Clinics in Osh, Jalal-Abad, and Talas Oblasts and Pervomaisky district "
                                       "of Bishkek were repaired.")
    assert "Pervomaisky district" in labels_of(facts, "region")
    assert not any(label.endswith(" district") for label in labels_of(facts, "region") - {"Pervomaisky district"})


def test_an_english_village_named_after_its_word(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "A clinic opened in the village Kara-Jygach, Sokuluk rayon, Chui oblast.")
    assert {"Kara-Jygach village", "Sokuluk rayon"} <= labels_of(facts, "region")
    assert "Kara-Jygach rayon" not in labels_of(facts, "region")


@pytest.mark.parametrize("text", [
    "The Rural Health Project led by the Project Coordinator A. Umarov opened the clinic in Osh.",
    "The equipment was handed over with the participation of the First Deputy Health Minister Ghafour Rahimov.",
])
def test_a_person_a_cue_points_at_is_no_organisation(tmp_path: Path, lexicon: Lexicon, text: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert not any("Umarov" in label or "Rahimov" in label
                   for cls in ("funder", "programme") for label in labels_of(facts, cls))
