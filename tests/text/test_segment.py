"""``kg.text.segment`` and ``kg.text.morph`` called directly, on short documents written for
these tests in English, Russian and Kazakh: which lines become headings, sentences, captions,
table rows and notes, where sentences end, and how every normalised character maps back to
the original text."""

from __future__ import annotations

import pytest

from kg.extract.lexicon import Lexicon
from kg.text.morph import tokenize
from kg.text.segment import Segment, detect_language, normalise, segment, split_sentences


@pytest.fixture(scope="module")
def seg_cfg(lexicon: Lexicon) -> dict:
    return lexicon.section("segmentation")


def cut(text: str, cfg: dict) -> list[Segment]:
    """Segments as the extractor makes them: the lexicon's abbreviations, caption and note words."""
    return segment(text, abbreviations=cfg["abbreviations"], caption_words=cfg["caption_words"],
                   note_words=cfg["note_words"])


def kinds(segments: list[Segment]) -> list[tuple[str, str]]:
    return [(s.kind, s.norm) for s in segments]


def assert_maps_back(text: str, segments: list[Segment]) -> None:
    """Every normalised character stands for exactly the original characters its offsets name."""
    for seg in segments:
        assert len(seg.offsets) == len(seg.ends) == len(seg.norm)
        for i, char in enumerate(seg.norm):
            original = text[seg.offsets[i]:seg.ends[i]]
            if char == " ":
                assert original and not original.strip("\u200b\u00ad\ufeff\x00 \t\r\n\u00a0"), repr(original)
            else:
                assert original.replace("\u200b", "") == char or original == "и\u0306", (char, original)
        assert all(a < b for a, b in zip(seg.offsets, seg.offsets[1:]))


# --- detect_language ---------------------------------------------------------------------
@pytest.mark.parametrize(("text", "lang"), [
    ("The clinic opened a telemedicine room.", "en"),
    ("Клиника открыла кабинет телемедицины.", "ru"),
    ("Ауруханада телемедицина кабинеті ашылды.", "kk"),
    ("Қазақстан", "kk"),  # one Kazakh letter in a short word is enough
    ("Astana hosts the НЦЭ forum every year.", "en"),  # Latin letters outnumber Cyrillic
    ("", "en"),
])
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_one_kazakh_letter_in_long_russian_text_stays_russian() -> None:
    russian = "Министерство здравоохранения подключило районные больницы к сети телемедицины " * 2
    assert detect_language(russian + "Қ") == "ru"
    assert detect_language(russian + "ҚҚ") == "kk"  # two Kazakh-only letters mark Kazakh


# --- normalise ---------------------------------------------------------------------------
def test_normalise_folds_blanks_and_trims_the_ends() -> None:
    text = "  Сеть\t охватила \n\n 120   больниц.  \n"
    norm, offsets, ends = normalise(text, 0, len(text))
    assert norm == "Сеть охватила 120 больниц."
    assert offsets[0] == 2 and ends[-1] == text.index(".") + 1
    space = norm.index(" ")  # the run "\t " after "Сеть" is one space standing for both characters
    assert text[offsets[space]:ends[space]] == "\t "


def test_normalise_joins_line_end_hyphenation_and_keeps_offsets() -> None:
    text = "Прием ведут врачи-\nтерапевты в Северо- Казахстанской области."
    norm, offsets, ends = normalise(text, 0, len(text))
    assert norm == "Прием ведут врачи-терапевты в Северо-Казахстанской области."
    t = norm.index("терапевты")
    assert offsets[t] == text.index("терапевты")  # the dropped line break leaves a gap in the offsets
    assert offsets[t] - offsets[t - 1] == 2
    k = norm.index("Казахстанской")
    assert text[offsets[k]:ends[k + len("Казахстанской") - 1]] == "Казахстанской"


def test_normalise_joins_a_year_range_broken_at_the_dash_only_across_a_line() -> None:
    broken, spaced = "в 2019–\n2021 годах", "в 2019– 2021 годах"
    assert normalise(broken, 0, len(broken))[0] == "в 2019–2021 годах"
    assert normalise(spaced, 0, len(spaced))[0] == spaced  # a space on one line is the writer's own


