"""Words: tokens, Russian morphology (pymorphy), English singular and plural, the language of a
word, and regex alternations of lexicon word lists. Every other module of the package reads text
through these."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from kg.extract.lexicon import Lexicon
from kg.text.morph import readings
from kg.text.segment import KAZAKH_LETTERS

_TOKEN = re.compile(r"[^\W\d_]+(?:[-‐'’][^\W\d_]+)*|\d+|[^\w\s]", re.UNICODE)
_DASHES = "-‐–—"


class Tok(NamedTuple):
    # A named tuple rather than a frozen dataclass: a sentence's tokens are made by the
    # thousand and a tuple is several times cheaper to build (same equality and hash).
    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()


def tokens_of(text: str) -> list[Tok]:
    return [Tok(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _ru_lemma(word: str, lexicon: Lexicon) -> str:
    if "-" in word:  # "фельдшерско-акушерских" → "фельдшерско-акушерский"
        head, _, last = word.rpartition("-")
        return f"{head}-{lexicon.morph.ru_lemma(last)}"
    return lexicon.morph.ru_lemma(word)


@lru_cache(maxsize=100_000)
def _ru_lemmas(word: str) -> frozenset[str]:
    """Every dictionary reading's lemma ('статей' → стать, статья): glossary words match any."""
    head, sep, last = word.rpartition("-")
    # The readings the gazetteer's keys already asked pymorphy for: parsing a word is most of
    # what a new word form costs, and each was parsed up to three times.
    return frozenset(head + sep + p.normal_form for p in readings(last)
                     if p.tag.POS in ("NOUN", "ADJF", "PRTF", "VERB", "INFN", "PRTS"))


@lru_cache(maxsize=100_000)
def _ru_tag(word: str) -> tuple[str | None, str | None, frozenset[str]]:
    """(part of speech, case, grammemes) of the likeliest Russian reading of ``word``."""
    last = word.rsplit("-", 1)[-1]
    parses = readings(last)
    if not parses:
        return None, None, frozenset()
    tag = parses[0].tag
    return tag.POS, tag.case, frozenset(tag.grammemes)


def _ru_inflect(word: str, grammemes: set[str], pos: tuple[str, ...], lemma: str | None = None) -> str | None:
    return _ru_inflected(word, frozenset(grammemes), pos, lemma)


@lru_cache(maxsize=100_000)
def _ru_inflected(word: str, grammemes: frozenset[str], pos: tuple[str, ...], lemma: str | None) -> str | None:
    # Once per word form and wanted form: an indicator's label inflects the same few words of
    # every sentence that counts them, and pymorphy's inflection walks the whole lexeme.
    head, sep, last = word.rpartition("-")
    parses = readings(last.lower())
    if lemma:  # the reading the glossary meant first
        parses = sorted(parses, key=lambda p: p.normal_form != lemma.rsplit("-", 1)[-1])
    for parse in parses:
        if parse.tag.POS in pos:
            form = parse.inflect(set(grammemes))
            if form is not None:
                return head + sep + form.word
    return None


def _en_singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "’s", "'s")):
        return word[:-1]
    return word


def _en_plural(phrase: str, irregular: dict[str, str] | None = None) -> str:
    head, sep, last = phrase.rpartition(" ")
    if irregular and last in irregular:
        return head + sep + irregular[last]
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last = last + "es" if not last.endswith("s") else last
    else:
        last += "s"
    return head + sep + last


def _is_cyrillic(word: str) -> bool:
    return bool(re.search(r"[\u0400-\u04ff]", word))


def _word_lang(word: str, seg_lang: str) -> str:
    if not _is_cyrillic(word):
        return "en"
    if any(c in KAZAKH_LETTERS for c in word.lower()):
        return "kk"
    return seg_lang if seg_lang in ("ru", "kk") else "ru"


def _alternation(words: Iterable[str], word: bool = False) -> str:
    """A regex group matching any of ``words`` (longest first, spaces flexible)."""
    return _alternation_of(frozenset(w for w in words if w), word)


@lru_cache(maxsize=512)
def _alternation_of(words: frozenset[str], word: bool) -> str:
    # Called per sentence with the same lexicon word lists: escaping them each time was a tenth
    # of extraction.
    ordered = sorted(words, key=lambda w: (-len(w), w))
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) or "(?!)"
    return (r"\b(?:" + body + r")\b") if word else "(?:" + body + ")"
