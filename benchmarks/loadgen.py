"""Load generation against a real `kg serve` on loopback, shared by benchmarks/load_bench.py and
tests/serve/test_load.py so the benchmark's figures and the test's assertions come from one code path.

The server is the real CLI in a process of its own (``python -m kg serve``); the clients are
separate ``httpx.AsyncClient``s, one connection each, in this process. Memory is read from
/proc (VmRSS of the server and of its query-worker children), so no psutil is needed.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import math
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/telemed-kg/id/"
JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
CSV = "text/csv"
_PREFIXES = """PREFIX tm: <https://w3id.org/telemed-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# A cross product of the graph with itself, three times over: it never finishes on its own, so
# it always runs into the server's time limit (the same query tests/serve/test_server.py uses).
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

# Parameters of the shipped queries, bound with a trailing VALUES clause: over HTTP a client has
# no other way to bind them, and unbound they would ask about every entity at once.
BINDINGS = {"country-subgraph": ("country", ID + "country/KZ"),
            "metrics-about": ("entity", ID + "programme/national-telemedicine-network"),
            "provenance": ("subject", ID + "programme/national-telemedicine-network")}
# Ad-hoc queries beside the shipped ones: ASK both ways, an aggregate over every named graph, a
# LIMIT, a GROUP BY and a CSV answer, so the mix is not only what queries/ ships.
AD_HOC: tuple[tuple[str, str, str], ...] = (
    ("ask-country", _PREFIXES + "ASK { ?c a tm:Country }", JSON),
    ("ask-nothing", "ASK { ?s a <urn:no-such-class> }", JSON),
    ("count-quads", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", JSON),
    ("programmes-limit", _PREFIXES + "SELECT ?p ?label WHERE { ?p a tm:Programme ; rdfs:label ?label } "
                                     "ORDER BY ?p ?label LIMIT 25", JSON),
    ("types", "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n) ?type", CSV),
    ("region-values", _PREFIXES + """SELECT ?label ?n WHERE {
  ?part tm:partOf ?whole ; tm:about ?region ; tm:value ?n .
  ?region a tm:Region ; rdfs:label ?label FILTER(lang(?label) = "en")
} ORDER BY DESC(?n) ?label""", CSV),
)
METHODS = ("GET", "POST-form", "POST-query")


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    accept: str
    method: str  # one of METHODS: all three ways the SPARQL 1.1 Protocol allows
    expected: int  # rows of a SELECT, triples of a CONSTRUCT, 1/0 for an ASK


@dataclass(frozen=True)
class Outcome:
    name: str
    status: int  # 0 when no HTTP answer came at all
    seconds: float
    error: str | None  # None: a 200 with the expected number of results


# ── the query mix ──────────────────────────────────────────────────────────────────────────────

def _answer_size(answer: ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean) -> int:
    if isinstance(answer, ox.QueryBoolean):
        return int(bool(answer))
    return sum(1 for _ in answer)


def workload(graph: Path) -> list[Query]:
    """Every shipped query plus the ad-hoc ones, each with the result size Oxigraph gives for it
    in this process: the reference the server's answers under load are checked against."""
    from kg.rdf.store import load_memory
    from kg.query.catalogue import shipped_queries

    store = load_memory(graph)
    texts: list[tuple[str, str, str | None]] = []
    for info in shipped_queries():
        text = info.text
        if info.name in BINDINGS:
            var, iri = BINDINGS[info.name]
            text += f"\nVALUES ?{var} {{ <{iri}> }}\n"
        texts.append((info.name, text, None))
    texts += [(name, text, accept) for name, text, accept in AD_HOC]
    queries = []
    for i, (name, text, accept) in enumerate(texts):
        answer = store.query(text, use_default_graph_as_union=True)
        if accept is None:
            accept = NTRIPLES if isinstance(answer, ox.QueryTriples) else JSON
        queries.append(Query(name, text, accept, METHODS[i % len(METHODS)], _answer_size(answer)))
    return queries


def plan(queries: Sequence[Query], total: int, seed: int = 6) -> list[Query]:
    """``total`` requests, every query about equally often, in a shuffled but repeatable order."""
    requests = [queries[i % len(queries)] for i in range(total)]
    random.Random(seed).shuffle(requests)
    return requests


def result_count(accept: str, body: bytes) -> int:
    if accept == JSON:
        document = json.loads(body)
        if "boolean" in document:
            return int(document["boolean"])
        return len(document["results"]["bindings"])
    if accept == NTRIPLES:
        return sum(1 for line in body.splitlines() if line.strip())
    if accept == CSV:  # quoted fields may span lines, so count records, not lines
        return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1
    raise ValueError(f"no result counter for {accept}")


# ── the server process ─────────────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class Server:
    base: str
    pid: int
    log: Path


_ANNOUNCE = re.compile(r"serving .* at (http://\S+?)/? ")


@contextmanager
def serve(graph: Path, log: Path, timeout: float = 30.0, workers: int = 2,
          startup: float = 60.0, extra: Sequence[str] = ()) -> Iterator[Server]:
    """`kg serve` on port 0 of loopback; the port is read from its announcement, so there is no
    window in which another process could take a port picked in advance."""
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--graph", str(graph), "--host", "127.0.0.1",
             "--port", "0", "--timeout", str(timeout), "--workers", str(workers), *extra],
            cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)  # its own process group: one killpg reaches the workers too
    try:
        deadline = time.monotonic() + startup
        base = None
        while base is None:
            if process.poll() is not None:
                raise RuntimeError(f"kg serve exited {process.returncode}: {log.read_text()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"kg serve did not announce itself within {startup:g} s: {log.read_text()}")
            match = _ANNOUNCE.search(log.read_text())
            base = match.group(1).rstrip("/") if match else None
            if base is None:
                time.sleep(0.05)
        while True:  # announced before uvicorn starts accepting: wait for a real answer
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"kg serve did not answer within {startup:g} s")
            time.sleep(0.05)
        yield Server(base, process.pid, log)
    finally:
        process.send_signal(signal.SIGINT)  # uvicorn's graceful stop; the pool closes its workers
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# ── memory ─────────────────────────────────────────────────────────────────────────────────────

