"""Plans, strategies and concepts that a government or an agency adopts for a stated period ('the
plan for the digitalization of clinics for 2022-2026', 'Концепция развития электронного
здравоохранения на 2013-2020 годы', '2023-2030 жылдарға арналған … тұжырымдамасы'): a reader
writes each down as a programme, named by the phrase up to its period. The nouns are lexicon data
(`programme_references.plans`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.candidates import Candidate
from kg.extract.entities import EntityFinder
from kg.extract.lexicon import Lexicon
from kg.extract.rules import declare
from kg.extract.tokens import is_adjective
from kg.text.morph import parse, ru_nominative, tokenize
from kg.text.segment import Segment

PLAN_WITH_PERIOD = declare(
    "named-plan-with-period",
    "A plan, strategy, concept or road map named with the years it covers ('action plan 2023-2030', "
    "'Концепция … на 2013-2020 годы', '2023-2030 жылдарға арналған … тұжырымдамасы') is a programme.",
    makes_names=True)

_YEARS = r"(?:19|20)\d\d\s*(?:[-–—]|to|до|по)\s*(?:(?:19|20)\d\d|\d\d)"
# Every plan pattern ends in (or, in Kazakh, starts with) a period: a sentence without one has no plan.
_HAS_YEARS = re.compile(_YEARS, re.IGNORECASE)


@dataclass(frozen=True)
class PlanPatterns:
    english: re.Pattern[str]
    russian: re.Pattern[str]
    kazakh: re.Pattern[str]
    stems: tuple[str, ...]  # plan nouns cut to a stem every case form starts with ('концепци', 'strateg')

    @classmethod
    def of(cls, lexicon: Lexicon) -> "PlanPatterns":
        nouns = lexicon.section("programme_references", "plans") or {}

        def alternatives(lang: str) -> str:
            # Russian and Kazakh inflect every word ('Концепцию', 'дорожной карты', 'тұжырымдамасын').
            def stem(word: str) -> str:
                return re.escape(word[:-1] if lang != "en" and len(word) > 4 else word) + (r"\w*" if lang != "en" else "")
            phrases = (r"\s+".join(stem(w) for w in str(p).split()) for p in nouns.get(lang, []))
            return "|".join(sorted(phrases, key=len, reverse=True))

        # English: up to four modifiers, the noun, an of/for phrase, then the years.
        english = re.compile(
            rf"(?P<name>(?:(?:[A-Za-z][\w-]*)\s+){{0,4}}(?:{alternatives('en')})\b(?:\s+(?:of|for|on)\s+"
            rf"(?:the\s+)?[\w-]+(?:\s+[\w-]+){{0,6}}?)?\s+(?:for\s+(?:the\s+)?(?:period\s+)?)?(?:years\s+)?{_YEARS})",
            re.IGNORECASE)
        # Russian: adjectives, the noun, the genitive words after it, 'на'/'в' and the years.
        russian = re.compile(
            rf"(?P<name>(?:[А-ЯЁа-яё-]+\s+){{0,2}}(?:{alternatives('ru')})(?:\s+[\w«»\"-]+){{0,7}}?\s+"
            rf"(?:на|в|до)\s+{_YEARS}\s*(?:годы|года|год|гг\.?|г\.)?)", re.IGNORECASE)
        # Kazakh: the years come first ('2023-2030 жылдарға арналған'), the noun last.
        kazakh = re.compile(
            rf"(?P<name>{_YEARS}\s+жыл\w*\s+арналған(?:\s+[\w«»\"-]+){{0,6}}?\s+(?:{alternatives('kk')}))",
            re.IGNORECASE)
        first_words = [str(w).lower().split()[0] for ws in nouns.values() for w in ws]
        return cls(english, russian, kazakh, tuple(w[:-1] if len(w) > 4 else w for w in first_words))


def planned_programmes(finder: EntityFinder, seg: Segment, taken: list[Candidate]) -> list[Candidate]:
    patterns = finder.lex.memo("plan_patterns", lambda: PlanPatterns.of(finder.lex))
    pattern = {"en": patterns.english, "ru": patterns.russian, "kk": patterns.kazakh}.get(seg.lang)
    if pattern is None or not _HAS_YEARS.search(seg.norm):
        return []
    out = []
    for match in pattern.finditer(seg.norm):
        start, end = match.span("name")
        start = _trim_start(seg.norm, start, end, seg.lang, patterns.stems)
        if start >= end or re.search(r"[.;:!?]", seg.norm[start:end]) or _said_of(seg.norm, start, end, seg.lang):
            continue
        if any(c.start < end and start < c.end and c.record is not None and c.record.cls == "programme"
               for c in taken):
            continue  # already named ('the “Healthy Nation” programme for 2020-2025')
        label = _label(seg.norm[start:end], seg.lang, finder, patterns.stems)
        out.append(Candidate(finder.new_record("programme", label, seg.lang), [], start, end, PLAN_WITH_PERIOD, 2))
    return out


def _trim_start(text: str, start: int, end: int, lang: str, stems: tuple[str, ...]) -> int:
    """The phrase starts at the plan's noun or the modifiers right before it, not at a verb or a
    function word the pattern swallowed ('adopted the action plan …', 'утвердил Концепцию …')."""
    if lang == "kk":
        return start  # the years open a Kazakh name
    tokens = tokenize(text[start:end])
    head = next((k for k, (_, _, w) in enumerate(tokens) if w.lower().startswith(stems)), None)
    if head is None:
        return end
    first = head
    while first > 0 and _modifier(tokens[first - 1][2], lang):
        first -= 1
    return start + tokens[first][0]


# 'Эта программа была утверждена … на 2015-2016 годы', 'This plan covers 2021-2025': the plan spoken of, no name
_DEMONSTRATIVES = {"this", "that", "these", "those", "such", "этот", "эта", "это", "эту", "этой", "этого", "этом",
                   "данный", "данная", "данное", "данную", "данной", "данного", "такая", "такой", "такую",
                   "указанная", "указанный", "указанную", "бұл", "осы", "сол"}


def _said_of(text: str, start: int, end: int, lang: str) -> bool:
    """The words before the years say something of a plan rather than name one: a demonstrative before it,
    or a finite verb or short participle in the middle ('была утверждена', 'рассчитана')."""
    words = [w.lower() for _, _, w in tokenize(text[start:end])]
    before = [w.lower() for _, _, w in tokenize(text[max(0, start - 30):start])]
    if before[-1:] and before[-1] in _DEMONSTRATIVES or words[:1] and words[0] in _DEMONSTRATIVES:
        return True
    return lang == "ru" and any(parses and parses[0].tag.POS in ("VERB", "PRTS") for parses in map(parse, words[1:]))


def _modifier(word: str, lang: str) -> bool:
    """A word that may stand in front of a plan's noun: an adjective, not a verb or a function word."""
    if lang == "ru":
        return is_adjective(word)
    low = word.lower()
    return low not in _EN_FUNCTION and not low.endswith(("ed", "ing", "s"))


_EN_FUNCTION = {"the", "a", "an", "its", "their", "this", "that", "of", "for", "on", "in", "to", "and", "by", "with",
                "under", "within", "as", "is", "was", "will", "has", "have", "new"}


def _label(phrase: str, lang: str, finder: EntityFinder, stems: tuple[str, ...]) -> str:
    phrase = " ".join(phrase.split())
    if lang == "kk":  # the noun in its citation form: 'тұжырымдамасын' → 'тұжырымдамасы'
        words = phrase.split()
        return " ".join(words[:-1] + [finder.citation_form([words[-1].lower()], 0, "kk")])
    if lang != "ru":
        return phrase
    words = phrase.split()
    head = next((k for k, w in enumerate(words) if w.lower().startswith(stems)), None)
    if head is None:
        return phrase
    nominal = ru_nominative(words[:head + 1])
    return " ".join((nominal or words[:head + 1]) + words[head + 1:])
