"""Local government as a party: a province's, town's or district's executive body and its departments
('акимат Костанайской области', 'Қызылорда облысының әкімдігі', 'мэрия Бишкека', 'Bishkek City
Administration', 'облыстық денсаулық сақтау басқармасы', 'the Local Government of Shahriston District').
A body is named by its kind and its place. Where the words give only the level ('облыстық', 'областной',
'regional'), the place is the one region (or district) the document names, as for budgets. One IRI per
kind and place, in every language: 'акимат Костанайской области' and 'Қостанай облысының әкімдігі' are
one body.

The kinds and the level words are the lexicon's `local_authorities`; this module holds how a body
stands beside its place."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg import terms as T
from kg.extract.candidates import Candidate, candidate_class
from kg.extract.cues import Prefiltered
from kg.extract.entities import EntityFinder
from kg.extract.lexicon import Lexicon
from kg.extract.rules import declare
from kg.extract.tokens import in_a_title, letter_words
from kg.model import EntityRecord
from kg.text.morph import parse, ru_nominative
from kg.text.segment import Segment

LOCAL_AUTHORITY = declare(
    "named-local-authority",
    "A local government body named by its kind and its place ('мэрия Бишкека', 'Қызылорда облысының "
    "әкімдігі', 'Bishkek City Administration'), or by its kind and level alone ('облыстық денсаулық сақтау "
    "басқармасы', 'the regional health department'): then it is the body of the one region or district the "
    "document names.", makes_names=True)

_OF = frozenset({"of", "the"})

Token = tuple[int, int, str]


@dataclass(frozen=True)
class AuthorityWords:
    kinds: tuple[tuple[str, str, tuple[frozenset[str], ...]], ...]  # (kind, English label, each word's keys)
    levels: dict[str, str]  # level word key → 'regional' | 'district' | 'city'
    mentioned: Prefiltered  # a kind's first word anywhere in a sentence
    by_first_word: dict[str, frozenset[int]]  # a first word's key → the indices in ``kinds`` it starts

    @classmethod
    def of(cls, lexicon: Lexicon) -> "AuthorityWords":
        section = lexicon.section("local_authorities") or {}

        def keys(word: str) -> frozenset[str]:
            return frozenset(lexicon.key_of(word) | {word.lower()})

        kinds = tuple(sorted(((str(kind), str(spec.get("label") or kind),
                               tuple(keys(w) for _, _, w in letter_words(str(phrase))))
                              for kind, spec in (section.get("kinds") or {}).items()
                              for phrase in spec.get("words") or [] if letter_words(str(phrase))),
                             key=lambda k: -len(k[2])))  # the longest phrase first: 'health administration'
        levels = {k: str(level) for level, words in (section.get("levels") or {}).items()
                  for w in words for k in keys(str(w))}
        stems = sorted({str(phrase).split()[0][:5] for spec in (section.get("kinds") or {}).values()
                        for phrase in spec.get("words") or []})
        mentioned = Prefiltered(re.compile("|".join(map(re.escape, stems)) or "(?!)", re.IGNORECASE))
        by_first_word: dict[str, set[int]] = {}
        for n, (_, _, words) in enumerate(kinds):
            for key in words[0]:
                by_first_word.setdefault(key, set()).add(n)
        return cls(kinds, levels, mentioned, {k: frozenset(v) for k, v in by_first_word.items()})

    def kind_at(self, keys: list[frozenset[str]], i: int) -> tuple[str, str, int] | None:
        """The kind whose words start at token ``i``: (kind, label, number of tokens)."""
        # only the phrases whose first word this is, in the order of ``kinds``: most words start none
        found = {n for key in keys[i] for n in self.by_first_word.get(key, ())}
        for kind, label, words in (self.kinds[n] for n in sorted(found)):
            if i + len(words) <= len(keys) and all(keys[i + n] & w for n, w in enumerate(words)):
                return kind, label, len(words)
        return None

    def level_of(self, key_set: frozenset[str]) -> str | None:
        return next((self.levels[k] for k in sorted(key_set) if k in self.levels), None)


def local_authorities(finder: EntityFinder, seg: Segment, taken: list[Candidate], region: EntityRecord | None,
                      district: EntityRecord | None) -> list[Candidate]:
    words = finder.lex.memo("authority_words", lambda: AuthorityWords.of(finder.lex))
    if not words.mentioned.search(seg.norm):
        return []
    tokens: list[Token] = letter_words(seg.norm)
    keys = [frozenset(finder.lex.key_of(w) | {w.lower()}) for _, _, w in tokens]
    places = [c for c in taken if candidate_class(c) in ("region", "country")]
    out: list[Candidate] = []
    i = 0
    while i < len(tokens):
        found = words.kind_at(keys, i)
        if found is None:
            i += 1
            continue
        kind, kind_label, length = found
        kind_end = tokens[i + length - 1][1]
        owner, start, end, level = _owner(finder.lex, seg.lang, seg.norm, tokens, keys, i, i + length, places, words,
                                          tokens[i][0], kind_end)
        if owner is None and level is not None:
            owner = region if level == "regional" else district if level == "district" else None
        i += length
        # a bare 'акимат' says not whose; inside a longer name it is that name's; after a title, where someone works
        if owner is None or _inside_a_name(taken, start, end) or in_a_title(
                seg.norm, start, end, finder.lex.person_titles, finder.lex.key_of):
            continue
        written = _citation_form(finder, seg, start, end, kind_end)
        slug = owner.iri.rsplit("/", 1)[1].lower()
        record = EntityRecord(iri=f"{T.ID}funder/{kind}-{slug}", cls="funder",
                              labels={"en": f"{owner.label('en')} {kind_label}"}, org_type="local-government")
        if seg.lang != "en":  # a place the words only hint at is named in the label
            named = any(p.start >= start and p.end <= end for p in places)
            record.labels[seg.lang] = written if named else f"{written} ({owner.label(seg.lang)})"
        record.alt_labels.add((written, seg.lang))
        out.append(Candidate(record, [], start, end, LOCAL_AUTHORITY, 3))
    return out


def swallowing(cands: list[Candidate]) -> list[Candidate]:
    """Pattern-made names that run over a body into the words after it ('Қостанай облысының әкімдігі ауылдық
    ауруханаға …' is the body, then a rural hospital), dropped."""
    bodies = [c for c in cands if c.rule is LOCAL_AUTHORITY]
    return [c for c in cands if c.rule.makes_names and c.rule is not LOCAL_AUTHORITY and any(
        c.start <= b.start and b.end < c.end for b in bodies)]


def _inside_a_name(taken: list[Candidate], start: int, end: int) -> bool:
    """A name found before that starts earlier and runs over the body ('пресс-служба акимата …')."""
    return any(c.start < start < c.end and candidate_class(c) not in ("region", "country") for c in taken)


def _citation_form(finder: EntityFinder, seg: Segment, start: int, end: int, kind_end: int) -> str:
    """Russian puts the body's own words in the nominative and keeps its place's genitive ('мэрии Бишкека' →
    'мэрия Бишкека')."""
    if seg.lang == "kk":  # 'Қызылорда облысы әкімдігінің' → 'Қызылорда облысы әкімдігі'
        return finder.citation_form(seg.norm[start:end].split(), -1, "kk")
    if seg.lang != "ru":
        return seg.norm[start:end]
    head, tail = seg.norm[start:kind_end].split(), seg.norm[kind_end:end]
    # the words up to the body's noun agree with it, the ones after are its genitive complement
    # ('управления общественного здравоохранения' → 'управление общественного здравоохранения')
    noun = next((i for i, w in enumerate(head) if any(r.tag.POS == "NOUN" for r in parse(w.lower())[:1])), len(head) - 1)
    return " ".join((ru_nominative(head[:noun + 1]) or head[:noun + 1]) + head[noun + 1:]) + tail


def _owner(lexicon: Lexicon, lang: str, text: str, tokens: list[Token], keys: list[frozenset[str]], first: int, after: int,
           places: list[Candidate], words: AuthorityWords, start: int, end: int
           ) -> tuple[EntityRecord | None, int, int, str | None]:
    """The place a body belongs to and the span that names both, or the level its words give."""
    level = None
    if first > 0 and words.level_of(keys[first - 1]) and _adjacent(text, tokens[first - 1][1], tokens[first][0]):
        level = words.level_of(keys[first - 1])  # 'облыстық денсаулық сақтау басқармасы', 'Bishkek City Administration'
    before = first - 1 if level else first
    # the place right before ('Қостанай облысының әкімдігі'), else before the level word ('Bishkek City Administration')
    edges = [(first, None)] + ([(before, level)] if level else [])
    for edge, edge_level in edges:
        for place in places:
            if place.end <= tokens[edge][0] and _adjacent(text, place.end, tokens[edge][0]):
                record = _place_record(lexicon, place, edge_level)
                if record is not None:
                    return record, place.start, end, edge_level
    # the place right after: 'мэрия Бишкека', 'акимат Костанайской области', 'Local Government of X District';
    # Kazakh puts a body's owner before it only ('Әкімдік Талдықорған қаласының ауруханасына …' is another's)
    at = after
    while at < len(tokens) and tokens[at][2].lower() in _OF and at - after < 2:
        at += 1
    if at < len(tokens) and lang != "kk" and (lang != "en" or at > after):
        for place in places:
            if place.start == tokens[at][0]:
                record = _place_record(lexicon, place, level)
                if record is not None:
                    return record, start, place.end, level
        if at == after and words.level_of(keys[at]):  # 'управление здравоохранения области'
            # 'управление здравоохранения города Алматы': the level word, then the place it is
            named = next((p for p in places if at + 1 < len(tokens) and p.start == tokens[at + 1][0]
                          and _adjacent(text, tokens[at][1], p.start)), None)
            record = _place_record(lexicon, named, words.level_of(keys[at])) if named is not None else None
            if record is not None:
                return record, start, named.end, level or words.level_of(keys[at])
            return None, start, tokens[at][1], level or words.level_of(keys[at])
    return None, tokens[before][0], end, level


def _place_record(lexicon: Lexicon, place: Candidate, level: str | None) -> EntityRecord | None:
    if place.record is not None:
        return place.record
    iris = sorted({e.iri for e in place.entries})
    if len(iris) > 1:  # 'Osh' the city and 'Osh' the province: the level says which
        iris = [iri for iri in iris if iri.endswith("-region") == (level == "regional")]
    return lexicon.entities.get(iris[0]) if len(iris) == 1 else None


def _adjacent(text: str, end: int, start: int) -> bool:
    return end <= start and not text[end:start].strip()
