"""Every reading command end to end, before against after, in alternating rounds (issue #16's
closing table).

    python benchmarks/commands_e2e.py BEFORE_KG AFTER_KG BUILD [BUILD ...]

A BUILD is a `kg build` output both `kg`s read (DIR), or two outputs of the same corpus, the
first read by BEFORE_KG and the second by AFTER_KG (BEFORE_DIR:AFTER_DIR): what `kg build`
stores beside the graph (answers, counts) differs by side, so each side reads a build of its
own. Copy a shared build first, since `kg stats` keeps the union's triple count beside the store.
Every command runs once per round and `kg`, under /usr/bin/time (wall seconds from process start
to exit, peak RSS); the order flips each round (before first, then after first) so that both
sides see the same drift in the machine's load. The table gives medians over the rounds
($E2E_ROUNDS, default 3), whether every output was the same bytes, and the load average (one
minute) seen before each command. `kg stats` runs twice a round: "first", as the first `kg stats`
after `kg build` (the count a side's build kept, or none, as its build left it: the count found
beside each store when the script starts is what "first" reads, so remove kg-triples.json from
a build that did not write it, e.g. one an earlier run's `kg stats` counted), then "again".
`kg serve` is timed from start to its first answered query. The slowest commands run in the
first round only; `conflicts --pairs` is read as it streams (time to its first row, rows, bytes);
a `kg` whose `query` has no --pairs option (before it, main) runs the same listing as the query
`conflicts-pairs`.
$E2E_OUT also writes the table to that file; $STORE_BENCH_TIMEOUT stops a command (default 120 s);
$E2E_SKIP leaves out rows whose name contains one of its comma-separated words.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_bench import PARAMS, TIMEOUT, queries, serve_ready, timed  # noqa: E402

ROUNDS = int(os.environ.get("E2E_ROUNDS", "3"))
PAIRS = "query conflicts --pairs"  # too large to hold: read as it streams, once a side, in English
ONCE = ("query country-subgraph", PAIRS)
# The queries issue #16 found slow in another language: also timed in Kazakh.
KAZAKH = ("conflicts", "funders", "funders-multi-country", "metrics-with-quotes", "programmes-per-country")
Sample = tuple[float | None, int | None, str]


def takes_lang(query: str) -> bool:
    text = (Path(__file__).resolve().parent.parent / "queries" / f"{query}.rq").read_text(encoding="utf-8")
    return "# param: lang " in text


def has_pairs_option(kg: str) -> bool:
    """Whether this `kg query` takes --pairs (before it, the listing was the query conflicts-pairs)."""
    return "--pairs" in subprocess.run([kg, "query", "--help"], capture_output=True, text=True).stdout


def commands(build: Path, out: Path, kg: str) -> dict[str, list[str]]:
    graph = ["--graph", str(build / "kg.trig")]
    table: dict[str, list[str]] = {}
    for q in queries():
        fmt = "turtle" if q == "country-subgraph" else "csv"
        table[f"query {q}"] = ["query", q, "-f", fmt, *PARAMS.get(q, []), *graph]
        for lang in ("ru", "kk") if q in KAZAKH else ("ru",) if takes_lang(q) else ():
            table[f"query {q} --lang {lang}"] = ["query", q, "-f", fmt, "--lang", lang, *PARAMS.get(q, []), *graph]
    table[PAIRS] = ["query", *(["conflicts", "--pairs"] if has_pairs_option(kg) else ["conflicts-pairs"]), "-f", "csv",
                    *graph]
    table["query programmes-per-country -p country=KZ"] = ["query", "programmes-per-country", "-f", "csv", "-p",
                                                           "country=country:KZ", *graph]
    table["stats"] = ["stats", *graph]
    table["entities -f csv"] = ["entities", "-f", "csv", *graph]
    table["viz -o FILE"] = ["viz", *graph, "-o", str(out)]
    table["validate"] = ["validate", *graph]
    table["export -f nt"] = ["export", "-f", "nt", *graph]
    table["serve (ready)"] = []
    skip = [w for w in os.environ.get("E2E_SKIP", "").split(",") if w]
    return {name: argv for name, argv in table.items() if not any(w in name for w in skip)}


def run(kg: str, argv: list[str], out: Path) -> Sample:
    out.unlink(missing_ok=True)
    seconds, mb, digest = timed([kg, *argv])
    if out.exists():  # a page: its bytes, not the line naming the file
        digest = hashlib.sha256(out.read_bytes()).hexdigest()
    return seconds, mb, digest


def streamed(kg: str, argv: list[str]) -> dict[str, object]:
    """A command whose output is too large to hold: read as it comes, its first line timed."""
    started = time.perf_counter()
    process = subprocess.Popen(["/usr/bin/time", "-f", "TIME %e %M", kg, *argv], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    digest, first, lines, size = hashlib.sha256(), None, 0, 0
    assert process.stdout is not None and process.stderr is not None
    # A query that sorts every row first prints nothing until then: stopped from outside.
    watchdog = threading.Timer(TIMEOUT, lambda: os.killpg(process.pid, signal.SIGKILL))
    watchdog.start()
    for line in process.stdout:
        if first is None:
            first = time.perf_counter() - started
        digest.update(line)
        lines += 1
        size += len(line)
    process.wait()
    watchdog.cancel()
    err = process.stderr.read().decode(errors="replace")
    peak = next((int(w.split()[2]) // 1024 for w in err.splitlines() if w.startswith("TIME ")), None)
    done = process.returncode == 0
    return {"first": first, "seconds": time.perf_counter() - started if done else None, "rows": lines - 1,
            "mb_out": size / 1e6, "peak": peak, "digest": digest.hexdigest() if done else ""}


def median_cell(samples: list[Sample]) -> str:
    if any(s is None for s, _, _ in samples):
        return f"> {TIMEOUT} s"
    seconds = statistics.median(s for s, _, _ in samples)  # type: ignore[misc]
    mbs = [m for _, m, _ in samples if m is not None and m >= 0]
    return f"{seconds:.2f} s / {statistics.median(mbs):,.0f} MB" if mbs else f"{seconds:.2f} s"


def bench(before: str, after: str, builds: tuple[Path, Path]) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "view.html"
        sides = [("before", before, builds[0]), ("after", after, builds[1])]
        argvs = {side: commands(build, out, kg) for side, kg, build in sides}
        # The count each side's `kg build` kept beside its store (none before #16's third item).
        counts = {side: build / "kg.oxigraph" / "kg-triples.json" for side, _, build in sides}
        saved = {side: Path(tmp) / f"{side}-triples.json" for side, _, _ in sides}
        for side, path in counts.items():
            if path.exists():
                shutil.copy2(path, saved[side])
        samples: dict[str, dict[str, list[Sample]]] = {}
        loads: dict[str, list[float]] = {}
        streams: dict[str, dict[str, object]] = {}
        for round_no in range(ROUNDS):
            for name in argvs["before"]:
                if round_no and name in ONCE:
                    continue
                for side, kg, build in sides if round_no % 2 == 0 else sides[::-1]:
                    argv = argvs[side][name]
                    loads.setdefault(name, []).append(os.getloadavg()[0])
                    if name == PAIRS:
                        streams[side] = streamed(kg, argv)
                        continue
                    if name == "serve (ready)":
                        ready = serve_ready(kg, build)
                        samples.setdefault(name, {}).setdefault(side, []).append((ready, None, ""))
                        continue
                    if name == "stats":
                        counts[side].unlink(missing_ok=True)
                        if saved[side].exists():
                            shutil.copy2(saved[side], counts[side])
                        samples.setdefault("stats (first)", {}).setdefault(side, []).append(run(kg, argv, out))
                        samples.setdefault("stats (again)", {}).setdefault(side, []).append(run(kg, argv, out))
                        continue
                    samples.setdefault(name, {}).setdefault(side, []).append(run(kg, argv, out))
                shown = "stats (first)" if name == "stats" else name
                print(shown, {k: [round(s or -1, 2) for s, _, _ in v] for k, v in samples.get(shown, {}).items()},
                      streams if name == PAIRS else "", file=sys.stderr, flush=True)
    size = (builds[1] / "kg.trig").stat().st_size / 1e6
    every = [x for v in loads.values() for x in v]
    lines = [f"### {builds[0]} and {builds[1]}: kg.trig {size:.0f} MB; {ROUNDS} rounds, "
             f"load average {min(every):.1f}–{max(every):.1f}", "",
             "| command | before | after | before ÷ after | same output | load |", "|---|---:|---:|---:|:---:|---:|"]
    for name, by_side in samples.items():
        old, new = by_side["before"], by_side["after"]
        digests = {d for _, _, d in old + new}
        ratio = ""
        if all(s is not None for s, _, _ in old + new):
            ratio = f"{statistics.median(s for s, _, _ in old) / statistics.median(s for s, _, _ in new):.1f}×"  # type: ignore[misc]
        same = "—" if not ratio or name.startswith("serve") else "yes" if len(digests) == 1 else "NO"
        load = loads.get("stats" if name.startswith("stats") else name, [0.0])
        lines.append(f"| `kg {name}` | {median_cell(old)} | {median_cell(new)} | {ratio or '—'} | {same} | "
                     f"{min(load):.1f}–{max(load):.1f} |")
    if streams:
        lines += ["", f"`kg {PAIRS} -f csv` (one run a side, read as it streams):", "",
                  "| side | first row | all rows | rows | CSV | peak RSS |", "|---|---:|---:|---:|---:|---:|"]
        for side, s in streams.items():
            first = f"{s['first']:.1f} s" if s["first"] is not None else "—"
            total = f"{s['seconds']:.1f} s" if s["seconds"] is not None else f"> {TIMEOUT} s (stopped)"
            lines.append(f"| {side} | {first} | {total} | {s['rows']:,} | {s['mb_out']:,.0f} MB | {s['peak'] or '—'} MB |")
        if all(s["digest"] for s in streams.values()):
            lines.append(f"\nSame bytes both sides: {'yes' if len({s['digest'] for s in streams.values()}) == 1 else 'NO'}.")
    return lines + [""]


def main(before: str, after: str, builds: list[tuple[Path, Path]]) -> None:
    lines: list[str] = []
    for pair in builds:
        lines += bench(before, after, pair)
    text = "\n".join(lines)
    print(text)
    if os.environ.get("E2E_OUT"):
        Path(os.environ["E2E_OUT"]).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    # Absolute: `kg serve` runs from its build's folder.
    pairs = [tuple(Path(p).resolve() for p in (arg.split(":") if ":" in arg else (arg, arg))) for arg in sys.argv[3:]]
    main(sys.argv[1], sys.argv[2], pairs)  # type: ignore[arg-type]
