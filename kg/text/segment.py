"""Segment a document into headings, sentences, table rows and captions.

Text extracted from PDFs arrives hard-wrapped, with hyphenated line ends, stray blank lines
and tables flattened to one row per line. Extraction works on a normalised copy of each
segment (whitespace folded, line-end hyphenation joined) while ``Segment.offsets`` keeps, for
every normalised character, its offset in the unmodified text — so every quote can be cut
from the original file exactly.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

from kg.text.script import document_alphabet, segment_alphabet, to_cyrillic

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_ZERO_WIDTH = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_TERMINAL = ".!?…:;"
_OPENERS = "«“\"'(["
_OPENER_RUN = re.compile("[" + re.escape(_OPENERS + " ") + "]*")
_ROW = re.compile(r"^\s*(?P<label>\D*?[^\W\d_]\D*?)\s+(?P<num>\d[\d \u00a0]*(?:[.,]\d+)?)\s*%?\s*$")
# A page's widgets: a weather reading ('+4°'), a rate's change ('-0.47'), a currency sign alone on its line.
_READING = re.compile(r"^(?:[+\-−–]\s?\d+(?:[.,]\d+)?\s*(?:°\s?[CС]?)?|\d+(?:[.,]\d+)?\s*°\s?[CС]?|[$€¥£₸₽])$")
_WIDGET_WORDS = 4  # a widget's other lines are labels: a city, 'ясно', a rate's name
_SENTENCE_END = r"[.!?…]+[\"»”’)\]]*"
# A sentence end followed by a blank, and (looked ahead at, past the blanks and any opening
# quotes) the character the next sentence would start with: one search per full stop instead
# of three.
_SENTENCE_BREAK = re.compile(_SENTENCE_END + r"(?=(\s+)[" + re.escape(_OPENERS + " ") + r"]*(.?))", re.S)
_INNER_SENTENCE = re.compile(r"[.!?]\s+[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Segment:
    """A unit of extraction. ``norm`` is the normalised text; ``offsets[i]`` is the offset in
    the original text of ``norm[i]``."""

    index: int
    kind: str  # heading | sentence | row | caption
    lang: str  # en | ru | kk
    norm: str
    offsets: array = field(repr=False, compare=False)
    ends: array = field(repr=False, compare=False)  # ends[i]: original end (exclusive) of norm[i]
    block: int
    section: int  # index of the governing heading segment, -1 before the first
    caption: int = -1  # for table rows: index of the table's caption segment

    @property
    def start(self) -> int:
        return self.offsets[0]

    @property
    def end(self) -> int:
        return self.ends[-1]

    def span(self, norm_start: int, norm_end: int) -> tuple[int, int]:
        """Original (start, end) of ``norm[norm_start:norm_end]``."""
        norm_end = max(norm_end, norm_start + 1)
        return self.offsets[norm_start], self.ends[norm_end - 1]


_KAZAKH_CLASS = "".join(sorted(KAZAKH_LETTERS))
# Counted by the regex engine rather than a Python loop over every character (a tenth of the cost).
_KAZAKH = re.compile(f"[{_KAZAKH_CLASS}]")
_CYRILLIC = re.compile(f"[\u0400-\u04ff{_KAZAKH_CLASS}]")
_LATIN = re.compile("[A-Za-z]")


def detect_language(text: str) -> str:
    """en / ru / kk by script: Kazakh-only letters mark Kazakh, other Cyrillic Russian."""
    if text.isascii():
        return "en"  # no Cyrillic letter at all
    # Most sentences are in one script: a search that finds no letter of another settles them
    # without counting (listing every letter of the sentence three times).
    if _LATIN.search(text) is None:
        kazakh = _KAZAKH.search(text)
        if kazakh is None:
            return "ru" if _CYRILLIC.search(text) else "en"
        if _KAZAKH.search(text, kazakh.end()):
            return "kk"  # two Kazakh letters, and no Latin one to outnumber the Cyrillic
    elif _CYRILLIC.search(text) is None:
        return "en"
    kaz = len(_KAZAKH.findall(text))
    cyr = len(_CYRILLIC.findall(text))
    lat = len(_LATIN.findall(text))
    if cyr > lat:
        return "kk" if kaz >= 2 or (cyr and kaz / cyr > 0.01) else "ru"
    return "en"


_ZW_CLASS = "".join(sorted(_ZERO_WIDTH))
_BLANK_CLASS = "\\s\\x00"


@lru_cache(maxsize=1)
def _combining_class() -> str:
    """A regex class of every code point with a non-zero canonical combining class — exactly
    what ``unicodedata.combining`` tests — built once, on first use."""
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.combining(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


@lru_cache(maxsize=256)
def _special(marks: bool | frozenset[str] = True) -> re.Pattern[str]:
    """What ``normalise`` must look at; everything between matches maps one to one. A single
    ASCII space between two ordinary characters is the common case and is left out, unless a
    hyphen (or a dropped zero-width character) before it may join the words. Without ``marks``
    the pattern leaves out combining clusters, for text that has no combining mark: trying a
    cluster at every character was most of the pattern's cost. Given the marks a text has, its
    clusters are of those marks alone: on that text the pattern matches what the one of every
    mark matches, and nothing needs the table of every code point's class (a tenth of a second
    for each worker process)."""
    if marks is True:
        combining = _combining_class()
    else:
        combining = "".join(re.escape(c) for c in sorted(marks or ()))
    cluster = f"|(?P<cluster>[^{_BLANK_CLASS}{_ZW_CLASS}]?[{combining}]+)" if combining else ""
    return re.compile(
        f"(?P<blank>[{_BLANK_CLASS}][{_BLANK_CLASS}{_ZW_CLASS}]+|[^\\S ]|\\x00|(?<=[-\u2010{_ZW_CLASS}]) )"
        f"|(?P<zw>[{_ZW_CLASS}])" + cluster
    )


def _odd_characters(chars: set[str]) -> tuple[bool, frozenset[str]]:
    """(whether any of ``chars`` is a blank other than the ASCII space, a NUL or a zero-width
    character; those that are combining marks). Asked of a text's distinct characters, a few
    dozen, rather than of each of its characters."""
    odd = any((c.isspace() and c != " ") or c == "\x00" or c in _ZERO_WIDTH for c in chars)
    return odd, frozenset(c for c in chars if unicodedata.combining(c))


def _last_two(chunks: list[str]) -> str:
    if not chunks:
        return ""
    last = chunks[-1]
    if len(last) >= 2 or len(chunks) == 1:
        return last[-2:]
    return chunks[-2][-1] + last


_COUNT = array("i")


def _counting(start: int, end: int) -> array:
    """``array("i", range(start, end))``, cut from one counting array kept here: a copy of
    memory, where building it from a range made every offset a Python int (most of the time
    segmentation spent on plain paragraphs)."""
    global _COUNT
    count = _COUNT  # this call's own: another thread may put a different one in its place
    if end > len(count):
        count = _COUNT = array("i", range(max(end, 2 * len(count), 1 << 16)))
    return count[start:end]


def normalise(text: str, start: int, end: int) -> tuple[str, array, array]:
    """Fold whitespace runs to one space, drop zero-width characters, compose combining marks
    (NFC: 'и' + U+0306 → 'й'), and join a hyphen split across a line break
    ('интернет-\\nкоммуникаций', 'Северо- Казахстанская'). Returns the text and, for each of its
    characters, the start and end offsets of what it stands for in the original.

    Leading and trailing blanks are dropped; between them, only what ``_special`` matches needs
    work, so ordinary prose is copied in slices rather than character by character."""
    while start < end and (text[start].isspace() or text[start] in _ZERO_WIDTH or text[start] == "\x00"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _ZERO_WIDTH or text[end - 1] == "\x00"):
        end -= 1
    body = text[start:end]
    odd, marks = _odd_characters(set(body))
    if not (odd or marks or "  " in body or "- " in body or "\u2010 " in body):
        # Single-spaced prose with nothing to fold, drop or compose (a paragraph of most web
        # pages): the pattern below would match nothing.
        return body, _counting(start, end), _counting(start + 1, end + 1)
    return _fold(text, start, end, marks)


def _fold(text: str, start: int, end: int, marks: bool | frozenset[str] = True) -> tuple[str, array, array]:
    """``normalise`` of ``text[start:end]``, already trimmed, through the pattern (without its
    combining clusters when ``marks`` is false or empty: the text has none; with clusters of the
    given marks only when they are all the text has)."""
    chunks: list[str] = []
    offsets = array("i")
    ends = array("i")
    pos = start
    for match in _special(marks).finditer(text, start, end):
        i, j = match.span()
        if i > pos:
            chunks.append(text[pos:i])
            offsets.extend(_counting(pos, i))
            ends.extend(_counting(pos + 1, i + 1))
        pos = j
        kind = match.lastgroup
        if kind == "zw":
            continue
        if kind == "blank":
            tail, nxt = _last_two(chunks), text[j]
            joined_hyphen = len(tail) == 2 and tail[1] in "-\u2010" and tail[0].isalpha() and nxt.isalpha()
            joined_range = (len(tail) == 2 and tail[1] in "–—" and tail[0].isdigit() and nxt.isdigit()
                            and "\n" in text[i:j])
            if not (joined_hyphen or joined_range):
                chunks.append(" ")
                offsets.append(i)
                ends.append(j)
            continue
        cluster = text[i:j]
        composed = unicodedata.normalize("NFC", cluster) if j - i > 1 else cluster
        chunks.append(composed)
        if len(composed) == len(cluster):
            offsets.extend(_counting(i, j))
            ends.extend(_counting(i + 1, j + 1))
        else:  # every composed character stands for the whole cluster
            offsets.extend([i] * len(composed))
            ends.extend([j] * len(composed))
    if end > pos:
        chunks.append(text[pos:end])
        offsets.extend(_counting(pos, end))
        ends.extend(_counting(pos + 1, end + 1))
    return "".join(chunks), offsets, ends


@dataclass
class _Line:
    start: int
    end: int
    text: str
    kind: str = "text"  # text | blank | row | caption | note | heading
    in_table: bool = False

    @property
    def stripped(self) -> str:
        return self.text.strip(" \t\u00a0\ufeff")


def _lines(text: str) -> list[_Line]:
    lines = []
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text):
        if match.start() == match.end():
            continue
        body = match.group().rstrip("\r\n")
        lines.append(_Line(match.start(), match.start() + len(body), body))
    return lines


def _wrap_width(lines: list[_Line]) -> int:
    """The line width of hard-wrapped text (PDF extraction), or 0 when lines are paragraphs.
    In wrapped text a heading is a line clearly shorter than the wrap width."""
    lengths = sorted(len(line.stripped) for line in lines if line.kind == "text")
    if len(lengths) < 20:
        return 0
    width = lengths[int(len(lengths) * 0.9)]
    near = sum(1 for n in lengths if n >= 0.75 * width)
    return width if width <= 140 and near >= 0.5 * len(lengths) else 0


def _mark_table_zones(lines: list[_Line]) -> None:
    """Between a table caption and its note ('Примечание: ...') lines are cells, never headings."""
    captions = [k for k, line in enumerate(lines) if line.kind == "caption"]
    for n, k in enumerate(captions):
        limit = captions[n + 1] if n + 1 < len(captions) else len(lines)
        note = next((j for j in range(k + 1, min(limit, k + 200)) if lines[j].kind == "note"), None)
        if note is None:
            continue
        for j in range(k + 1, note):
            lines[j].in_table = True


def _mark_widgets(lines: list[_Line]) -> None:
    """A run of short lines with three or more readings in it ('Алматы' / '+18°', '$' / '443.85' /
    '-0.47') is a weather or exchange-rate widget a web page carries beside its article: its cities
    and rates are not what the article says, so the run is left out like a blank."""
    run: list[_Line] = []
    for line in lines + [_Line(0, 0, "")]:
        s = line.stripped
        if s and len(s.split()) <= _WIDGET_WORDS and s[-1] not in _TERMINAL:
            run.append(line)
            continue
        if sum(1 for r in run if _READING.match(r.stripped.lstrip("•·* "))) >= 3:
            for r in run:
                r.kind = "blank"
        run = []


def _starts_upper(s: str) -> bool:
    return _starts_upper_at(s, 0)


def _starts_upper_at(s: str, pos: int) -> bool:
    """Whether ``s[pos:]``, past any opening quotes and spaces, starts with a capital or a digit."""
    i = _OPENER_RUN.match(s, pos).end()
    return i < len(s) and (s[i].isupper() or s[i].isdigit())


def _word_re(words: Collection[str], tail: str) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in sorted(words)) + r")" + tail, re.IGNORECASE)


def _classify(lines: list[_Line], caption_words: Collection[str], note_words: Collection[str]) -> None:
    caption_re = _word_re(caption_words, r"\s*\d+[.:]?\s")
    note_re = _word_re(note_words, r"\s*:")
    for line in lines:
        s = line.stripped
        if not s:
            line.kind = "blank"
        elif caption_re and caption_re.match(s + " "):
            line.kind = "caption"
        elif note_re and note_re.match(s):
            line.kind = "note"
    _mark_table_zones(lines)
    _mark_widgets(lines)
    # Table rows come in runs: one prose line ending in a number is not a table.
    # The word count first: on a long line (a paragraph that is one line) the row pattern's lazy
    # label tries every split before it fails.
    row_flags = [line.kind == "text" and len(line.stripped.split()) <= 9 and bool(_ROW.match(line.text))
                 for line in lines]
    i = 0
    while i < len(lines):
        if row_flags[i]:
            j = i
            while j < len(lines) and (row_flags[j] or (lines[j].kind == "blank" and j + 1 < len(lines)
                                                        and row_flags[j + 1])):
                j += 1
            if sum(row_flags[i:j]) >= 3:
                for k in range(i, j):
                    if row_flags[k]:
                        lines[k].kind = "row"
            i = j
        else:
            i += 1
    nonblank = [k for k, line in enumerate(lines) if line.kind != "blank"]
    width = _wrap_width([lines[k] for k in nonblank])
    for pos, k in enumerate(nonblank):
        line = lines[k]
        if line.kind != "text" or line.in_table:
            continue
        s = line.stripped
        if (s[-1] in _TERMINAL + ",-–—" or len(s) > 120 or len(s.split()) > 15 or not _starts_upper(s)
                or (width and len(s) > 0.7 * width) or _INNER_SENTENCE.search(s)):
            continue
        prev = lines[nonblank[pos - 1]] if pos else None
        nxt = lines[nonblank[pos + 1]] if pos + 1 < len(nonblank) else None
        if nxt is None or not _starts_upper(nxt.stripped):
            continue
        prev_closed = prev is None or prev.kind in ("heading", "row", "caption") or prev.stripped[-1] in _TERMINAL
        blank_after = k + 1 < len(lines) and lines[k + 1].kind == "blank"
        short_title = len(s.split()) <= 4 and blank_after
        if prev_closed or short_title:
            line.kind = "heading"


def segment(text: str, *, abbreviations: Collection[str] = (), caption_words: Collection[str] = (),
            note_words: Collection[str] = ()) -> list[Segment]:
    lines = _lines(text)
    _classify(lines, caption_words, note_words)
    abbrev = {a.lower().rstrip(".") for a in abbreviations}
    latin_document = None if text.isascii() else document_alphabet(text)
    segments: list[Segment] = []
    section = -1
    caption = -1
    block = 0

    def add(kind: str, start: int, end: int) -> None:
        add_normalised(kind, *normalise(text, start, end))

    def add_normalised(kind: str, norm: str, offsets: array, ends: array) -> None:
        nonlocal section, caption
        stripped = norm.strip()
        if not stripped:
            return
        if len(stripped) < len(norm):  # a sentence cut from a normalised paragraph has no blank to trim
            lead = len(norm) - len(norm.lstrip())
            norm, offsets, ends = stripped, offsets[lead:lead + len(stripped)], ends[lead:lead + len(stripped)]
        alphabet = segment_alphabet(norm, latin_document)
        if alphabet is not None:  # read as the Cyrillic the lexicon is written in
            norm, offsets, ends = to_cyrillic(norm, offsets, ends, alphabet)
        index = len(segments)
        segments.append(Segment(index, kind, detect_language(norm), norm, offsets, ends, block, section,
                                caption if kind == "row" else -1))
        if kind == "heading":
            section = index
        elif kind == "caption":
            caption = index

    def flush(group: list[_Line]) -> None:
        nonlocal block
        if not group:
            return
        start, end = group[0].start, group[-1].end
        kind = group[0].kind
        if kind in ("heading", "row", "caption", "note"):
            add(kind, start, end)
        else:
            norm, offsets, ends = normalise(text, start, end)
            # A sentence is a slice of its normalised paragraph: normalising its original span
            # again gave the same text and offsets (sentences start and end on non-blanks) at
            # twice the cost.
            for s_start, s_end in split_sentences(norm, abbrev):
                add_normalised("sentence", norm[s_start:s_end], offsets[s_start:s_end], ends[s_start:s_end])
        block += 1

    group: list[_Line] = []
    for line in lines:
        if line.kind == "blank":
            # A blank line ends a caption; prose runs on across the blank lines a PDF adds.
            if group and group[0].kind == "caption":
                flush(group)
                group = []
            continue
        if line.kind in ("heading", "row", "note"):
            flush(group)
            flush([line])
            group = []
            continue
        if line.kind == "caption":
            flush(group)
            group = [line]
            continue
        if group and group[0].kind == "caption":
            if group[-1].stripped[-1] in _TERMINAL:
                flush(group)
                group = []
            elif line.kind == "text":
                group.append(line)
                continue
        if group and group[0].kind == "text":
            last = group[-1].stripped
            if last[-1] in ".!?…" and _starts_upper(line.stripped) and _paragraph_break(group[-1], line, text):
                flush(group)
                group = []
        group.append(line)
    flush(group)
    return segments


def _paragraph_break(prev: _Line, line: _Line, text: str) -> bool:
    """A sentence-final line followed by a blank line (or an indented line) starts a new
    paragraph; sentence splitting handles the rest."""
    gap = text[prev.end:line.start]
    return gap.count("\n") >= 2 or line.text[:1] in " \t"


def split_sentences(norm: str, abbreviations: Collection[str]) -> list[tuple[int, int]]:
    """(start, end) spans of sentences in normalised text."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(norm):
        # Positions, not slices: copying the rest of the paragraph at every full stop made a
        # paragraph of n characters cost O(n²) (a 10 MB one-line document: 30 s here alone).
        first = match.group(2)  # '' at the end of the text
        if not (first.isupper() or first.isdigit()):
            continue
        dot = match.start()
        if norm[dot] == "." and _abbreviated(norm, start, dot, abbreviations):
            continue
        spans.append((start, match.end()))
        start = match.end(1)
    if start < len(norm):
        spans.append((start, len(norm)))
    return [(s, e) for s, e in spans if norm[s:e].strip()]


def _abbreviated(norm: str, start: int, dot: int, abbreviations: Collection[str]) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation or an initial, not the sentence."""
    begin = max(norm.rfind(" ", start, dot) + 1, start)
    word = norm[begin:dot]
    if len(word) <= 12 and word.isalpha():
        # A plain word after a blank (most full stops): it is both the last word of the twelve
        # characters before the stop and the dotted word, without listing the words there.
        return word.lower() in abbreviations or (len(word) == 1 and word.isupper())
    words = _WORD.findall(norm[max(start, dot - 12):dot + 1])
    last = words[-1] if words else ""
    return (last.lower() in abbreviations or (len(last) == 1 and last.isupper())
            or _dotted_word(norm, start, dot) in abbreviations)


def _dotted_word(norm: str, start: int, dot: int) -> str:
    """The word a full stop ends, inner dots kept ('e.g', 'т.е', 'u.s'): the lexicon lists dotted
    abbreviations whole, and their last letter alone ('g', 'е') is no abbreviation."""
    begin = max(norm.rfind(" ", start, dot) + 1, start)
    return norm[begin:dot].lstrip(_OPENERS).lower()
