"""Load benchmark of `kg serve` on loopback (issue 6). Rerun with

    python benchmarks/load_bench.py [--clients 50] [--queries 2000]      (~20 s on 2 cores)

Builds the seed graph into a temporary folder (or takes --graph), starts the real `kg serve` on a
free loopback port with its default settings, and sends the shipped queries plus some ad-hoc
SELECT/ASK queries: first serially from one client (the same-run baseline), then a concurrent
warm-up, then the measured load from --clients concurrent clients. Every answer is checked
(HTTP 200 and the result count Oxigraph gives in-process). The server's memory (VmRSS, with
its query workers) is sampled before, during and after. Last, one query that runs into the
time limit while other clients send quick ones. Writes benchmarks/results/load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.loadgen import (AD_HOC, LoadReport, Query, Run, SlowReport, alive, children,  # noqa: E402
                                load_test, percentile, serve, slow_query_test, workload)

RESULTS = HERE / "results" / "load.md"


def build_seeds(out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "-o", str(out), "--no-html"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return out / "kg.trig"


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def latency_row(label: str, run: Run) -> str:
    times = run.seconds()
    cells = [label, str(run.clients), f"{len(times):,}", f"{run.wall:.2f}", f"{run.throughput():,.0f}",
             *(ms(percentile(times, p)) for p in (50, 90, 99, 100)), str(len(run.errors()))]
    return "| " + " | ".join(cells) + " |"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}×" if b else "–"


def render(report: LoadReport, slow: SlowReport | None, slow_timeout: float, triples: int,
           elapsed: float, leftover: int, load_average: float) -> str:
    serial, load = report.serial, report.load
    s_times, l_times = serial.seconds(), load.seconds()
    lines = [
        "# Load benchmark: `kg serve` on loopback",
        "",
        f"`python benchmarks/load_bench.py --clients {load.clients} --queries {len(l_times)}` on "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; whole run {elapsed:.0f} s; "
        # Other work on the machine takes cores from both sides; the figures are only comparable
        # between runs with a similar load.
        f"1-minute load average before the run {load_average:.2f}. "
        f"The real `kg serve` (its defaults: 2 query workers, 30 s timeout) over the seed graph "
        f"({triples:,} triples); the clients are `httpx.AsyncClient`s, one connection each, in one "
        "process on the same machine, so clients and server share the 2 cores. "
        f"{len(report.queries)} queries: the {len(report.queries) - len(AD_HOC)} shipped ones (parameters bound "
        f"with a trailing VALUES) and {len(AD_HOC)} ad-hoc SELECT/ASK, sent by GET, "
        "form POST and application/sparql-query POST, as JSON, CSV or N-Triples. Each answer is checked: "
        "HTTP 200 and the number of results Oxigraph gives for the query in-process.",
        "",
        "## Latency and throughput",
        "",
        "Serial baseline: one client, every query "
        f"{len(s_times) // len(report.queries)} times in a row. Concurrent: a closed loop (each client sends its next "
        f"query when the previous one is answered), after a concurrent warm-up of {len(report.warmup.outcomes)} "
        f"queries; at most {load.peak_in_flight} requests were in flight at once.",
        "",
        "| run | clients | queries | wall (s) | throughput (q/s) | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        latency_row("serial baseline", serial),
        latency_row("concurrent", load),
        "| concurrent / serial | | | | " + " | ".join(
            [ratio(load.throughput(), serial.throughput())]
            + [ratio(percentile(l_times, p), percentile(s_times, p)) for p in (50, 90, 99, 100)]) + " | |",
        "",
        "With a closed loop the latency under load is mostly waiting for a free worker: by Little's "
        f"law, {load.clients} clients / {load.throughput():,.0f} q/s = "
        f"{ms(load.clients / load.throughput())} ms, against the measured p50 of {ms(percentile(l_times, 50))} ms. "
        "Throughput is the figure that shows the server's capacity; it is bounded by the 2 cores, "
        "which the 2 workers, the server process and the client process share. CPU seconds used "
        f"during the {load.wall:.1f} s of the load (of {2 * load.wall:.1f} available): "
        + ", ".join(f"{who} {seconds:.1f}" for who, seconds in report.cpu_load.items()) + ".",
        "",
        "## Memory (VmRSS, MB)",
        "",
        "The server process alone, and with its query worker processes (the sum counts shared pages "
        "twice: an upper bound). Peak: the highest of samples taken every 50 ms during the measured load.",
        "",
        "| when | server | server + workers | workers |",
        "|---|---:|---:|---:|",
    ]
    for label, rss in (("started, no query yet", report.rss_idle), ("after baseline and warm-up", report.rss_warm),
                       ("peak during the load", report.rss_peak), ("after the load", report.rss_end)):
        lines.append(f"| {label} | {rss.server:.1f} | {rss.total:.1f} | {rss.workers} |")
    growth = report.rss_end.total - report.rss_warm.total
    lines += [
        "",
        f"Growth over the {len(l_times):,} measured queries (after warm-up to end): {growth:+.1f} MB "
        f"({growth * 1024 / len(l_times):+.2f} KB per query). Worker processes alive after the server "
        f"stopped: {leftover}.",
        "",
        "## Per query (median latency, ms)",
        "",
        "| query | sent as | answer | results | serial | under load | ratio |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for query in report.queries:
        s_med, l_med = report.per_query_serial[query.name], report.per_query_load[query.name]
        lines.append(f"| {query.name} | {query.method} | {query.accept.split('/')[-1]} | {query.expected} | "
                     f"{ms(s_med)} | {ms(l_med)} | {ratio(l_med, s_med)} |")
    if slow is not None:
        q_times = slow.quick.seconds()
        lines += [
            "",
            "## A slow query does not block the other clients",
            "",
            f"A second server with `--timeout {slow_timeout:g}`. One client sends a query that never finishes "
            "on its own (a triple cross product); once it is running, "
            f"{slow.quick.clients} other clients send {len(q_times)} quick queries.",
            "",
            "| | figure |",
            "|---|---:|",
            f"| slow query: status, seconds | {slow.slow_status}, {slow.slow_seconds:.2f} |",
            f"| quick queries: wall (s) | {slow.quick.wall:.2f} |",
            f"| quick queries: p50 / p99 / max (ms) | {ms(percentile(q_times, 50))} / {ms(percentile(q_times, 99))} "
            f"/ {ms(max(q_times))} |",
            f"| quick queries: errors | {len(slow.quick.errors())} |",
            f"| all quick answers before the slow one's | {'yes' if slow.quick_done_before_slow else 'no'} |",
            f"| workers after the timed-out one was replaced | {slow.workers_after} |",
            f"| errors of {len(slow.after.outcomes)} queries after that | {len(slow.after.errors())} |",
            "",
            "One slow query holds one worker; the others keep answering. As many slow queries as "
            "there are workers (`--workers`) would hold them all until the time limit, which is "
            "what bounds that wait.",
        ]
    lines += [
        "",
        "## Found by this benchmark",
        "",
        "Its first run measured a serial p50 of 47.8 ms for queries Oxigraph answers in 1-5 ms, and "
        "379 q/s under load: every answer small enough to fit one TCP segment waited ~40 ms. "
        "`kg.serve.app.bind_socket` created the listening socket with protocol 0, and asyncio sets "
        "TCP_NODELAY on accepted connections only when the socket says IPPROTO_TCP, so uvicorn's "
        "separate header and body writes met Nagle's algorithm and the client's delayed ACK. The "
        "socket is now created with IPPROTO_TCP; the figures above are with that fix.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--serial-rounds", type=int, default=5, help="times each query is sent serially")
    parser.add_argument("--graph", type=Path, help="a built graph (default: build seeds/ into a temporary folder)")
    parser.add_argument("--slow-timeout", type=float, default=5.0,
                        help="the time limit of the slow-query server (0: skip that part)")
    parser.add_argument("-o", "--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    load_average = os.getloadavg()[0]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        graph = args.graph or build_seeds(folder / "build")
        queries: list[Query] = workload(graph)
        from kg.rdf.store import load_memory

        triples = len(load_memory(graph))
        with serve(graph, folder / "server.log") as server:
            report = asyncio.run(load_test(server, queries, clients=args.clients, total=args.queries,
                                           serial_rounds=args.serial_rounds))
            workers = children(server.pid)
        leftover = sum(alive(pid) for pid in workers)
        slow = None
        if args.slow_timeout > 0:
            with serve(graph, folder / "slow.log", timeout=args.slow_timeout) as server:
                slow = asyncio.run(slow_query_test(server, queries))
    text = render(report, slow, args.slow_timeout, triples, time.perf_counter() - started, leftover,
                  load_average)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    if report.load.errors() or report.serial.errors():
        for outcome in (report.serial.errors() + report.load.errors())[:10]:
            print(f"error: {outcome}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
