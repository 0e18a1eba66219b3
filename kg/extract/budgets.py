"""Public budgets as payers: 'за счёт средств областного бюджета', 'жергілікті бюджет есебінен', 'from
the state budget'. A budget is named by its level only; whose it is the document says elsewhere, so
a national budget is its country's and a regional or local one is the budget of the one region the
document names (its country's when it names none or several). One IRI per level and owner, in every
language: 'облыстық бюджет' and 'областной бюджет' of one region are one payer.

The level words are the lexicon's `budgets`; this module holds how they stand before the noun."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg import terms as T
from kg.extract.candidates import Candidate
from kg.extract.cues import Prefiltered
from kg.extract.entities import EntityFinder
from kg.extract.lexicon import Lexicon
from kg.extract.rules import declare
from kg.extract.tokens import letter_words
from kg.model import EntityRecord
from kg.text.morph import ru_nominative
from kg.text.segment import Segment

NAMED_BUDGET = declare(
    "named-budget",
    "A public budget named by its level ('облыстық бюджет', 'из республиканского бюджета', 'the local "
    "budget') pays: the national budget of the document's country, a regional or local one of the one "
    "region the document names.", makes_names=True)



@dataclass(frozen=True)
class BudgetWords:
    levels: dict[str, str]  # level word key → 'national' | 'regional' | 'local'
    nouns: frozenset[str]  # keys of 'budget', 'бюджет'
    mentioned: Prefiltered  # the nouns' stems anywhere in a sentence

    @classmethod
    def of(cls, lexicon: Lexicon) -> "BudgetWords":
        section = lexicon.section("budgets") or {}
        levels = {k: str(level) for level, words in (section.get("levels") or {}).items()
                  for w in words for k in lexicon.key_of(str(w)) | {str(w).lower()}}
        nouns = frozenset(k for w in section.get("nouns") or [] for k in lexicon.key_of(str(w)) | {str(w).lower()})
        # an alternation of stems under IGNORECASE is tried at every character: an automaton pass first
        mentioned = Prefiltered(re.compile("|".join(re.escape(str(w)[:5]) for w in section.get("nouns") or []) or "(?!)",
                                           re.IGNORECASE))
        return cls(levels, nouns, mentioned)


def budget_funders(finder: EntityFinder, seg: Segment, taken: list[Candidate], country: EntityRecord | None,
                   region: EntityRecord | None, local_owner: bool = True) -> list[Candidate]:
    """``local_owner``: a regional or local budget of no known region is the country's."""
    words = finder.lex.memo("budget_words", lambda: BudgetWords.of(finder.lex))
    if not words.mentioned.search(seg.norm):
        return []  # most sentences name no budget: one search instead of a look at every word
    tokens = letter_words(seg.norm)
    out = []
    for (start, _, word), (_, end, noun) in zip(tokens, tokens[1:]):
        level = next((words.levels[k] for k in sorted(finder.lex.key_of(word) | {word.lower()}) if k in words.levels), None)
        if level is None or not (finder.lex.key_of(noun) | {noun.lower()}) & words.nouns \
                or seg.norm[start:end].count(" ") != 1:
            continue
        if any(c.start < end and start < c.end for c in taken):
            continue  # part of a name the text gives
        owner = country if level == "national" or (region is None and local_owner) else region
        if owner is None:
            continue
        written = [word.lower(), noun.lower()]
        if seg.lang == "ru":
            written = [w.lower() for w in ru_nominative(written) or written]
        elif seg.lang == "kk":
            written[-1] = "бюджет"
        label = " ".join(written)
        record = EntityRecord(iri=f"{T.ID}funder/{level}-budget-{owner.iri.rsplit('/', 1)[1].lower()}", cls="funder",
                              labels={seg.lang: f"{label} ({owner.label(seg.lang)})"}, org_type="fund")
        # one readable English label across languages ('regional budget (Atyrau Region)')
        record.labels.setdefault("en", f"{level} budget ({owner.label('en')})")
        record.alt_labels.add((label, seg.lang))
        out.append(Candidate(record, [], start, end, NAMED_BUDGET, 3))
    return out
