"""What a number counts decides whose number it is: the places a programme reaches (the
facilities it links, the districts it equips) are the programme's; a facility's beds or places
are the facility's; a population is the place's. The words are the lexicon's
``metrics.subject_roles``."""

from __future__ import annotations

from kg.extract.metrics.drafts import MONEY, Draft
from kg.extract.metrics.reader import SentenceReader

REACH = "reach"
CAPACITY = "capacity"
POPULATION = "population"
PORTFOLIO = "portfolio"

# Words read before and after a number for its role ('халқының 50 пайызы', 'for 400 places').
_BEFORE, _AFTER = 3, 5


def counted_role(reader: SentenceReader, draft: Draft) -> str | None:
    """REACH, CAPACITY, POPULATION, PORTFOLIO (a count of projects: the funder's) or None."""
    roles = reader.mlex.subject_roles
    head = draft.indicator.head_text if draft.indicator else ""
    start, end = draft.clause
    after = [t for t in reader.toks if t.is_word and draft.num.end <= t.start < end][:_AFTER]
    before = [t for t in reader.words_before(draft.num.start, _BEFORE) if t.is_word and t.start >= start]
    phrase = draft.phrase.words if draft.phrase else []
    # The counted noun itself where the glossary has no English key for it ('проектов', 'жобаны').
    head_word = [phrase[draft.phrase.head]] if draft.phrase and 0 <= draft.phrase.head < len(phrase) else []

    def said(kind: str, words: list) -> bool:
        return any(reader.mlex.in_set(t.text, roles.get(kind, set())) for t in words)

    suffix = draft.num.suffix
    if head in roles.get(CAPACITY, ()) or said(CAPACITY, after[:2]) or (suffix and suffix in roles.get(CAPACITY, ())):
        return CAPACITY
    if draft.unit_class != MONEY and (head in roles.get(POPULATION, ()) or said(POPULATION, before + after)):
        return POPULATION
    if draft.unit_class == "count" and (head in roles.get(REACH, ()) or said("reach_words", phrase)):
        return REACH
    if draft.unit_class == "count" and (head in roles.get(PORTFOLIO, ()) or said(PORTFOLIO, head_word)):
        return PORTFOLIO
    return None
