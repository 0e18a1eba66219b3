"""Ingestion benchmark: PDF pages per second, and PDF ingestion's share of a whole build.

    python benchmarks/ingest_bench.py [DOCUMENTS] [PAGES_PER_DOCUMENT]   (default: 40 5)

Writes benchmarks/results/ingest.md. The PDFs are tests/format_fixtures.py's two-column
reports (running header, table, hyphenated line ends), their body repeated to the page count;
the same words as .txt files give the baseline. Stages run in this process, one worker for
extraction so the split between stages is not blurred by a pool.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build.graph import build_quads  # noqa: E402
from kg.text.formats.pdf import convert  # noqa: E402
from kg.text.ingest import ingest  # noqa: E402
from kg.extract.lexicon import load_lexicon  # noqa: E402
from kg.build.pipeline import extract_all  # noqa: E402
from kg.build.serialize import write  # noqa: E402
from tests import format_fixtures as F  # noqa: E402

LANGS = ("en", "ru", "kk")


def _timed(func):
    started = time.perf_counter()
    value = func()
    return value, time.perf_counter() - started


def _build(folder: Path, lexicon) -> dict[str, float]:
    ingested, t_ingest = _timed(lambda: ingest([folder]))
    facts, t_extract = _timed(lambda: extract_all(ingested.documents, lexicon, workers=1))
    quads, t_build = _timed(lambda: build_quads(list(zip(ingested.documents, facts)), lexicon))

    def serialise() -> None:
        for fmt in ("turtle", "trig"):
            write(quads, fmt, io.BytesIO())
    _, t_write = _timed(serialise)
    return {"ingest": t_ingest, "extract": t_extract, "build": t_build, "write": t_write}


def main() -> None:
    documents = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    pages_each = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    lexicon = load_lexicon()
    load = os.getloadavg()[0]
    lines = ["# Ingestion benchmark", "",
             f"`python benchmarks/ingest_bench.py {documents} {pages_each}` on this machine (2 cores; load average "
             f"{load:.1f} when it started: other work shares the cores, so wall times are upper bounds).", ""]
    with tempfile.TemporaryDirectory() as tmp:
        pdfs, txts = Path(tmp) / "pdf", Path(tmp) / "txt"
        pdfs.mkdir()
        txts.mkdir()
        total_pages = 0
        for n in range(documents):
            lang = LANGS[n % 3]
            repeat = max(1, pages_each // 2)
            data = F.pdf_bytes(lang, repeat=repeat)
            (pdfs / f"report-{n:03}.pdf").write_bytes(data)
            total_pages += convert(data, "x", 10_000, False).page_count
            body = [b for b in F.TEXTS[lang] if isinstance(b, F.Table) or b[0] != "title"]
            typed = F.plain_text(tuple([F.TEXTS[lang][0]] + body * repeat))
            (txts / f"report-{n:03}.txt").write_text(typed, encoding="utf-8")
        _build(txts, lexicon)  # warm-up: morphology and lexicon caches fill on first use
        pdf_times = _build(pdfs, lexicon)
        txt_times = _build(txts, lexicon)
        long_pdf = F.pdf_bytes("ru", repeat=60)
        cpu = time.process_time()
        derived, t_long = _timed(lambda: convert(long_pdf, "long.pdf", 10_000, False))
        cpu_long = time.process_time() - cpu
        plain = F.many_pages_pdf(500)
        _, t_plain = _timed(lambda: convert(plain, "plain.pdf", 10_000, False))
    pdf_total, txt_total = sum(pdf_times.values()), sum(txt_times.values())
    lines += [f"## A build of {documents} PDFs ({total_pages} pages) against the same words as .txt", "",
              "| stage | PDF corpus (s) | .txt corpus (s) |", "|---|---:|---:|"]
    for stage in ("ingest", "extract", "build", "write"):
        lines.append(f"| {stage} | {pdf_times[stage]:.2f} | {txt_times[stage]:.2f} |")
    lines += [f"| **total** | **{pdf_total:.2f}** | **{txt_total:.2f}** |", "",
              f"- PDF ingestion: **{total_pages / pdf_times['ingest']:.1f} pages/s** "
              f"({pdf_times['ingest'] / total_pages * 1000:.0f} ms a page), "
              f"**{pdf_times['ingest'] / pdf_total:.0%} of the build**; reading the .txt files is "
              f"{txt_times['ingest'] / txt_total:.1%} of theirs.",
              f"- One long two-column report, {derived.page_count} pages, in one process: {t_long:.1f} s wall, "
              f"{derived.page_count / t_long:.1f} pages/s ({derived.page_count / cpu_long:.1f} pages per CPU second).",
              f"- 500 plain one-paragraph pages (the `--max-pages` test file): {t_plain:.1f} s, "
              f"{500 / t_plain:.0f} pages/s.", ""]
    out = ROOT / "benchmarks" / "results" / "ingest.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
