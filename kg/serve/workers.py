"""Query worker processes for ``kg serve``: each answers from its own in-memory Oxigraph copy of
the graph (from the on-disk store until that copy is loaded, see ``LiveStore``), one request at a
time; a request that runs past its time limit gets its worker killed and replaced.

Why processes: a SPARQL query runs inside Oxigraph's Rust code and cannot be interrupted from
Python, so a thread would keep burning a core after its client gave up. Killing a process always
works. Why in memory: Oxigraph's persistent (RocksDB) store opens faster, but runs our joins
several times slower (benchmarks/results/store.md), so it only bridges the load.

The two halves talk over a socket pair with multiprocessing's framed ``Connection`` (message
boundaries and ``poll(timeout)``): a JSON request in, a JSON header and a body out. The worker is
started as ``python -m kg.serve.workers FD GRAPH`` rather than with multiprocessing's spawn, which
would re-run the parent's ``__main__`` (the CLI itself).
"""

from __future__ import annotations

import asyncio
import collections
import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.serve.conneg import DATASET_TYPES, GRAPH_ALIASES, GRAPH_TYPES, SOLUTION_ALIASES, SOLUTION_TYPES, choose
from kg.errors import NetworkError, QueryError
from kg.query.guard import QueryTooDeep, check_query, names_dataset, unknown_prefix

STARTUP_SECONDS = 60.0
_TEXT = "text/plain; charset=utf-8"


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes

    @classmethod
    def text(cls, status: int, message: str) -> Reply:
        return cls(status, _TEXT, (message.rstrip("\n") + "\n").encode("utf-8"))


# ── the worker side ────────────────────────────────────────────────────────────────────────────

class _CappedBuffer(io.RawIOBase):
    """Collects serialised output and fails the write that would pass ``limit`` bytes: the
    serialiser pulls results lazily, so an oversized answer stops being computed right there."""

    def __init__(self, limit: int) -> None:
        self.data = bytearray()
        self.limit = limit
        self.overflowed = False

    def writable(self) -> bool:
        return True

    def write(self, chunk: Any) -> int:
        if len(self.data) + len(chunk) > self.limit:
            self.overflowed = True
            raise OSError("result size limit reached")
        self.data += chunk
        return len(chunk)


def _media_header(media: str) -> str:
    textual = media.startswith("text/") or media.endswith(("json", "xml", "trig", "n-triples", "n-quads"))
    return f"{media}; charset=utf-8" if textual else media


def _serialise(write: Any, media: str, limit: int) -> Reply:
    buffer = _CappedBuffer(limit)
    try:
        write(buffer)
    except OSError:
        if not buffer.overflowed:
            raise
        return Reply.text(507, f"the result is larger than this endpoint's limit of {limit // 1_000_000} MB; "
                               "narrow the query or add LIMIT")
    return Reply(200, _media_header(media), bytes(buffer.data))


def dataset_options(text: str, default_graphs: list[str], named_graphs: list[str]) -> dict[str, Any]:
    """The RDF dataset of one request, by the SPARQL 1.1 Protocol (§2.1.4) and Query (§13.2):
    default-graph-uri / named-graph-uri win over the query's FROM / FROM NAMED, and either one
    alone leaves the other part of the dataset empty; a query that names no dataset at all sees
    our default: every named graph as the default graph."""
    if default_graphs or named_graphs:
        return {"default_graph": [ox.NamedNode(g) for g in default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in named_graphs]}
    if names_dataset(text):
        return {}  # Oxigraph applies the query's own FROM / FROM NAMED
    return {"use_default_graph_as_union": True}


def _syntax_message(text: str, message: str, known: list[str]) -> str:
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if match:
        undeclared = unknown_prefix(text, match.group(3), int(match.group(1)), int(match.group(2)), known)
        if undeclared:
            return undeclared
        # The parser lists every character range it would have accepted; the first line says enough.
        return f"malformed query at line {match.group(1)}, column {match.group(2)}: " + match.group(3).splitlines()[0]
    return f"malformed query: {message}"


