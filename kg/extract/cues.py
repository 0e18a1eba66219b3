"""Where lexicon cue phrases occur in a text, found in one pass, and which cue patterns may match it.

A loop of ``re.finditer`` per phrase scanned each sentence once per phrase; one Aho–Corasick
automaton per cue list (pyahocorasick, built once and kept) scans it once for all of them. The
same kind of automaton, over the strings each regular expression's matches must hold, tells
which patterns can be skipped (``PatternFilter``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

import ahocorasick

try:  # the parser `re` compiles patterns with (Python 3.11 and later)
    from re import _constants as _c, _parser
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

_POSSESSIVE = getattr(_c, "POSSESSIVE_REPEAT", None)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)


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


# --- which of some regular expressions may match a text -----------------------------------------
# A pattern with alternatives that each start at a word boundary under IGNORECASE gives the regex
# engine no prefix to skip to: it tries every alternative at every word of every sentence. Each
# pattern's match, though, always holds one of a few literal strings ('funded by', 'при поддержке'),
# read off the pattern's own parse tree (the parser `re` compiles it with), and one automaton
# pass over the lower-cased text finds which of them occur. A pattern none of whose strings occurs
# cannot match; the others are asked as before, so the answer is the pattern's own.

_CAP = 256  # most strings one part of a pattern is spelt out into
_KEEP = 4096  # sentences whose answers a filter keeps (the current documents')
_EMPTY = frozenset([""])
# Characters whose lower case decides IGNORECASE matching among themselves exactly (tests check
# every pair): ASCII, Latin-1 punctuation, Cyrillic, general punctuation, currency signs, '№'. A
# text with another character (the micro sign, a dotted capital I, a long s, a Greek letter) is
# asked of every pattern, and a required string with one is no requirement.
_PLAIN = "\x00-\x7f\u00a0-\u00b4\u00b6-\u00bf\u0400-\u04ff\u2000-\u206f\u20a0-\u20c0\u2116"
_NOT_PLAIN = re.compile(f"[^{_PLAIN}]")


def plain_characters() -> str:
    """Every character of the plain set, for the tests."""
    return "".join(chr(c) for c in range(0x10000) if not _NOT_PLAIN.match(chr(c)))


def _items(node: Any) -> list[tuple[Any, Any]]:
    return list(node.data if hasattr(node, "data") else node)


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > _CAP:
        return None
    return frozenset(x + y for x in a for y in b)


def _spelt(op: Any, av: Any) -> frozenset[str] | None:
    """The exact strings (lower case) one part of a pattern matches, when they are few and fixed."""
    if op is _c.LITERAL:
        return frozenset([chr(av).lower()])
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return _EMPTY  # takes no character: what is before and after it stays adjacent
    if op is _c.IN:
        if not all(o is _c.LITERAL for o, _ in av):
            return None
        return frozenset(chr(a).lower() for _, a in av)
    if op is _c.SUBPATTERN:
        return _spelt_all(_items(av[3]))
    if op is _c.BRANCH:
        either = _union(av[1], _spelt_all)
        return either if either is not None and len(either) <= _CAP else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _POSSESSIVE):
        low, high, sub = av
        spelt = _spelt_all(_items(sub))
        if spelt is None or high > 2:
            return None
        out: set[str] = set()
        for times in range(low, high + 1):
            out |= {"".join(p) for p in itertools.product(spelt, repeat=times)}
        return frozenset(out) if len(out) <= _CAP else None
    return None


def _union(branches: list[Any], each: Callable[[list[tuple[Any, Any]]], frozenset[str] | None]) -> frozenset[str] | None:
    """What one of the alternatives gives: all of theirs together, or None if one of them gives none."""
    out: set[str] = set()
    for branch in branches:
        part = each(_items(branch))
        if part is None:
            return None
        out |= part
    return frozenset(out)


def _spelt_all(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    out: frozenset[str] | None = _EMPTY
    for op, av in items:
        spelt = _spelt(op, av)
        if spelt is None or out is None:
            return None
        out = _product(out, spelt)
    return out


def _better(a: frozenset[str]) -> tuple[int, int]:
    return min(map(len, a)), -len(a)


def _needed_all(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """Strings one of which every match of the sequence ``items`` holds, or None if none are known:
    the best of the runs of spelt-out parts and of what each other part needs."""
    options: list[frozenset[str]] = []
    run = _EMPTY
    for op, av in items:
        spelt = _spelt(op, av)
        if spelt is not None:
            joined = _product(run, spelt)
            if joined is None:
                if "" not in run:
                    options.append(run)
                joined = spelt
            run = joined
            continue
        if "" not in run:
            options.append(run)
        run = _EMPTY
        needed = _needed(op, av)
        if needed is not None:
            options.append(needed)
    if "" not in run:
        options.append(run)
    return max(options, key=_better) if options else None


def _needed(op: Any, av: Any) -> frozenset[str] | None:
    if op is _c.SUBPATTERN:
        return _needed_all(_items(av[3]))
    if op is _c.BRANCH:
        return _union(av[1], _needed_all)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _POSSESSIVE):
        return _needed_all(_items(av[2])) if av[0] >= 1 else None
    if op is _ATOMIC:
        return _needed_all(_items(av))
    if op is _c.ASSERT:
        return _needed_all(_items(av[1]))  # what a lookaround asserts is in the text too
    return None


def required_strings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` holds, or None when the pattern
    allows no such list (or needs a character outside the plain set)."""
    needed = _needed_all(_items(_parser.parse(pattern.pattern, pattern.flags)))
    if needed is None or any(not s or _NOT_PLAIN.search(s) for s in needed):
        return None
    # a string that holds another of the list adds nothing: 'grants' holds 'grant'
    return frozenset(s for s in needed if not any(t != s and t in s for t in needed))


