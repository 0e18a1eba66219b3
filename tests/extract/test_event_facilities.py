"""Facilities named only by their kind, which their sentence reports built, equipped, opened or supplied
(issue 13: the facility was the entity most often missing at first contact on blind63–67). Every sentence
here was written for this test; none is taken from an article."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.lexicon import Lexicon
from tests.extract.test_realtext_events import labels_of
from tests.extract.test_realtext_patterns import extract, has


def facility_labels(facts) -> set[str]:
    """Each facility's labels, the kind alone among them ('oncology centres' of 'oncology centres (Turkmenistan)')."""
    return labels_of(facts, "facility") | {alt for e in facts.entities.values() if e.cls == "facility"
                                           for alt, _ in e.alt_labels}


@pytest.mark.parametrize("text, facility", [
    ("The Islamic Development Bank will finance the construction of three oncology centres in Turkmenistan.",
     "oncology centres"),
    ("A contract was signed for building a new multidisciplinary hospital in Kazakhstan with Kazakh money.",
     "multidisciplinary hospital"),
    ("UNICEF equipped four dialysis clinics in Kyrgyzstan.", "dialysis clinics"),
    ("Исламский банк развития профинансирует строительство трёх онкологических центров в Туркменистане.",
     "онкологические центры"),
    ("В Карагандинской области за счёт инвестора построят центр лучевой терапии.", "центр лучевой терапии"),
    ("В Карагандинской области по ГЧП построят аллергологический центр.", "аллергологический центр"),
    ("Биыл қайтарылған активтер есебінен жаңа дәрігерлік амбулатория салынды.", "дәрігерлік амбулатория"),
    ("Жаңа гематология орталығы биыл ашылды.", "гематология орталығы"),
    # a head that holds its kind needs no kind word
    ("В Жезказгане за счёт местного бюджета построят онкодиспансер.", "онкодиспансер"),
    ("A hospice was opened in Kazakhstan with the support of the akimat.", "hospice"),
    ("Ұлытауда жергілікті бюджет есебінен онкодиспансер ашылады.", "онкодиспансер"),
])
def test_a_kind_the_sentence_builds_or_opens_is_a_facility_of_its_undertaking(
        tmp_path: Path, lexicon: Lexicon, text: str, facility: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert facility in facility_labels(facts)
    assert has(facts, "*", "involvesFacility", facility)


@pytest.mark.parametrize("text, kind", [
    ("The ministry published a list of maternity hospitals in Kazakhstan.", "maternity"),  # nothing done to it
    ("The programme equipped maternity hospitals across Uzbekistan.", "maternity"),  # a kind, not counted
    ("UNFPA delivered equipment to 230 maternity hospitals of Uzbekistan.", "maternity"),  # a statistic
    ("A road to the district centre was repaired in Kyrgyzstan.", "district"),  # a town
    ("В центре города Бишкек отремонтировали дорогу.", "центр"),  # the middle of a town
    ("В Узбекистане построят родильные дома.", "родильн"),
    ("Облыста көпбейінді ауруханалар жөндеуден өтті.", "көпбейінді"),
])
def test_a_kind_in_general_is_no_facility(tmp_path: Path, lexicon: Lexicon, text: str, kind: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert not any(kind in label.lower() for label in facility_labels(facts))


def test_the_kind_named_again_in_another_case_is_the_same_facility(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "В Туркменистане начато строительство онкологического центра. "
                                       "Оснащение онкологического центра профинансирует Исламский банк развития.")
    kinds = [e for e in facts.entities.values() if e.cls == "facility"]
    assert [e.labels["ru"] for e in kinds] == ["онкологический центр (Туркменистан)"]


def test_kazakh_central_is_part_of_the_hospital_kind(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Облыста көпбейінді аудандық орталық аурухана салынды.")
    assert not any(label.endswith("орталық") for label in facility_labels(facts))


def test_a_count_of_a_kind_stays_a_number_and_the_kind_is_not_its_subject(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "В Алматинской области из местного бюджета построят 13 врачебных амбулаторий.")
    assert "врачебные амбулатории" in facility_labels(facts)
    counts = [m for m in facts.metrics if m.value == 13]
    assert counts and not any(m.about and "/facility/" in m.about for m in counts)


@pytest.mark.parametrize("text, facility", [
    ("В Нарыне откроют центр гемодиализа на средства местного мецената.", "центр гемодиализа"),
    ("Открытие центра гемодиализа состоится в марте на средства мецената.", "центр гемодиализа"),
    ("A dialysis centre will open in Naryn with Kyrgyz money.", "dialysis centre"),
    ("Нарында гемодиализ орталығы ашылады.", "гемодиализ орталығы"),
])
def test_an_opening_to_come_is_an_event_too(tmp_path: Path, lexicon: Lexicon, text: str, facility: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert facility in facility_labels(facts)


def test_a_centre_opened_in_a_place_keeps_its_discipline(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Открытие центра гемодиализа в Нарыне состоится в марте.")
    assert "центр гемодиализа в Нарыне" in facility_labels(facts)


@pytest.mark.parametrize("text, value", [
    ("Builders started the construction of a sanatorium for 200 beds in Turkmenistan with state money.", 200),
    ("A new polyclinic was opened in Kazakhstan with local money. The building has a total area of 900 square meters.",
     900),
])
def test_a_size_is_the_facility_a_kind_names(tmp_path: Path, lexicon: Lexicon, text: str, value: int) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert [m.about for m in facts.metrics if m.value == value] == [
        next(iri for iri, e in facts.entities.items() if e.cls == "facility")]


def test_a_size_after_a_named_facility_is_still_the_named_ones(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The Danghara Central Hospital was opened in Tajikistan with state money. "
                                       "It has 150 rooms and a dental center was equipped. The hall has 114 seats.")
    named = next(iri for iri, e in facts.entities.items() if e.cls == "facility" and "Danghara" in e.label("en"))
    assert [m.about for m in facts.metrics if m.value in (150, 114)] == [named, named]

