"""Convert a corpus's PDFs in worker processes before ingest reads them one by one.

Reading a PDF's text layer costs about 0.2 s a dense page in pure Python (pdfminer.six), which
is most of a PDF build; the files are independent, so on n cores the conversion runs n at a
time. The results are keyed by the sha256 of the file's bytes, so ingest takes a result only for
exactly the bytes it reads itself.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from kg.errors import DocumentError
from kg.text.formats import ConvertOptions, convert
from kg.text.formats.derived import Derived

Outcome = tuple[str, Derived | DocumentError] | None


def _convert_file(job: tuple[Path, int, ConvertOptions]) -> Outcome:
    path, max_bytes, options = job
    try:
        if path.stat().st_size > max_bytes:
            return None  # ingest refuses it with its own message
        data = path.read_bytes()
    except OSError:
        return None  # ingest reports it
    key = hashlib.sha256(data).hexdigest()
    try:
        return key, convert("pdf", data, path.name, options)
    except DocumentError as exc:
        return key, exc


def _is_pdf(path: Path) -> bool:
    if not path.is_file():  # a FIFO or device would block on open; ingest reports those
        return False
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"%PDF"
    except OSError:
        return False


def prepare(paths: Sequence[Path], max_bytes: int, options: ConvertOptions,
            workers: int | None = None) -> ConvertOptions:
    """``options`` with the PDFs among ``paths`` already converted, when there are two or more
    and more than one core; otherwise ``options`` unchanged (ingest converts as it reads)."""
    workers = workers or os.cpu_count() or 1
    pdfs = [p for p in paths if _is_pdf(p)]
    if workers < 2 or len(pdfs) < 2:
        return options
    # Scans are left to ingest: Tesseract is itself multi-threaded.
    jobs = [(p, max_bytes, replace(options, ocr=False)) for p in pdfs]
    context = multiprocessing.get_context("fork")
    ready: dict[str, Derived | DocumentError] = {}
    with ProcessPoolExecutor(max_workers=min(workers, len(pdfs)), mp_context=context) as pool:
        for outcome in pool.map(_convert_file, jobs):
            if outcome is not None and not (options.ocr and isinstance(outcome[1], DocumentError)):
                ready[outcome[0]] = outcome[1]
    return replace(options, ready=ready)
