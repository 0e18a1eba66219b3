"""Store benchmark: every reading command end to end (process start to last byte), before and after
the embedded store, on a `kg build` output folder.

    python benchmarks/store_bench.py BEFORE_KG AFTER_KG BUILD_DIR [BUILD_DIR ...]

BEFORE_KG is the `kg` of today's code (e.g. main's .venv/bin/kg), which parses kg.trig for every
command; AFTER_KG is this branch's, which opens BUILD_DIR/kg.oxigraph (written by `kg build`, or
by ``kg.rdf.store.write_store`` for a folder built before it). Each command runs once in a child
process under /usr/bin/time: wall seconds and peak RSS; a command past TIMEOUT is reported as such.
Then, for the investigation of store against memory, each shipped query's own time (no start-up,
no parsing) on the in-memory store and on the on-disk store, side by side. Writes
benchmarks/results/store.md (or $STORE_BENCH_OUT). $STORE_BENCH_COMMANDS (e.g. "stats,entities,viz")
runs only those commands ("queries": every shipped query); STORE_BENCH_IN_PROCESS=0 leaves out the
per-query part and STORE_BENCH_SERVE=0 the `kg serve` row. Each row notes the load average (one
minute) before it: the machine is shared.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = int(os.environ.get("STORE_BENCH_TIMEOUT", "120"))
COUNTRY = "https://w3id.org/telemed-kg/id/country/KZ"
IN_PROCESS_CAP = 20.0  # seconds in memory above which a query is not timed on disk in process
# An entity with many numbers in the benchmark corpus (hundreds at 10,000 documents); the country
# has none there, which would time only the query's start.
ENTITY = "https://w3id.org/telemed-kg/id/region/kz-pavlodar-region"
PARAMS = {"metrics-about": ["-p", f"entity={ENTITY}"], "country-subgraph": ["-p", f"country={COUNTRY}"]}


def queries() -> list[str]:
    return sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))


def timed(argv: list[str]) -> tuple[float | None, int | None, str]:
    """Wall seconds, peak RSS in MB and the sha256 of the output of ``argv``; None past TIMEOUT."""
    # In a session of its own, so that a timeout stops the command itself, not only /usr/bin/time
    # (a command left running would load the machine under every later measurement).
    process = subprocess.Popen(["/usr/bin/time", "-f", "TIME %e %M", *argv], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return None, None, ""
    done = subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)
    match = re.search(rb"TIME ([\d.]+) (\d+)", done.stderr)
    if done.returncode != 0 or not match:
        print(f"{argv} failed: {done.stderr.decode(errors='replace')[-400:]}", file=sys.stderr)
        return None, -1, ""
    return float(match.group(1)), int(match.group(2)) // 1024, hashlib.sha256(done.stdout).hexdigest()


def serve_ready(kg: str, build: Path) -> float | None:
    """Seconds from `kg serve` starting to its first answered query."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.perf_counter()
    # Started from the build folder: a worker runs `python -m kg.serve.workers`, which would import
    # the checkout in the current folder instead of its own `kg`'s.
    process = subprocess.Popen([kg, "serve", "--graph", str(build / "kg.trig"), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=build)
    url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    try:
        while time.perf_counter() - started < TIMEOUT:
            try:
                with urllib.request.urlopen(url, timeout=5) as reply:
                    reply.read()
                return time.perf_counter() - started
            except OSError:
                time.sleep(0.05)
        return None
    finally:
        process.terminate()
        process.wait(timeout=30)


def commands(build: Path) -> dict[str, list[str]]:
    graph = ["--graph", str(build / "kg.trig")]
    out = {f"query {q}": ["query", q, "-f", "turtle" if q == "country-subgraph" else "csv", *PARAMS.get(q, []), *graph]
           for q in queries()}
    out["export -f nt"] = ["export", "-f", "nt", *graph]
    out["stats"] = ["stats", *graph]
    out["entities"] = ["entities", "-f", "csv", *graph]
    out["validate"] = ["validate", *graph]
    views = Path(tempfile.gettempdir())
    out["viz"] = ["viz", "-o", str(views / "store-bench-whole.html"), *graph]
    out["viz --country KZ"] = ["viz", "--country", "KZ", "-o", str(views / "store-bench-kz.html"), *graph]
    wanted = os.environ.get("STORE_BENCH_COMMANDS", "")  # e.g. "stats,entities,viz": only these
    if wanted == "queries":
        return {k: v for k, v in out.items() if k.startswith("query ")}
    return {k: v for k, v in out.items() if not wanted or k in wanted.split(",")}


def cell(seconds: float | None, mb: int | None) -> str:
    if mb == -1:
        return "failed"
    return f"> {TIMEOUT} s" if seconds is None else f"{seconds:.2f} s, {mb} MB"


def compared(label: str, before: str, after: str, argv: list[str]) -> str:
    """One table row: ``argv`` run by the ``before`` and then the ``after`` `kg`, with the ratio,
    whether they printed the same bytes and the load average before each."""
    load_before = os.getloadavg()[0]
    old = timed([before, *argv])
    load_after = os.getloadavg()[0]
    new = timed([after, *argv])
    ratio = f"{old[0] / new[0]:.1f}×" if old[0] and new[0] else "—"
    same = "—" if not (old[2] and new[2]) else ("yes" if old[2] == new[2] else "**no**")
    return f"| `{label}` | {cell(*old[:2])} | {cell(*new[:2])} | {ratio} | {same} | {load_before:.1f}, {load_after:.1f} |"


def in_process(build: Path) -> list[tuple[str, float, float]]:
    """Each query's own time on memory and on disk, after one warm-up run."""
    sys.path.insert(0, str(ROOT))
    import pyoxigraph as ox

    from kg.query.catalogue import resolve, run_query
    from kg.query.engine import OxigraphEngine
    from kg.rdf import store as oxstore

    memory = OxigraphEngine(oxstore.load_memory(build / "kg.trig"))
    disk = OxigraphEngine(ox.Store.read_only(str(oxstore.store_path(build / "kg.trig"))))
    rows = []
    for name in queries():
        info = resolve(name, None)
        params = dict(p.split("=", 1) for p in PARAMS.get(name, [])[1::2])
        start = time.perf_counter()
        run_query(memory, info, params, "en")
        if time.perf_counter() - start > IN_PROCESS_CAP:
            continue  # minutes on disk: listed end to end above instead
        times = []
        for engine in (memory, disk):
            run_query(engine, info, params, "en")
            start = time.perf_counter()
            run_query(engine, info, params, "en")
            times.append(time.perf_counter() - start)
        rows.append((name, times[0], times[1]))
    return rows


def main(before: str, after: str, builds: list[Path]) -> None:
    lines = ["# Store benchmark", "",
             f"`python benchmarks/store_bench.py` on {os.cpu_count()} cores, shared with other jobs (load average "
             f"{os.getloadavg()[0]:.1f} at the start: absolute times are noisy, ratios less so). Each command "
             "once, end to end in a child process (process start to last byte), wall time and peak RSS. "
             "**before**: today's code, which parses kg.trig for every command; **after**: the embedded store.", ""]
    for build in builds:
        size = (build / "kg.trig").stat().st_size / 1e6
        lines += [f"## {build.name}: kg.trig {size:.0f} MB", "",
                  "| command | before | after | before ÷ after | same output | load before, after |",
                  "|---|---:|---:|---:|:---:|---:|"]
        for label, argv in commands(build).items():
            lines.append(compared(f"kg {label}", before, after, argv))
            print(lines[-1], flush=True)
        if os.environ.get("STORE_BENCH_SERVE") == "0":
            lines.append("")
            continue
        ready = [serve_ready(kg, build) for kg in (before, after)]
        lines.append(f"| `kg serve` ready | {ready[0] or 0:.2f} s | {ready[1] or 0:.2f} s | "
                     f"{(ready[0] or 0) / (ready[1] or 1):.1f}× |")
        print(lines[-1], flush=True)
        if os.environ.get("STORE_BENCH_IN_PROCESS") == "0":
            lines.append("")
            continue
        lines += ["", "Each query's own time, no start-up, after a warm-up (in one process):", "",
                  "| query | in memory | on-disk store | disk ÷ memory |", "|---|---:|---:|---:|"]
        for name, memory, disk in in_process(build):
            lines.append(f"| {name} | {memory:.3f} s | {disk:.3f} s | {disk / max(memory, 1e-4):.1f}× |")
            print(lines[-1], flush=True)
        lines.append("")
    out = Path(os.environ.get("STORE_BENCH_OUT", ROOT / "benchmarks" / "results" / "store.md"))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], [Path(a) for a in sys.argv[3:]])
