"""Reading numbers: digits as written in English, Russian and Kazakh ('1,200', '94,3', '2 545'),
and number words ('twenty five', 'двадцать пять')."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kg.extract.metrics.lexicon import MetricLexicon
from kg.extract.metrics.words import _DASHES, _TOKEN, Tok

_DIGITS = re.compile(
    # grouped by spaces, or by apostrophes as Swiss pages do ('400'000')
    r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?(?!\d)|\d{1,3}(?:['’]\d{3})+(?:[.,]\d+)?(?!\d)"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)"
    r"|\d+(?:[.,]\d+)?"
)

_ANY_DIGIT = re.compile(r"\d")


@dataclass
class Num:
    start: int  # offsets in the segment's normalised text
    end: int
    value: Decimal
    grouped: bool = False
    word: bool = False
    attached: bool = False  # glued to a preceding word or number by a dash ("COVID-19", "2004-2011")
    suffix: str = ""  # hyphenated ending ("ден" in "18 500-ден")


def parse_number(raw: str, lang: str) -> Decimal | None:
    text = re.sub(r"[ \u00a0\u202f\u2009'’]", "", raw)
    if "," in text and "." in text:
        text = text.replace(",", "")
    elif "," in text:
        head, _, tail = text.rpartition(",")
        # English writes 1,200 for thousands; Russian and Kazakh write 94,3 for decimals, and
        # never two decimal commas: '1,234,567' is grouped in any language.
        thousands = len(tail) == 3 and (lang == "en" or "," in head)
        text = head.replace(",", "") + ("" if thousands else ".") + tail
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _digit_numbers(text: str, lang: str) -> list[Num]:
    found = []
    for match in _DIGITS.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        if before and (before.isalnum() or before in ".,/_"):
            continue
        value = parse_number(match.group(), lang)
        if value is None:
            continue
        attached = bool(before in _DASHES and start >= 2 and text[start - 2].isalnum())
        raw = match.group()
        # '2,024' in English is two thousand and twenty-four with a thousands comma, not a decimal.
        grouped = not raw.isdigit() and (not re.fullmatch(r"\d+[.,]\d+", raw)
                                         or value == Decimal(re.sub(r"\D", "", raw)))
        num = Num(start, end, value, grouped=grouped, attached=attached)
        suffix = re.match(r"[-‐]([^\W\d_]+)", text[end:])
        if suffix:
            num.suffix = suffix.group(1).lower()
        found.append(num)
    return found


def _word_numbers(toks: list[Tok], lang: str, mlex: MetricLexicon) -> list[Num]:
    found: list[Num] = []
    i = 0
    while i < len(toks):
        value = _number_word_value(toks[i].text, lang, mlex)
        if value is None:
            i += 1
            continue
        start, end, total = toks[i].start, toks[i].end, value
        j = i + 1
        while j < len(toks):  # "twenty five", "двадцать пять", "two hundred"
            nxt = _number_word_value(toks[j].text, lang, mlex)
            if nxt is None:
                break
            total = total * nxt if nxt in (100, 1000) and total < nxt else total + nxt
            end = toks[j].end
            j += 1
        if total >= mlex.number_word_min:
            found.append(Num(start, end, total, grouped=True, word=True))
        i = j
    return found


def _number_word_value(word: str, lang: str, mlex: MetricLexicon) -> Decimal | None:
    return _word_values(mlex)(word, lang)


def _word_values(mlex: MetricLexicon) -> Callable[[str, str], Decimal | None]:
    # Every word of every sentence is tried: worked out once per word form and language.
    def make() -> Callable[[str, str], Decimal | None]:
        return lru_cache(maxsize=100_000)(lambda w, lg: _word_value(w, mlex.number_words.get(lg, {}), mlex))
    return mlex.lex.memo("metrics.numbers.word_value", make)


def holds_number(text: str, lang: str, mlex: MetricLexicon) -> bool:
    """Whether ``scan_numbers`` can find anything in ``text``: a digit, or a token that is a number
    word. Most sentences have neither, and this asks it without building their tokens. The answer
    is kept per sentence text and language: a document's boilerplate sentences recur."""
    known: dict[str, bool] = mlex.lex.memo("metrics.numbers.holds." + lang, dict)
    held = known.get(text)
    if held is None:
        if len(known) > 4096:
            known.clear()
        held = known[text] = _holds_number(text, lang, mlex)
    return held


def _holds_number(text: str, lang: str, mlex: MetricLexicon) -> bool:
    if _ANY_DIGIT.search(text):
        return True
    # The word forms known to be no number word, per language: a sentence's words are checked
    # against them by set difference, and only words not met before are looked up.
    plain: set[str] = mlex.lex.memo("metrics.numbers.plain." + lang, set)
    unseen = set(_TOKEN.findall(text)) - plain
    if not unseen:
        return False
    value = _word_values(mlex)
    if any(value(word, lang) is not None for word in unseen):
        return True
    if len(plain) > 200_000:  # bounded, as the lookups' own cache is
        plain.clear()
    plain |= unseen
    return False


def _word_value(word: str, words: dict[str, Decimal], mlex: MetricLexicon) -> Decimal | None:
    parts = word.lower().split("-")
    if len(parts) > 1:  # "twenty-five" is a number; "seven-month-old" is an age
        values = [words.get(p) for p in parts]
        return sum(values, Decimal(0)) if all(v is not None for v in values) else None
    form = mlex.in_set(word, words)
    return words[form] if form else None


def scan_numbers(text: str, toks: list[Tok], lang: str, mlex: MetricLexicon) -> list[Num]:
    nums = _digit_numbers(text, lang) + _word_numbers(toks, lang, mlex)
    return sorted(nums, key=lambda n: n.start)
