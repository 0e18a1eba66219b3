"""The text a PDF, HTML or DOCX document gives to extraction, and how it is put together.

Extraction reads plain text, so each format is converted to the text an analyst would have
typed: one block (heading, paragraph, table row) a line, a blank line between blocks. Evidence
offsets point into this derived text, which the build keeps beside the graph; for a PDF each
character also remembers the page it came from.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

# A line-end hyphen is a typesetter's break when the next line goes on in lower case.
_SENTENCE_END = re.compile(r"[.!?…][»\"”’)\]]*$")
_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
class Derived:
    """What a converter returns. ``pages``: (offset, page number) where each page's text
    starts, in order; empty for formats without pages."""

    text: str
    media_type: str
    pages: tuple[tuple[int, int], ...] = ()
    page_count: int = 0
    title: str | None = None
    date: date | None = None
    publisher: str | None = None
    creator: str | None = None
    ocr: bool = False

    def page_at(self, offset: int) -> int | None:
        if not self.pages:
            return None
        i = bisect.bisect_right(self.pages, (offset, float("inf"))) - 1
        return self.pages[max(i, 0)][1]


Piece = tuple[str, int]  # text and the page it came from (0: no pages)


@dataclass
class TextBuilder:
    """Joins blocks with blank lines (rows of one table with single newlines) and records the
    offset at which the text of each page begins."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    pages: list[tuple[int, int]] = field(default_factory=list)

    def _put(self, text: str, page: int) -> None:
        if page and (not self.pages or self.pages[-1][1] != page) and text.strip():
            self.pages.append((self.length, page))
        self.parts.append(text)
        self.length += len(text)

    def block(self, pieces: Sequence[Piece]) -> None:
        pieces = [(t, p) for t, p in pieces if t]
        if not pieces:
            return
        if self.parts:
            self._put("\n\n", 0)
        for text, page in pieces:
            self._put(text, page)

    def rows(self, rows: Sequence[Piece]) -> None:
        """A table: one line a row, no blank lines between rows."""
        pieces: list[Piece] = []
        for text, page in rows:
            if text.strip():
                pieces += [("\n", 0)] if pieces else []
                pieces.append((text, page))
        self.block(pieces)

    def text(self) -> str:
        return "".join(self.parts) + ("\n" if self.parts else "")


def hyphenated_words(lines: Iterable[str]) -> set[str]:
    """Compounds written with a hyphen inside a line ('Issyk-Kul', 'по-прежнему'): a line-end
    hyphen that rebuilds one of them is kept."""
    found: set[str] = set()
    for line in lines:
        found.update(m.group().lower() for m in _HYPHENATED.finditer(line.rstrip("-" + _SOFT_HYPHEN)))
    return found


def join_lines(lines: Sequence[Piece], compounds: set[str]) -> list[Piece]:
    """Rejoin hard-wrapped lines into one paragraph: a space between lines, except that a word
    hyphenated at a line end ('teleconsul-' + 'tations') is healed, unless the hyphen belongs to
    a compound the document writes with a hyphen elsewhere."""
    pieces: list[Piece] = []
    for raw, page in lines:
        text = " ".join(raw.split())
        if not text:
            continue
        if pieces:
            prev, prev_page = pieces[-1]
            if prev.endswith(_SOFT_HYPHEN):
                pieces[-1] = (prev[:-1], prev_page)
            elif prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha() and text[0].isalpha():
                head = re.search(r"[^\W\d_]+-$", prev)
                tail = re.match(r"[^\W\d_]+", text)
                compound = f"{head.group()}{tail.group()}".lower() if head and tail else ""
                if text[0].islower() and compound not in compounds:
                    pieces[-1] = (prev[:-1], prev_page)
            else:
                pieces.append((" ", 0))
        pieces.append((text, page))
    return pieces


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


@dataclass(frozen=True)
class Original:
    """The file a derived text was made from, as the graph records it."""

    sha256: str
    byte_size: int
    derived: Derived

    @property
    def media_type(self) -> str:
        return self.derived.media_type

    def page_at(self, offset: int) -> int | None:
        return self.derived.page_at(offset)


DERIVED_DIR = "texts"  # beside kg.ttl: the derived texts evidence offsets point into


def derived_text_path(doc_id: str) -> str:
    """Where the build keeps a document's derived text, relative to the output folder."""
    return f"{DERIVED_DIR}/{doc_id}.txt"
