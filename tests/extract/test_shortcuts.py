"""The shortcuts extraction takes for speed (issue 17) give what the long way gives, on every
sentence of the seeds and of the test corpora, and on sentences written here for the edge cases:
a sentence judged to hold no number has none, the year a number-free sentence names is the one
its period cues give, a paragraph returned as it stands has nothing the normalising pattern
would change, a language settled by a search for a letter is the one counting letters gives, and
a full stop judged to end an abbreviation from its word alone is judged so by the words before it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from kg.extract import segment_document
from kg.extract.lexicon import Lexicon
from kg.extract.metrics import metric_lexicon, period_cues, scan_numbers
from kg.extract.metrics.numbers import holds_number
from kg.extract.metrics.periods import _year_in, year_named
from kg.text.segment import KAZAKH_LETTERS, _WORD, _abbreviated, _dotted_word, _fold, detect_language, normalise
from tests.extract.reading import reader_for

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted([*(ROOT / "seeds").glob("*.txt"), *(ROOT / "tests" / "data").rglob("*.txt")])
WRITTEN = [
    "Last year the clinic opened.", "В прошлом году клиника открылась.", "Биыл емхана ашылды.",
    "Twenty five clinics joined.", "Двадцать пять клиник подключились.", "The clinic opened this year.",
    "В этом году, как и в прошлом году, сеть росла.", "The year was a good one for the last clinic.",
    "Ауылдағы  емхана\u00a0ашылды.", "интернет-\nкоммуникаций", "Северо- Казахстанская",
    "й\u0306од", "a\u200bb", "by November the service reached every district.",
    "Клиника «Ақ» открылась.", "Клиника Ақ открылась в 2020 году: " + "работает " * 20, "Ұ", "ҚҚ", "Қ",
    "Қазақстан Health Days", "Village «Ақжол» clinic", "Шу ауданы — Shu district", "«»", "2020 – 2021",
    "Dr. Smith met J. Brown in the U.S. on 5 May, e.g. at 10 a.m. in Almaty.", "См. рис. 2 и т.е. г. Алматы.",
    "He saw telemedicines. Then teleconsultations. Also (ст. 5) and «г. Ош».", "x.", ".", "A. B. C.",
]


def _sentences(lexicon: Lexicon) -> list[tuple[str, object]]:
    out = []
    for text in [p.read_text(encoding="utf-8") for p in TEXTS] + WRITTEN:
        out += [(text, seg) for seg in segment_document(text, lexicon)]
    return out


def test_the_corpora_are_there() -> None:
    assert len(TEXTS) >= 30


@pytest.mark.parametrize("doc_date", [date(2026, 3, 1), None])
def test_number_free_sentences_hold_no_number_and_name_the_year_their_cues_give(
        lexicon: Lexicon, doc_date: date | None) -> None:
    mlex = metric_lexicon(lexicon)
    skipped = 0
    for text, seg in _sentences(lexicon):
        reader = reader_for(seg, text, lexicon)
        if not holds_number(seg.norm, seg.lang, mlex):
            skipped += 1
            assert scan_numbers(seg.norm, reader.toks, seg.lang, mlex) == [], seg.norm
        assert year_named(reader, doc_date) == _year_in(period_cues(reader, doc_date)), seg.norm
    assert skipped > 100  # the shortcut is taken, and checked, on many real sentences


def test_normalising_without_the_pattern_or_its_clusters_gives_what_the_whole_pattern_gives() -> None:
    windows = 0
    for text in [p.read_text(encoding="utf-8") for p in TEXTS] + WRITTEN:
        for start in range(0, len(text), 97):
            for end in (min(len(text), start + 60), min(len(text), start + 400), len(text)):
                trimmed_start, trimmed_end = start, end
                while trimmed_start < trimmed_end and _blank(text[trimmed_start]):
                    trimmed_start += 1
                while trimmed_end > trimmed_start and _blank(text[trimmed_end - 1]):
                    trimmed_end -= 1
                assert normalise(text, start, end) == _fold(text, trimmed_start, trimmed_end), repr(text[start:end])
                windows += 1
    assert windows > 1000


def _blank(char: str) -> bool:
    return char.isspace() or char in "\u00ad\u200b\u200c\u200d\u2060\ufeff\x00"


def _counted_language(text: str) -> str:
    """The script rule counted out letter by letter: Kazakh-only letters mark Kazakh (two of them,
    or more than one Cyrillic letter in a hundred), other Cyrillic Russian, unless Latin letters
    are as many."""
    kazakh = sum(c in KAZAKH_LETTERS for c in text)
    cyrillic = sum("\u0400" <= c <= "\u04ff" or c in KAZAKH_LETTERS for c in text)
    latin = sum(c.isascii() and c.isalpha() for c in text)
    if cyrillic > latin:
        return "kk" if kazakh >= 2 or kazakh / cyrillic > 0.01 else "ru"
    return "en"


def test_the_language_a_search_settles_is_the_one_counting_gives(lexicon: Lexicon) -> None:
    texts = [seg.norm for _, seg in _sentences(lexicon)] + WRITTEN
    texts += [a + " " + b for a, b in zip(texts, texts[1:])]  # sentences of two languages side by side
    assert {detect_language(t) for t in texts} == {"en", "ru", "kk"}
    for text in texts:
        assert detect_language(text) == _counted_language(text), text


def test_an_abbreviation_judged_from_its_word_is_the_one_the_words_before_it_give(lexicon: Lexicon) -> None:
    known = {str(a).lower().rstrip(".") for a in lexicon.section("segmentation").get("abbreviations", [])}
    stops = 0
    # The words before a stop are read in its last twelve characters: a longer word is cut there
    # ('telemedicines' → 'elemedicines'), which an abbreviation of that length shows.
    for text, abbreviations in [(p.read_text(encoding="utf-8"), known) for p in TEXTS] + [
            (text, known | {"elemedicines"}) for text in WRITTEN]:
        norm = normalise(text, 0, len(text))[0]
        for dot in (i for i, c in enumerate(norm) if c == "."):
            for start in {0, max(0, dot - 5), dot}:
                words = _WORD.findall(norm[max(start, dot - 12):dot + 1])
                last = words[-1] if words else ""
                long_way = (last.lower() in abbreviations or (len(last) == 1 and last.isupper())
                            or _dotted_word(norm, start, dot) in abbreviations)
                assert _abbreviated(norm, start, dot, abbreviations) == long_way, norm[max(0, dot - 20):dot + 1]
                stops += 1
    assert stops > 1000


def _kk_stems_one_suffix_at_a_time(lexicon: Lexicon, word: str) -> tuple[str, ...]:
    """Kazakh stems as morph.py worked them out before it looked endings up by length."""
    morph, devoice = lexicon.morph, {"ғ": "қ", "г": "к", "б": "п"}
    stems, frontier = {word}, [word]
    while frontier:
        current = frontier.pop()
        for suffix in morph._kk_suffixes:
            if current.endswith(suffix) and len(current) - len(suffix) >= morph._kk_min:
                stem = current[: -len(suffix)]
                for variant in [stem] + ([stem[:-1] + devoice[stem[-1]]] if stem[-1] in devoice else []):
                    if variant not in stems:
                        stems.add(variant)
                        frontier.append(variant)
    return tuple(sorted(stems))


def test_kazakh_stems_by_ending_length_are_the_stems_one_ending_at_a_time(lexicon: Lexicon) -> None:
    words = {t.lower() for text in [p.read_text(encoding="utf-8") for p in TEXTS] + WRITTEN
             for t in re.findall(r"[^\W\d_]+", text)}
    words |= {"орталығындағы", "ауылдарындағы", "облыстарының", "ақ", "қазақстандағы"}
    for word in sorted(words):
        assert lexicon.morph._kk_stems(word) == _kk_stems_one_suffix_at_a_time(lexicon, word), word
