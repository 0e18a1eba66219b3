"""Facilities a sentence reports built, repaired, equipped, opened or supplied, named only by their kind:
'construction of a rehabilitation center', 'строительство трёх онкологических центров', 'жаңа дәрігерлік
амбулатория салынды'. A reader writes such a facility down as what the undertaking builds, though the text
gives it no name, no size and no place; without such an event 'a district hospital' stays a kind.

The label is the kind in its citation form ('онкологические центры', 'дәрігерлік амбулатория'), so the kind
named again in the article, in any case, is the same facility, with the passage's place after it, so one place's
kind is not another's. The words are the lexicon's `described_facilities` heads and `event_facilities`; this
module holds where the kind stands."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.candidates import Candidate
from kg.extract.cues import Prefiltered
from kg.extract.entities import EntityFinder
from kg.extract.facilities import kazakh_head_citation, kazakh_head_pattern
from kg.extract.implied import reports_act
from kg.extract.rules import declare
from kg.extract.tokens import is_adjective, plural_adjective, plural_noun
from kg.model import EntityRecord
from kg.text.morph import ru_nominative, tokenize
from kg.text.segment import Segment

EVENT_FACILITY = declare(
    "event-facility",
    "A facility of a stated kind that its sentence reports built, repaired, equipped, opened or supplied "
    "('construction of a rehabilitation center', 'строительство трёх онкологических центров', 'жаңа дәрігерлік "
    "амбулатория салынды') is one facility, or one group of them, though the text gives it no name: the one the "
    "undertaking is about. Its label is the kind in citation form and the passage's place, so the kind named again "
    "is the same facility and another place's is another.")

# What a Kazakh adjective that gives a kind ends in ('дәрігерлік', 'көпбейінді'); a medical discipline gives one too
# (the lexicon's kk_discipline_endings: 'гематология')
_KK_ADJECTIVE = r"(?:лық|лік|дық|дік|тық|тік|лы|лі|ды|ді|ты|ті)"
# A head in the possessive ('орталығы', 'ауруханасын'): a noun before it gives its kind ('инсульт орталығы')
_KK_POSSESSIVE = re.compile(r"^(?:сы|сі|ы|і)(?:н|ның|нің|нда|нде|на|не|нан|нен|мен|ндағы|ндегі)?$")
_KK_PLURAL = re.compile(r"^(?:лар|лер|дар|дер|тар|тер)")
_ARTICLES = frozenset({"a", "an", "the"})


@dataclass(frozen=True)
class _Words:
    heads: dict[str, tuple[str, ...]]
    self_kinded: frozenset[str]  # 'онкодиспансер', 'hospice': a kind of its own, no kind word needed
    english: re.Pattern[str]
    kazakh: re.Pattern[str]
    not_modifiers: frozenset[str]  # 'other', 'all', 'and': no kind, and no kind beyond them
    not_kinds: frozenset[str]  # 'district centre', 'областной центр': a town; 'data centre': no place of care
    centres: frozenset[str]
    kind_required: dict[str, frozenset[str]]
    mobile: frozenset[str]
    counts: re.Pattern[str]
    kk_adjective: re.Pattern[str]
    kk_kind: re.Pattern[str]  # an adjective or a discipline
    heads_in: Prefiltered  # whether a sentence holds any head at all: most hold none

    @classmethod
    def of(cls, finder: EntityFinder) -> "_Words":
        lex = finder.lex
        described = lex.section("described_facilities") or {}
        section = lex.section("event_facilities") or {}
        self_kinded = {lang: tuple(str(w) for w in (section.get("self_kinded") or {}).get(lang, []))
                       for lang in ("en", "ru", "kk")}
        heads = {lang: tuple(str(w) for w in (described.get("heads") or {}).get(lang, []))
                 + tuple(str(w) for w in (section.get("extra_heads") or {}).get(lang, [])) + self_kinded[lang]
                 for lang in ("en", "ru", "kk")}
        english_heads = "|".join(re.escape(h[:-1]) + ("(?:y|ies)" if h.endswith("y") else re.escape(h[-1]) + "s?")
                                 for h in sorted(heads["en"], key=len, reverse=True))
        english = re.compile(rf"(?<![\w'’-])(?P<head>{english_heads or '(?!)'})\b(?!['’-])")
        kazakh = re.compile(rf"(?<![\w-])(?P<head>{kazakh_head_pattern(heads['kk'])})(?P<tail>[а-яәғқңөұүһі]*)")
        return cls(heads, frozenset(w for ws in self_kinded.values() for w in ws), english, kazakh,
                   frozenset(str(w).lower() for w in section.get("not_modifiers") or []),
                   frozenset(k for w in section.get("not_kinds") or [] for k in lex.key_of(str(w)) | {str(w).lower()}),
                   frozenset(str(w) for w in section.get("centres") or []),
                   {str(h): frozenset(str(w) for w in ws) for h, ws in (described.get("kind_required") or {}).items()},
                   frozenset(str(w) for w in described.get("mobile") or []),
                   re.compile(str(section.get("counts") or "(?!)"), re.IGNORECASE),
                   re.compile(f"{_KK_ADJECTIVE}$"),
                   re.compile("(?:" + "|".join([_KK_ADJECTIVE, *map(re.escape, (str(w) for w in described.get(
                       "kk_discipline_endings") or []))]) + ")$"),
                   # a head's stem, any case ('больниц', 'орталы', 'hospital'): Russian heads are lemmas
                   Prefiltered(re.compile("|".join(re.escape(h[:5] if len(h) > 6 else h[:-1] if len(h) > 4 else h)
                                                   for hs in heads.values() for h in hs) or "(?!)", re.IGNORECASE)))


def event_facilities(finder: EntityFinder, seg: Segment, taken: list[Candidate],
                     where: EntityRecord | None = None) -> list[Candidate]:
    """The kinds of facility ``seg`` reports something done to, where no other mention holds them. ``where``: the
    place the passage is about (its province, else its country), which the label carries, so that one country's
    'dialysis clinics' are not another's; the kind alone is an alternative label."""
    if seg.lang not in ("en", "ru", "kk"):
        return []
    words = finder.lex.memo("event_facility_words", lambda: _Words.of(finder))
    if words.heads_in.search(seg.norm) is None or not reports_act(seg.norm, finder.lex):
        return []
    reader = {"en": _english, "ru": _russian, "kk": _kazakh}[seg.lang]
    found = [(s, e, label) for s, e, label in reader(finder, seg, words)
             if not any(c.start < e and s < c.end for c in taken)]
    out = []
    for start, end, label in found:
        if finder.centre_class("facility", label.split()) is None or _other_kind(finder, label, words):
            continue
        placed = f"{label} ({where.label(seg.lang)})" if where is not None else label
        record = finder.new_record("facility", placed, seg.lang, (label,) if placed != label else ())
        out.append(Candidate(record, [], start, end, EVENT_FACILITY, 2))
    return out


