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
# a word of capitals and digits with inner hyphens; a code has two capitals at least and a digit or a
# hyphen: 'CACCR-2', 'DHIS2'. Letters alone are most often an organisation ('проект NASA' is NASA's project).
_CAPS = re.compile(r"(?<![\w-])[A-ZА-ЯЁ][A-ZА-ЯЁ0-9]*(?:-[A-ZА-ЯЁ0-9]+)*(?![\w-])")
# Cheap necessary conditions, searched first: a code's first two characters, a domain's ending.
_CAPS_PAIR = re.compile(r"[A-ZА-ЯЁ][A-ZА-ЯЁ0-9-]")
_TLD = re.compile(r"\.(?:kz|kg|uz|tj|tm|ru|com|org|net|gov|health)\b")
_WORD_AFTER = re.compile(r"\s+([^\W\d_]+)")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\s+$")


def _is_code(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2 and any(c.isdigit() or c == "-" for c in word)


def coded_programmes(finder: EntityFinder, seg: Segment, known: list[Candidate]) -> list[Candidate]:
    return _domains(finder, seg) + _codes(finder, seg, known)


def _domains(finder: EntityFinder, seg: Segment) -> list[Candidate]:
    out = []
    triggers = finder.lex.programme_triggers
    for match in _DOMAIN.finditer(seg.norm) if _TLD.search(seg.norm) else ():
        near = [t for _, _, t in tokenize(seg.norm[max(0, match.start() - 25): match.end() + 25])]
        if any(finder.lex.key_of(w) & triggers for w in near):
            record = finder.new_record("programme", match.group(), "en")
            out.append(Candidate(record, [], match.start(), match.end(), PLATFORM_DOMAIN_NAME, 4))
    return out


def _codes(finder: EntityFinder, seg: Segment, known: list[Candidate]) -> list[Candidate]:
    triggers = finder.lex.programme_triggers
    domain = finder.lex.memo("programme_words", lambda: ProgrammeWords.of(finder.lex)).domain
    out = []
    for match in _CAPS.finditer(seg.norm) if _CAPS_PAIR.search(seg.norm) else ():
        code, (start, end) = match.group(), match.span()
        if not _is_code(code):
            continue
        # the programme word after the code in English and Kazakh, before it in Russian
        word = (_WORD_BEFORE.search(seg.norm, max(0, start - 30), start) if seg.lang == "ru"
                else _WORD_AFTER.match(seg.norm, end))
        if word is None or not word.group(1).islower() or not finder.lex.key_of(word.group(1)) & triggers:
            continue
        if any(c.start < end and start < c.end for c in known) or finder.lex.key_of(code) & domain:
            continue  # 'the UNDP project': the owner's acronym; 'the COVID-19 project': what it is about
        record = finder.new_record("programme", code, "en")
        out.append(Candidate(record, [], start, end, CODE_PROGRAMME_NAME, 3))
    return out
