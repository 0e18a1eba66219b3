"""Facilities described rather than named, as real articles write them (issue 13, after blind27): a
Russian hyphenated kind, a settlement word whose vowel drops in the locative, Kazakh capacities spelt
out and heads whose last consonant voices, an English clinic 'was opened in' or 'of' its village.
Every sentence here was written for this test; none is taken from an article."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.lexicon import Lexicon
from tests.extract.test_realtext_events import labels_of
from tests.extract.test_realtext_patterns import extract, has


@pytest.mark.parametrize("text, facility", [
    ("В поселке Кок-Жар открыт фельдшерско-акушерский пункт.", "фельдшерско-акушерский пункт в поселке Кок-Жар"),
    ("В посёлке Кок-Жар построили новую врачебную амбулаторию.", "врачебная амбулатория в посёлке Кок-Жар"),
    ("В селении Тоштепа открыт родильный дом.", "родильный дом в селении Тоштепа"),
    ("Фельдшерско-акушерский пункт в селе Талды получил оборудование.",
     "фельдшерско-акушерский пункт в селе Талды"),  # the capital was the sentence's
    ("Ауылда 100 төсек-орынға арналған перзентхана салынды.", "100 төсек-орынға арналған перзентхана"),
    ("Қалада 96 төсек-орынға лайықталған көпбейінді оңалту орталығы ашылды.",
     "96 төсек-орынға лайықталған көпбейінді оңалту орталық"),
    ("Ауданда 100 адамға шақталған провизорлық орталық ашылды.", "100 адамға шақталған провизорлық орталық"),
    ("A 120- bed hospital was built in Osh with ADB money.", "120- bed hospital"),
    ("A new medical outpatient clinic was opened in the village of Kara-Suu with JICA funds.",
     "medical outpatient clinic in the village of Kara-Suu"),
    ("JICA renovated the rural health center of Navruz village.", "rural health center of Navruz village"),
    ("UNICEF equipped the regional first-aid station in Osh.", "regional first-aid station in Osh"),
    # a maternity complex is a place of care, a kind spelt as an adjective gives one
    ("В Самарканде оснастили родильный комплекс № 2.", "родильный комплекс № 2"),
    ("A new maternity complex was built in Termez.", "maternity complex in Termez"),
    ("A regional oncological dispensary was built in Taraz.", "regional oncological dispensary in Taraz"),
    ("JICA equipped a new dialysis center in Osh.", "dialysis center in Osh"),
    # a hospital's unit of its own kind is a place of care too
    ("Ауданда 30 төсектік инфекциялық бөлімше ашылды.", "30 төсектік инфекциялық бөлімше"),
])
def test_a_facility_described_by_kind_size_or_place(tmp_path: Path, lexicon: Lexicon, text: str, facility: str) -> None:
    assert facility in labels_of(extract(tmp_path, lexicon, text), "facility")


@pytest.mark.parametrize("text", [
    "В поселке Кок-Жар открыт спортивный комплекс.",  # a kind that is no place of care
    "A new clinic in Osh has 40 doctors.",  # no kind, nothing built or opened: any of the city's clinics
    "Қалада жаңа аурухана ашылды.",  # no size, no place
])
def test_a_kind_alone_is_no_facility(tmp_path: Path, lexicon: Lexicon, text: str) -> None:
    assert not labels_of(extract(tmp_path, lexicon, text), "facility")


@pytest.mark.parametrize("text, facility", [
    ("Doctors at the Zarbulak polyclinic got tablets.", "Zarbulak polyclinic"),
    ("The hospital staff of the Sarykol hospital received kits.", "Sarykol hospital"),
])
def test_an_english_name_right_before_its_head_is_one_facility(tmp_path: Path, lexicon: Lexicon, text: str,
                                                              facility: str) -> None:
    assert facility in labels_of(extract(tmp_path, lexicon, text), "facility")


@pytest.mark.parametrize("text", ["The Japan hospital was renovated.", "The Japanese hospital was renovated."])
def test_a_donor_s_hospital_is_no_name(tmp_path: Path, lexicon: Lexicon, text: str) -> None:
    assert not labels_of(extract(tmp_path, lexicon, text), "facility")


def test_a_programme_titled_after_the_facility_it_rebuilds_names_that_facility(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The Project for Repair of Heating System of Kulob Maternity Hospital was finished.")
    assert "Kulob Maternity Hospital" in labels_of(facts, "facility")
    assert has(facts, "Project for Repair of Heating System of Kulob Maternity Hospital", "involvesFacility",
               "Kulob Maternity Hospital")


def test_two_facilities_each_sized_after_its_head_are_two(tmp_path: Path, lexicon: Lexicon) -> None:
    """'and' joins two facilities; it never becomes part of a name ('300 patients and oncological clinic')."""
    facts = extract(tmp_path, lexicon, "A new general hospital for 300 patients and an oncological clinic for "
                                       "120 patients were built in Mary.")
    assert labels_of(facts, "facility") == {"general hospital", "oncological clinic"}


def test_a_primary_health_care_centre_of_a_place_is_one_facility(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Save the Children equipped the primary health care center of Rudaki district.")
    assert "primary health care center of Rudaki district" in labels_of(facts, "facility")
    assert has(facts, "primary health care center of Rudaki district", "locatedIn", "Rudaki district")


@pytest.mark.parametrize("text, funder", [
    ("Save the Children handed over 5 ventilators to the hospital in Kulob.", "funder/save-the-children"),
    ("Общество Красного Полумесяца Таджикистана передало больнице в Кулябе 10 кислородных концентраторов.",
     "funder/red-crescent-tajikistan"),
    ("The National Red Crescent Society of Turkmenistan donated 3 ambulances to Mary.",
     "funder/red-crescent-turkmenistan"),
])
def test_well_known_humanitarian_organisations_are_funders(tmp_path: Path, lexicon: Lexicon, text: str,
                                                           funder: str) -> None:
    assert has(extract(tmp_path, lexicon, text), "*", "fundedBy", funder)


def test_an_english_opening_in_the_passive_reports_new_works(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "A new polyclinic was opened in the village of Karasai.")
    assert has(facts, "*", "operatesIn", "Karasai village")


def test_a_hospital_built_in_a_named_place_is_one_facility(tmp_path: Path, lexicon: Lexicon) -> None:
    """Without a kind 'a hospital in Osh' may be any of them; the one a sentence reports built or
    opened there is the one the article is about."""
    facts = extract(tmp_path, lexicon, "The fund paid for the construction of a hospital in the village of "
                                       "Kyzyl-Bel and a polyclinic in Batken.")
    assert {"hospital in the village of Kyzyl-Bel", "polyclinic in Batken"} <= labels_of(facts, "facility")
    assert "clinic in Osh" in labels_of(extract(tmp_path, lexicon, "A new clinic was opened in Osh."), "facility")


def test_a_regional_hospital_after_the_province_it_stands_in_is_the_province_s(tmp_path: Path,
                                                                               lexicon: Lexicon) -> None:
    """'Түркістан облысында облыстық … ауруханасы': the province in the locative says where, it does not
    name the hospital ('Алматы облыстық ауруханасы' would)."""
    facts = extract(tmp_path, lexicon, "Түркістан облысында облыстық балалар ауруханасы жаңа томограф алды.")
    assert "облыстық балалар аурухана (Түркістан облысы)" in labels_of(facts, "facility")


def test_a_sized_facility_built_in_a_place_is_one_facility_not_two(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The company will build a 500-bed hospital in Petropavlovsk.")
    assert labels_of(facts, "facility") == {"500-bed hospital"}


def test_a_holding_is_an_organisation(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The clinic was built by Altyn Holding in Taraz.")
    assert "Altyn Holding" in labels_of(facts, "funder")


def test_a_turkmen_provinces_adjective_in_a_facilitys_name_places_it(tmp_path: Path, lexicon: Lexicon) -> None:
    """'Лебапскую велаятскую больницу': the province's adjective names it, as 'Атырауская' does in Kazakhstan;
    a place named before the conjunction is the first facility's, not this one's."""
    facts = extract(tmp_path, lexicon, "Откроют новый Дом здоровья в Копетдагском этрапе Ашхабада и Лебапскую "
                                       "велаятскую детскую больницу на 200 мест.")
    assert has(facts, "Лебапская велаятская детская больница", "locatedIn", "region/tm-lebap-region")
    assert not has(facts, "Лебапская велаятская детская больница", "locatedIn", "Копетдагский этрап")


@pytest.mark.parametrize("text, facility", [
    ("UNFPA delivered incubators to Maternity Complex No. 4 in Namangan.", "Maternity Complex No. 4"),
    ("The Republican Medical Complex in Termez received new beds.", "Republican Medical Complex"),
])
def test_an_english_name_on_a_two_word_head_is_a_facility(tmp_path: Path, lexicon: Lexicon, text: str,
                                                         facility: str) -> None:
    """'Complex' alone heads nothing; 'Maternity Complex', 'Medical Complex' do, capitalised inside a name."""
    assert facility in labels_of(extract(tmp_path, lexicon, text), "facility")


@pytest.mark.parametrize("text, facility, place", [
    ("UNFPA delivered incubators to Namangan's Maternity Complex No. 4 in Uzbekistan.", "Maternity Complex No. 4",
     "region/uz-namangan"),
    # a country as owner says less than the town after the name
    ("Kyrgyzstan's National Hospital in Bishkek received beds.", "National Hospital", "region/kg-bishkek"),
])
def test_an_english_facility_is_in_the_town_that_owns_it(tmp_path: Path, lexicon: Lexicon, text: str, facility: str,
                                                         place: str) -> None:
    assert has(extract(tmp_path, lexicon, text), facility, "locatedIn", place)


def test_an_english_facility_built_in_a_town_is_there(tmp_path: Path, lexicon: Lexicon) -> None:
    """A passive between a named facility and its place ('will be built in', 'was opened in') still places it."""
    facts = extract(tmp_path, lexicon, "A 400-bed Maternal and Child Health Center will be built in the city of "
                                       "Dashoguz, the minister of Kyrgyzstan said in Bishkek.")
    assert has(facts, "Maternal and Child Health Center", "locatedIn", "region/tm-dashoguz")
    assert not has(facts, "Maternal and Child Health Center", "locatedIn", "region/kg-bishkek")


@pytest.mark.parametrize("text, organisation", [
    ("The Youth Resource Centre of Osh helped to repair the regional hospital.", "Youth Resource Centre of Osh"),
    ("Жастар ресурстық орталығы аурухананы жөндеуге көмектесті.", "Жастар ресурстық орталығы"),
])
def test_a_centre_for_youth_work_is_an_organisation(tmp_path: Path, lexicon: Lexicon, text: str,
                                                    organisation: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert organisation in labels_of(facts, "funder")
    assert organisation not in labels_of(facts, "facility")