def run_query(store: ox.Store, request: dict[str, Any]) -> Reply:
    text = request["query"]
    try:
        check_query(text)
    except QueryTooDeep as exc:
        return Reply.text(400, str(exc))
    except QueryError as exc:
        return Reply.text(403, str(exc))
    prefixes = request.get("prefixes") or {}
    options: dict[str, Any] = {"prefixes": prefixes or None, "base_iri": request.get("base")}
    try:
        options.update(dataset_options(text, request.get("default_graphs") or [], request.get("named_graphs") or []))
    except ValueError as exc:
        return Reply.text(400, f"bad graph IRI: {exc}")
    try:
        answer = store.query(text, **options)
    except SyntaxError as exc:
        return Reply.text(400, _syntax_message(text, str(exc), list(prefixes)))
    except (ValueError, RuntimeError) as exc:
        return Reply.text(400, f"query refused: {exc}")
    graph = isinstance(answer, ox.QueryTriples)
    offered: dict[str, Any] = GRAPH_TYPES if graph else SOLUTION_TYPES
    media = choose(request.get("formats") or [], request.get("accept"), list(offered),
                   GRAPH_ALIASES if graph else SOLUTION_ALIASES)
    if media is None:
        return Reply.text(406, "none of the accepted media types fits this result; it is available as "
                               + ", ".join(offered))
    fmt = offered[media]
    if fmt == ox.RdfFormat.TURTLE and prefixes:
        return _serialise(lambda out: ox.serialize(answer, out, fmt, prefixes=prefixes), media, request["max_bytes"])
    return _serialise(lambda out: answer.serialize(out, fmt), media, request["max_bytes"])


def read_graph(store: ox.Store, request: dict[str, Any]) -> Reply:
    """SPARQL 1.1 Graph Store Protocol, read side: one graph, the default graph, or all."""
    which = request.get("graph")
    if which == "*":
        media = choose(request.get("formats") or [], request.get("accept"), list(DATASET_TYPES), GRAPH_ALIASES)
        if media is None:
            return Reply.text(406, "the whole dataset is available as " + ", ".join(DATASET_TYPES))
        quads = store.quads_for_pattern(None, None, None, None)
        return _serialise(lambda out: ox.serialize(quads, out, DATASET_TYPES[media],
                                                   prefixes=request.get("prefixes") or None),
                          media, request["max_bytes"])
    if which == "default":
        graph: Any = ox.DefaultGraph()
    else:
        try:
            graph = ox.NamedNode(which)
        except ValueError as exc:
            return Reply.text(400, f"bad graph IRI: {exc}")
        if not store.contains_named_graph(graph):
            return Reply.text(404, f"no graph <{which}> in this dataset")
    media = choose(request.get("formats") or [], request.get("accept"), list(GRAPH_TYPES), GRAPH_ALIASES)
    if media is None:
        return Reply.text(406, "a graph is available as " + ", ".join(GRAPH_TYPES))
    fmt = GRAPH_TYPES[media]
    triples = (quad.triple for quad in store.quads_for_pattern(None, None, None, graph))
    extra = {"prefixes": request["prefixes"]} if request.get("prefixes") and fmt != ox.RdfFormat.N_TRIPLES else {}
    return _serialise(lambda out: ox.serialize(triples, out, fmt, **extra), media, request["max_bytes"])


def handle(store: ox.Store, request: dict[str, Any]) -> Reply:
    try:
        if request.get("op") == "graph":
            return read_graph(store, request)
        return run_query(store, request)
    except Exception as exc:  # a bug or an I/O failure: answer 500 and keep serving
        return Reply.text(500, f"internal error: {type(exc).__name__}: {exc}")


class LiveStore:
    """The store a worker answers from. Queries run several times faster in memory than on the
    on-disk store (benchmarks/results/store.md), but parsing a large graph into memory takes tens
    of seconds: so a worker whose graph has an up-to-date embedded store opens it at once (ready in
    well under a second at any size) and answers from it while a thread loads the in-memory copy
    (Oxigraph releases the GIL while it loads), then answers from memory. Without such a store it
    loads into memory before it is ready, as before."""

    def __init__(self, graph: Path) -> None:
        from kg.rdf.store import fresh_store, graph_source, load_memory, open_read_only

        source = graph_source(graph)
        folder = fresh_store(graph)
        self.in_memory = threading.Event()  # set once queries run on the in-memory copy
        if folder is None:
            self.store: ox.Store = load_memory(source)
            self.in_memory.set()
            return
        self.store = open_read_only(folder)
        threading.Thread(target=self._load, args=(source, load_memory), daemon=True).start()

    def _load(self, source: Path, load_memory: Any) -> None:
        try:
            # Same contents: the store's manifest has just shown it was loaded from this file.
            self.store = load_memory(source)
        except Exception:  # the on-disk store keeps answering: slower, still right
            return
        self.in_memory.set()