def _other_kind(finder: EntityFinder, label: str, words: _Words) -> bool:
    """A centre whose every other word is a level or no care ('the district centre', 'областной центр': a town)."""
    keys = [finder.lex.key_of(w) | {w.lower()} for w in label.split()]
    centre = next((i for i, k in enumerate(keys) if k & words.centres), None)
    return centre is not None and all(k & words.not_kinds for i, k in enumerate(keys) if i != centre)


def _english(finder: EntityFinder, seg: Segment, words: _Words) -> list[tuple[int, int, str]]:
    """'a rehabilitation center', 'four dialysis clinics', 'the infectious diseases hospital': lower-case kind
    words (an acronym such as 'TB' among them), then the head; 'new', 'modern' are left out of the label."""
    out = []
    for match in words.english.finditer(seg.norm):
        mods: list[tuple[int, str]] = []
        at = match.start()
        while len(mods) < 4:
            word = re.search(r"(?<![\w'’-])([A-Za-z][\w'’-]*) $", seg.norm[max(0, at - 60):at])
            if word is None:
                break
            bare, begins = word.group(1), at - len(word.group(1)) - 1
            if not (re.fullmatch(r"[a-z][a-z'’-]*", bare) or re.fullmatch(r"[A-Z]{2,5}", bare)
                    or re.fullmatch(r"[A-Z][a-z'’-]+", bare) and not seg.norm[:begins].strip()) \
                    or bare.lower() in words.not_modifiers or words.counts.fullmatch(bare) \
                    or bare.lower() in _ARTICLES or bare.endswith("ing") or reports_act(bare, finder.lex):
                break  # a determiner, a count or a verb ('constructing', 'to build') opens the phrase
            mods.insert(0, (begins, bare))
            at = begins
        kind = [w if w.isupper() else w.lower() for _, w in mods if w.lower() not in finder.evaluative]
        head = match.group("head")
        if (kind or head in words.self_kinded) and (head in words.heads["en"] or _counted_before(seg.norm, at, words)):
            # 'a modern multidisciplinary hospital' is a 'multidisciplinary hospital'; 'maternity hospitals' are
            # a kind, 'four dialysis clinics' a group the text counts
            out.append((mods[0][0] if kind else match.start(), match.end(), " ".join(kind + [head])))
    return out


