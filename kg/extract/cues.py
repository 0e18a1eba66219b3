"""Where lexicon cue phrases occur in a text, found in one pass.

A loop of ``re.finditer`` per phrase scanned each sentence once per phrase; one Aho–Corasick
automaton per cue list (pyahocorasick, built once and kept) scans it once for all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import ahocorasick


@lru_cache(maxsize=64)
def _automaton(phrases: tuple[str, ...]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for phrase in phrases:
        if phrase:
            automaton.add_word(phrase, phrase)
    automaton.make_automaton()
    return automaton


def occurrences(text: str, phrases: tuple[str, ...]) -> Iterator[tuple[int, str]]:
    """(start, phrase) of each occurrence of each phrase, as ``re.finditer(re.escape(phrase), text)``
    finds them phrase by phrase: one phrase's occurrences do not overlap, different phrases' may."""
    automaton = _automaton(phrases)
    if len(automaton) == 0:
        return
    resume: dict[str, int] = {}
    for end, phrase in automaton.iter(text):
        start = end - len(phrase) + 1
        if start >= resume.get(phrase, 0):
            resume[phrase] = end + 1
            yield start, phrase


def phrase_starts(text: str, phrases: tuple[str, ...]) -> set[int]:
    return {start for start, _ in occurrences(text, phrases)}