def worker_main(fd: int, graph: str) -> None:
    conn = Connection(fd)
    try:
        live = LiveStore(Path(graph))
    except Exception as exc:  # tell the server why, rather than just vanishing
        conn.send_bytes(json.dumps({"ready": False, "error": str(exc)}).encode())
        return
    conn.send_bytes(b'{"ready": true}')
    while True:
        try:
            request = json.loads(conn.recv_bytes())
        except EOFError:  # the server closed its end (or died): nothing more to do
            return
        reply = handle(live.store, request)
        conn.send_bytes(json.dumps({"status": reply.status, "type": reply.content_type}).encode())
        conn.send_bytes(reply.body)


# ── the server side ────────────────────────────────────────────────────────────────────────────

class WorkerTimeout(Exception):
    """The worker was killed: its query ran past the time limit, or past its CPU budget."""

    def __init__(self, over_budget: bool = False) -> None:
        super().__init__()
        self.over_budget = over_budget


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_BUDGET_CHECK_S = 0.05


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) process ``pid`` has used; None where /proc cannot tell."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


class Worker:
    """One worker process and its end of the socket pair."""

    def __init__(self, graph: Path) -> None:
        ours, theirs = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kg.serve.workers", str(theirs.fileno()), str(graph)],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())
        if not self.conn.poll(STARTUP_SECONDS):
            self.kill()
            raise NetworkError(f"a query worker did not start within {STARTUP_SECONDS:g} s")
        try:
            ready = json.loads(self.conn.recv_bytes())
        except EOFError:
            ready = {"ready": False, "error": "it exited"}
        if not ready.get("ready"):
            self.kill()
            raise NetworkError(f"a query worker could not load {graph}: {ready.get('error')}")

    def call(self, request: dict[str, Any], timeout: float, cpu_budget: float | None = None) -> Reply:
        """Send ``request`` and wait for the reply; kill the worker after ``timeout`` seconds, or
        once the query has used ``cpu_budget`` seconds of CPU. CPU time, not wall time, says
        whether a query is long: on a busy machine a quick query can take a second of wall time."""
        self.conn.send_bytes(json.dumps(request).encode())
        started = time.monotonic()
        deadline = started + max(timeout, 0.0)
        start_cpu = cpu_seconds(self.process.pid) if cpu_budget is not None else None
        # Without /proc the budget is counted in wall time, the next best measure.
        budget_end = started + cpu_budget if cpu_budget is not None and start_cpu is None else None
        while True:
            limit = deadline if budget_end is None else min(deadline, budget_end)
            wait = max(limit - time.monotonic(), 0.0)
            if self.conn.poll(wait if start_cpu is None else min(wait, _BUDGET_CHECK_S)):
                break
            now = time.monotonic()
            if now >= deadline:
                self.kill()
                raise WorkerTimeout()
            used = cpu_seconds(self.process.pid) if start_cpu is not None else None
            if (budget_end is not None and now >= budget_end) or (
                    start_cpu is not None and used is not None and used - start_cpu > (cpu_budget or 0.0)):
                self.kill()
                raise WorkerTimeout(over_budget=True)
        header = json.loads(self.conn.recv_bytes())
        return Reply(header["status"], header["type"], self.conn.recv_bytes())

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.conn.close()

    def close(self) -> None:
        self.conn.close()  # the worker reads end-of-file and returns
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# A query that has used this much CPU time is a long one. With two or more workers, long queries
# may hold all workers but one: the last is kept for short queries, so two slow queries cannot
# make every other client wait for the time limit. The shipped queries use milliseconds of CPU on
# the seed graph (p99 0.24 s of wall time at 50 clients, benchmarks/results/load.md).
SHORT_QUERY_S = 1.0


@dataclass
class _Waiter:
    future: asyncio.Future[tuple[Worker, bool]]  # the worker, and whether it runs without the short budget
    long_only: bool  # the query already ran past the short budget once: it needs a long slot


