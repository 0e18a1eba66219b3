"""Programmes a text lists after a programme word and a colon: '… launched three projects: • A; • B',
'the following new projects …: “A”, implemented with …; “B”, …', one line or one paragraph
each. Every title is a programme; what the announcing clause says is said of each."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kg.extract.candidates import Candidate
from kg.extract.entities import EntityFinder
from kg.extract.rules import declare
from kg.text.morph import tokenize
from kg.text.segment import Segment

if TYPE_CHECKING:  # programmes.py imports this module
    from kg.extract.programmes import ProgrammeWords

LISTED_PROGRAMME = declare(
    "listed-programme",
    "A title in a list after a programme word and a colon ('launched three projects: • … ; • …').")

_QUOTED_TITLE = r"[«“\"](?P<title>[^«»“”\"]{8,300})[»”\"]"
# A line of a list that opens with a quoted title, after an optional bullet.
_LIST_LINE = re.compile(rf"\s*(?:[•·▪●-]\s*)?{_QUOTED_TITLE}")
_LIST_ITEM = re.compile(r"(?:^|[•·▪●;]|\b\d\)|\s[-–—]\s)\s*(?P<item>[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ«\"“][^•·▪●;]{8,300}?)\s*(?=[•·▪●;]|\s*$|\s\d\))")


def listed_programmes(seg: Segment, nouns: frozenset[str], finder: EntityFinder,
                       taken: list[Candidate]) -> list[Candidate]:
    """Programme titles listed after '… projects:' in one sentence, each a programme of its own."""
    colon = seg.norm.find(":")
    while colon >= 0 and colon < 30 and re.match(r"[^:]*\d{4}:", seg.norm):
        colon = seg.norm.find(":", colon + 1)  # 'Ashgabat, 27 February 2023:' is a dateline
    if colon < 0:
        return []
    # far from the colon ('the following new projects in health and education, all paid for by …:') only quoted titles
    quoted_only = not _names_programme(seg.norm[max(0, colon - 60):colon], nouns, finder)
    if quoted_only and not _names_programme(seg.norm[:colon], nouns, finder):
        return []
    rest = seg.norm[colon + 1:]
    if not re.search(r"[•·▪●;]|\b\d\)", rest):
        return []  # a colon, but no list
    out = []
    for match in _LIST_ITEM.finditer(rest):
        item = match.group("item").rstrip(" .;,")
        if quoted_only:
            quoted = re.match(_QUOTED_TITLE, item)
            if quoted is None:
                continue
            item = quoted.group("title")
            match_start = match.start("item") + 1
        else:
            match_start = match.start("item")
        start = colon + 1 + match_start
        end = start + len(item)
        if any(c.start <= start and end <= c.end for c in taken):
            continue
        record = finder.new_record("programme", item, seg.lang)
        out.append(Candidate(record, [], start, end, LISTED_PROGRAMME, 3))
    return out if len(out) >= 2 else []


def announced_list(seg: Segment, nouns: frozenset[str], finder: EntityFinder) -> int | None:
    """Where the list begins after '… the following projects:' (a colon after a programme word, then
    nothing or a quoted title), or None."""
    colon = seg.norm.rfind(":")
    if colon < 0 or not re.match(r"\s*(?:$|[«“\"])", seg.norm[colon + 1:]):
        return None
    return colon + 1 if _names_programme(seg.norm[:colon], nouns, finder) else None


def _names_programme(text: str, nouns: frozenset[str], finder: EntityFinder) -> bool:
    return any(finder.lex.key_of(t) & nouns for _, _, t in tokenize(text))


def listed_line(seg: Segment, finder: EntityFinder, taken: list[Candidate], at: int | None) -> Candidate | None:
    """A line of such a list that opens with a quoted title ('“Safer Births in Khatlon”, to be
    implemented with …'): the title is a programme."""
    if at is None:
        return None
    match = _LIST_LINE.match(seg.norm, at)
    if match is None or not match.group("title")[:1].isupper():
        return None
    start, end = match.start("title") - 1, match.end()  # the quote marks included
    if any(c.start < end and start < c.end for c in taken):
        return None
    return Candidate(finder.new_record("programme", match.group("title").strip(), seg.lang), [], start, end,
                     LISTED_PROGRAMME, 3)


def without_programme_words(tokens: Sequence[tuple[int, int, str]], words: ProgrammeWords, finder: EntityFinder) -> bool:
    """Whether no word of a sentence is a programme word, a pronoun, a system or a money noun: the
    only words refer_to_programmes reads a sentence at (most sentences have none)."""
    keys = finder.lex.memo("programme_cue_keys", lambda: words.pronouns | words.systems | words.money_nouns | words.nouns)
    return keys.isdisjoint(finder.key_union(tokens))