def test_normalise_drops_zero_width_and_composes_combining_marks() -> None:
    text = "Кызылор\u00adда и\u0306од\u200b"
    norm, offsets, ends = normalise(text, 0, len(text))
    assert norm == "Кызылорда йод"
    y = norm.index("й")
    assert (offsets[y], ends[y]) == (text.index("и\u0306"), text.index("и\u0306") + 2)  # one char, two originals
    d = norm.index("да")
    assert offsets[d] == text.index("\u00ad") + 1


def test_normalise_respects_start_and_end() -> None:
    text = "Header line\n  Body text here.\nFooter"
    start, end = text.index("  Body"), text.index("\nFooter")
    norm, offsets, ends = normalise(text, start, end)
    assert norm == "Body text here."
    assert text[offsets[0]:ends[-1]] == "Body text here."


# --- split_sentences ---------------------------------------------------------------------
def test_split_sentences_spans_cover_the_text() -> None:
    norm = "Dr. Smith came. Then A. Brown left. Ok! Yes? «Нет», сказал он. 5 тыс. Человек ушли."
    spans = split_sentences(norm, {"dr", "тыс"})
    assert [norm[s:e] for s, e in spans] == [
        "Dr. Smith came.", "Then A. Brown left.", "Ok!", "Yes?", "«Нет», сказал он.", "5 тыс. Человек ушли."]


def test_split_sentences_needs_a_capital_or_digit_after_the_stop() -> None:
    norm = "Врачи пришли, т.к. нужно. и так далее. 2024 год был хорошим."
    assert [norm[s:e] for s, e in split_sentences(norm, set())] == [
        "Врачи пришли, т.к. нужно. и так далее.", "2024 год был хорошим."]


def test_split_sentences_closing_quote_stays_with_its_sentence() -> None:
    norm = "Он сказал: «Сеть работает.» Затем ушёл."
    assert [norm[s:e] for s, e in split_sentences(norm, set())] == ["Он сказал: «Сеть работает.»", "Затем ушёл."]


@pytest.mark.parametrize(("text", "sentences"), [
    ("Dr. Smith and Prof. Jones met. Mr. Lee agreed.", ["Dr. Smith and Prof. Jones met.", "Mr. Lee agreed."]),
    ("The U.S. Agency paid. Fig. 2 shows it.", ["The U.S. Agency paid.", "Fig. 2 shows it."]),
    ("Построено 5 тыс. Объектов нет. В 2024 г. Сеть выросла.",
     ["Построено 5 тыс. Объектов нет.", "В 2024 г. Сеть выросла."]),
    ("Центр им. Абая открыт. См. рис. 2 ниже.", ["Центр им. Абая открыт.", "См. рис. 2 ниже."]),
])
def test_abbreviations_do_not_end_sentences(text: str, sentences: list[str], seg_cfg: dict) -> None:
    assert [s.norm for s in cut(text, seg_cfg)] == sentences


@pytest.mark.parametrize("text", [
    "Clinics use video tools, e.g. Zoom and Webex.",
    "Сеть охватила столицу, т.е. Астану и пригороды.",
])
def test_dotted_abbreviations_do_not_end_sentences(text: str, seg_cfg: dict) -> None:
    assert [s.norm for s in cut(text, seg_cfg)] == [text]


# --- segment: kinds, sections, offsets ---------------------------------------------------
REPORT = """Телемедицина в Казахстане

Сеть охватила 120 больниц. Врачи провели 5 000 консультаций
в 2024 году, т.е. вдвое больше.

Таблица 1. Число консультаций
по регионам:
Северный регион
Алматы 1 200
Астана 950
Шымкент 700
Примечание: данные за 2024 год.

Қорытынды
Желі 2024 жылы кеңейді. Дәрігерлер 300 кеңес берді.
"""


@pytest.fixture(scope="module")
def report(seg_cfg: dict) -> list[Segment]:
    return cut(REPORT, seg_cfg)


