"""Documents that are not plain text: PDF, HTML and DOCX, recognised by their content.

``sniff`` names the format of a file's bytes (None: read it as text); ``convert`` turns it into
the derived text extraction reads. Each format lives in its own module, imported only when a
document of that format turns up, so a plain-text build loads none of their libraries.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field

from kg.errors import DocumentError
from kg.text.formats.derived import Derived

SUFFIXES = (".pdf", ".html", ".htm", ".xhtml", ".docx")
DEFAULT_MAX_PAGES = 300
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b",
                         re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class ConvertOptions:
    """``ocr``: read scanned PDFs with Tesseract; ``max_pages``: refuse longer PDFs;
    ``ready``: conversions done ahead (``kg.text.formats.parallel``), by sha256 of the file."""

    ocr: bool = False
    max_pages: int = DEFAULT_MAX_PAGES
    ready: Mapping[str, Derived | DocumentError] = field(default_factory=dict, compare=False, repr=False)


def sniff(data: bytes, name: str = "") -> str | None:
    """'pdf', 'html' or 'docx' by content (the extension decides only for a damaged zip)."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return "docx" if name.lower().endswith(".docx") else None
        return "docx" if "word/document.xml" in names else None
    if _HTML_START.match(data[:4096]):
        return "html"
    return None


def convert(kind: str, data: bytes, name: str, options: ConvertOptions) -> Derived:
    if options.ready:
        done = options.ready.get(hashlib.sha256(data).hexdigest())
        if isinstance(done, DocumentError):
            raise DocumentError(f"{name}: {str(done).split(': ', 1)[-1]}")
        if done is not None:
            return done
    if kind == "pdf":
        from kg.text.formats import pdf

        return pdf.convert(data, name, options.max_pages, options.ocr)
    if kind == "html":
        from kg.text.formats import html

        return html.convert(data, name)
    from kg.text.formats import docx

    return docx.convert(data, name)
