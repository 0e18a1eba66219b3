"""Organisations nobody listed, named by what a sentence says of them ('led by C3Medical', 'in
partnership with Tcell', 'The Ministry of Health and Kazakhtelecom signed'), and never a person
('led by the Project Coordinator A. Umarov')."""

from __future__ import annotations

import re

from kg.extract.candidates import Candidate
from kg.extract.entities import NAME_AFTER_CUE, EntityFinder
from kg.extract.grammar import UPPER as _UPPER
from kg.extract.lexicon import Lexicon
from kg.extract.rules import declare
from kg.extract.tokens import coordinated_names, is_function_word
from kg.text.segment import Segment, detect_language

CUE_ORGANISATION_NAME = declare(
    "cue-organisation-name",
    "A name the sentence makes an organisation: 'led by X', 'in partnership with X', 'X and Y "
    "signed'.")
_INITIAL_SURNAME = re.compile(rf"(?:^|\s)[{_UPPER}]\.\s?[{_UPPER}][a-zа-яёәғқңөұүһі]+$")


def cue_organisations(finder: EntityFinder, seg: Segment, known: list[Candidate]) -> list[Candidate]:
    """Names nobody listed, made organisations by what the sentence says of them: 'led by
    C3Medical', 'in partnership with Tcell', 'The Ministry of Health and Kazakhtelecom
    signed the agreements'."""
    out: list[Candidate] = []
    taken = [(c.start, c.end) for c in known]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    cues = finder.lex.cues_in(seg.norm)
    for cue in (c for c in cues if c.new_names):
        for match in cue.pattern.finditer(seg.norm):
            spans: list[tuple[int, int]] = []
            if cue.org == "after":
                name = NAME_AFTER_CUE.match(seg.norm, match.end())
                if name:
                    spans.append(name.span("name"))
            elif cue.org == "subject":
                # 'More specifically, UNDP and …': a sentence's first capital says nothing
                chunks = [(s, e) for s, e in coordinated_names(seg.norm[:match.start()])
                          if s > 0 or " " in seg.norm[s:e].strip() or not re.match(r"\W*\s+[a-z]", seg.norm[e:])]
                if any(not free(s, e) for s, e in chunks):  # anchored on a known organisation
                    spans.extend(chunks)
            for start, end in spans:
                label = seg.norm[start:end].strip().rstrip(".,;:")
                end = start + len(label)
                # a legal form written out ('проделаны Обществом с ограниченной ответственностью «X»') is no name:
                # the quoted name after it is
                if free(start, end) and label and not label[:1].isdigit() and not finder.heads.get(label.lower()) \
                        and not names_a_person(finder.lex, label) and not nationality_only(finder.lex, label) \
                        and not finder.grammar.legal_form_written_out.match(seg.norm, start) \
                        and label.split()[0].lower() not in finder.grammar.not_name_openers \
                        and not is_function_word(label.split()[0]):  # 'Согласно этому соглашению, …'
                    record = finder.new_record("funder", label, detect_language(label))
                    out.append(Candidate(record, [], start, end, CUE_ORGANISATION_NAME, 1))
                    taken.append((start, end))
    return out


def nationality_only(lex: Lexicon, label: str) -> bool:
    """'built by the Turkmen company Ak Yol', 'led by Turkish contractor X': a nationality adjective says
    where the organisation after it is from; it names none."""
    words = label.split()
    return len(words) <= 2 and all(lex.key_of(w) & lex.adjectives.keys() for w in words)


def names_a_person(lex: Lexicon, label: str) -> bool:
    """'Project Coordinator A. Umarov', 'First Deputy Health Minister X': a title or an initial and a surname."""
    titles = lex.person_titles
    words = [w.strip(".,") for w in label.split()]
    # a title as written anywhere; an inflected one only where it opens the name ('Президентом страны', not
    # 'Cabinet of Ministers')
    return any(w.lower() in titles for w in words) or bool(words and lex.key_of(words[0]) & titles) \
        or _INITIAL_SURNAME.search(label) is not None

