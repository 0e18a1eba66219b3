"""Large inputs through the real `kg build`: a document that is one very long line, and a
document over the size limit.

Measured on this machine (2 cores, shared), one line of mixed EN/RU prose, no line break:

- sentence splitting of a 10 MB line: 34 s before the fix in ``segment.split_sentences`` (it
  copied the rest of the paragraph at every full stop), 5.4 s after;
- extraction was quadratic in kg/extract/metrics/ (subjects.py, ellipsis.py, reader.py):
  ``Subjects.forget`` rebuilt the document's whole mention timeline once per sentence and the
  ``Subjects`` lookups stepped back over it from the end of the document (any document),
  ``_resolve_elliptic`` copied every
  earlier number per number, and ``_bullets`` sliced the text from the start of the line at
  every dash (a one-line document). A whole `kg build` of a 1 MB line took 35-39 s CPU (188 MB
  peak RSS) before those fixes, 9.4-10 s after; extracting a 0.25 MB and a 1 MB line now takes
  1.7 s and 6.9 s CPU (4x for 4x the text). A `kg build` of 3 MB takes 28 s CPU and 421 MB
  peak RSS, of 4 MB 38 s and 521 MB; the build test uses 3 MB, leaving room under the limits
  below for a loaded machine. 10 MB (about 100 s, extrapolated) still does not fit a test.
- On 2026-12-04 the same machine type built the 3 MB line in 59 s CPU with that same code (72c6d30)
  and 65 s with issue 13's extraction; a fixed 60 s bound had become a measure of the day's
  machine. The build test now bounds the CPU of 3 MB by a ratio to a tenth of it built in the same
  test (8.5 measured; linear is 10 less start-up).
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.extract import extract_document
from kg.text.ingest import ingest, read_document
from kg.extract.lexicon import Lexicon
from kg.text.segment import segment

from tests.conftest import ROOT

LINE_MB = 3.0  # see the module docstring: 4 MB is about 40 s here, 10 MB does not fit a test
# Linear means ten times the text costs about ten times the CPU. The bound is a ratio against a
# tenth of the line built in the same test, so a slower machine (28 s on one, 59 s for the same
# code on another day) moves both alike; quadratic work would give about 100.
CPU_RATIO_LIMIT = 15.0
WALL_LIMIT_S = 300.0  # only catches a hang: busy neighbours can double the wall time
RSS_LIMIT_MB = 700  # 421 MB measured; catches a blow-up (a copy per sentence), not drift

_EN_FILLER = ("the ministry said that the service would expand to more rural districts next year while doctors "
              "in regional hospitals continue to consult specialists remotely and patients no longer travel "
              "long distances for routine follow up visits according to the annual report of the national "
              "health agency which also noted gaps in broadband coverage staff training and equipment").split()
_RU_FILLER = ("специалисты отмечают рост спроса на дистанционные консультации в сельской местности где врачи "
              "районных больниц получают заключения республиканских клиник а пациенты больше не тратят время "
              "на дорогу при этом сохраняются проблемы с доступом к интернету и подготовкой кадров по данным "
              "министерства здравоохранения и местных исполнительных органов").split()
_COUNTRIES = ("Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan", "Turkmenistan", "Mongolia")
_RU_COUNTRIES = ("Казахстане", "Кыргызстане", "Таджикистане", "Узбекистане", "Туркменистане")
_REGIONS = ("Pavlodar Region", "Osh Region", "Sughd Region", "Samarkand Region", "Karaganda Region")
_RU_REGIONS = ("Павлодарской области", "Ошской области", "Согдийской области", "Карагандинской области")
_FUNDERS = ("the World Bank", "the Asian Development Bank", "USAID", "KOICA", "UNICEF", "the European Union")
_RU_FUNDERS = ("Всемирного банка", "Азиатского банка развития", "ЮНИСЕФ", "Европейского союза")
_NAMES = ("Digital Village", "Care Link", "Steppe Health", "Mountain Bridge", "Online Heart")
_RU_NAMES = ("Цифровое село", "Здоровье онлайн", "Степной мост", "Забота рядом")


def _sentence(rng: random.Random) -> str:
    kind = rng.randrange(8)
    if kind == 0:
        return (f"The “{rng.choice(_NAMES)}” programme, funded by {rng.choice(_FUNDERS)}, connects "
                f"{rng.randint(2, 900)} clinics in {rng.choice(_REGIONS)}, {rng.choice(_COUNTRIES)}.")
    if kind == 1:
        return (f"In {rng.randint(2015, 2025)}, {rng.randint(1, 99)},{rng.randint(100, 999)} teleconsultations "
                f"were held in {rng.choice(_COUNTRIES)}, about {rng.randint(2, 98)}.{rng.randint(0, 9)}% of them "
                "for children.")
    if kind == 2:
        return (f"В {rng.choice(_RU_COUNTRIES)} стартовал проект «{rng.choice(_RU_NAMES)}» при финансовой "
                f"поддержке {rng.choice(_RU_FUNDERS)}.")
    if kind == 3:
        return (f"В {rng.choice(_RU_REGIONS)} оказано {rng.randint(1, 99)} {rng.randint(100, 999)} дистанционных "
                f"услуг, около {rng.randint(2, 90)},{rng.randint(1, 9)}% — диагностические, бюджет составил "
                f"{rng.randint(2, 90)} млн тенге [{rng.randint(1, 30)}].")
    words = _EN_FILLER if kind < 6 else _RU_FILLER
    text = " ".join(rng.choice(words) for _ in range(rng.randint(8, 30)))
    return text[0].upper() + text[1:] + rng.choice((".", ".", ".", ";", ",", " —"))


def one_line_document(size: int, seed: int = 11) -> bytes:
    """``size`` bytes (at most) of deterministic EN/RU prose with countries, regions, funders,
    quoted programmes and numbers in the formats the extractor reads, and no line break at all."""
    rng = random.Random(seed)
    parts: list[bytes] = []
    total = 0
    while True:
        piece = (_sentence(rng) + " ").encode("utf-8")
        if total + len(piece) > size:
            break
        parts.append(piece)
        total += len(piece)
    data = b"".join(parts).rstrip(b" ")
    assert b"\n" not in data and b"\r" not in data
    return data


@dataclass(frozen=True)
class ChildRun:
    returncode: int
    stdout: str
    stderr: str
    wall_s: float
    cpu_s: float
    max_rss_mb: float


# Measures one `python -m kg` run from a small launcher process. Forked from the pytest process
# itself, the child would start with pytest's memory as its peak RSS (Linux keeps the high-water
# mark of the address space it is forked from, across exec), and the suite's pytest grows past the
# bound below. Output goes to files, so no pipe can fill while the launcher polls.
_LAUNCHER = """
import json, os, subprocess, sys, time
out, err, result, limit, cwd = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5]
with open(out, "wb") as o, open(err, "wb") as e:
    start = time.monotonic()
    child = subprocess.Popen([sys.executable, "-m", "kg", *sys.argv[6:]], stdout=o, stderr=e, cwd=cwd)
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - start > limit:
            child.kill()
            pid, status, usage = os.wait4(child.pid, 0)
            break
        time.sleep(0.05)
    wall = time.monotonic() - start
