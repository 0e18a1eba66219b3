"""Issue 6: `kg serve` under load, a real server on loopback. 50 concurrent clients send 2,000
queries with zero errors and the right result counts, in bounded time, with stable memory; and a
query that runs into the time limit does not hold up the other clients.

The load itself is benchmarks/loadgen.py, the code benchmarks/load_bench.py measures with, so the
benchmark's figures and these assertions cannot drift apart.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from benchmarks.loadgen import (Query, alive, children, load_test, percentile, serve, slow_query_test,
                                workload)

CLIENTS = 50
QUERIES = 2000
WORKERS = 2  # `kg serve`'s default, which serve() keeps
# Measured: ~4.5 s for the 2,000 queries on a quiet 2-core machine (benchmarks/results/load.md).
# A noisy CI machine may be several times slower; 45 s (≥45 q/s) allows that and still fails a
# server that queues requests behind one another for long.
WALL_LIMIT_S = 45.0
# Measured: ~3.5 ms serially for these queries. Without TCP_NODELAY every small answer waited for
# the client's delayed ACK, ≥40 ms on Linux; 50 concurrent clients hide that in throughput, one
# client does not. 25 ms leaves a slow machine 7× and still sees it.
SERIAL_P50_LIMIT_S = 0.025
# Measured growth over the 2,000 queries after warm-up: under 1 MB. The warm-up runs at full
# concurrency, so what is sized by requests in flight (buffers, allocator arenas, executor
# threads) has grown before the baseline reading; growth after it is retention per request. 16 MB
# is 8 KB per query: a leak of anything per request that is not tiny (a response body here is
# 0.1-100 KB) crosses it, while allocator noise of a few MB does not.
GROWTH_LIMIT_MB = 16.0
SLOW_TIMEOUT_S = 5.0
# Quick queries answer in ~0.1 s even at 20 clients; one that waited for the slow query's worker
# would take the whole time limit. Half of it separates the two on any machine.
PROMPT_S = SLOW_TIMEOUT_S / 2


@pytest.fixture(scope="module")
def graph(built_dir: Path) -> Path:
    return built_dir / "kg.trig"


@pytest.fixture(scope="module")
def queries(graph: Path) -> list[Query]:
    return workload(graph)


def test_fifty_clients_two_thousand_queries(graph: Path, queries: list[Query], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    with serve(graph, tmp_path / "server.log") as server:
        report = asyncio.run(load_test(server, queries, clients=CLIENTS, total=QUERIES))
        workers = children(server.pid)
    load = report.load
    times = load.seconds()
    serial = report.serial.seconds()
    growth = report.rss_end.total - report.rss_warm.total
    with capsys.disabled():
        print(f"\n{CLIENTS} clients, {QUERIES} queries in {load.wall:.2f} s ({load.throughput():.0f} q/s): "
              f"p50 {percentile(times, 50) * 1000:.1f} ms, p99 {percentile(times, 99) * 1000:.1f} ms "
              f"(serial p50 {percentile(serial, 50) * 1000:.1f} ms); RSS with workers "
              f"{report.rss_warm.total:.0f} → peak {report.rss_peak.total:.0f} → {report.rss_end.total:.0f} MB")

    errors = report.serial.errors() + report.warmup.errors() + load.errors()
    assert not errors, errors[:5]  # an error is any non-200 or a result count Oxigraph disagrees with
    assert len(load.outcomes) == QUERIES and {o.status for o in load.outcomes} == {200}
    assert {o.name for o in load.outcomes} == {q.name for q in queries}
    assert load.peak_in_flight >= CLIENTS  # the clients really were concurrent
    assert load.wall < WALL_LIMIT_S
    assert percentile(serial, 50) < SERIAL_P50_LIMIT_S
    assert growth < GROWTH_LIMIT_MB, (report.rss_warm, report.rss_end)
    assert report.rss_end.workers == WORKERS  # no worker died or was replaced under load
    assert not [pid for pid in workers if alive(pid)]  # stopping the server stops its workers


def test_a_slow_query_does_not_block_other_clients(graph: Path, queries: list[Query], tmp_path: Path) -> None:
    with serve(graph, tmp_path / "server.log", timeout=SLOW_TIMEOUT_S) as server:
        report = asyncio.run(slow_query_test(server, queries, clients=20, total=200, workers=WORKERS))
    assert report.slow_status == 503 and "limit" in report.slow_body
    assert SLOW_TIMEOUT_S <= report.slow_seconds < SLOW_TIMEOUT_S + 5
    quick = report.quick.seconds()
    assert not report.quick.errors(), report.quick.errors()[:5]
    assert report.quick_done_before_slow
    assert max(quick) < PROMPT_S, f"p50 {percentile(quick, 50):.3f} s, max {max(quick):.3f} s"
    # The timed-out worker was killed and replaced: the pool is whole and answers again.
    assert report.workers_after == WORKERS
    assert not report.after.errors(), report.after.errors()[:5]
