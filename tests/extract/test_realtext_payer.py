"""The article's only paying organisation pays for its programme, and its only UN agency or NGO that hands
things over or builds carries it out, when no sentence's cue says who
does (issue 13, rule `the-one-payer`). Every sentence here was written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.lexicon import Lexicon
from tests.extract.test_realtext_patterns import extract, has


@pytest.mark.parametrize("text, programme, payer", [
    ("The Healthy Valleys Project will equip 12 rural clinics in Naryn Region. "
     "The Asian Development Bank has approved $14 million for the work.",
     "Healthy Valleys Project", "funder/asian-development-bank"),
    ("Проект «Здоровая долина» охватит 12 сельских больниц Нарынской области. "
     "Стоимость работ Исламский банк развития оценил в 14 млн долларов.",
     "Здоровая долина", "funder/islamic-development-bank"),
    ("«Сау ауыл» жобасы аясында Нарын облысындағы 12 ауылдық аурухана жабдықталады. "
     "Азия даму банкінің есебінше, жұмыстардың құны 14 млн доллар.",
     "Сау ауыл", "funder/asian-development-bank"),
])
def test_the_only_payer_beside_money_pays_for_the_programme(tmp_path: Path, lexicon: Lexicon, text: str,
                                                            programme: str, payer: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert has(facts, programme, "fundedBy", payer)
    assert any(r.evidence.rule == "the-one-payer" for r in facts.relations if r.predicate == "fundedBy")


@pytest.mark.parametrize("text", [
    # two paying organisations: which one pays is not for the article as a whole to say
    "The Healthy Valleys Project will equip 12 rural clinics. The Asian Development Bank and the "
    "Islamic Development Bank discussed $14 million of further work.",
    # the bank stands beside no money
    "The Healthy Valleys Project will equip 12 rural clinics. The Asian Development Bank visited the clinics.",
])
def test_no_payer_when_the_article_allows_two_readings(tmp_path: Path, lexicon: Lexicon, text: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert not any(r.evidence.rule == "the-one-payer" for r in facts.relations)


@pytest.mark.parametrize("text, programme, agency", [
    ("The Healthy Valleys Project covers 12 rural clinics in Naryn Region. Equipment for the clinics was "
     "delivered at a ceremony with Save the Children staff.", "Healthy Valleys Project", "funder/save-the-children"),
    ("Проект «Здоровая долина» охватит 12 сельских больниц Нарынской области. Оборудование доставлено "
     "в больницы сотрудниками организации «Спасем детей».", "Здоровая долина", "funder/save-the-children"),
])
def test_the_only_agency_that_hands_things_over_carries_out_the_programme(
        tmp_path: Path, lexicon: Lexicon, text: str, programme: str, agency: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert any(r.evidence.rule == "the-one-implementer" for r in facts.relations)
    assert has(facts, programme, "implementedBy", agency)


def test_no_implementer_when_two_agencies_hand_things_over(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The Healthy Valleys Project covers 12 rural clinics. Equipment was "
                                       "delivered with Save the Children and World Vision staff.")
    assert not any(r.evidence.rule == "the-one-implementer" for r in facts.relations)


@pytest.mark.parametrize("text", [
    "The World Bank approved a US$27.5 million grant for the Rural Clinics Support Project in Kyrgyzstan. "
    "The Government of Kyrgyzstan added a further US$4.1 million to the project.",
    "Всемирный банк выделил 27.5 млн долларов на проект «Поддержка сельских клиник» в Кыргызстане. "
    "Правительство Кыргызстана выделило ещё 4,1 млн долларов.",
])
def test_a_decimal_amount_does_not_end_the_clause_of_a_grant(tmp_path: Path, lexicon: Lexicon, text: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert any(r.predicate == "fundedBy" and r.object.endswith("/world-bank") and r.evidence.rule == "grant-for"
               for r in facts.relations)