def children(pid: int) -> list[int]:
    # /proc/PID/task/*/children is per thread (workers are started from pool threads) and needs
    # CONFIG_PROC_CHILDREN; every process's parent in /proc/*/stat works on any kernel.
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:  # exited while we looked
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0  # gone, or a zombie (no VmRSS line)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time ``pid`` has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def cpu_split(pid: int) -> dict[str, float]:
    """CPU seconds so far of the server, its workers, and this (the clients') process."""
    return {"server": cpu_seconds(pid), "workers": sum(cpu_seconds(c) for c in children(pid)),
            "clients": time.process_time()}


@dataclass(frozen=True)
class Rss:
    """Resident memory in MB of the server process alone and with its query workers. The sum
    counts pages the processes share twice; it is an upper bound, compared only with itself."""
    server: float
    total: float
    workers: int

    @classmethod
    def of(cls, pid: int) -> Rss:
        kids = children(pid)
        server = rss_kb(pid)
        return cls(server / 1024, (server + sum(rss_kb(c) for c in kids)) / 1024, len(kids))


class RssSampler:
    """Samples ``Rss.of(pid)`` every ``interval`` seconds on the running event loop."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid = pid
        self.interval = interval
        self.samples: list[Rss] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            self.samples.append(Rss.of(self.pid))
            await asyncio.sleep(self.interval)

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        assert self._task is not None
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass
        self.samples.append(Rss.of(self.pid))

    def peak(self) -> Rss:
        return Rss(max(s.server for s in self.samples), max(s.total for s in self.samples),
                   max(s.workers for s in self.samples))


# ── the clients ────────────────────────────────────────────────────────────────────────────────

async def ask(client: httpx.AsyncClient, query: Query) -> Outcome:
    headers = {"Accept": query.accept}
    started = time.perf_counter()
    try:
        if query.method == "GET":
            response = await client.get("/sparql", params={"query": query.text}, headers=headers)
        elif query.method == "POST-form":
            response = await client.post("/sparql", data={"query": query.text}, headers=headers)
        else:
            response = await client.post("/sparql", content=query.text.encode("utf-8"),
                                         headers={**headers, "Content-Type": "application/sparql-query"})
    except httpx.HTTPError as exc:
        return Outcome(query.name, 0, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        return Outcome(query.name, response.status_code, seconds, response.text.strip()[:200])
    try:
        got = result_count(query.accept, response.content)
    except (ValueError, KeyError) as exc:
        return Outcome(query.name, 200, seconds, f"unreadable answer: {exc}")
    error = None if got == query.expected else f"{got} results, expected {query.expected}"
    return Outcome(query.name, 200, seconds, error)


@dataclass
class Run:
    outcomes: list[Outcome]
    wall: float
    clients: int
    peak_in_flight: int  # requests sent and not yet answered, at most: proof of the concurrency

    def seconds(self) -> list[float]:
        return [o.seconds for o in self.outcomes]

    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error is not None]

    def throughput(self) -> float:
        return len(self.outcomes) / self.wall


async def fire(base: str, requests: Sequence[Query], clients: int, timeout: float = 120.0) -> Run:
    """Send ``requests`` from ``clients`` concurrent clients, each taking the next request as
    soon as its previous one is answered (a closed loop, so ``clients`` are always in flight)."""
    queue = iter(enumerate(requests))  # shared: the event loop is one thread, so next() is safe
    outcomes: list[Outcome | None] = [None] * len(requests)
    in_flight = peak = 0
    # Each client connects before the clock starts: the run measures queries, not TCP set-up.
    sessions = [httpx.AsyncClient(base_url=base, timeout=timeout, limits=httpx.Limits(max_connections=1))
                for _ in range(clients)]
    try:
        await asyncio.gather(*(s.get("/sparql", params={"query": "ASK {}"}) for s in sessions))

        async def client(session: httpx.AsyncClient) -> None:
            nonlocal in_flight, peak
            for index, query in queue:
                in_flight += 1
                peak = max(peak, in_flight)
                outcomes[index] = await ask(session, query)
                in_flight -= 1

        started = time.perf_counter()
        await asyncio.gather(*(client(s) for s in sessions))
        wall = time.perf_counter() - started
    finally:
        await asyncio.gather(*(s.aclose() for s in sessions))
    return Run([o for o in outcomes if o is not None], wall, clients, peak)


# ── the scenarios ──────────────────────────────────────────────────────────────────────────────

def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: a latency some request really had, not an interpolation."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


@dataclass
class LoadReport:
    queries: list[Query]
    serial: Run  # one client, every query ``serial_rounds`` times: the same-run baseline
    warmup: Run
    load: Run
    rss_idle: Rss  # the server started, no query answered yet
    rss_warm: Rss  # after the baseline and a concurrent warm-up
    rss_peak: Rss  # during the measured load
    rss_end: Rss  # after it
    per_query_serial: dict[str, float] = field(default_factory=dict)
    per_query_load: dict[str, float] = field(default_factory=dict)
    cpu_load: dict[str, float] = field(default_factory=dict)  # CPU seconds used during the load, by whom


def _medians(run: Run) -> dict[str, float]:
    by_name: dict[str, list[float]] = {}
    for outcome in run.outcomes:
        by_name.setdefault(outcome.name, []).append(outcome.seconds)
    return {name: statistics.median(times) for name, times in by_name.items()}


async def load_test(server: Server, queries: Sequence[Query], clients: int = 50, total: int = 2000,
                    serial_rounds: int = 5, warmup: int = 200) -> LoadReport:
    """The issue's load test: a serial baseline, a concurrent warm-up, then ``total`` requests
    from ``clients`` concurrent clients, with the server's memory sampled throughout."""
    rss_idle = Rss.of(server.pid)
    serial = await fire(server.base, [q for _ in range(serial_rounds) for q in queries], 1)
    # The warm-up runs at full concurrency, so buffers and allocator arenas sized by the number
    # of requests in flight are grown before the "warm" reading, not counted as growth during
    # the load.
    warm = await fire(server.base, plan(queries, warmup, seed=1), clients)
    rss_warm = Rss.of(server.pid)
    sampler = RssSampler(server.pid)
    sampler.start()
    cpu_before = cpu_split(server.pid)
    load = await fire(server.base, plan(queries, total), clients)
    cpu_after = cpu_split(server.pid)
    await sampler.stop()
    return LoadReport(list(queries), serial, warm, load, rss_idle, rss_warm, sampler.peak(), Rss.of(server.pid),
                      _medians(serial), _medians(load), {k: cpu_after[k] - cpu_before[k] for k in cpu_after})


