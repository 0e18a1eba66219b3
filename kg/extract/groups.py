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
from kg.extract.grammar import UPPER
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
_NAMED_AFTER = re.compile(rf"\s*(?:[—–:-]\s*)?(?:[^\W\d{UPPER}]+\s+)?[«“\"{UPPER}]")


Words = dict[str, dict[str, tuple[str, ...]]]  # kind → language → words


def _words(section: dict[str, dict[str, list[str]]] | None) -> Words:
    return {kind: {lang: tuple(str(w).lower() for w in words) for lang, words in (by_lang or {}).items()}
            for kind, by_lang in (section or {}).items()}


def _kind(words: Words, word: str, lang: str, beginnings: bool) -> str | None:
    lowered = word.lower()
    for kind, by_lang in words.items():
        forms = by_lang.get(lang, ())
        if lowered.startswith(forms) if beginnings else lowered in forms:
            return kind
    return None


@dataclass(frozen=True)
class GroupWords:
    heads: Words  # the kind of group ('investors') → language → its nouns (English: whole words, else beginnings)
    modifiers: Words  # the kind of modifier ('private') → language → its words (Russian: beginnings)
    not_heads: tuple[str, ...]  # beginnings that are not the group ('демеушілік' is sponsorship)
    mentioned: Prefiltered  # any head's beginning anywhere in a sentence

    @classmethod
    def of(cls, lexicon: Lexicon) -> "GroupWords":
        section = lexicon.section("payer_groups") or {}
        heads, modifiers = _words(section.get("heads")), _words(section.get("modifiers"))
        # most sentences name no such group: an automaton pass before a look at every word
        stems = sorted({w[:6] for by_lang in heads.values() for words in by_lang.values() for w in words})
        mentioned = Prefiltered(re.compile("|".join(map(re.escape, stems)) or "(?!)", re.IGNORECASE))
        return cls(heads, modifiers, tuple(str(w).lower() for w in section.get("not") or []), mentioned)

    def head(self, word: str, lang: str) -> str | None:
        """The kind of group a noun names ('инвесторлар': investors), or None."""
        if lang != "en" and word.lower().startswith(self.not_heads):
            return None
        return _kind(self.heads, word, lang, beginnings=lang != "en")

    def modifier(self, word: str, lang: str) -> str | None:
        # only Russian inflects the words before the noun ('частных'; 'жекелеген' is not 'жеке')
        return _kind(self.modifiers, word, lang, beginnings=lang == "ru")


def payer_groups(finder: EntityFinder, seg: Segment, taken: list[Candidate], country: EntityRecord | None) -> list[Candidate]:
    if country is None or seg.lang not in ("en", "ru", "kk"):
        return []
    words = finder.lex.memo("payer_group_words", lambda: GroupWords.of(finder.lex))
    if not words.mentioned.search(seg.norm):
        return []
    tokens = letter_words(seg.norm)
    heads = [(i, kind) for i, (_, _, w) in enumerate(tokens) if (kind := words.head(w, seg.lang))]
    if not heads:
        return []
    paying = [m.span() for cue in finder.lex.cues_in(seg.norm) if "fundedBy" in (cue.predicate, cue.donor_predicate)
              for m in cue.pattern.finditer(seg.norm)]
    out = []
    for i, kind in heads:
        left, kinds = i, [kind]
        while left > 0 and (modifier := words.modifier(tokens[left - 1][2], seg.lang)) \
                and seg.norm[tokens[left - 1][1]:tokens[left][0]] == " ":
            left -= 1
            kinds.insert(0, modifier)
        start, end = tokens[left][0], tokens[i][1]
        if any(c.start < end and start < c.end for c in taken) \
                or not any(a - _NEAR <= end and start <= b + _NEAR for a, b in paying):
            continue  # part of a name the text gives ('союз промышленников и предпринимателей'), or no one pays
        if _NAMED_AFTER.match(seg.norm, end):
            continue  # 'бизнесмены Бакай Маматалиев и …', 'инвесторы – компании «Orhun Medical»': the names pay
        written = [t[2].lower() for t in tokens[left:i + 1]]
        label = finder.citation_form(written, len(written) - 1, seg.lang)
        # named by its kinds in English, so that one country's 'частные инвесторы' and 'жеке инвесторлар' are one
        english = " ".join(kinds)
        record = EntityRecord(iri=f"{T.ID}funder/payers-{slugify(english, finder.lex)}-{country.iri.rsplit('/', 1)[1].lower()}",
                              cls="funder", labels={seg.lang: f"{label} ({country.label(seg.lang)})"}, org_type=ORG_TYPE)
        record.labels.setdefault("en", f"{english} ({country.label('en')})")
        record.alt_labels.add((label, seg.lang))
        out.append(Candidate(record, [], start, end, PAYER_GROUP, 3))
    return out
