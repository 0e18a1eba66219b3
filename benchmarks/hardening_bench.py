"""Before/after figures for issue 18 (Hardening II), items 2, 3, 5 and 7. Rerun with

    python benchmarks/hardening_bench.py [--graph G.trig] [--items 2,3,5,7] [--out results.md]   (~2 minutes)

Measures whichever `kg` is importable, so the same script gives the "before" column when run
with PYTHONPATH pointing at a checkout of the old code. Every attack is the one the issue
describes, against a real `kg serve` on loopback or a real `kg push` process:

2. two clients POST a query of 3,000 nested braces in a loop for 15 s while a third sends ASK {}
   one after another: ASK latency, answers to the deep query, query workers replaced; and
   `kg query -e` with that query (exit code).
3. one client sends a 300 MB chunked body: bytes sent before the server answered, server RSS.
5. `kg push` against a server replying 600 MB (peak RSS of kg push), and against one trickling
   its reply a byte every 2 s (with --timeout 10; killed after 60 s).
7. two queries that run into the 10 s time limit, then ten ASK probes: probe latency.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from benchmarks.hostile import huge_reply, hostile, run_measured, send_chunked, trickle  # noqa: E402
from benchmarks.loadgen import ENDLESS, children, serve  # noqa: E402

DEEP = "ASK " + "{" * 3000 + "}" * 3000
ASK = {"query": "ASK {}"}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


_PROBES = threading.local()


def probe(base: str) -> float:
    """One ASK {} on a kept-alive connection (a new httpx client costs ~80 ms of TLS setup)."""
    if not hasattr(_PROBES, "client"):
        _PROBES.client = httpx.Client(timeout=120)
    started = time.monotonic()
    _PROBES.client.get(base + "/sparql", params=ASK)
    return time.monotonic() - started


def nesting(graph: Path, log: Path) -> list[str]:
    lines = []
    with serve(graph, log) as server:
        quiet = [probe(server.base) for _ in range(30)]
        stop = time.monotonic() + 15
        statuses: list[int] = []
        pids: set[int] = set(children(server.pid))

        def attack() -> None:
            with httpx.Client(timeout=60) as client:
                while time.monotonic() < stop:
                    try:
                        statuses.append(client.post(server.base + "/sparql", data={"query": DEEP}).status_code)
                    except httpx.HTTPError:
                        statuses.append(0)

        def watch() -> None:
            while time.monotonic() < stop:
                pids.update(children(server.pid))
                time.sleep(0.1)

        threads = [threading.Thread(target=attack) for _ in range(2)] + [threading.Thread(target=watch)]
        for thread in threads:
            thread.start()
        attacked = []
        while time.monotonic() < stop:
            attacked.append(probe(server.base))
        for thread in threads:
            thread.join()
    codes = ", ".join(f"{code}×{statuses.count(code)}" for code in sorted(set(statuses)))
    lines.append(f"| 2 | ASK {{}} alone: median; beside two deep-query clients for 15 s: median, mean, max, "
                 f"probes answered | {ms(statistics.median(quiet))}; {ms(statistics.median(attacked))}, "
                 f"{ms(statistics.mean(attacked))}, {ms(max(attacked))}, {len(attacked)} |")
    lines.append(f"| 2 | deep-query answers in 15 s; worker processes seen (2 = none replaced) | {codes}; "
                 f"{len(pids)} |")
    query = subprocess.run([sys.executable, "-m", "kg", "query", "--graph", str(graph), "-e", DEEP], cwd=ROOT,
                           capture_output=True)
    lines.append(f"| 2 | `kg query -e` 3,000 nested braces: exit code | {query.returncode} |")
    return lines


def chunked(graph: Path, log: Path) -> list[str]:
    with serve(graph, log) as server:
        started = time.monotonic()
        outcome = send_chunked(server.base, server.pid, 300 * 1024 * 1024)
        seconds = time.monotonic() - started
    status = outcome.reply.split(b"\r\n", 1)[0].decode(errors="replace") or "(connection closed)"
    return [f"| 3 | 300 MB chunked body: sent before the answer; answer; server RSS before → peak | "
            f"{outcome.sent / 1048576:.1f} MB in {seconds:.1f} s; {status}; "
            f"{outcome.before_kb / 1024:.0f} → {outcome.peak_kb / 1024:.0f} MB |"]


def push(graph: Path) -> list[str]:
    args = ["push", "--from", str(graph), "--endpoint"]
    with hostile(huge_reply(0)) as endpoint:
        normal = run_measured([*args, endpoint], 120)
    with hostile(huge_reply(600 * 1024 * 1024)) as endpoint:
        huge = run_measured([*args, endpoint], 300)
    with hostile(trickle(False, every=2.0)) as endpoint:
        slow = run_measured([*args, endpoint, "--timeout", "10"], 60)
    return [f"| 5 | `kg push`, 600 MB reply: exit code, peak RSS (an empty reply: {normal.peak_mb:.0f} MB) | "
            f"{huge.code}, {huge.peak_mb:.0f} MB in {huge.seconds:.1f} s |",
            f"| 5 | `kg push --timeout 10`, reply trickling 1 byte / 2 s: exit code after | "
            f"{'killed (-9) at the 60 s limit' if slow.code == -9 else slow.code} after {slow.seconds:.1f} s |"]


def slow_pair(graph: Path, log: Path) -> list[str]:
    with serve(graph, log, timeout=10.0) as server:
        with ThreadPoolExecutor(3) as pool:
            started = time.monotonic()
            def timed_slow() -> tuple[int, float]:
                response = httpx.post(server.base + "/sparql", data={"query": ENDLESS}, timeout=60)
                return response.status_code, time.monotonic() - started

            slow = [pool.submit(timed_slow) for _ in range(2)]
            time.sleep(0.3)
            early = pool.submit(probe, server.base)
            time.sleep(max(0.0, 3.0 - (time.monotonic() - started)))
            later, beside = [], 0
            for _ in range(10):
                later.append(probe(server.base))
                beside += not any(f.done() for f in slow)
            outcomes = [f.result() for f in slow]
    return [f"| 7 | one probe sent at 0.3 s, beside two slow queries | {ms(early.result())} |",
            f"| 7 | ten probes sent from 3 s on: median (max); answered while both slow ones still ran | "
            f"{ms(statistics.median(later))} ({ms(max(later))}); {beside} of 10 |",
            "| 7 | the two slow queries: status, seconds | "
            + ", ".join(f"{status} after {seconds:.1f} s" for status, seconds in outcomes) + " |"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, help="a built kg.trig (default: build the seeds)")
    parser.add_argument("--out", type=Path, help="also write the table here")
    parser.add_argument("--items", default="2,3,5,7", help="which items to measure (default: 2,3,5,7)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        graph = options.graph
        if graph is None:
            subprocess.run([sys.executable, "-m", "kg", "build", "seeds", "-o", str(work / "build"), "-q", "--no-html"],
                           cwd=ROOT, check=True)
            graph = work / "build" / "kg.trig"
        import kg

        lines = [f"kg from {Path(kg.__file__).parent}, graph {graph.name}", "",
                 "| item | measure | result |", "|---|---|---|"]
        items = set(options.items.split(","))
        for item, measure in (("2", lambda: nesting(graph, work / "a.log")), ("3", lambda: chunked(graph, work / "b.log")),
                              ("5", lambda: push(graph)), ("7", lambda: slow_pair(graph, work / "c.log"))):
            if item in items:
                lines += measure()
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if options.out:
        options.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
