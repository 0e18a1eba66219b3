"""PDF → derived text, with the page of every character.

pdfplumber (on pdfminer.six) gives each word with its position, size and font, and finds ruled
tables. From those this module rebuilds what a reader sees: running headers, footers and page
numbers left out, two columns read one after the other, hard-wrapped lines rejoined and
line-end hyphenation healed, headings on lines of their own, each table row on a line.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kg.errors import DocumentError
from kg.text.formats.derived import Derived, Piece, TextBuilder, ends_sentence, hyphenated_words, join_lines

MEDIA_TYPE = "application/pdf"
# Headers and footers live in the top and bottom margins: this share of the page height.
MARGIN_BAND = 0.09
_PAGE_NUMBER = re.compile(r"^\W*(?:(?:page|p\.|стр\.?|страница|бет)\s*)?\d{1,4}(?:\s*(?:of|из|/)\s*\d{1,4})?"
                          r"(?:\s*(?:бет|стр\.?))?\W*$", re.IGNORECASE)
_BOLD = re.compile(r"bold|black|heavy|semibold", re.IGNORECASE)


@dataclass
class _Line:
    """The words of one baseline in one column (a column gutter cuts a line in two)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int
    table_rows: tuple[str, ...] | None = None  # set for a ruled table, read as a whole
    cells: bool = False  # wide gaps between its words: a row of a table drawn without rules


def _wide(a: dict, b: dict) -> bool:
    return b["x0"] - a["x1"] > 1.5 * max(a["size"], b["size"])


def _lines_of(words: Sequence[dict], page: int, width: float) -> list[_Line]:
    """Group words into baselines, and cut a baseline at the page's middle only when the page is
    set in two columns; other wide gaps separate the cells of a table row drawn without rules."""
    baselines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if baselines and abs(word["top"] - baselines[-1][0]["top"]) <= max(1.5, 0.3 * word["size"]):
            baselines[-1].append(word)
        else:
            baselines.append([word])
    mid = width / 2
    for line in baselines:
        line.sort(key=lambda w: w["x0"])

    def gutter(line: list[dict]) -> int | None:
        for i in range(1, len(line)):
            if _wide(line[i - 1], line[i]) and line[i - 1]["x1"] <= mid <= line[i]["x0"]:
                return i
        return None

    cut = [gutter(line) for line in baselines]
    # Two columns: a good share of the runs of words (between wide gaps) start right of the middle.
    runs = right = 0
    for line in baselines:
        starts = [line[0]] + [b for a, b in zip(line, line[1:]) if _wide(a, b)]
        runs += len(starts)
        right += sum(1 for w in starts if w["x0"] >= mid)
    two_columns = right >= max(3, 0.2 * runs)
    result: list[_Line] = []
    for line, at in zip(baselines, cut):
        parts = [line[:at], line[at:]] if two_columns and at is not None else [line]
        result.extend(_make_line(part, page) for part in parts)
    return result


def _make_line(words: list[dict], page: int) -> _Line:
    chars = sum(len(w["text"]) for w in words)
    bold = sum(len(w["text"]) for w in words if _BOLD.search(w.get("fontname", ""))) * 2 > chars
    sizes = Counter()
    for w in words:
        sizes[round(w["size"], 1)] += len(w["text"])
    cells = any(_wide(a, b) for a, b in zip(words, words[1:]))
    return _Line(" ".join(w["text"] for w in words), min(w["x0"] for w in words), max(w["x1"] for w in words),
                 min(w["top"] for w in words), max(w["bottom"] for w in words), sizes.most_common(1)[0][0],
                 bold, page, cells=cells)


def _tables(page, page_no: int) -> list[_Line]:
    # Finding tables looks at ruling lines; a page without any has none to find.
    if not (page.lines or page.rects):
        return []
    found = []
    for table in page.find_tables():
        rows = []
        for row in table.extract():
            cells = [" ".join(str(cell).split()) for cell in row if cell and str(cell).strip()]
            if cells:
                rows.append(" ".join(cells))
        if rows:
            x0, top, x1, bottom = table.bbox
            found.append(_Line("", x0, x1, top, bottom, 0.0, False, page_no, tuple(rows)))
    return found


def _inside(word: dict, box: _Line) -> bool:
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box.x0 <= cx <= box.x1 and box.top <= cy <= box.bottom


def _reading_order(items: list[_Line], width: float) -> list[_Line]:
    """Down the page in bands between full-width lines; within a band the left column, then the
    right one. A single-column page has almost only full-width lines and keeps its order."""
    mid = width / 2
    ordered: list[_Line] = []
    left: list[_Line] = []
    right: list[_Line] = []

    def flush() -> None:
        ordered.extend(sorted(left, key=lambda i: i.top))
        ordered.extend(sorted(right, key=lambda i: i.top))
        left.clear()
        right.clear()

    for item in sorted(items, key=lambda i: (i.top, i.x0)):
        if item.x1 <= mid:
            left.append(item)
        elif item.x0 >= mid:
            right.append(item)
        else:
            flush()
            ordered.append(item)
    flush()
    return ordered


