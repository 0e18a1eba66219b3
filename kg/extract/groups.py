"""Payers named by what they are, not who: 'за счёт международных инвесторов', 'инвесторлар көмегімен',
'funded by private investors', 'на средства местных предпринимателей'. Readers write such a group down as
the funder; it has no name of its own, so it is labelled by its words and the document's country, and one
country's 'private investors' are one payer in every article and language, as a country's budget is.

The words are the lexicon's `payer_groups`; a group is taken only near a cue of paying, so that
'opportunities for foreign investors' names no payer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg import terms as T
from kg.extract.candidates import Candidate, slugify
from kg.extract.cues import Prefiltered
from kg.extract.entities import EntityFinder
from kg.extract.lexicon import Lexicon
from kg.extract.rules import declare
from kg.extract.tokens import letter_words
from kg.model import EntityRecord
from kg.text.segment import Segment

PAYER_GROUP = declare(
    "named-payer-group",
    "People or firms named by what they are ('international investors', 'жеке инвесторлар', 'местные "
    "предприниматели'), near a cue of paying, are a payer of the document's country.", makes_names=True)
# how far from a cue of paying the group may stand, in characters
_NEAR = 60
ORG_TYPE = "private-payers"
# the group's members named right after it, in apposition: a capitalised word or a quote, perhaps after a dash
# and a class word
_NAMED_AFTER = re.compile(r"\s*(?:[—–:-]\s*)?(?:[a-zа-яёәғқңөұүһі]+\s+)?[«“\"A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]")


@dataclass(frozen=True)
class GroupWords:
    heads: dict[str, tuple[str, ...]]  # language → word beginnings of a group's noun
    exact: frozenset[str]  # English nouns, whole words ('sponsor' begins 'sponsored')
    modifiers: dict[str, tuple[str, ...]]  # language → words (Russian: beginnings) that belong to the group's name
    not_heads: tuple[str, ...]  # beginnings that are not the group ('демеушілік' is sponsorship)
    mentioned: Prefiltered  # any head's beginning anywhere in a sentence

    @classmethod
    def of(cls, lexicon: Lexicon) -> "GroupWords":
        section = lexicon.section("payer_groups") or {}
        heads = {lang: tuple(str(w).lower() for w in words) for lang, words in (section.get("heads") or {}).items()}
        modifiers = {lang: tuple(str(w).lower() for w in words) for lang, words in (section.get("modifiers") or {}).items()}
        # most sentences name no such group: an automaton pass before a look at every word
        stems = sorted({w[:6] for words in heads.values() for w in words})
        mentioned = Prefiltered(re.compile("|".join(map(re.escape, stems)) or "(?!)", re.IGNORECASE))
        return cls(heads, frozenset(heads.get("en", ())), modifiers,
                   tuple(str(w).lower() for w in section.get("not") or []), mentioned)

    def is_modifier(self, word: str, lang: str) -> bool:
        # only Russian inflects the words before the noun ('частных', 'жекелеген' is not 'жеке')
        lowered = word.lower()
        return lowered.startswith(self.modifiers.get(lang, ())) if lang == "ru" else lowered in self.modifiers.get(lang, ())

    def is_head(self, word: str, lang: str) -> bool:
        lowered = word.lower()
        if lang == "en":
            return lowered in self.exact
        return lowered.startswith(self.heads.get(lang, ())) and not lowered.startswith(self.not_heads)


def payer_groups(finder: EntityFinder, seg: Segment, taken: list[Candidate], country: EntityRecord | None) -> list[Candidate]:
    if country is None or seg.lang not in ("en", "ru", "kk"):
        return []
    words = finder.lex.memo("payer_group_words", lambda: GroupWords.of(finder.lex))
    if not words.mentioned.search(seg.norm):
        return []
    tokens = letter_words(seg.norm)
    heads = [i for i, (_, _, w) in enumerate(tokens) if words.is_head(w, seg.lang)]
    if not heads:
        return []
    paying = [m.span() for cue in finder.lex.cues_in(seg.norm) if "fundedBy" in (cue.predicate, cue.donor_predicate)
              for m in cue.pattern.finditer(seg.norm)]
    out = []
    for i in heads:
        left = i
        while left > 0 and words.is_modifier(tokens[left - 1][2], seg.lang) \
                and seg.norm[tokens[left - 1][1]:tokens[left][0]] == " ":
            left -= 1
        start, end = tokens[left][0], tokens[i][1]
        if any(c.start < end and start < c.end for c in taken) \
                or not any(a - _NEAR <= end and start <= b + _NEAR for a, b in paying):
            continue  # part of a name the text gives ('союз промышленников и предпринимателей'), or no one pays
        if _NAMED_AFTER.match(seg.norm, end):
            continue  # 'бизнесмены Бакай Маматалиев и …', 'инвесторы – компании «Orhun Medical»': the names pay
        written = [t[2].lower() for t in tokens[left:i + 1]]
        label = finder.citation_form(written, len(written) - 1, seg.lang)
        record = EntityRecord(iri=f"{T.ID}funder/payers-{slugify(label, finder.lex)}-{country.iri.rsplit('/', 1)[1].lower()}", cls="funder",
                              labels={seg.lang: f"{label} ({country.label(seg.lang)})"}, org_type=ORG_TYPE)
        record.alt_labels.add((label, seg.lang))
        out.append(Candidate(record, [], start, end, PAYER_GROUP, 3))
    return out