@dataclass
class SlowReport:
    slow_status: int
    slow_seconds: float
    slow_body: str
    quick: Run
    quick_done_before_slow: bool  # every quick answer came while the slow query still ran
    workers_after: int  # worker processes once the timed-out one has been replaced
    after: Run  # a few queries then


async def slow_query_test(server: Server, queries: Sequence[Query], clients: int = 20, total: int = 200,
                          head_start: float = 0.5, workers: int = 2, respawn: float = 30.0) -> SlowReport:
    """A query that runs into the time limit, and quick queries from other clients meanwhile."""
    async with httpx.AsyncClient(base_url=server.base, timeout=120) as client:
        started = time.perf_counter()
        slow = asyncio.ensure_future(client.get("/sparql", params={"query": ENDLESS}))
        await asyncio.sleep(head_start)  # by now it is running in a worker
        assert not slow.done(), "the endless query returned at once: it did not reach a worker"
        quick = await fire(server.base, plan(queries, total, seed=2), clients)
        quick_done_before_slow = not slow.done()
        response = await slow
        slow_seconds = time.perf_counter() - started
    # The killed worker's replacement is started in the background; give it time to appear, so
    # the queries after run on a full pool again.
    deadline = time.monotonic() + respawn
    while Rss.of(server.pid).workers < workers and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    workers_after = Rss.of(server.pid).workers
    after = await fire(server.base, list(queries) * 2, clients=workers)
    return SlowReport(response.status_code, slow_seconds, response.text.strip(), quick, quick_done_before_slow,
                      workers_after, after)


def alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting to be reaped is not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