def _furniture(pages: list[list[_Line]], heights: list[float]) -> set[tuple[int, int]]:
    """(page, index) of running headers, footers and page numbers: lines in the top or bottom
    margin that are a bare page number, or whose text (digits aside) recurs on other pages."""
    def in_band(line: _Line, height: float) -> bool:
        return line.bottom <= height * MARGIN_BAND or line.top >= height * (1 - MARGIN_BAND)

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text).strip().lower()

    recurring = Counter()
    for lines, height in zip(pages, heights):
        recurring.update({key(line) for line in lines if in_band(line, height)})
    found = set()
    for p, (lines, height) in enumerate(zip(pages, heights)):
        for i, line in enumerate(lines):
            if in_band(line, height) and (_PAGE_NUMBER.match(line.text) or recurring[key(line)] >= 2):
                found.add((p, i))
    return found


def _blocks(lines: list[_Line], builder: TextBuilder) -> None:
    """Group lines in reading order into headings, paragraphs and tables."""
    text_lines = [line for line in lines if line.table_rows is None]
    if not text_lines:
        for line in lines:
            builder.rows([(row, line.page) for row in line.table_rows or ()])
        return
    weights = Counter()
    for line in text_lines:
        weights[line.size] += len(line.text)
    body = weights.most_common(1)[0][0]
    pitches = [b.top - a.top for a, b in zip(text_lines, text_lines[1:])
               if a.page == b.page and a.size == b.size == body and 0 < b.top - a.top < 3 * body]
    pitch = statistics.median(pitches) if pitches else body * 1.25
    compounds = hyphenated_words(line.text for line in text_lines)

    def heading(line: _Line) -> bool:
        return (line.size >= body * 1.15 or line.bold) and len(line.text) <= 150

    group: list[_Line] = []

    def flush() -> None:
        if group:
            builder.block(join_lines([(line.text, line.page) for line in group], compounds))
            group.clear()

    rows: list[Piece] = []
    for line in lines:
        if line.table_rows is not None or line.cells:
            flush()
            rows += [(row, line.page) for row in line.table_rows] if line.table_rows else [(line.text, line.page)]
            continue
        if rows:
            builder.rows(rows)
            rows = []
        if group:
            prev = group[-1]
            same_kind = heading(prev) == heading(line) and (prev.size, prev.bold) == (line.size, line.bold)
            moved = line.page != prev.page or line.top < prev.top  # a new column or page
            if not same_kind:
                flush()
            elif not moved and line.top - prev.top > 1.3 * pitch * (line.size / body):
                flush()
            elif moved and ends_sentence(prev.text) and line.text[:1].isupper():
                flush()
        group.append(line)
    flush()
    builder.rows(rows)


def _open(data: bytes, name: str):
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds; each means this file cannot be read
        raise _failure(name, exc) from exc


def _failure(name: str, exc: BaseException) -> DocumentError:
    chain = []
    while exc is not None:
        chain.append(f"{type(exc).__name__} {exc}")
        exc = exc.__cause__ or exc.__context__
    text = " ".join(chain).lower()
    if "password" in text or "encrypt" in text:
        return DocumentError(f"{name}: PDF is encrypted with a password; save an unlocked copy first")
    return DocumentError(f"{name}: corrupt PDF ({chain[-1][:80]}); nothing could be read")


def _pdf_date(raw: object) -> date | None:
    match = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", str(raw or ""))
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _meta_text(raw: object) -> str | None:
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    text = " ".join(str(raw or "").split())
    return text or None


def convert(data: bytes, name: str, max_pages: int, ocr: bool) -> Derived:
    if b"%%EOF" not in data[-2048:]:
        raise DocumentError(f"{name}: truncated PDF (no %%EOF end marker); download it again")
    pdf = _open(data, name)
    try:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise _failure(name, exc) from exc
        if count > max_pages:
            raise DocumentError(f"{name}: {count} pages is over the {max_pages}-page limit "
                                "(raise it with --max-pages)")
        meta = pdf.metadata or {}
        pages: list[list[_Line]] = []
        heights: list[float] = []
        has_words = False
        try:
            for number, page in enumerate(pdf.pages, start=1):
                words = page.extract_words(extra_attrs=["size", "fontname"])
                has_words = has_words or bool(words)
                tables = _tables(page, number)
                words = [w for w in words if not any(_inside(w, t) for t in tables)]
                lines = _lines_of(words, number, float(page.width)) + tables
                pages.append(_reading_order(lines, float(page.width)))
                heights.append(float(page.height))
                page.close()  # frees the page's parsed objects: a long report stays small in memory
        except DocumentError:
            raise
        except Exception as exc:
            raise _failure(name, exc) from exc
        if not has_words:
            if not ocr:
                raise DocumentError(f"{name}: PDF has no text layer (a scan?); run kg build --ocr to read it "
                                    "with Tesseract")
            from kg.text.formats.ocr import ocr_pdf

            return ocr_pdf(pdf, name, count, _meta_text(meta.get("Title")), _pdf_date(meta.get("CreationDate")))
        furniture = _furniture(pages, heights)
        lines = [line for p, page_lines in enumerate(pages) for i, line in enumerate(page_lines)
                 if (p, i) not in furniture]
        builder = TextBuilder()
        _blocks(lines, builder)
    finally:
        pdf.close()
    return Derived(builder.text(), MEDIA_TYPE, tuple(builder.pages), count,
                   title=_meta_text(meta.get("Title")), date=_pdf_date(meta.get("CreationDate")),
                   creator=_meta_text(meta.get("Author")))