def test_report_kinds_in_order(report: list[Segment]) -> None:
    assert kinds(report) == [
        ("heading", "Телемедицина в Казахстане"),
        ("sentence", "Сеть охватила 120 больниц."),
        ("sentence", "Врачи провели 5 000 консультаций в 2024 году, т.е. вдвое больше."),
        ("caption", "Таблица 1. Число консультаций по регионам:"),
        ("sentence", "Северный регион"),
        ("row", "Алматы 1 200"),
        ("row", "Астана 950"),
        ("row", "Шымкент 700"),
        ("note", "Примечание: данные за 2024 год."),
        ("heading", "Қорытынды"),
        ("sentence", "Желі 2024 жылы кеңейді."),
        ("sentence", "Дәрігерлер 300 кеңес берді."),
    ]


def test_report_languages_sections_and_captions(report: list[Segment]) -> None:
    assert [s.lang for s in report] == ["ru"] * 9 + ["kk"] * 3
    assert [s.index for s in report] == list(range(len(report)))
    conclusion = 9
    assert [s.section for s in report] == [-1] + [0] * 9 + [conclusion] * 2
    assert [s.caption for s in report if s.kind == "row"] == [3, 3, 3]
    assert all(s.caption == -1 for s in report if s.kind != "row")
    # the two sentences of one paragraph share a block; the table's lines each have their own
    assert report[1].block == report[2].block
    assert len({s.block for s in report[3:9]}) == 6


def test_report_segments_map_back_to_the_original(report: list[Segment]) -> None:
    assert_maps_back(REPORT, report)
    wrapped = report[2]  # a sentence wrapped over two lines
    assert REPORT[wrapped.start:wrapped.end] == "Врачи провели 5 000 консультаций\nв 2024 году, т.е. вдвое больше."
    number = wrapped.norm.index("5 000")
    assert REPORT[slice(*wrapped.span(number, number + 5))] == "5 000"
    assert wrapped.span(3, 3) == (wrapped.offsets[3], wrapped.ends[3])  # an empty span is one character
    for seg in report:
        if "\n" not in REPORT[seg.start:seg.end]:
            assert REPORT[seg.start:seg.end] == seg.norm


def test_a_line_inside_a_table_zone_is_never_a_heading(seg_cfg: dict) -> None:
    without_note = REPORT.replace("Примечание: данные за 2024 год.\n", "Данные за 2024 год.\n")
    outside = {s.norm: s.kind for s in cut(without_note, seg_cfg)}
    inside = {s.norm: s.kind for s in cut(REPORT, seg_cfg)}
    assert outside["Северный регион"] == "heading"  # the same line with no note closing the zone
    assert inside["Северный регион"] == "sentence"


def test_fewer_than_three_row_lines_are_not_a_table(seg_cfg: dict) -> None:
    text = "Итоги года\n\nАлматы 1 200\nАстана 950\n"
    assert "row" not in [s.kind for s in cut(text, seg_cfg)]
    rows = cut(text + "Шымкент 700\n", seg_cfg)
    assert [s.kind for s in rows] == ["heading", "row", "row", "row"]
    assert all(s.caption == -1 for s in rows)  # rows without a caption


@pytest.mark.parametrize(("caption", "note"), [
    ("Table 2: Consultations by region", "Source: ministry data."),
    ("Кесте 3. Өңірлер бойынша кеңестер", "Дереккөз: министрлік."),
    ("Figure 4 Connected hospitals", "Note: preliminary."),
])
def test_captions_and_notes_in_each_language(caption: str, note: str, seg_cfg: dict) -> None:
    text = f"{caption}\nNorth 120\nSouth 80\nEast 45\n{note}\n"
    assert [s.kind for s in cut(text, seg_cfg)] == ["caption", "row", "row", "row", "note"]


def test_a_caption_word_without_a_number_is_prose(seg_cfg: dict) -> None:
    text = "Table tennis is popular. Figures rose sharply."
    assert [s.kind for s in cut(text, seg_cfg)] == ["sentence", "sentence"]


def test_caption_runs_on_to_its_terminal_punctuation(seg_cfg: dict) -> None:
    text = "Table 1. Hospitals connected\nto the network, 2024.\nThe network grew fast in every region."
    assert kinds(cut(text, seg_cfg)) == [
        ("caption", "Table 1. Hospitals connected to the network, 2024."),
        ("sentence", "The network grew fast in every region."),
    ]


