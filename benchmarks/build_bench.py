"""Build benchmark: per-stage wall time for synthetic corpora, with baselines from the same run.

    python benchmarks/build_bench.py [SIZES...]      (default: 100 1000 10000)
    python benchmarks/build_bench.py --against BASELINE [--rounds N] [SIZES...]   (default: 1000 10000)

Writes benchmarks/results/build.md. For each size:

- stages, run in this process: ingest, extraction with 1 and 2 workers, graph building, Turtle
  and TriG writing, the build's HTML view;
- the whole `kg build` as a child process (wall time and its own peak RSS), then an incremental
  rebuild after one document changed, from the per-document cache;
- baselines: (a) reading and regex-tokenising the same corpus, a floor no extractor beats;
  (b) rdflib's own Turtle writer and parser on the same graph (on sizes up to
  RDFLIB_BASELINE_MAX documents: above that rdflib needs minutes and gigabytes).

With --against, this checkout and another (main) run alternately, each build a child process:
full build, one-document rebuild and its ratio, a streamed `--format nquads` build from a copy
of the cache (this checkout), with peak RSS, the time the main process spent in the cyclic
collector, the CPU time of all the build's processes and the load average around it (on a
shared machine the CPU ratio moves less with the load than the wall-time ratio). Writes benchmarks/results/rebuild_ab.md (or --out).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import write_corpus  # noqa: E402

from kg.build.graph import build_quads  # noqa: E402
from kg.text.ingest import ingest  # noqa: E402
from kg.extract.lexicon import load_lexicon  # noqa: E402
from kg.build.pipeline import extract_all  # noqa: E402
from kg.build.serialize import write  # noqa: E402
from kg.views.page import render_build_view  # noqa: E402

TOKEN = re.compile(r"\w+")
RDFLIB_BASELINE_MAX = 1000
T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def written(quads: Any, fmt: str) -> bytes:
    buffer = io.BytesIO()
    write(quads, fmt, buffer)
    return buffer.getvalue()


# Linux carries a process's peak RSS across fork and exec, so a child of this (large) process
# would report at least our own peak. A small launcher forks the build instead and reports the
# peak of its child alone.
_LAUNCHER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:]).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - start, usage.ru_maxrss / 1024, code, usage.ru_utime + usage.ru_stime)
"""


