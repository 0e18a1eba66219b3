"""Facilities named by the level of government that runs them: 'облыстық аурухана', 'областная детская
больница', 'қалалық көпбейінді аурухана'. In an article about one province each is one place, the
province's (or its city's) hospital of that kind, though the text gives it no name. It is one facility
per province: the label carries the province ('облыстық аурухана (Атырау облысы)'), so two provinces'
regional hospitals stay two entities.

The level words are the lexicon's `described_facilities.unit_levels`; this module holds where they
stand before the head in Kazakh and Russian."""

from __future__ import annotations

import re

from kg.extract.candidates import Candidate, candidate_class
from kg.extract.entities import EntityFinder
from kg.extract.facilities import kazakh_head_citation, kazakh_head_pattern
from kg.extract.grammar import grammar_of
from kg.extract.tokens import letter_words, plural_adjective, plural_noun
from kg.extract.rules import declare
from kg.model import EntityRecord
from kg.text.morph import ru_nominative
from kg.text.segment import Segment

UNIT_FACILITY = declare(
    "unit-facility",
    "A facility named by the level that runs it ('облыстық аурухана', 'областная больница', 'городская "
    "поликлиника', 'аудандық аурухана'), in an article about one province (one district for a district's), "
    "is that province's (district's) facility of that kind.")

_KK_KIND = r"[а-яәғқңөұүһі-]+(?:лық|лік|дық|дік|тық|тік|лы|лі|ды|ді|ты|ті|ар|ер|балалар|аурулар)"


def unit_facilities(finder: EntityFinder, seg: Segment, taken: list[Candidate],
                    region: EntityRecord | None, district: EntityRecord | None) -> list[Candidate]:
    if (region is None and district is None) or seg.lang not in ("kk", "ru"):
        return []
    section = finder.lex.section("described_facilities") or {}
    levels = {str(w) for w in (section.get("unit_levels") or {}).get(seg.lang, [])}
    stems = finder.lex.prefiltered(f"unit_level_stems_{seg.lang}", lambda: re.compile(
        "|".join(re.escape(w[:-2]) for w in sorted(levels)) or "(?!)", re.IGNORECASE))
    if not stems.search(seg.norm):
        return []
    found = _kazakh(finder, seg, levels) if seg.lang == "kk" else _russian(finder, seg, levels)
    district_levels = {finder.lex.morph.ru_lemma(str(w)) if seg.lang == "ru" else str(w)
                       for w in section.get("district_levels") or []}
    out = []
    for start, end, written in found:
        level = written.split()[0]
        owner = district if (finder.lex.morph.ru_lemma(level) if seg.lang == "ru" else level) in district_levels else region
        if owner is None:
            continue
        if any(c.start < end and start < c.end and (c.record is None or c.record.cls != "region") for c in taken):
            continue  # part of a name or a facility found already
        if seg.lang == "kk" and any(0 <= start - c.end <= 1 and candidate_class(c) == "region"
                                    and not grammar_of(finder.lex).kazakh_locative.search(seg.norm[c.start:c.end]) for c in taken):
            continue  # 'Алматы облыстық ауруханасы' at a sentence's start: named by its place ('облысында …' is where)
        label = f"{written} ({owner.label(seg.lang)})"
        out.append(Candidate(finder.new_record("facility", label, seg.lang, (written,)), [], start, end, UNIT_FACILITY, 2))
    return out


def _kazakh(finder: EntityFinder, seg: Segment, levels: set[str]) -> list[tuple[int, int, str]]:
    heads = [str(h) for h in ((finder.lex.section("described_facilities") or {}).get("heads") or {}).get("kk", [])]
    pattern = finder.lex.memo("kk_unit_facility", lambda: _kazakh_pattern(finder, levels, heads))
    out = []
    for match in pattern.finditer(seg.norm):
        before = seg.norm[:match.start()].split()[-1:]
        if before and before[0][:1].isupper() and not _opens(seg.norm, match.start() - len(before[0]) - 1):
            continue  # 'Алматы облыстық ауруханасы' names its province itself
        if re.match(r"(?:лар|лер|дар|дер|тар|тер)", match.group("ending")):
            continue  # many hospitals
        head = kazakh_head_citation(match.group("head"), heads)  # 'орталығ' is written 'орталық' in the label
        words = [match.group("level").lower()] + match.group("kinds").split() + [head]  # 'Облыстық …' opening a sentence
        out.append((match.start(), match.end(), " ".join(words)))
    return out


def _kazakh_pattern(finder: EntityFinder, levels: set[str], heads: list[str]) -> re.Pattern[str]:
    # a kind is an adjective, or a medical discipline, a noun that qualifies as it stands ('облыстық
    # фтизиопульмонология орталығы')
    endings = (finder.lex.section("described_facilities") or {}).get("kk_discipline_endings") or []
    kind = rf"(?:{_KK_KIND}|[а-яәғқңөұүһі-]+(?:{'|'.join(map(re.escape, endings)) or '(?!)'}))"
    return re.compile(
        rf"(?<![\w-])(?P<level>(?i:{'|'.join(map(re.escape, sorted(levels)))}))(?P<kinds>(?:\s+{kind}){{0,3}})\s+"
        rf"(?P<head>{kazakh_head_pattern(heads)})(?P<ending>[а-яәғқңөұүһі]*)")


def _opens(text: str, at: int) -> bool:
    return not text[:at].strip() or text[:at].rstrip()[-1:] in ".!?:"


def _russian(finder: EntityFinder, seg: Segment, levels: set[str]) -> list[tuple[int, int, str]]:
    heads = {str(h) for h in ((finder.lex.section("described_facilities") or {}).get("heads") or {}).get("ru", [])}
    words = letter_words(seg.norm)
    out = []
    for i, (start, _, word) in enumerate(words):
        opening = word[:1].isupper() and word[1:].islower() and _opens(seg.norm, start)  # 'Областная больница …'
        if not (word.islower() or opening) or finder.lex.morph.ru_lemma(word.lower()) not in levels \
                or plural_adjective(word.lower()):
            continue  # 'городские больницы' are many
        if i and words[i - 1][2][:1].isupper() and seg.norm[words[i - 1][1]:start] == " " and not _opens(seg.norm, words[i - 1][0]):
            continue  # 'Ошская областная больница' is named
        k = i + 1
        while k < len(words) and k - i <= 2 and finder.lex.morph.ru_lemma(words[k][2]) not in heads:
            k += 1
        if k >= len(words) or finder.lex.morph.ru_lemma(words[k][2]) not in heads or plural_noun(words[k][2]):
            continue
        if re.match(r"\s*(?:№|им\.|имени|на\s+\d)", seg.norm[words[k][1]:]):
            continue  # numbered, named after someone or sized: other rules read those
        phrase = [w for _, _, w in words[i:k + 1]]
        if " " * (len(phrase) - 1) != "".join(seg.norm[a[1]:b[0]] for a, b in zip(words[i:k], words[i + 1:k + 1])):
            continue
        nominal = ru_nominative(phrase) or phrase
        out.append((start, words[k][1], " ".join(w.lower() for w in nominal)))
    return out