def _russian(finder: EntityFinder, seg: Segment, words: _Words) -> list[tuple[int, int, str]]:
    """'трёх онкологических центров', 'клинико-диагностических лабораторий', 'центров гемодиализа': adjectives,
    then the head, or a centre and the genitive of its discipline; in the nominative, in the head's number (a
    count of two to four puts the head in the genitive singular: 'три гемодиализных центра' are centres)."""
    heads = set(words.heads["ru"])
    lemma = finder.lex.morph.ru_lemma
    tokens = tokenize(seg.norm)
    out = []
    for i, (start, end, word) in enumerate(tokens):
        if not word.islower() or lemma(word) not in heads:
            continue
        first = i
        while first > 0 and i - first < 3 and seg.norm[tokens[first - 1][1]:tokens[first][0]] == " " \
                and tokens[first - 1][2].islower() and is_adjective(tokens[first - 1][2]) \
                and lemma(tokens[first - 1][2]) not in words.not_modifiers:
            first -= 1
        adjectives = [w for _, _, w in tokens[first:i]]
        kept = [w for w in adjectives if lemma(w) not in finder.evaluative]
        complement, stop = ([], end)
        if not kept and lemma(word) in words.centres:
            complement, stop = finder.care_genitive(seg.norm, tokens, i)
        if not kept and not complement and lemma(word) not in words.self_kinded:
            continue
        required = words.kind_required.get(lemma(word))
        lemmas = {lemma(w) for w in kept}
        if (required is not None and not lemmas & required) or lemmas & words.mobile:
            continue
        counted = first > 0 and words.counts.fullmatch(tokens[first - 1][2]) is not None
        plural = counted and not tokens[first - 1][2].lower().startswith(("один", "одн"))
        if not counted and (plural_noun(word) or any(plural_adjective(w) for w in kept)):
            continue  # 'родильные дома' are a kind; 'трёх онкологических центров' a group the text counts
        nominal = ru_nominative(kept + [word], "plur" if plural else None) or kept + [word]
        out.append((tokens[first][0] if kept else start, stop, " ".join(nominal + complement)))
    return out


def _kazakh(finder: EntityFinder, seg: Segment, words: _Words) -> list[tuple[int, int, str]]:
    """'жаңа дәрігерлік амбулатория', 'гематология орталығы', 'көпбейінді ауруханаларды': kind words (adjectives
    or a medical discipline; any noun before a head in the possessive), then the head, whose case ending the
    label drops."""
    heads = words.heads["kk"]
    out = []
    for match in words.kazakh.finditer(seg.norm):
        tail = match.group("tail")
        after = seg.norm[match.end():].split()[:1]
        if match.group("head") in finder.adjectival_heads and after and words.kazakh.match(after[0]):
            continue  # 'орталық аурухана' is a central hospital: its head is the next word
        before = seg.norm[:match.start()].split()[-3:]
        possessive = _KK_POSSESSIVE.match(tail) is not None
        mods: list[str] = []
        for k, word in enumerate(reversed(before)):
            if not re.fullmatch(r"[а-яәғқңөұүһі-]+", word) or word in words.not_modifiers:
                break
            if not words.kk_kind.search(word) and word not in finder.evaluative and not (k == 0 and possessive):
                break
            mods.insert(0, word)
        kept = [w for w in mods if w not in finder.evaluative]
        if not kept and kazakh_head_citation(match.group("head"), heads) in words.self_kinded:
            if not _KK_PLURAL.match(tail):  # 'онкодиспансер ашылады'
                out.append((match.start(), match.end(), kazakh_head_citation(match.group("head"), heads)))
            continue
        if not kept or not seg.norm[:match.start()].endswith(" "):
            continue
        if _KK_PLURAL.match(tail) and not _counted_before(seg.norm, match.start() - len(" ".join(mods)) - 1, words):
            continue  # 'көпбейінді ауруханалар' are a kind; 'екі көпбейінді аурухана' a group the text counts
        head = kazakh_head_citation(match.group("head"), heads)
        plural = _KK_PLURAL.match(tail)
        suffix = re.match(r"сы|сі|ы|і", tail) if possessive and not words.kk_adjective.search(kept[-1]) else None
        # 'гематология орталығы' keeps the possessive a noun's kind asks for; 'көпбейінді ауруханалар' its plural
        label_head = match.group("head") + tail[:plural.end()] if plural else \
            match.group("head") + suffix.group() if suffix is not None else head
        start = match.start() - len(" ".join(kept)) - 1
        if seg.norm[start:match.start()].strip() != " ".join(kept):
            continue
        out.append((start, match.end(), " ".join(kept + [label_head])))
    return out


def _counted_before(text: str, at: int, words: _Words) -> bool:
    """Whether a count stands right before ``at`` ('four dialysis clinics')."""
    last = text[:at].split()[-1:]
    return bool(last) and words.counts.fullmatch(last[0]) is not None
