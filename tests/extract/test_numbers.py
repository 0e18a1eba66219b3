"""``kg.extract.metrics.numbers`` called directly: digits as English, Russian and Kazakh write
them, number words through the real lexicon, and — through ``SentenceReader`` — the scale words
and units that follow a number."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.lexicon import Lexicon
from kg.extract.metrics import MetricLexicon, metric_lexicon, parse_number, scan_numbers, tokens_of
from kg.extract.metrics.numbers import Num
from tests.extract.reading import read


@pytest.fixture(scope="module")
def mlex(lexicon: Lexicon) -> MetricLexicon:
    return metric_lexicon(lexicon)


def scan(text: str, lang: str, mlex: MetricLexicon) -> list[tuple[str, Decimal]]:
    return [(text[n.start:n.end], n.value) for n in scan_numbers(text, tokens_of(text), lang, mlex)]


def one(text: str, lang: str, mlex: MetricLexicon) -> Num:
    found = scan_numbers(text, tokens_of(text), lang, mlex)
    assert len(found) == 1, found
    return found[0]


# --- parse_number ------------------------------------------------------------------------
@pytest.mark.parametrize(("raw", "lang", "value"), [
    ("1,200", "en", "1200"),  # English thousands
    ("1,200", "ru", "1.2"),  # Russian decimal comma
    ("1,200", "kk", "1.2"),
    ("94,3", "ru", "94.3"),
    ("94,3", "en", "94.3"),  # not three digits after the comma: a decimal in any language
    ("1,200.5", "en", "1200.5"),
    ("1,234,567", "en", "1234567"),
    ("2 545", "ru", "2545"),
    ("2\u00a0545,5", "kk", "2545.5"),  # no-break space groups, comma decimal
    ("12\u202f345\u2009678", "ru", "12345678"),  # narrow and thin spaces group too
    ("0,5", "kk", "0.5"),
    ("3.5", "ru", "3.5"),
    ("007", "en", "7"),
])
def test_parse_number(raw: str, lang: str, value: str) -> None:
    assert parse_number(raw, lang) == Decimal(value)


def test_parse_number_rejects_what_is_not_a_number() -> None:
    assert parse_number("abc", "en") is None
    assert parse_number("", "ru") is None
    assert parse_number("1.2.3", "en") is None


def test_several_commas_group_thousands_in_any_language() -> None:
    """Two commas cannot both be decimal commas: '1,234,567' is grouped in a Russian text too."""
    assert parse_number("1,234,567", "ru") == Decimal("1234567")
    assert parse_number("1,234,567", "kk") == Decimal("1234567")


# --- scan_numbers: digits ----------------------------------------------------------------
def test_scan_digits_with_offsets_and_language(mlex: MetricLexicon) -> None:
    text = "В 2024 году 2 545 врачей провели 94,3 тыс. консультаций, 1,5 млн тенге."
    assert scan(text, "ru", mlex) == [
        ("2024", Decimal(2024)), ("2 545", Decimal(2545)), ("94,3", Decimal("94.3")), ("1,5", Decimal("1.5"))]
    text = "In 2023, 1,200 patients and 12 345 678 records; 3.5 million tenge."
    assert scan(text, "en", mlex) == [("2023", Decimal(2023)), ("1,200", Decimal(1200)),
                                      ("12 345 678", Decimal(12345678)), ("3.5", Decimal("3.5"))]


def test_grouped_marks_thousands_separators(mlex: MetricLexicon) -> None:
    text = "2 545 and 1,234,567 and 94.3 and 1,5 and 77"
    got = {text[n.start:n.end]: n.grouped for n in scan_numbers(text, tokens_of(text), "en", mlex)}
    assert got == {"2 545": True, "1,234,567": True, "94.3": False, "1,5": False, "77": False}


def test_an_english_grouped_number_in_the_year_range_is_a_quantity(lexicon: Lexicon, mlex: MetricLexicon) -> None:
    assert one("2,024 patients", "en", mlex).grouped
    assert read("Doctors saw 2,024 patients last month.", lexicon).draft("2,024").value == 2024


def test_a_grouped_number_does_not_swallow_the_next_number(mlex: MetricLexicon) -> None:
    assert scan("rose from 2 545 2 to 10", "en", mlex) == [
        ("2 545", Decimal(2545)), ("2", Decimal(2)), ("10", Decimal(10))]
    assert scan("in 2019 2 545 visits", "en", mlex) == [("2019", Decimal(2019)), ("2 545", Decimal(2545))]


def test_digits_glued_to_letters_or_dots_are_skipped(mlex: MetricLexicon) -> None:
    assert scan("v1.2 and A4 and x_5 and .5", "en", mlex) == []
    assert scan("1/2 of the 24/7 line", "en", mlex) == [("1", Decimal(1)), ("24", Decimal(24))]


def test_dash_attached_numbers_and_suffixes(mlex: MetricLexicon) -> None:
    text = "COVID-19 cases in 2004-2011 fell to 2 - 3"
    got = [(text[n.start:n.end], n.attached) for n in scan_numbers(text, tokens_of(text), "en", mlex)]
    assert got == [("19", True), ("2004", False), ("2011", True), ("2", False), ("3", False)]
    num = one("18 500-ден астам", "kk", mlex)
    assert (num.value, num.suffix, num.end) == (Decimal(18500), "ден", 6)
    assert one("20-го числа", "ru", mlex).suffix == "го"


# --- scan_numbers: words -----------------------------------------------------------------
@pytest.mark.parametrize(("text", "lang", "quote", "value"), [
    ("twenty five clinics", "en", "twenty five", 25),
    ("Twenty-five nurses", "en", "Twenty-five", 25),
    ("two hundred nurses", "en", "two hundred", 200),
    ("a dozen doctors", "en", "dozen", 12),
    ("двадцать пять врачей", "ru", "двадцать пять", 25),
    ("двадцати пяти врачам", "ru", "двадцати пяти", 25),  # inflected forms through their lemmas
    ("Сто двадцать три больницы", "ru", "Сто двадцать три", 123),
    ("трое врачей", "ru", "трое", 3),
    ("жиырма бес дәрігер", "kk", "жиырма бес", 25),
    ("үш жүз пациент", "kk", "үш жүз", 300),
])
def test_number_words(text: str, lang: str, quote: str, value: int, mlex: MetricLexicon) -> None:
    num = one(text, lang, mlex)
    assert (text[num.start:num.end], num.value, num.word, num.grouped) == (quote, Decimal(value), True, True)


def test_number_words_of_another_language_and_compounds_are_not_numbers(mlex: MetricLexicon) -> None:
    assert scan("one clinic", "en", mlex) == []  # the lexicon lists no word for one
    assert scan("a seven-month-old child", "en", mlex) == []
    assert scan("двадцать пять врачей", "en", mlex) == []  # number words are looked up per language
    assert scan("He said two, then three.", "en", mlex) == [("two", Decimal(2)), ("three", Decimal(3))]


def test_words_and_digits_come_sorted_by_position(mlex: MetricLexicon) -> None:
    text = "five clinics, 12 nurses and ten doctors"
    assert scan(text, "en", mlex) == [("five", Decimal(5)), ("12", Decimal(12)), ("ten", Decimal(10))]


# --- scales and units: what SentenceReader makes of a scanned number ---------------------
@pytest.mark.parametrize(("text", "quote", "value", "unit"), [
    ("Бюджет составил 3,5 млн тенге.", "3,5", Decimal("3500000"), "KZT"),
    ("Построено 5 тыс. объектов.", "5", Decimal(5000), "count"),
    ("Жобаға 2,5 млрд теңге бөлінді.", "2,5", Decimal("2500000000"), "KZT"),
    ("The ministry hired three thousand nurses.", "three", Decimal(3000), "count"),
    ("The ministry spent $3.2m on tablets.", "3.2", Decimal("3200000"), "USD"),
    ("The ministry spent 1.5 billion tenge on tablets.", "1.5", Decimal("1500000000"), "KZT"),
    ("Охват составил 94,3 % населения.", "94,3", Decimal("94.3"), "percent"),
    ("Қамту 2 000 мың адамға жетті.", "2 000", Decimal(2000000), "count"),
])
def test_scale_words_and_units_multiply_the_value(text: str, quote: str, value: Decimal, unit: str,
                                                  lexicon: Lexicon) -> None:
    draft = read(text, lexicon).draft(quote)
    assert (draft.value, draft.unit) == (value, unit)


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("На ремонт израсходовано 22 миллиона 600 тысяч сомов.", Decimal(22600000), "KGS"),
    ("Жөндеуге 167 миллион 979 мың теңге бөлінді.", Decimal(167979000), "KZT"),
    ("Стоимость проекта составила 111 тыс. 133 доллара.", Decimal(111133), "USD"),
    ("The project cost 1 billion 200 million tenge.", Decimal(1200000000), "KZT"),
])
def test_an_amount_written_in_parts_of_falling_scale_is_one_number(text: str, value: Decimal, unit: str,
                                                                   lexicon: Lexicon) -> None:
    assert [(d.value, d.unit) for d in read(text, lexicon).drafts] == [(value, unit)]


def test_a_count_after_millions_stays_a_number_of_its_own(lexicon: Lexicon) -> None:
    # only thousands take an unscaled part: '3 млн 15 …' is not 3,000,015
    assert Decimal(3000015) not in [d.value for d in read("Выделено 3 млн 15 клиникам.", lexicon).drafts]


def test_a_year_is_not_a_quantity_but_a_scaled_year_shaped_number_is(lexicon: Lexicon) -> None:
    reading = read("In 2023 the budget was 2000 thousand tenge.", lexicon)
    assert [(d.seg.norm[d.num.start:d.num.end], d.value) for d in reading.drafts] == [("2000", Decimal(2000000))]


# --- numbers that are not metrics --------------------------------------------------------
@pytest.mark.parametrize(("text", "quotes"), [
    # an age: the word after the unit says so
    ("When the boy was two months old, doctors found the problem. The clinic treats 40 children.", ["40"]),
    ("Мальчику было 5 лет, когда клиника приняла 40 детей.", ["40"]),
    ("Баласы 5 жаста еді, емхана 40 баланы қабылдады.", ["40"]),
    # the first day of a date range
    ("The course ran from 19 to 25 March and trained 40 nurses.", ["40"]),
    ("Курс прошёл с 19 по 25 марта, обучено 40 медсестёр.", ["40"]),
    ("Курс 19-25 наурыз аралығында өтті, 40 мейірбике оқытылды.", ["40"]),
    # a number that ends a name, or is glued to one by '+'
    ("Doctors of the Specialized Hospital Karasu 1.", []),
    ("The Astana+20 Forum gathered 300 doctors.", ["300"]),
    ("Клиника «Медиком 2» приняла 300 пациентов.", ["300"]),
    ("«Шипагер 3» клиникасы 300 науқас қабылдады.", ["300"]),
    # a currency code written after an amount is that amount's, not the unit of a year after it
    ("These deliveries are part of the 5 million USD 2020 Emergency Programme.", ["5"]),
])
def test_numbers_that_are_not_metrics(text: str, quotes: list[str], lexicon: Lexicon) -> None:
    assert [d.seg.norm[d.num.start:d.num.end] for d in read(text, lexicon).drafts] == quotes


@pytest.mark.parametrize(("text", "quote", "value"), [
    ("The hospital serves 315.000 people in the region.", "315.000", 315000),
    ("Больница обслуживает 315.000 жителей района.", "315.000", 315000),
    ("Аурухана ауданның 315.000 тұрғынына қызмет көрсетеді.", "315.000", 315000),
    ("The index rose to 2.125 points.", "2.125", "2.125"),  # no trailing zero: a decimal
])
def test_a_count_with_a_dot_before_three_digits_ending_in_zero_is_in_thousands(text: str, quote: str,
                                                                              value: int | str,
                                                                              lexicon: Lexicon) -> None:
    assert read(text, lexicon).draft(quote).value == Decimal(value)