class PatternFilter:
    """Which of a list of patterns may match a text, from the strings each requires."""

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.count = len(patterns)
        self._always = [i for i, p in enumerate(patterns) if required_strings(p) is None]
        self._automaton = ahocorasick.Automaton()
        owners: dict[str, list[int]] = {}
        for i, pattern in enumerate(patterns):
            for string in required_strings(pattern) or ():
                owners.setdefault(string, []).append(i)
        for string, indices in owners.items():
            self._automaton.add_word(string, tuple(indices))
        if owners:
            self._automaton.make_automaton()
        self._has_words = bool(owners)
        self._seen: dict[str, tuple[int, ...]] = {}

    def candidates(self, text: str) -> list[int]:
        """Indices, in order, of the patterns that may match ``text``: every one that does is among them."""
        # Several rules ask about the same sentence, and a document repeats its sentences: the answer
        # is kept for the texts of the current documents.
        kept = self._seen.get(text)
        if kept is None:
            if len(self._seen) > _KEEP:
                self._seen.clear()
            kept = self._seen[text] = tuple(self._candidates(text))
        return list(kept)

    def _candidates(self, text: str) -> list[int]:
        if _NOT_PLAIN.search(text):
            return list(range(self.count))
        found = set(self._always)
        if self._has_words:
            for _, indices in self._automaton.iter(text.lower()):
                found.update(indices)
        return sorted(found)


class Prefiltered:
    """A pattern whose ``search`` skips the texts that hold none of the strings its matches hold."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._filter = PatternFilter([pattern])
        self._seen: dict[str, re.Match[str] | None] = {}

    def search(self, text: str) -> re.Match[str] | None:
        # kept per text as the filter's answer is: a match is immutable, and equal texts match alike
        if text in self._seen:
            return self._seen[text]
        if len(self._seen) > _KEEP:
            self._seen.clear()
        found = self._seen[text] = self.pattern.search(text) if self._filter.candidates(text) else None
        return found

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self._filter.candidates(text) else iter(())
