"""A project page's title is its project's name: 'Community Based Family Medicine in Tajikistan' over a page
that goes on 'The present project will contribute to …', or 'Strengthening Supportive Environment … in the
Republic of Tajikistan' over 'What is the project about: …'. Donors' and agencies' project pages are written so;
their titles are names without a head noun the name finders know, and the page never names the project again.

A news headline is not such a title: it reports an act ('Japan donates …', 'Больница построена …'), starts with
the one who acts, or the page names a programme of its own before it speaks of 'the project'."""

from __future__ import annotations

import re

from kg.extract.candidates import Candidate
from kg.extract.entities import EntityFinder
from kg.extract.implied import event_pattern
from kg.extract.lexicon import Lexicon
from kg.extract.rules import declare
from kg.extract.tokens import letter_words
from kg.model import EntityRecord
from kg.text.segment import Segment

PAGE_TITLE_PROGRAMME = declare(
    "named-page-title-programme",
    "The title of a page that then speaks of 'the project' and names none ('Community Based Family Medicine in "
    "Tajikistan' | 'The present project will …') names that project, unless the title reports an act or starts "
    "with whoever acts.", makes_names=True)
_FIRST = 3  # segments before the title: a site's chrome ('<<')
_WITHIN = 6  # sentences after the title in which the page must speak of its project
_WORDS = (3, 30)  # a title's length in words


def _references(lex: Lexicon) -> re.Pattern[str]:
    """'the project', 'this programme', 'the present project'; 'Проект …', 'данный проект'; 'Жоба …'."""
    nouns = (lex.section("programme_references") or {}).get("nouns") or {}
    en = "|".join(map(re.escape, nouns.get("en", [])))
    other = "|".join(re.escape(str(n)[:-1] if len(str(n)) > 5 else str(n)) for lang in ("ru", "kk")
                     for n in nouns.get(lang, []))
    return re.compile(rf"\b(?:the|this|present|our)\s+(?:(?:present|current|new)\s+)?(?:{en})\b"
                      rf"|(?:^|[.:]\s+|\b(?:данн|настоящ|эт)\w*\s+|\bбұл\s+)(?:{other})\w*", re.IGNORECASE)


def _acts(lex: Lexicon, text: str) -> bool:
    section = lex.section("programme_references") or {}
    verbs = lex.memo("title_verbs", lambda: frozenset(str(w).lower() for w in section.get("headline_verbs") or []))
    return any(cue.pattern.search(text) for cue in lex.cues_in(text)) \
        or any(event_pattern(lex, kind).search(text) for kind in ("works", "openings", "deliveries") if section.get(kind)) \
        or any(word.lower() in verbs for _, _, word in letter_words(text))


def title_programme(segments: list[Segment], per_segment: dict[int, list[Candidate]], finder: EntityFinder,
                    local: dict[str, EntityRecord]) -> None:
    """Add the title's programme to ``per_segment`` in place (its record into ``local``)."""
    lex = finder.lex
    title = next((s for s in segments[:_FIRST] if s.kind == "heading" and _WORDS[0] <= len(letter_words(s.norm))),
                 None)
    if title is None or len(letter_words(title.norm)) > _WORDS[1] or not title.norm[:1].isupper() \
            or any(c.start == 0 for c in per_segment[title.index]) or _acts(lex, title.norm):
        return
    references = lex.memo("title_references", lambda: _references(lex))
    later = [s for s in segments if s.index > title.index and s.kind == "sentence"][:_WITHIN]
    for seg in [title] + later:
        if any(c.record is not None and c.record.cls == "programme" for c in per_segment[seg.index]):
            return  # the page names its programme (or the headline's): no title stands in for it
        if seg is not title and references.search(seg.norm):
            break
    else:
        return
    name = title.norm.strip().rstrip(".:")
    record = finder.new_record("programme", name, title.lang)
    record = local.setdefault(record.iri, record)
    kept = [c for c in per_segment[title.index] if c.end > len(name)]  # what the title holds is part of the name
    per_segment[title.index] = sorted(kept + [Candidate(record, [], 0, len(name), PAGE_TITLE_PROGRAMME, 4)],
                                      key=lambda c: (c.start, c.end))