def test_heading_rules(seg_cfg: dict) -> None:
    text = ("Introduction\n"
            "The programme links rural clinics,\n"
            "Regional hospitals and the capital.\n"
            "Results\n"
            "Doctors held many sessions.\n")
    assert kinds(cut(text, seg_cfg)) == [
        ("heading", "Introduction"),
        # a line ending in a comma never heads, nor does the line it runs on to
        ("sentence", "The programme links rural clinics, Regional hospitals and the capital."),
        ("heading", "Results"),
        ("sentence", "Doctors held many sessions."),
    ]


def test_lowercase_next_line_prevents_a_heading(seg_cfg: dict) -> None:
    text = "Doctors in Almaty\nconsult patients daily."
    assert kinds(cut(text, seg_cfg)) == [("sentence", "Doctors in Almaty consult patients daily.")]


def test_blank_lines_of_a_pdf_do_not_break_a_sentence(seg_cfg: dict) -> None:
    text = "Врачи провели\n\nконсультации в районах. Сеть растёт."
    assert [s.norm for s in cut(text, seg_cfg)] == ["Врачи провели консультации в районах.", "Сеть растёт."]


def test_empty_and_blank_documents_have_no_segments(seg_cfg: dict) -> None:
    assert cut("", seg_cfg) == []
    assert cut(" \n\n\t\u200b\n", seg_cfg) == []


def test_crlf_and_hyphenation_inside_a_document(seg_cfg: dict) -> None:
    text = "Сеть охватила интернет-\r\nкоммуникациями 40 сёл.\r\nВрачи довольны."
    segments = cut(text, seg_cfg)
    assert [s.norm for s in segments] == ["Сеть охватила интернет-коммуникациями 40 сёл.", "Врачи довольны."]
    assert_maps_back(text, segments)


# --- morph -------------------------------------------------------------------------------
def test_tokenize_keeps_apostrophes_and_splits_hyphens() -> None:
    # A tuple: tokenize keeps recent results, so what it returns must not be changeable.
    assert tokenize("Врачи-терапевты O'Brien's 12 clinics") == (
        (0, 5, "Врачи"), (6, 15, "терапевты"), (16, 25, "O'Brien's"), (26, 28, "12"), (29, 36, "clinics"))


def test_morphology_keys(lexicon: Lexicon) -> None:
    morph = lexicon.morph
    assert morph.ru_lemma("казахстане") == "казахстан"
    assert "қазақстан" in morph.keys("Қазақстандағы")  # chained Kazakh endings
    assert "орталық" in morph.kk_stems("орталығы")  # ғ before a vowel devoiced back to қ
    assert "clinic" in morph.keys("clinics") and "=ВОЗ" in morph.keys("ВОЗ")
    assert "казахстан" not in morph.keys("Қазақстандағы")  # no Russian lemma for a Kazakh word
    assert morph.label_key("ВОЗ", "ru") == "=ВОЗ"
    assert morph.label_key("Казахстане", "ru") == "казахстан"


def test_a_weather_and_exchange_rate_widget_is_no_part_of_the_article(seg_cfg: dict) -> None:
    """A page saved whole carries the site's widgets before its article: a city per line with the
    day's temperature, a currency sign with its rate and change. None of it is text to read."""
    text = ("Тараз\nбұлтты\n+6°\n  • Тараз\n    +6°\n  • Ақтау\n    +15°\n  • Семей\n    -2°\n"
            "$\n512.40\n+1.05\n€\n548.10\n-0.30\nҰлттық банк бағамы\n\n"
            "Ауылда жаңа емхана ашылды.\n\nОнда 40 дәрігер жұмыс істейді.\n")
    segments = cut(text, seg_cfg)
    assert [s.norm for s in segments] == ["Ауылда жаңа емхана ашылды.", "Онда 40 дәрігер жұмыс істейді."]
    assert_maps_back(text, segments)


def test_signed_numbers_in_running_text_and_a_short_table_stay(seg_cfg: dict) -> None:
    text = "Cases fell.\n\n-3\n+2\nRegion A 12\nRegion B 15\nRegion C 9\n"
    norms = [s.norm for s in cut(text, seg_cfg)]
    assert "Region A 12" in norms and any("-3" in n for n in norms)  # two readings are no widget
