"""Scanned PDF pages → text with Tesseract, only when asked (`kg build --ocr`).

Pages are rendered by pypdfium2 (already there under pdfplumber) and read by the `tesseract`
program with the English, Russian and Kazakh models that are installed. Tesseract is a
system program, not a Python package, so its absence is a message, not a failure to import.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from kg.errors import DocumentError
from kg.text.formats.derived import Derived, TextBuilder, hyphenated_words, join_lines

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-rus tesseract-ocr-kaz"
LANGUAGES = ("eng", "rus", "kaz")
RESOLUTION = 300
PAGE_SECONDS = 120


def tesseract() -> str | None:
    return shutil.which("tesseract")


def _languages(binary: str) -> str:
    listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30).stdout.split()
    usable = [lang for lang in LANGUAGES if lang in listed]
    return "+".join(usable) or "eng"


def ocr_pdf(pdf, name: str, count: int, title: str | None, created: date | None) -> Derived:
    binary = tesseract()
    if binary is None:
        raise DocumentError(f"{name}: --ocr needs Tesseract, which is not installed ({INSTALL_HINT})")
    languages = _languages(binary)
    builder = TextBuilder()
    with tempfile.TemporaryDirectory(prefix="kg-ocr-") as tmp:
        for number, page in enumerate(pdf.pages, start=1):
            image = Path(tmp) / f"page-{number}.png"
            page.to_image(resolution=RESOLUTION).original.save(image)
            try:
                done = subprocess.run([binary, str(image), "stdout", "-l", languages], capture_output=True,
                                      text=True, timeout=PAGE_SECONDS)
            except subprocess.TimeoutExpired as exc:
                raise DocumentError(f"{name}: Tesseract took over {PAGE_SECONDS} s on page {number}") from exc
            if done.returncode != 0:
                raise DocumentError(f"{name}: Tesseract failed on page {number}: "
                                    f"{(done.stderr.strip().splitlines() or ['no message'])[-1]}")
            paragraphs = [p.splitlines() for p in done.stdout.split("\n\n") if p.strip()]
            compounds = hyphenated_words(line for p in paragraphs for line in p)
            for lines in paragraphs:
                builder.block(join_lines([(line, number) for line in lines], compounds))
    if not builder.parts:
        raise DocumentError(f"{name}: Tesseract found no text in the scanned pages")
    return Derived(builder.text(), "application/pdf", tuple(builder.pages), count, title=title, date=created,
                   ocr=True)
