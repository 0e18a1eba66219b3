"""A Word document (DOCX) → its paragraphs, headings and tables, in order, with title, author
and date from the core properties (python-docx).

A DOCX is a zip archive, so it is checked before python-docx opens it: a zip bomb (far more
bytes inside than any real note holds) and references to outside content (an attached template
or a linked picture, which Word would fetch) are refused. Hyperlinks are only text here.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

from kg.errors import DocumentError
from kg.text.formats.derived import Derived, TextBuilder

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A long ministry report unpacks to a few megabytes of XML; pictures can add tens more.
MAX_UNPACKED = 128 * 1024 * 1024
MAX_RATIO = 200  # unpacked / packed size of one member; text XML compresses ~10x, bombs 1000x
MAX_MEMBERS = 10_000
_EXTERNAL = re.compile(rb"<Relationship\b[^>]*TargetMode=\"External\"[^>]*>", re.IGNORECASE)
_ATTR = re.compile(rb"(Type|Target)=\"([^\"]*)\"")


def _check_archive(data: bytes, name: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentError(f"{name}: corrupt DOCX (not a readable zip archive: {exc})") from exc
    if len(members) > MAX_MEMBERS:
        raise DocumentError(f"{name}: DOCX holds {len(members)} files, over the {MAX_MEMBERS} limit")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED or any(m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1)
                                      for m in members):
        raise DocumentError(f"{name}: DOCX looks like a zip bomb ({unpacked / 1048576:.0f} MB unpacked from "
                            f"{len(data) / 1024:.0f} KB; limit {MAX_UNPACKED // 1048576} MB, ratio {MAX_RATIO}:1)")
    with archive:
        for member in members:
            if not member.filename.endswith(".rels"):
                continue
            for rel in _EXTERNAL.findall(archive.read(member)):
                attrs = dict(_ATTR.findall(rel))
                kind = attrs.get(b"Type", b"").decode("utf-8", "replace").rsplit("/", 1)[-1]
                if kind != "hyperlink":
                    target = attrs.get(b"Target", b"").decode("utf-8", "replace")
                    raise DocumentError(f"{name}: DOCX refers to external content ({kind}: {target}); "
                                        "refused, nothing is fetched")


def _text(paragraph) -> str:
    return " ".join(paragraph.text.split())


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell appears once per grid column it spans
                continue
            seen.add(id(cell._tc))
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        rows.append(" ".join(cells))
    return rows


def convert(data: bytes, name: str) -> Derived:
    _check_archive(data, name)
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors on damaged parts
        raise DocumentError(f"{name}: corrupt DOCX ({type(exc).__name__}); nothing could be read") from exc
    builder = TextBuilder()
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            builder.block([(_text(Paragraph(child, document)), 0)])
        elif tag == "tbl":
            builder.rows([(row, 0) for row in _table_rows(Table(child, document))])
    props = document.core_properties
    when = props.created or props.modified
    return Derived(builder.text(), MEDIA_TYPE, title=(props.title or "").strip() or None,
                   date=when.date() if when else None, creator=(props.author or "").strip() or None)

