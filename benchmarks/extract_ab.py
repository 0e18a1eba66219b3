"""Extraction speed of this checkout against another one (a baseline commit), in one run.

    python benchmarks/extract_ab.py BASELINE_CHECKOUT [--docs 1000] [--rounds 3] [--build] [--profile N] [--write]

Writes the synthetic corpus of benchmarks/corpus.py once, then times one-worker extraction of all
of it in a fresh child process per checkout, alternating A/B for --rounds rounds so that a noisy
shared machine affects both alike. Reports the median per-document time of each and their ratio.
``--build`` also times the whole ``kg build --no-cache --no-html`` of each checkout (interleaved
the same way) and checks that both write the same bytes; ``--profile N`` adds where one-worker
extraction of N documents spends its time in this checkout (cProfile); ``--write`` puts it all
in benchmarks/results/extract_speed.md. Make a baseline checkout with
``git worktree add --detach /tmp/base <commit>`` (and ``make install`` there to give it its own
environment; each checkout runs in its own .venv when it has one).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import write_corpus  # noqa: E402

# Run inside the checkout being measured: its own kg package, its own lexicon.
_CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from kg.text.ingest import ingest
from kg.extract.lexicon import load_lexicon
from kg.build.pipeline import extract_all
lexicon = load_lexicon()
docs = ingest([Path(sys.argv[2])], 64 * 2**20).documents
start = time.perf_counter()
extract_all(docs, lexicon, workers=1)
print(time.perf_counter() - start, len(docs))
"""

# Share of one-worker extraction time per function (cumulative), the largest first.
_PROFILE = """
import cProfile, pstats, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from kg.text.ingest import ingest
from kg.extract.lexicon import load_lexicon
from kg.build.pipeline import extract_all
lexicon = load_lexicon()
docs = ingest([Path(sys.argv[2])], 64 * 2**20).documents[: int(sys.argv[3])]
extract_all(docs[:5], lexicon, workers=1)
profile = cProfile.Profile()
profile.runcall(extract_all, docs, lexicon, workers=1)
stats = pstats.Stats(profile).stats
total = max(cum for _, _, _, cum, _ in stats.values())
rows = sorted(((cum, tot, f"{Path(f).parent.name}/{Path(f).name}:{line}({name})")
               for (f, line, name), (_, _, tot, cum, _) in stats.items() if "/kg/" in f), reverse=True)
for cum, tot, where in rows[: int(sys.argv[4])]:
    print(f"{cum / total:.3f} {tot / total:.3f} {where}")
"""


def _python(checkout: Path) -> str:
    """The checkout's own environment when it has one (`make install`): a change of dependency
    (a faster pymorphy backend, say) is part of what is measured."""
    own = checkout / ".venv" / "bin" / "python"
    return str(own) if own.is_file() else sys.executable


def _time(checkout: Path, corpus: Path) -> tuple[float, int]:
    out = subprocess.run([_python(checkout), "-c", _CHILD, str(checkout), str(corpus)], cwd=checkout,
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1])


def _build(checkout: Path, corpus: Path, out: Path) -> float:
    """Wall seconds of one whole ``kg build`` of the checkout (its default workers)."""
    script = "import subprocess, sys, time; s = time.perf_counter(); " \
             "subprocess.run(sys.argv[1:], check=True); print(time.perf_counter() - s)"
    done = subprocess.run([sys.executable, "-c", script, _python(checkout), "-m", "kg", "build", str(corpus),
                           "-o", str(out), "--no-cache", "--no-html", "-q"], cwd=checkout,
                          capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def _profile(corpus: Path, docs: int, rows: int = 25) -> list[tuple[float, float, str]]:
    out = subprocess.run([sys.executable, "-c", _PROFILE, str(ROOT), str(corpus), str(docs), str(rows)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    return [(float(cum), float(tot), where) for cum, tot, where in (line.split(" ", 2) for line in out)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", type=Path)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--build", action="store_true", help="also time the whole kg build of each checkout")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile extraction of N documents")
    parser.add_argument("--write", action="store_true", help="write benchmarks/results/extract_speed.md")
    args = parser.parse_args()
    checkouts = {"baseline": args.baseline.resolve(), "this": ROOT}
    tmp = Path(tempfile.mkdtemp(prefix="kg-ab-"))
    corpus = tmp / "corpus"
    write_corpus(corpus, args.docs)
    extract: dict[str, list[float]] = {"baseline": [], "this": []}
    build: dict[str, list[float]] = {"baseline": [], "this": []}
    for _ in range(args.rounds):
        for name, checkout in checkouts.items():
            seconds, count = _time(checkout, corpus)
            extract[name].append(seconds / count * 1000)
            if args.build:
                build[name].append(_build(checkout, corpus, tmp / name))
    lines = [f"{args.docs:,} documents of benchmarks/corpus.py, {args.rounds} rounds (baseline and this alternating), "
             f"{os.cpu_count()} cores. Times are medians; the ratio is the median of each round's ratio, since "
             "load from other work on the machine changes from round to round and moves both alike.", "",
             "| | baseline | this | this ÷ baseline | speed-up |", "|---|---:|---:|---:|---:|"]
    rows = [("extraction per document, one worker", extract, "ms", 2)]
    if args.build:
        rows.append(("whole `kg build --no-cache --no-html`", build, "s", 1))
    for label, times, unit, digits in rows:
        ratio = statistics.median(t / b for b, t in zip(times["baseline"], times["this"]))
        lines.append(f"| {label} | {statistics.median(times['baseline']):.{digits}f} {unit} "
                     f"| {statistics.median(times['this']):.{digits}f} {unit} | {ratio:.2f} | {1 / ratio:.2f}× |")
    if args.build:
        same = all(filecmp.cmp(tmp / "baseline" / f, tmp / "this" / f, shallow=False) for f in ("kg.ttl", "kg.trig"))
        lines += ["", f"Same kg.ttl and kg.trig bytes from both checkouts: {'yes' if same else 'NO'}."]
    lines += ["", "Every round, extraction: " + "; ".join(
        f"{name} {' '.join(f'{v:.2f}' for v in values)} ms" for name, values in extract.items())]
    if args.build:
        lines += ["", "Every round, whole build: " + "; ".join(
            f"{name} {' '.join(f'{v:.1f}' for v in values)} s" for name, values in build.items())]
    if args.profile:
        lines += ["", f"## Profile after: one-worker extraction of {args.profile} documents (cProfile, this checkout)", "",
                  "| cumulative | own | function |", "|---:|---:|---|"]
        lines += [f"| {cum:.0%} | {tot:.0%} | `{where}` |" for cum, tot, where in _profile(corpus, args.profile)]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        (ROOT / "benchmarks" / "results" / "extract_speed.md").write_text(
            "# Extraction speed: this checkout against a baseline, in one run\n\n"
            "`python benchmarks/extract_ab.py BASELINE --build --profile 300 --write`\n\n" + text, encoding="utf-8")


if __name__ == "__main__":
    main()
