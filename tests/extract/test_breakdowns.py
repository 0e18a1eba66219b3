"""``kg.extract.metrics.breakdowns`` called directly on sentences written for these tests: which
numbers are parts of which total ('including', 'в том числе', 'оның ішінде', 'of which', 'Из 217
…', parenthesised parts, Kazakh genitives, distributions), when a breakdown is given as complete,
and that a part never exceeds an exact total."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract.lexicon import Lexicon
from kg.extract.metrics import RULE_NUMBER, RULE_PART, RULE_PART_EXHAUSTIVE, Breakdowns, metric_lexicon
from tests.extract.reading import Reading, read


def links(reading: Reading) -> dict[str, str | None]:
    """Quote of each number → quote of the total it is part of."""
    def quote(d) -> str:
        return d.seg.norm[d.num.start:d.num.end]
    return {quote(d): quote(d.part_of) if d.part_of else None for d in reading.drafts}


def linked(text: str, lexicon: Lexicon) -> dict[str, str | None]:
    return links(read(text, lexicon, date(2026, 3, 1)))


@pytest.mark.parametrize(("text", "expected"), [
    ("In 2023 the network served 1,200 patients, including 450 children and 300 women.",
     {"1,200": None, "450": "1,200", "300": "1,200"}),
    ("The centres served 5,000 patients, of which 3,000 were women.", {"5,000": None, "3,000": "5,000"}),
    ("The network served 5,000 patients, among them 1,200 children.", {"5,000": None, "1,200": "5,000"}),
    ("В 2024 году проведено 2 545 консультаций, в том числе 1 200 детям.", {"2 545": None, "1 200": "2 545"}),
    ("Сеть обслужила 3 000 пациентов, из них 1 000 детей и 500 пенсионеров.",
     {"3 000": None, "1 000": "3 000", "500": "3 000"}),
    ("Открыто 40 кабинетов, среди которых 12 кабинетов в сёлах.", {"40": None, "12": "40"}),
    ("2024 жылы 1 500 консультация өткізілді, оның ішінде 700 балаларға.", {"1 500": None, "700": "1 500"}),
    ("Желі 2 000 кеңес берді, соның ішінде 800 кеңес балаларға.", {"2 000": None, "800": "2 000"}),
])
def test_parts_follow_their_total(text: str, expected: dict, lexicon: Lexicon) -> None:
    reading = read(text, lexicon)
    assert links(reading) == expected
    totals = [d for d in reading.drafts if d.is_total]
    parts = [d for d in reading.drafts if d.part_of is not None]
    assert len(totals) == 1 and all(p.part_of is totals[0] and p.rule == RULE_PART for p in parts)


def test_nothing_is_linked_before_breakdowns_run(lexicon: Lexicon) -> None:
    reading = read("The centres served 5,000 patients, of which 3,000 were women.", lexicon, link=False)
    assert links(reading) == {"5,000": None, "3,000": None}
    assert not any(d.is_total for d in reading.drafts)
    Breakdowns(reading.drafts, reading.readers, metric_lexicon(lexicon), reading.segments).link()
    assert links(reading) == {"5,000": None, "3,000": "5,000"}


def test_a_part_never_exceeds_an_exact_total(lexicon: Lexicon) -> None:
    assert linked("The 4 clinics served 900 patients, including 1,000 children.", lexicon) == {
        "4": None, "900": None, "1,000": None}
    assert linked("Врачи провели 1 000 консультаций (1 400 онлайн).", lexicon) == {"1 000": None, "1 400": None}


def test_an_approximate_total_may_be_exceeded(lexicon: Lexicon) -> None:
    """'about 900' is not a ceiling: the check applies to exact totals only."""
    assert linked("The network served about 900 patients, including 950 children.", lexicon) == {
        "900": None, "950": "900"}


def test_parts_share_the_total_unit_and_are_not_ranges(lexicon: Lexicon) -> None:
    money = "Бюджет составил 900 млн тенге, в том числе 300 млн тенге из местного бюджета и 50 пациентов."
    assert linked(money, lexicon) == {"900": None, "300": "900", "50": None}
    assert linked("The network served 900 patients, including 100-200 children.", lexicon) == {
        "900": None, "100": None}
    share = "The network served 5,000 patients, including 60 % women."
    assert linked(share, lexicon) == {"5,000": None, "60": None}


def test_a_cue_opening_the_next_sentence_of_the_paragraph_reaches_back(lexicon: Lexicon) -> None:
    same_paragraph = "Сеть провела 2 000 консультаций. В том числе 800 консультаций детям."
    assert linked(same_paragraph, lexicon) == {"2 000": None, "800": "2 000"}
    next_paragraph = "Сеть провела 2 000 консультаций.\n\nВ том числе 800 консультаций детям."
    assert linked(next_paragraph, lexicon) == {"2 000": None, "800": None}


def test_parenthesised_part(lexicon: Lexicon) -> None:
    assert linked("Врачи провели 1 000 консультаций (400 онлайн).", lexicon) == {"1 000": None, "400": "1 000"}


def test_part_first_of_the_total(lexicon: Lexicon) -> None:
    text = "2,450 of the country's 3,300 rural health posts are connected."
    assert linked(text, lexicon) == {"2,450": "3,300", "3,300": None}
    # a 'part' larger than the 'total' is no breakdown
    assert linked("We saw 5 of 2 clinics.", lexicon) == {"5": None, "2": None}


def test_kazakh_genitive_total_and_suffixed_part(lexicon: Lexicon) -> None:
    assert linked("270 ауылдық елді мекеннің 190-ында телемедицина бар.", lexicon) == {"270": None, "190": "270"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Из 217 объектов – 175 подключены к сети.", {"217": None, "175": "217"}),
    ("Out of 50 hospitals, 30 are connected and 10 are planned.", {"50": None, "30": "50", "10": "50"}),
    ("Of the 310,000 consultations, 204,000 were online.", {"310,000": None, "204,000": "310,000"}),
])
def test_total_first(text: str, expected: dict, lexicon: Lexicon) -> None:
    assert linked(text, lexicon) == expected


def test_total_first_cue_must_open_the_sentence(lexicon: Lexicon) -> None:
    assert linked("Врачи из 20 клиник провели 300 консультаций.", lexicon) == {"20": None, "300": None}


def test_continuation_sentences_add_parts_of_the_same_indicator(lexicon: Lexicon) -> None:
    ru = "Из 217 объектов – 175 подключены. Ещё 32 объекта подключат позже."
    assert linked(ru, lexicon) == {"217": None, "175": "217", "32": "217"}
    en = "Of the 310,000 consultations, 204,000 were online. Another 50,000 consultations were by phone."
    assert linked(en, lexicon) == {"310,000": None, "204,000": "310,000", "50,000": "310,000"}
    other = "Of the 310,000 consultations, 204,000 were online. Another 50,000 patients were new."
    assert linked(other, lexicon)["50,000"] is None  # patients are not consultations


def test_a_distribution_over_all_levels_is_exhaustive(lexicon: Lexicon) -> None:
    text = "В 2024 году оказано 600 услуг. Услуги распределялись по всем уровням: 300 услуг в районах и 200 услуг в сёлах."
    reading = read(text, lexicon)
    assert links(reading) == {"600": None, "300": "600", "200": "600"}
    assert [d.rule for d in reading.drafts] == [RULE_NUMBER, RULE_PART_EXHAUSTIVE, RULE_PART_EXHAUSTIVE]
    assert reading.draft("600").is_total


def test_a_distribution_without_all_is_not_exhaustive(lexicon: Lexicon) -> None:
    text = "В 2024 году оказано 600 услуг. Услуги распределялись так: 300 услуг в районах и 200 услуг в сёлах."
    reading = read(text, lexicon)
    assert links(reading) == {"600": None, "300": "600", "200": "600"}
    assert [d.rule for d in reading.drafts] == [RULE_NUMBER, RULE_PART, RULE_PART]


def test_a_distribution_needs_a_large_enough_earlier_total(lexicon: Lexicon) -> None:
    text = "В 2024 году оказано 400 услуг. Услуги распределялись по всем уровням: 300 услуг в районах и 200 услуг в сёлах."
    assert linked(text, lexicon) == {"400": None, "300": None, "200": None}
    alone = "Услуги распределялись по всем уровням: 300 услуг в районах и 200 услуг в сёлах."
    assert linked(alone, lexicon) == {"300": None, "200": None}


def test_the_abbreviated_russian_cue(lexicon: Lexicon) -> None:
    assert linked("Проведено 500 консультаций, в т.ч. 200 детям.", lexicon) == {"500": None, "200": "500"}


def test_every_breakdown_cue_is_a_phrase_of_words(lexicon: Lexicon) -> None:
    mlex = metric_lexicon(lexicon)
    for phrase in mlex.parts_follow + mlex.total_first + mlex.part_first + mlex.continuation:
        assert all(word.replace(".", "").replace("'", "").isalpha() for word in phrase), phrase