class WorkerPool:
    """A fixed number of workers; a request waits for an idle one, all within its time limit.

    All but one of the workers may run a query for as long as the time limit allows (a "long
    slot"); the last idle worker runs a query only for ``short_seconds`` of CPU time. A query that
    overruns that budget is stopped and waits, ahead of newer requests, for a long slot, where it
    runs again for what is left of its time limit. With one worker there is nothing to keep back."""

    def __init__(self, graph: Path, size: int, short_seconds: float = SHORT_QUERY_S) -> None:
        self.graph = graph
        self.size = size
        self.short_seconds = short_seconds
        self.long_slots = max(size - 1, 1)
        self.workers: set[Worker] = set()
        self._idle: list[Worker] = []
        self._waiting: collections.deque[_Waiter] = collections.deque()
        self._long_running = 0
        self._spawning: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        # Started side by side: each parses the graph, which takes seconds on a large one.
        with ThreadPoolExecutor(self.size) as pool:
            started = list(pool.map(lambda _: Worker(self.graph), range(self.size)))
        for worker in started:
            self.workers.add(worker)
            self._idle.append(worker)

    def _dispatch(self) -> None:
        """Hand idle workers to waiters in order; a known-long query lets short ones pass while
        every long slot is taken."""
        for waiter in list(self._waiting):
            if not self._idle:
                return
            if waiter.future.done():  # gave up waiting
                self._waiting.remove(waiter)
                continue
            long_slot = self._long_running < self.long_slots
            if waiter.long_only and not long_slot:
                continue
            self._waiting.remove(waiter)
            self._long_running += long_slot
            waiter.future.set_result((self._idle.pop(), long_slot))

    async def _acquire(self, long_only: bool) -> tuple[Worker, bool]:
        waiter = _Waiter(asyncio.get_running_loop().create_future(), long_only)
        # A query sent back after overrunning the short budget has waited longest: it goes first.
        (self._waiting.appendleft if long_only else self._waiting.append)(waiter)
        self._dispatch()
        try:
            return await waiter.future
        except asyncio.CancelledError:
            if waiter.future.done() and not waiter.future.cancelled():
                self._give_back(*waiter.future.result())  # handed over just as the wait ran out
            raise

    def _give_back(self, worker: Worker, long_slot: bool) -> None:
        self._long_running -= long_slot
        self._idle.append(worker)
        self._dispatch()

    async def call(self, request: dict[str, Any], timeout: float) -> Reply:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        long_only = False
        while True:
            try:
                worker, long_slot = await asyncio.wait_for(self._acquire(long_only), deadline - loop.time())
            except asyncio.TimeoutError:
                return Reply.text(503, f"every query worker stayed busy for this endpoint's time limit of "
                                       f"{timeout:g} s; try again later")
            budget = None if long_slot else self.short_seconds
            job = asyncio.ensure_future(asyncio.to_thread(worker.call, request, deadline - loop.time(), budget))
            job.add_done_callback(lambda done, w=worker, s=long_slot: self._release(w, s, done))
            try:
                return await asyncio.shield(job)  # a cancelled request still returns its worker
            except WorkerTimeout as exc:
                if not exc.over_budget:
                    return Reply.text(503, f"the query ran longer than this endpoint's limit of {timeout:g} s")
                long_only = True
            except (EOFError, OSError):
                return Reply.text(500, "the query worker failed; it has been replaced")

    def _release(self, worker: Worker, long_slot: bool, job: asyncio.Future[Reply]) -> None:
        if not job.cancelled() and job.exception() is None:
            self._give_back(worker, long_slot)
            return
        self._long_running -= long_slot
        self.workers.discard(worker)
        if worker.process.poll() is None:
            worker.kill()
        task = asyncio.ensure_future(self._respawn())
        self._spawning.add(task)
        task.add_done_callback(self._spawning.discard)

    async def _respawn(self) -> None:
        worker = await asyncio.to_thread(Worker, self.graph)
        self.workers.add(worker)
        self._give_back(worker, False)

    def close(self) -> None:
        for worker in list(self.workers):
            worker.close()
        self.workers.clear()


if __name__ == "__main__":
    worker_main(int(sys.argv[1]), sys.argv[2])
