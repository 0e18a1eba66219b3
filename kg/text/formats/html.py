"""A saved web page → the article's text, with its title, date and publisher.

trafilatura finds the main text and drops navigation, cookie banners, share buttons and
related-article lists; it parses with lxml and never runs a script. Its XML output keeps the
article's structure, which becomes the usual blocks: headings, paragraphs, list items, rows.
"""

from __future__ import annotations

import re
from datetime import date

from kg.errors import DocumentError
from kg.text.formats.derived import Derived, TextBuilder

MEDIA_TYPE = "text/html"


def _decode(data: bytes) -> str:
    declared = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:4096], re.IGNORECASE)
    for codec in ([declared.group(1).decode("ascii")] if declared else []) + ["utf-8", "cp1251"]:
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", "replace")


def _strip_code(data: bytes) -> bytes:
    """Scripts and styles go before parsing, except JSON-LD, where the publisher and date live.
    A page with megabytes of inline script then costs what its article costs. One pass with
    find(), not a regex: a page of unclosed <script> tags must not take quadratic time."""
    lower = data.lower()
    kept: list[bytes] = []
    pos = 0
    while True:
        start = min((i for i in (lower.find(b"<script", pos), lower.find(b"<style", pos)) if i >= 0), default=-1)
        if start < 0:
            kept.append(data[pos:])
            return b"".join(kept)
        tag = b"script" if lower.startswith(b"<script", start) else b"style"
        close = lower.find(b"</" + tag, start)
        end = len(data) if close < 0 else lower.find(b">", close) + 1 or len(data)
        kept.append(data[pos:start])
        if b"application/ld+json" in lower[start:lower.find(b">", start)]:  # in the opening tag only
            kept.append(data[start:end])
        pos = end


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def convert(data: bytes, name: str) -> Derived:
    import trafilatura

    page = _decode(_strip_code(data))
    try:
        result = trafilatura.bare_extraction(page, output_format="python", with_metadata=True, include_tables=True,
                                             include_comments=False, include_images=False, include_links=False,
                                             deduplicate=False, date_extraction_params={"extensive_search": False,
                                                                                        "original_date": True})
    except Exception as exc:  # lxml or trafilatura on a broken page: one line, not a traceback
        raise DocumentError(f"{name}: HTML page could not be parsed ({type(exc).__name__})") from exc
    body = getattr(result, "body", None) if result is not None else None
    if body is None or not _text(body):
        raise DocumentError(f"{name}: no article text found in the HTML page")
    builder = TextBuilder()
    for element in body.iter("head", "p", "item", "table", "quote", "code"):
        if _ancestor(element, ("item", "table", "quote")):
            continue  # read with the list item, table or quotation that holds it
        if element.tag == "table":
            builder.rows([(" ".join(c for c in (_text(cell) for cell in row.iter("cell")) if c), 0)
                          for row in element.iter("row")])
        else:
            builder.block([(_text(element), 0)])
    if not builder.parts:
        raise DocumentError(f"{name}: no article text found in the HTML page")
    published = _date(getattr(result, "date", None))
    return Derived(builder.text(), MEDIA_TYPE, title=getattr(result, "title", None) or None, date=published,
                   publisher=getattr(result, "sitename", None) or None,
                   creator=getattr(result, "author", None) or None)


def _ancestor(element, tags: tuple[str, ...]) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _date(raw: object) -> date | None:
    try:
        return date.fromisoformat(str(raw)[:10]) if raw else None
    except ValueError:
        return None
