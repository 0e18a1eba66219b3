"""Query benchmark: both engines on the seed graph and on synthetic graphs of ~100k and ~1M
triples shaped like ours (benchmarks/synthetic.py). Rerun with

    python benchmarks/query_bench.py            # ~10 minutes on 2 cores; writes benchmarks/results/query.md

For each graph and engine it measures the load time, each shipped query's median latency (the
query run through `kg.query.catalogue.run_query`, as `kg query` runs it, every row fetched), the ratio between
the engines, and the peak memory of the process. Each engine runs in a process of its own, so its
peak memory is its own, and a query that runs past the time cap is stopped and reported as such.
rdflib's engine is run on all queries up to 100k triples; at 1M only on the join and aggregate
queries named below, once each (its other queries would take minutes each there).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

# Parameters that make the parameterised queries ask something specific.
PARAMS = {"metrics-about": {"entity": "programme:national-telemedicine-network"},
          "country-subgraph": {"country": "country:KZ"},
          "provenance": {"subject": "programme:national-telemedicine-network"}}
# The queries the targets name: joins (metric → subject → …) and GROUP BY aggregates.
JOINS = ("metrics-about", "ntn-facilities-by-region", "metrics-with-quotes")
AGGREGATES = ("programmes-per-country", "breakdowns", "gaps")
CAP_SECONDS = 60.0  # a query slower than this is stopped


# ── worker: one engine, one graph ──────────────────────────────────────────────────────────────

def worker(engine_name: str, graph: str, names: list[str], reps: int) -> None:
    from kg.query.engine import open_engine
    from kg.query.catalogue import resolve, run_query

    started = time.perf_counter()
    engine = open_engine(Path(graph), "oxigraph" if engine_name.startswith("oxigraph") else engine_name,
                         cache=engine_name == "oxigraph-persistent")
    print(json.dumps({"load": time.perf_counter() - started}), flush=True)
    for name in names:
        info = resolve(name, None)
        times, size = [], 0
        for i in range(reps + 1):  # the first run warms caches and is not counted
            t0 = time.perf_counter()
            result = run_query(engine, info, PARAMS.get(name), lang="en")
            elapsed = time.perf_counter() - t0
            size = len(result.rows) or len(result.triples)
            if i > 0 or reps == 0:
                times.append(elapsed)
            if elapsed > CAP_SECONDS / 4:  # slow: one timing is all we can afford
                times = times or [elapsed]
                break
        print(json.dumps({"name": name, "times": times, "rows": size}), flush=True)


def peak_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def measure(engine: str, graph: Path, names: list[str], reps: int) -> dict:
    """Run a worker; a query past the cap is stopped, and the rest run in a fresh worker."""
    out: dict = {"queries": {}, "load": None, "peak_mb": 0.0}
    pending = list(names)
    while True:
        cmd = [sys.executable, __file__, "--worker", engine, str(graph), ",".join(pending), str(reps)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
        deadline = time.monotonic() + 600  # the load
        stopped = None
        while True:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([proc.stdout], [], [], max(remaining, 0))
            if not ready:
                stopped = pending[0] if pending and out["load"] is not None else "load"
                break
            line = proc.stdout.readline()
            if not line:
                break
            record = json.loads(line)
            if "load" in record:
                out["load"] = out["load"] if out["load"] is not None else record["load"]
            else:
                out["queries"][record["name"]] = record
                pending.remove(record["name"])
            out["peak_mb"] = max(out["peak_mb"], peak_mb(proc.pid) or 0.0)
            deadline = time.monotonic() + CAP_SECONDS
        out["peak_mb"] = max(out["peak_mb"], peak_mb(proc.pid) or 0.0)
        proc.kill()
        proc.wait()
        if stopped is None or stopped == "load":
            return out
        out["queries"][stopped] = {"name": stopped, "times": None, "rows": None}
        pending.remove(stopped)
        if not pending:
            return out


# ── report ─────────────────────────────────────────────────────────────────────────────────────

def ms(record: dict | None) -> str:
    if record is None:
        return "not run"
    if record["times"] is None:
        return f"> {CAP_SECONDS:.0f} s (stopped)"
    value = statistics.median(record["times"]) * 1000
    runs = len(record["times"])
    text = f"{value:,.0f}" if value >= 10 else f"{value:.1f}"
    return text + ("" if runs > 1 else " (1 run)")


def ratio(fast: dict | None, slow: dict | None) -> str:
    if not fast or not slow or fast["times"] is None:
        return ""
    if slow["times"] is None:
        return f"> {CAP_SECONDS / statistics.median(fast['times']):,.0f}×"
    return f"{statistics.median(slow['times']) / statistics.median(fast['times']):,.0f}×"


def report(results: list[dict], names: list[str], seconds: float) -> str:
    lines = ["# Query benchmark", "",
             f"`python benchmarks/query_bench.py` on {platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}; whole run {seconds / 60:.1f} min. Latency: median of "
             "the timed runs after one warm-up, through `kg.query.catalogue.run_query` (as `kg query`), every row fetched; "
             "(1 run) marks a query timed once because it is slow. Engines: **oxigraph** = pyoxigraph, "
             "graph parsed into memory (the default); **oxigraph-persistent** = pyoxigraph's RocksDB copy "
             "(`--cached-store`); **rdflib** = rdflib's SPARQL engine over an rdflib Dataset.", ""]
    lines += ["## Load and memory", "",
              "| graph | triples | engine | load (s) | peak memory (MB) |", "|---|---:|---|---:|---:|"]
    for r in results:
        for engine, m in r["engines"].items():
            load = "—" if m["load"] is None else f"{m['load']:.2f}"
            lines.append(f"| {r['graph']} | {r['triples']:,} | {engine} | {load} | {m['peak_mb']:,.0f} |")
    for r in results:
        engines = r["engines"]
        lines += ["", f"## {r['graph']} ({r['triples']:,} triples): latency in ms", "",
                  "| query | kind | rows | oxigraph | rdflib | rdflib / oxigraph | oxigraph-persistent |",
                  "|---|---|---:|---:|---:|---:|---:|"]
        for name in names:
            fast = engines["oxigraph"]["queries"].get(name)
            slow = engines.get("rdflib", {"queries": {}})["queries"].get(name)
            disk = engines.get("oxigraph-persistent", {"queries": {}})["queries"].get(name)
            kind = "join" if name in JOINS else "aggregate" if name in AGGREGATES else ""
            rows = fast["rows"] if fast and fast["rows"] is not None else ""
            lines.append(f"| {name} | {kind} | {rows} | {ms(fast)} | {ms(slow)} | {ratio(fast, slow)} | "
                         f"{ms(disk) if disk else 'not run'} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--worker", nargs=4, metavar=("ENGINE", "GRAPH", "QUERIES", "REPS"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="100000,1000000", help="synthetic graph sizes in triples")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "query.md")
    args = parser.parse_args()
    if args.worker:
        engine, graph, names, reps = args.worker
        worker(engine, graph, names.split(","), int(reps))
        return

    import synthetic
    from kg.query.catalogue import shipped_queries

    started = time.monotonic()
    names = [q.name for q in shipped_queries()]
    graphs: list[tuple[str, Path]] = []
    seed = ROOT / "build" / "kg.trig"
    if seed.exists():
        graphs.append(("seed graph (build/kg.trig)", seed))
    results = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"synthetic-{size}.trig"
            t0 = time.perf_counter()
            synthetic.write(path, size)
            print(f"generated {path.name} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
            graphs.append((f"synthetic {size // 1000:,}k", path))
        for label, path in graphs:
            import pyoxigraph as ox

            triples = len(ox.Dataset(ox.parse(path=str(path), format=ox.RdfFormat.TRIG)))
            big = triples > 500_000
            engines = {"oxigraph": measure("oxigraph", path, names, 5)}
            # rdflib: everything up to 100k triples; at 1M the named joins and aggregates, once.
            engines["rdflib"] = measure("rdflib", path, [n for n in names if not big or n in JOINS + AGGREGATES],
                                        1 if big else 3)
            if triples > 50_000:
                engines["oxigraph-persistent"] = measure("oxigraph-persistent", path, names, 1 if big else 3)
            results.append({"graph": label, "triples": triples, "engines": engines})
            print(f"measured {label}", file=sys.stderr)
    text = report(results, names, time.monotonic() - started)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
