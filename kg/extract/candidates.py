"""What the name finders propose (candidates: a span, the entity it may be, the rule, a priority),
how overlapping proposals are merged, and how a chosen one becomes a mention with a stable IRI."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from kg.extract.lexicon import LabelEntry, Lexicon
from kg.extract.rules import Rule
from kg.model import EntityRecord, Mention
from kg.text.morph import tokenize
from kg.text.segment import Segment

_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t",
     "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia", "a", "g", "q", "ng", "o", "u",
     "u", "h", "i"],
))

def slugify(label: str, lexicon: Lexicon) -> str:
    """A readable ASCII slug; domain words are glossed to English so that one entity named in
    several languages gets one IRI."""
    # A token's part of the slug is worked out once per word form: labels of one document share their
    # words, and the gloss of a new word form asks the morphology.
    made: dict[str, str] = lexicon.memo("slug_words", dict)
    parts = []
    for _, _, token in tokenize(label):
        word = made.get(token)
        if word is None:
            if len(made) > 200_000:
                made.clear()
            word = made[token] = _slug_word(token, lexicon)
        if word:
            parts.append(word)
    return "-".join(parts)[:80].strip("-") or "unnamed"


def _slug_word(token: str, lexicon: Lexicon) -> str:
    gloss = lexicon.gloss(token)
    word = gloss or token.lower()
    word = "".join(_TRANSLIT.get(c, c) for c in word)
    word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", word.replace("’", "").replace("'", "")).strip("-")


@dataclass
class Candidate:
    record: EntityRecord | None  # None: a reference entity chosen from `entries`
    entries: list[LabelEntry]
    start: int
    end: int
    rule: Rule
    priority: int


def merge_candidates(cands: list[Candidate]) -> list[Candidate]:
    """Drop a candidate whose span another of higher priority covers, and exact duplicates."""
    cands = sorted(cands, key=lambda c: (-c.priority, c.start, -(c.end - c.start)))
    kept: list[Candidate] = []
    for cand in cands:
        # A pattern-made name must not swallow a known organisation or facility.
        if cand.rule.makes_names and any(
                k.record is None and not is_place(k) and k.start < cand.end and cand.start < k.end for k in kept):
            continue
        clash = any(k.start <= cand.start and cand.end <= k.end and (k.priority > cand.priority or
                    (k.start, k.end) == (cand.start, cand.end)) for k in kept)
        # Places inside a name stay mentions of their own ('Цифровой Казахстан' still names KZ), but
        # not a second reading of the same words ('Ақтөбе' the city under 'Ақтөбе … облыстарын').
        same_place = any((k.start, k.end) == (cand.start, cand.end) and is_place(k) for k in kept)
        if clash and (same_place or not (cand.record is None and is_place(cand))):
            continue
        kept.append(cand)
    return sorted(kept, key=lambda c: (c.start, c.end))


def is_place(cand: Candidate) -> bool:
    return any("/country/" in e.iri or "/region/" in e.iri for e in cand.entries)


def candidate_class(cand: Candidate) -> str | None:
    """The class of a candidate: its new record's, or the one every reference entry agrees on (an
    entity's IRI is ``…/id/<class>/<name>``)."""
    if cand.record is not None:
        return cand.record.cls
    classes = {e.iri.rsplit("/", 2)[-2] for e in cand.entries}
    return classes.pop() if len(classes) == 1 else None


def choose_entry(cand: Candidate, lexicon: Lexicon, context_country: str | None) -> str | None:
    """Pick the reference entity for a label shared by several (the generic 'Ministry of
    Health' of each country): the one of the context country, else none."""
    iris = sorted({e.iri for e in cand.entries})
    if len(iris) == 1:
        return iris[0]
    # Only reference entities carry a country; an acronym the document gave to two of its own
    # entities stays ambiguous and names neither.
    matching = [i for i in iris if i in lexicon.entities and lexicon.entities[i].country == context_country]
    return matching[0] if len(matching) == 1 else None


def country_of(iri: str, lexicon: Lexicon, local: dict[str, EntityRecord] | None = None) -> str | None:
    seen = set()
    while iri and iri not in seen:
        seen.add(iri)
        record = lexicon.entities.get(iri) or (local or {}).get(iri)
        if record is None:
            return None
        if record.cls == "country":
            return record.iri
        iri = record.located_in or (record.country if record.cls != "funder" else None)
    return None


def dominant(counter: Counter[str], share: float = 0.4) -> str | None:
    if not counter:
        return None
    (top, count), *_ = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return top if count >= share * sum(counter.values()) else None


def to_mention(cand: Candidate, iri: str, seg: Segment) -> Mention:
    start, end = seg.span(cand.start, cand.end)
    return Mention(iri, start, end, seg.index, cand.start, cand.end, cand.rule.id)