def child_build(folder: Path, out: Path, *extra: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `kg build` in a child process."""
    report = subprocess.run([sys.executable, "-c", _LAUNCHER, sys.executable, "-m", "kg", "build", str(folder),
                             "-o", str(out), "-q", *extra], cwd=ROOT, capture_output=True, text=True, check=True)
    seconds, rss, code, _ = report.stdout.split()
    if int(code):
        raise SystemExit(f"kg build failed with exit code {code}")
    return float(seconds), float(rss)


# Runs `kg` in this child with the cyclic collector watched: the time it spent collecting and
# the number of full (generation 2) collections, printed as the last line before the launcher's.
_GC_PROBE = """
import gc, runpy, sys, time
spent, full, began = [0.0], [0], [0.0]
def watch(phase, info):
    if phase == "start":
        began[0] = time.perf_counter()
    else:
        spent[0] += time.perf_counter() - began[0]
        full[0] += info["generation"] == 2
gc.callbacks.append(watch)
sys.argv = ["kg", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("kg", run_name="__main__")
except SystemExit as exc:
    code = exc.code or 0
print("gc", spent[0], full[0], flush=True)
sys.exit(code)
"""


def probed_build(tree: Path, folder: Path, out: Path, *extra: str) -> dict[str, float]:
    """One `kg build` of the checkout at ``tree`` in a child process: wall seconds, peak RSS (MB),
    the seconds its main process spent in the cyclic collector, and the machine's load average
    (1 minute) before and after (the machine is shared: a build beside other work is slower)."""
    load_before = os.getloadavg()[0]
    report = subprocess.run([sys.executable, "-c", _LAUNCHER, sys.executable, "-c", _GC_PROBE, "build", str(folder),
                             "-o", str(out), "-q", "--no-html", *extra], cwd=tree, capture_output=True, text=True)
    lines = report.stdout.split("\n")
    gc_line = next((line for line in lines if line.startswith("gc ")), "gc nan nan")
    seconds, rss, code, cpu = lines[-2].split()
    if int(code):
        raise SystemExit(f"kg build in {tree} failed with exit code {code}: {report.stderr[-2000:]}")
    _, gc_seconds, full = gc_line.split()
    return {"wall": float(seconds), "rss": float(rss), "gc": float(gc_seconds), "full_gc": float(full),
            "load": (load_before + os.getloadavg()[0]) / 2, "cpu": float(cpu)}


def same_build(a: Path, b: Path) -> bool:
    """The same kg.ttl, kg.trig and stored query answers (file for file) in two output folders."""
    answers = Path("kg.oxigraph") / "kg-results"
    names = [Path("kg.ttl"), Path("kg.trig")] + sorted(
        {p.relative_to(root) for root in (a, b) for p in (root / answers).glob("*")})
    return all((a / n).is_file() and (b / n).is_file() and (a / n).read_bytes() == (b / n).read_bytes()
               for n in names)


def rebuild_ab(base: Path, sizes: list[int], rounds: int, stream: bool = True) -> str:
    """This checkout against ``base`` (another checkout, e.g. main), alternating round by round:
    a full build (with the cache), a rebuild after one document changed, and (this checkout) a
    streamed N-Quads build without the cache; peak memory and collector time of each."""
    trees = {"baseline": base, "this": ROOT}
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            corpora = {}
            for name in trees:
                corpora[name] = Path(tmp) / f"corpus-{name}"
                paths = write_corpus(corpora[name], size)
            results: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
            same = True
            for round_ in range(rounds):
                order = list(trees) if round_ % 2 == 0 else list(reversed(list(trees)))
                for name in order:
                    out = Path(tmp) / f"out-{name}-{round_}"
                    r = {"full": probed_build(trees[name], corpora[name], out)}
                    changed = corpora[name] / paths[(round_ * 7919 + len(paths) // 2) % len(paths)].name
                    changed.write_text(changed.read_text(encoding="utf-8") + "UNICEF funds the project in Osh Region.\n",
                                       encoding="utf-8")
                    r["rebuild"] = probed_build(trees[name], corpora[name], out)
                    if name == "this" and stream:
                        # From the same cache (a copy): the streamed assembly and writing, not extraction again.
                        nq_out = Path(tmp) / f"nq-{round_}"
                        shutil.copytree(out / ".cache", nq_out / ".cache")
                        r["nquads"] = probed_build(ROOT, corpora[name], nq_out, "--format", "nquads")
                        shutil.rmtree(nq_out)
                    results[name].append(r)
                    print(size, name, round_, r, flush=True)
                outs = [Path(tmp) / f"out-{name}-{round_}" for name in trees]
                same = same and same_build(*outs)
                for out in outs:
                    shutil.rmtree(out)
            rows.append({"size": size, "results": results, "same": same})
    return ab_table(rows, base)


def _round(r: dict[str, Any]) -> str:
    return (f"{r['rebuild']['wall'] / r['full']['wall']:.1%} ({r['full'].get('load', float('nan')):.1f} / "
            f"{r['rebuild'].get('load', float('nan')):.1f})")


def ab_table(rows: list[dict[str, Any]], base: Path) -> str:
    def median(values: list[float]) -> float:
        return statistics.median(values)

    lines = ["| docs | checkout | full build | peak RSS | collector (full collections) | rebuild after one change "
             "| rebuild ÷ full (median of rounds) | each round: rebuild ÷ full (load average during full / rebuild) "
             "| CPU: full / rebuild (all processes) | rebuild ÷ full in CPU "
             "| streamed N-Quads build, from the cache | its peak RSS |",
             "|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|"]
    for row in rows:
        for name, runs in row["results"].items():
            full = median([r["full"]["wall"] for r in runs])
            nq = [r["nquads"] for r in runs if "nquads" in r]
            lines.append(
                f"| {row['size']:,} | {name} | {full:.1f} s | {median([r['full']['rss'] for r in runs]):,.0f} MB "
                f"| {median([r['full']['gc'] for r in runs]):.1f} s ({median([r['full']['full_gc'] for r in runs]):.0f}) "
                f"| {median([r['rebuild']['wall'] for r in runs]):.1f} s "
                f"| {median([r['rebuild']['wall'] / r['full']['wall'] for r in runs]):.1%} "
                f"| {', '.join(_round(r) for r in runs)} "
                f"| {median([r['full']['cpu'] for r in runs]):.1f} s / {median([r['rebuild']['cpu'] for r in runs]):.1f} s "
                f"| {median([r['rebuild']['cpu'] / r['full']['cpu'] for r in runs]):.1%} "
                + (f"| {median([r['wall'] for r in nq]):.1f} s | {median([r['rss'] for r in nq]):,.0f} MB |" if nq
                   else "| — | — |"))
    notes = [f"- Baseline: {base} at the time of the run. Rounds alternate which checkout goes first.",
             "- Rebuilt kg.ttl, kg.trig and stored query answers byte-identical between the checkouts: "
             + ", ".join(f"{row['size']:,}: {'yes' if row['same'] else 'NO'}" for row in rows) + "."]
    for a, b in zip(rows, rows[1:]):
        for name in a["results"]:
            per = [median([r["full"]["wall"] for r in row["results"][name]]) / row["size"] for row in (a, b)]
            notes.append(f"- {name}: full build per document at {b['size']:,} is {per[1] / per[0]:.2f}× that at "
                         f"{a['size']:,}.")
    return "\n".join(lines) + "\n\n" + "\n".join(notes) + "\n"


def bench(size: int, lexicon: Any) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        paths = write_corpus(folder, size)
        r: dict[str, Any] = {"docs": size, "MB": sum(p.stat().st_size for p in paths) / 1e6}
        _, r["floor"] = timed(lambda: sum(len(TOKEN.findall(p.read_text(encoding="utf-8"))) for p in paths))
        ingested, r["ingest"] = timed(lambda: ingest([folder]))
        docs = ingested.documents
        facts1, r["extract1"] = timed(lambda: extract_all(docs, lexicon, workers=1))
        facts2, r["extract2"] = timed(lambda: extract_all(docs, lexicon, workers=2))
        quads, r["build"] = timed(lambda: build_quads(list(zip(docs, facts2)), lexicon))
        r["triples"] = len(quads)
        ttl, r["turtle"] = timed(lambda: written(quads, "turtle"))
        trig, r["trig"] = timed(lambda: written(quads, "trig"))
        r["ttl_MB"], r["trig_MB"] = len(ttl) / 1e6, len(trig) / 1e6
        _, r["view"] = timed(lambda: render_build_view(quads, Path(tmp) / "kg.html"))
        r["same"] = written(build_quads(list(zip(docs, facts1)), lexicon), "turtle") == ttl
        del facts1, trig
        if size <= RDFLIB_BASELINE_MAX:
            from rdflib import Graph

            graph = Graph().parse(data=ttl.decode("utf-8"), format="turtle")
            rdflib_ttl, r["rdflib_write"] = timed(lambda: graph.serialize(format="turtle"))
            _, r["rdflib_parse"] = timed(lambda: Graph().parse(data=rdflib_ttl, format="turtle"))
            del graph
        out = Path(tmp) / "out"
        r["whole"], r["rss"] = child_build(folder, out)
        changed = paths[len(paths) // 2]
        changed.write_text(changed.read_text(encoding="utf-8") + "UNICEF funds the project in Osh Region.\n",
                           encoding="utf-8")
        r["incremental"], r["incremental_rss"] = child_build(folder, out)
    return r


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| docs | MB | triples | ingest | extract, 1 worker | extract, 2 workers | speed-up | extract ÷ regex floor (a) "
        "| graph build | Turtle write (MB/s) | TriG write (MB/s) | rdflib Turtle write / parse (b), MB/s "
        "| view | whole `kg build` | docs/s | peak RSS | one changed: rebuild | rebuild ÷ whole | 1 = 2 workers |",
        "|" + "---:|" * 19,
    ]
    for r in rows:
        rdflib = (f"{r['ttl_MB'] / r['rdflib_write']:.1f} / {r['ttl_MB'] / r['rdflib_parse']:.1f}"
                  if "rdflib_write" in r else "—")
        lines.append(
            f"| {r['docs']:,} | {r['MB']:.1f} | {r['triples']:,} | {r['ingest']:.1f} s | {r['extract1']:.1f} s "
            f"| {r['extract2']:.1f} s | {r['extract1'] / r['extract2']:.2f}× | {r['extract2'] / r['floor']:.0f}× "
            f"| {r['build']:.1f} s | {r['turtle']:.1f} s ({r['ttl_MB'] / r['turtle']:.0f}) "
            f"| {r['trig']:.1f} s ({r['trig_MB'] / r['trig']:.0f}) | {rdflib} | {r['view']:.1f} s "
            f"| {r['whole']:.1f} s | {r['docs'] / r['whole']:.0f} | {r['rss']:,.0f} MB "
            f"| {r['incremental']:.1f} s | {r['incremental'] / r['whole']:.0%} | {'yes' if r['same'] else 'NO'} |")
    notes = []
    for a, b in zip(rows, rows[1:]):
        per_doc = (b["whole"] / b["docs"]) / (a["whole"] / a["docs"])
        per_extract = (b["extract2"] / b["docs"]) / (a["extract2"] / a["docs"])
        notes.append(f"- Time per document at {b['docs']:,} documents is {per_doc:.2f}× that at {a['docs']:,} "
                     f"(whole build), {per_extract:.2f}× (extraction, 2 workers).")
    for r in rows:
        if "rdflib_write" in r:
            notes.append(f"- At {r['docs']:,} documents Oxigraph's Turtle writer (through our canonical order) runs "
                         f"{r['rdflib_write'] / r['turtle']:.0f}× faster than rdflib's.")
    return "\n".join(lines) + "\n\n" + "\n".join(notes) + "\n"


def main(sizes: list[int]) -> None:
    lexicon = load_lexicon()
    rows = []
    for size in sizes:
        rows.append(bench(size, lexicon))
        print(table(rows), flush=True)
    text = table(rows)
    out = ROOT / "benchmarks" / "results" / "build.md"
    out.write_text(f"# Build benchmark\n\nMachine: {os.cpu_count()} cores; baselines from the same run. "
                   "Stage times are measured in one process; the whole build and the rebuild are `kg build` "
                   "in a child process (peak RSS is that child's).\n\n" + text, encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int)
    parser.add_argument("--against", type=Path, help="another checkout: rebuild, memory and collector A/B only")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-stream", action="store_true", help="with --against: skip the streamed N-Quads build")
    parser.add_argument("--out", default="rebuild_ab.md", help="file name under benchmarks/results")
    args = parser.parse_args()
    if args.against:
        text = rebuild_ab(args.against.resolve(), args.sizes or [1000, 10000], args.rounds, not args.no_stream)
        print(text)
        (ROOT / "benchmarks" / "results" / args.out).write_text(
            "# Rebuild, streaming and memory: this checkout against a baseline, in one run\n\n"
            f"`python benchmarks/build_bench.py --against BASELINE --rounds {args.rounds}"
            f"{' --no-stream' if args.no_stream else ''} "
            f"{' '.join(map(str, args.sizes or [1000, 10000]))}`; {os.cpu_count()} cores. Every build a child "
            "`kg build -q --no-html`; medians of the rounds.\n\n" + text, encoding="utf-8")
    else:
        main(args.sizes or [100, 1000, 10000])