json.dump({"code": os.waitstatus_to_exitcode(status), "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
           "rss": usage.ru_maxrss / 1024}, open(result, "w"))
"""


def run_kg(args: list[str], workdir: Path, limit_s: float) -> ChildRun:
    """Run `python -m kg ARGS` and measure that child alone (os.wait4 in a small launcher)."""
    out_path, err_path, result = workdir / "stdout.txt", workdir / "stderr.txt", workdir / "usage.json"
    subprocess.run([sys.executable, "-c", _LAUNCHER, str(out_path), str(err_path), str(result), str(limit_s),
                    str(ROOT), *args], check=True)
    usage = json.loads(result.read_text(encoding="utf-8"))
    return ChildRun(usage["code"], out_path.read_text(encoding="utf-8"), err_path.read_text(encoding="utf-8"),
                    usage["wall"], usage["cpu"], usage["rss"])


def test_a_document_that_is_one_long_line_builds_in_bounded_time_and_memory(tmp_path: Path) -> None:
    small = tmp_path / "small" / "one-line.txt"
    small.parent.mkdir()
    small.write_bytes(one_line_document(int(LINE_MB * 1024 * 1024 / 10)))
    baseline = run_kg(["build", str(small), "-o", str(tmp_path / "small-out"), "--no-html"], small.parent, WALL_LIMIT_S)
    assert baseline.returncode == 0, baseline.stderr
    doc = tmp_path / "one-line.txt"
    doc.write_bytes(one_line_document(int(LINE_MB * 1024 * 1024)))
    run = run_kg(["build", str(doc), "-o", str(tmp_path / "out"), "--no-html"], tmp_path, WALL_LIMIT_S)
    figures = (f"{LINE_MB} MB line: {run.wall_s:.1f} s wall, {run.cpu_s:.1f} s CPU, {run.max_rss_mb:.0f} MB peak RSS; "
               f"a tenth of it: {baseline.cpu_s:.1f} s CPU (ratio {run.cpu_s / baseline.cpu_s:.1f})")
    print(figures)
    assert run.returncode == 0, (figures, run.stderr)
    assert run.stderr == "" and "Traceback" not in run.stdout
    assert run.cpu_s < CPU_RATIO_LIMIT * baseline.cpu_s and run.wall_s < WALL_LIMIT_S, figures
    assert run.max_rss_mb < RSS_LIMIT_MB, figures
    counts = {name: int(n) for name, n in re.findall(r"^(\w+) +(\d+)$", run.stdout, re.MULTILINE)}
    # The text names countries, funders and numbers throughout: one line must not hide them.
    assert counts["country"] >= 5 and counts["funder"] >= 4 and counts["metric"] > 1000, counts
    assert (tmp_path / "out" / "kg.ttl").stat().st_size > 0


def test_sentence_splitting_of_a_10_mb_line_is_linear() -> None:
    """The whole 10 MB: segmentation alone fits the budget (5 s here; 34 s when it was quadratic)."""
    small, large = one_line_document(1024 * 1024), one_line_document(10 * 1024 * 1024).decode("utf-8")
    timings = []
    for text in (small.decode("utf-8"), large):
        start = time.process_time()
        segments = segment(text)
        timings.append(time.process_time() - start)
    assert len(segments) > 40_000 and all(s.kind == "sentence" for s in segments[:100])
    # Linear: ten times the text, about ten times the time; quadratic was about a hundred.
    assert timings[1] < 20.0 and timings[1] < 25 * max(timings[0], 0.05), timings


def test_extraction_time_grows_linearly_with_a_long_line(lexicon: Lexicon, tmp_path: Path) -> None:
    timings = []
    for size in (256 * 1024, 1024 * 1024):
        path = tmp_path / f"line-{size}.txt"
        path.write_bytes(one_line_document(size))
        doc = read_document(path)
        start = time.process_time()
        extract_document(doc, lexicon)
        timings.append(time.process_time() - start)
    # Four times the text: 4x measured (1.7 s and 6.9 s CPU); 15-20x when it was quadratic.
    print(f"extraction CPU time: 0.25 MB {timings[0]:.1f} s, 1 MB {timings[1]:.1f} s")
    assert timings[1] < 8 * timings[0], timings


def test_a_50_mb_document_is_refused_naming_the_limit_and_the_option(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    big = folder / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: refused by its size, never read
    message = f"{big}: 50.0 MB is over the 16 MB limit (raise it with --max-mb)"
    alone = run_kg(["build", str(big), "-o", str(tmp_path / "out")], tmp_path, 60)
    assert alone.returncode == InputError.exit_code, alone.stderr
    assert alone.stderr == ("kg: error: no usable documents (big.txt: 50.0 MB is over the 16 MB limit "
                            "(raise it with --max-mb))\n")
    assert not (tmp_path / "out").exists()
    (folder / "good.txt").write_text("В Казахстане стартовал проект «Цифровое село».\n", encoding="utf-8")
    beside = run_kg(["build", str(folder), "-o", str(tmp_path / "out"), "--no-html"], tmp_path, 60)
    assert beside.returncode == 0, beside.stderr
    assert f"skipped {message}" in beside.stdout, beside.stdout


def test_a_fractional_limit_is_printed_as_given(tmp_path: Path) -> None:
    # It used to be rounded to whole megabytes: "over the 0 MB limit" for --max-mb 0.4.
    (tmp_path / "big.txt").write_bytes(b"x" * 600_000)
    (tmp_path / "small.txt").write_text("Kazakhstan.\n", encoding="utf-8")
    skipped = ingest([tmp_path], max_bytes=int(0.4 * 1024 * 1024)).skipped
    assert [why for _, why in skipped] == ["0.6 MB is over the 0.4 MB limit (raise it with --max-mb)"]
