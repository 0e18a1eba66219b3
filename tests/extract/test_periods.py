"""``kg.extract.metrics.periods`` called directly on sentences written for these tests: the period
cues a sentence holds (years, year ranges, decades, dates, months, relative periods against the
document date) and the period ``choose_period`` gives each number."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import segment_document
from kg.extract.lexicon import Lexicon
from kg.extract.metrics import choose_period, period_cues
from tests.extract.reading import read, reader_for

DOC_DATE = date(2026, 3, 1)


def cues(text: str, lexicon: Lexicon, doc_date: date | None = DOC_DATE) -> list[tuple[str, str | None, int | None]]:
    """(quote, value, month_only) of each cue of a one-sentence text."""
    [seg] = segment_document(text, lexicon)
    found = period_cues(reader_for(seg, text, lexicon), doc_date)
    return [(seg.norm[c.start:c.end], c.value, c.month_only) for c in found]


def periods(text: str, lexicon: Lexicon, doc_date: date | None = DOC_DATE) -> dict[str, str | None]:
    """Quote of each number → its period, as find_metrics chooses them."""
    reading = read(text, lexicon, doc_date, link=False)
    return {d.seg.norm[d.num.start:d.num.end]: d.period for d in reading.drafts}


# --- cues --------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("In 2023 the network grew.", [("2023", "2023", None)]),
    ("В 2024 году сеть выросла.", [("2024", "2024", None)]),
    ("2024 жылы желі кеңейді.", [("2024", "2024", None)]),
    ("In 2019-2021 the centre grew.", [("2019-2021", "2019/2021", None)]),
    ("В 2019–2021 гг. центр вырос.", [("2019–2021", "2019/2021", None)]),
    ("Between 2019 and 2022 the network grew.", [("Between 2019 and 2022", "2019/2022", None)]),
    ("From 2018 to 2020 the centre grew.", [("From 2018 to 2020", "2018/2020", None)]),
    ("С 2019 по 2021 год открыты кабинеты.", [("С 2019 по 2021", "2019/2021", None)]),
    ("In the 2010s clinics opened.", [("2010s", "2010/2019", None)]),
    ("В 2000-х открыты больницы.", [("2000-х", "2000/2009", None)]),
    ("On 12 December 2024 the clinic opened.", [("12 December 2024", "2024-12-12", None)]),
    ("4 декабря 2026 г. клиника открылась.", [("4 декабря 2026", "2026-12-04", None)]),
    ("2024 жылғы 3 сәуірде клиника ашылды.", [("2024 жылғы 3 сәуірде", "2024-04-03", None)]),
    ("In October 2025 doctors met.", [("October 2025", "2025-10", None)]),
    ("В октябре 2025 года врачи встретились.", [("октябре 2025", "2025-10", None)]),
    ("By November the hospital will be linked.", [("By November", None, 11)]),
    ("К ноябрю больница будет подключена.", [("К ноябрю", None, 11)]),
    ("Since 2019 the centre has grown.", [("Since 2019", None, None)]),  # a start point, no period
    ("С 2019 года центр растёт.", [("С 2019", None, None)]),
])
def test_period_cues(text: str, expected: list, lexicon: Lexicon) -> None:
    assert cues(text, lexicon) == expected


@pytest.mark.parametrize("text", [
    "The budget was 2000 thousand tenge.",  # a scaled quantity
    "Бюджет составил 2000 тыс. тенге.",
    "Coverage reached 2020 % of the plan.",
    "The 2021-2019 figures were revised.",  # a backward range
    "Only 1850 nurses and 2150 doctors came.",  # outside the lexicon's year_min..year_max
    "Doctors saw 12,2024 or 3.2024 patients.",  # digits glued to a comma or dot
])
def test_numbers_that_are_not_years_give_no_cue(text: str, lexicon: Lexicon) -> None:
    assert cues(text, lexicon) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Last year the network grew.", [("Last year", "2025", None)]),
    ("This year the network grew.", [("This year", "2026", None)]),
    ("To date the network has grown.", [("To date", "2026-03-01", None)]),
    ("В прошлом году сеть выросла.", [("В прошлом году", "2025", None)]),
    ("В текущем году сеть выросла.", [("в текущем году", "2026", None)]),  # phrases match lowercased
    ("На сегодняшний день сеть выросла.", [("На сегодняшний день", "2026-03-01", None)]),
    ("Өткен жылы желі кеңейді.", [("Өткен жылы", "2025", None)]),
    ("Биыл желі кеңейді.", [("Биыл", "2026", None)]),
    ("Қазіргі уақытта желі кеңейді.", [("Қазіргі уақытта", "2026-03-01", None)]),
])
def test_relative_periods_count_from_the_document_date(text: str, expected: list, lexicon: Lexicon) -> None:
    assert [(q.lower(), v, m) for q, v, m in cues(text, lexicon)] == [(q.lower(), v, m) for q, v, m in expected]
    assert cues(text, lexicon, doc_date=None) == []  # without a document date they say nothing


def test_a_date_is_one_cue_not_a_date_and_a_year(lexicon: Lexicon) -> None:
    assert cues("On 12 December 2024 and in 2025 the clinic grew.", lexicon) == [
        ("12 December 2024", "2024-12-12", None), ("2025", "2025", None)]


# --- choose_period -----------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("In 2019-2021 the centre held 300 consultations.", {"300": "2019/2021"}),
    ("On 12 December 2024 the clinic received 40 patients.", {"40": "2024-12-12"}),
    ("4 декабря 2026 г. в клинику поступило 35 пациентов.", {"35": "2026-12-04"}),
    ("In October 2025 doctors held 80 sessions.", {"80": "2025-10"}),
    ("Last year the network served 700 patients.", {"700": "2025"}),
    ("В прошлом году сеть обслужила 900 пациентов.", {"900": "2025"}),
    ("Өткен жылы 1 200 пациент қабылданды.", {"1 200": "2025"}),
    ("Осы жылы 50 дәрігер оқытылды, ал былтыр 40 дәрігер.", {"50": "2026", "40": "2025"}),
    ("Since 2019 the centre has trained 500 doctors.", {"500": None}),
    ("In the 2010s about 90 clinics opened.", {"90": "2010/2019"}),
    ("To date 3,000 patients have used the service.", {"3,000": "2026-03-01"}),
    ("Clinics in 2024: 300 visits; 2025: 450 visits.", {"300": "2024", "450": "2025"}),
    ("The network served 800 patients.", {"800": None}),
])
def test_choose_period_takes_the_nearest_cue_of_the_clause(text: str, expected: dict, lexicon: Lexicon) -> None:
    assert periods(text, lexicon) == expected


def test_a_cue_in_another_clause_is_not_used(lexicon: Lexicon) -> None:
    # ';' ends a clause: the year before it does not date the number after it
    assert periods("The plan was adopted in 2020; the network served 600 patients.", lexicon) == {"600": None}


def test_a_month_takes_its_year_from_the_sentence_then_from_the_context(lexicon: Lexicon) -> None:
    text = "By November the hospital will connect 25 villages."
    assert periods(text, lexicon) == {"25": "2026-11"}  # the document's year
    assert periods(text, lexicon, doc_date=None) == {"25": None}  # no year anywhere
    assert periods("In 2027, by November the hospital will connect 25 villages.", lexicon) == {"25": "2027-11"}


def test_a_heading_year_is_the_context_of_a_month_below_it(lexicon: Lexicon) -> None:
    text = "Telemedicine plan for 2028\n\nBy November the hospital will connect 25 villages.\n"
    reading = read(text, lexicon, DOC_DATE)
    assert [s.kind for s in reading.segments] == ["heading", "sentence"]
    assert reading.draft("25").period == "2028-11"


def test_a_year_named_earlier_is_the_context_of_a_later_month(lexicon: Lexicon) -> None:
    text = "В 2027 году сеть расширят. К ноябрю подключат 25 сёл."
    assert read(text, lexicon, DOC_DATE).draft("25").period == "2027-11"


def test_choose_period_on_a_hand_made_clause(lexicon: Lexicon) -> None:
    text = "In 2022 the network had 120 sites; in 2025 it had 200 sites."
    reading = read(text, lexicon, None, link=False)
    reader, sentence_cues = reading.readers[0], reading.cues[0]
    draft = reading.draft("120")
    assert draft.clause == (0, text.index(";") + 1)
    assert choose_period(reader, draft, sentence_cues, None) == "2022"
    draft.clause = (text.index(";") + 1, len(text))  # only the second clause's cue is near
    assert choose_period(reader, draft, sentence_cues, None) == "2025"
    draft.clause = (0, 2)
    assert choose_period(reader, draft, sentence_cues, None) is None


def test_the_year_before_a_number_in_its_own_clause_wins(lexicon: Lexicon) -> None:
    assert periods("In 2022 the network had 120 sites, and by 2025 it had 200 sites.", lexicon) == {
        "120": "2022", "200": "2025"}


@pytest.mark.parametrize(("text", "quote", "period"), [
    ("В декабре 35 пациентов получили консультации.", "35", "2026-12"),
    ("2024 жылғы 3 сәуірде 60 дәрігер оқытылды.", "60", "2024-04-03"),
])
def test_a_number_after_a_russian_or_kazakh_month_is_a_quantity(text: str, quote: str, period: str,
                                                                lexicon: Lexicon) -> None:
    assert periods(text, lexicon) == {quote: period}
