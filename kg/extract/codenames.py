"""Programmes whose name is a code rather than words: a domain name ('Telemed.kg' platform) or an
acronym with letters and digits ('the TRACE-3 project', 'проект TRACE-3', 'TRACE-3 жобасы') right
next to a programme word. An acronym that names an organisation the text already knows ('the UNDP
project') says whose project it is, not what it is called."""

from __future__ import annotations

import re

from kg.extract.candidates import Candidate
from kg.extract.entities import EntityFinder
from kg.extract.programmes import ProgrammeWords
from kg.extract.rules import declare
from kg.text.morph import tokenize
from kg.text.segment import Segment

PLATFORM_DOMAIN_NAME = declare("platform-domain-name", "A domain name (Telemed.kg) next to a programme word.")
CODE_PROGRAMME_NAME = declare(
    "named-programme-code",
    "A code of capitals with a digit or a hyphen ('TRACE-3', 'DHIS2') right next to a programme word names the programme: before "
    "it in English and Kazakh ('the TRACE-3 project', 'TRACE-3 жобасы'), after it in Russian "
    "('проект TRACE-3').", makes_names=True)

_DOMAIN = re.compile(r"\b[A-Za-z][\w-]*\.(?:kz|kg|uz|tj|tm|ru|com|org|net|gov|health)\b")
# two capitals at least, then capitals, digits and inner hyphens, with a digit or a hyphen: 'CACCR-2',
# 'DHIS2'. Letters alone are most often an organisation ('проект NASA' is NASA's project).
_CODE = (r"(?<![\w-])(?=(?:[^\W\d_]*[A-ZА-ЯЁ]){2})(?=[^\s]*[\d-])"
         r"[A-ZА-ЯЁ][A-ZА-ЯЁ0-9]*(?:-[A-ZА-ЯЁ0-9]+)*(?![\w-])")
_WORD = r"[^\W\d_]+"
_CODE_BEFORE = re.compile(rf"(?P<code>{_CODE})\s+(?P<word>{_WORD})")
_CODE_AFTER = re.compile(rf"(?P<word>{_WORD})\s+(?P<code>{_CODE})")


def coded_programmes(finder: EntityFinder, seg: Segment, known: list[Candidate]) -> list[Candidate]:
    return _domains(finder, seg) + _codes(finder, seg, known)


def _domains(finder: EntityFinder, seg: Segment) -> list[Candidate]:
    out = []
    triggers = finder.lex.programme_triggers
    for match in _DOMAIN.finditer(seg.norm):
        near = [t for _, _, t in tokenize(seg.norm[max(0, match.start() - 25): match.end() + 25])]
        if any(finder.lex.key_of(w) & triggers for w in near):
            record = finder.new_record("programme", match.group(), "en")
            out.append(Candidate(record, [], match.start(), match.end(), PLATFORM_DOMAIN_NAME, 4))
    return out


def _codes(finder: EntityFinder, seg: Segment, known: list[Candidate]) -> list[Candidate]:
    pattern = _CODE_AFTER if seg.lang == "ru" else _CODE_BEFORE
    triggers = finder.lex.programme_triggers
    domain = finder.lex.memo("programme_words", lambda: ProgrammeWords.of(finder.lex)).domain
    out = []
    for match in pattern.finditer(seg.norm):
        start, end = match.span("code")
        word = match.group("word")
        if not word.islower() or not finder.lex.key_of(word) & triggers:
            continue
        if any(c.start < end and start < c.end for c in known) or finder.lex.key_of(match.group("code")) & domain:
            continue  # 'the UNDP project': the owner's acronym; 'the COVID-19 project': what it is about
        record = finder.new_record("programme", match.group("code"), "en")
        out.append(Candidate(record, [], start, end, CODE_PROGRAMME_NAME, 3))
    return out
