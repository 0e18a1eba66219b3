"""Word forms → matching keys, per language.

Russian uses pymorphy3's dictionary lemmas ('Казахстане' → 'казахстан'); Kazakh, which
pymorphy does not cover, strips case/possessive/plural endings listed in the lexicon, chained
('Қазақстандағы' → 'қазақстан'); English drops possessives. A token's key set holds every
reading, and a label matches when each of its tokens shares a key with the text's token.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import pymorphy3

from kg.text.segment import KAZAKH_LETTERS

# A year or a time glued to the word after it by a web page's layout ('18/07/2024Азиатский банк')
# is two tokens; '5G' or 'H1N1' stay one.
TOKEN = re.compile(r"\d{3,}(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі])|[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_DEVOICE = {"ғ": "қ", "г": "к", "б": "п"}


@lru_cache(maxsize=1)
def _analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def parse(word: str) -> list:
    """pymorphy3's readings of a word; none for a word it cannot read (it raises on letters
    without a Unicode name, such as a Tangut ideograph inside a Cyrillic token)."""
    try:
        return list(readings(word))
    except (KeyError, ValueError):
        return []


@lru_cache(maxsize=20_000)
def readings(word: str) -> tuple:
    # Once per word form: names and indicator phrases ask for the same words over and over, and
    # a reading (a named tuple) is never changed by its users.
    return tuple(_analyzer().parse(word))


class Morphology:
    def __init__(self, kazakh_suffixes: Sequence[str], kazakh_min_stem: int, english_suffixes: Sequence[str]):
        self._kk_suffixes = sorted(set(kazakh_suffixes), key=len, reverse=True)
        if "" in self._kk_suffixes:
            raise ValueError("an empty Kazakh suffix")
        # the same endings by length: a word is looked up once per length, not tried against each
        self._kk_by_length = [(n, frozenset(s for s in self._kk_suffixes if len(s) == n))
                              for n in sorted({len(s) for s in self._kk_suffixes}, reverse=True)]
        self._kk_min = kazakh_min_stem
        self._en_suffixes = sorted(english_suffixes, key=len, reverse=True)
        self.ru_lemma = lru_cache(maxsize=200_000)(self._ru_lemma)
        self.kk_stems = lru_cache(maxsize=200_000)(self._kk_stems)
        self.keys = lru_cache(maxsize=200_000)(self._keys)

    @staticmethod
    def _ru_lemma(word: str) -> str:
        parses = parse(word)
        # Proper names in the lexicon are nouns and adjectives; prefer those readings so a
        # guessed verb form ('Улытауская' as a gerund) does not split inflected forms apart.
        for reading in parses:
            if reading.tag.POS in ("NOUN", "ADJF"):
                return reading.normal_form
        return parses[0].normal_form if parses else word

    def _kk_stems(self, word: str) -> tuple[str, ...]:
        """The word and every stem stripping endings reaches, one after another, sorted (the order
        in which they are reached does not matter)."""
        stems, frontier = {word}, [word]
        while frontier:
            current = frontier.pop()
            for length, suffixes in self._kk_by_length:
                if len(current) - length >= self._kk_min and current[-length:] in suffixes:
                    stem = current[:-length]
                    # Final қ/к/п voice to ғ/г/б before a vowel (орталық → орталығы): undo it.
                    variants = [stem] + ([stem[:-1] + _DEVOICE[stem[-1]]] if stem[-1] in _DEVOICE else [])
                    for variant in variants:
                        if variant not in stems:
                            stems.add(variant)
                            frontier.append(variant)
        return tuple(sorted(stems))

    def en_key(self, word: str) -> str:
        for suffix in self._en_suffixes:
            if word.endswith(suffix) and len(word) > len(suffix) + 1:
                return word[: -len(suffix)]
        return word

    def _keys(self, token: str) -> frozenset[str]:
        """Every key a text token can match under."""
        lower = token.lower()
        keys = {lower, self.en_key(lower)}
        if lower.isascii() and len(lower) > 3 and lower.endswith("s") and not lower.endswith("ss"):
            # English plurals: 'Issyk-Kul and Talas regions' names two regions.
            keys.add(lower[:-3] + "y" if lower.endswith("ies") else lower[:-1])
        bare = self.en_key(token)  # 'USAID’s' is the acronym USAID
        if bare.isupper() and len(bare) >= 2:
            keys.add("=" + bare)
        if _CYRILLIC.search(lower):
            if not any(c in KAZAKH_LETTERS for c in lower):
                keys.add(self.ru_lemma(lower))
                if lower.endswith(("ской", "цкой")):
                    # an unknown place adjective ('Атырауской') is guessed a noun first ('атырауска');
                    # its label ('Атырауская') is keyed by the adjective
                    keys.update(p.normal_form for p in parse(lower) if p.tag.POS == "ADJF")
            keys.update(self.kk_stems(lower))
        return frozenset(keys)

    def label_key(self, token: str, lang: str) -> str:
        """The one key a label's token is indexed under (labels are citation forms)."""
        if token.isupper() and len(token) >= 2 and not any(c.isdigit() for c in token):
            return "=" + token
        lower = token.lower()
        if lang == "ru" and _CYRILLIC.search(lower):
            return self.ru_lemma(lower)
        if lang == "kk" and _CYRILLIC.search(lower):
            # Citation forms of compound names carry the possessive ('Шу облысы'); the text's
            # key set holds every stem, so the label is keyed without it.
            for suffix in ("сы", "сі", "ы", "і"):
                if lower.endswith(suffix) and len(lower) - len(suffix) >= self._kk_min:
                    return lower[: -len(suffix)]
            return lower
        return self.en_key(lower)

    def gloss_candidates(self, token: str) -> list[str]:
        """Readings to look up in the glossary, most specific first."""
        lower = token.lower()
        out = [lower, self.en_key(lower)]
        if _CYRILLIC.search(lower):
            if not any(c in KAZAKH_LETTERS for c in lower):
                out.append(self.ru_lemma(lower))
            out.extend(sorted(self.kk_stems(lower), key=len, reverse=True))
        return out


Token = tuple[int, int, str]


@lru_cache(maxsize=256)
def tokenize(text: str) -> tuple[Token, ...]:
    """(start, end, word) of each word. Every finder tokenises the same sentence again, so the
    last few hundred texts are kept; a tuple, so no caller can change what the next one gets."""
    return tuple((m.start(), m.end(), m.group()) for m in TOKEN.finditer(text))


def ru_nominative(words: Sequence[str], number: str | None = None) -> list[str] | None:
    """Put a Russian noun phrase 'Adj* Head' into the nominative ('Республиканского центра'
    → 'Республиканский центр'), keeping each word's capitalisation, in its own number or the one
    given ('медицинские пункты' → 'медицинский пункт'). None if it cannot."""
    if not words:
        return None
    head_parses = [p for p in parse(words[-1]) if p.tag.POS == "NOUN"]
    if not head_parses:
        return None
    head = head_parses[0]
    number = number or head.tag.number or "sing"
    head_form = head.inflect({"nomn", number})
    if head_form is None:
        return None
    out = []
    for word in words[:-1]:
        adjs = [p for p in parse(word) if p.tag.POS == "ADJF" and (p.tag.gender in (None, head.tag.gender))]
        grammemes = {"nomn", number} | ({head.tag.gender} if number == "sing" and head.tag.gender else set())
        form = adjs[0].inflect(grammemes) if adjs else None
        out.append(_same_case(word, form.word) if form else word)
    out.append(_same_case(words[-1], head_form.word))
    return out


def _same_case(original: str, word: str) -> str:
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
