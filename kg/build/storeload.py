"""The build's embedded store loaded from the statements in memory, on a thread of its own, while
the graph is assembled and its files are written.

Loading the store was the largest serial step of a 10,000-document build: the whole kg.trig
parsed again once written, its quads made into Python objects a chunk at a time and handed to
Oxigraph. Here the store gets the N-Quads text of the statements the build holds anyway, in
chunks that Oxigraph's bulk loader parses itself, each document's named graph as soon as it is
assembled; the loader runs without the GIL, so on two cores the load overlaps assembling the
graph and the Python writers of kg.ttl and kg.trig instead of following them. The store
then holds the statements kg.trig was written from, the same quads a load of the file gives
(tests/build/test_storeload.py compares the two stores).

Loaded into a temporary folder, optimised, and renamed into place only by ``finish``, once the
graph file it describes is written and named in its manifest: a reader never opens a half-loaded
store, and a build that fails before ``finish`` leaves the old store (whose manifest then shows it
stale) and no temporary folder.
"""

from __future__ import annotations

import itertools
import os
import queue
import shutil
import threading
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.build.quads import DEFAULT_GRAPH, QuadSet
from kg.rdf.store import store_path, write_manifest

# Statements per call of Oxigraph's bulk loader, which holds what one call gives it in memory
# (kg.rdf.store.LOAD_CHUNK); small here, as the whole graph is still in memory beside it. Each
# call adds its own sorted files to RocksDB, which merges them in the background: most of the
# loader's CPU at 10,000 documents (2.9M quads) was that merging, so fewer, larger calls cost
# less. 10,000 documents, whole build: 10,000 a call 161 CPU-s, peak 1.30 GB; 50,000: 148 CPU-s,
# 1.39 GB; 100,000: 145 CPU-s, 1.46 GB (issue-17z; the build's main process no longer holds the
# facts, which made the room: at 1.44 GB before, 50,000 had raised its peak to 1.58 GB).
CHUNK = 50_000


Graphs = Iterable[tuple[str, Collection[str]]]


def _chunks(graphs: Iterable[Graphs]) -> Iterator[bytes]:
    """The graphs' statements as N-Quads, ``CHUNK`` lines at a time (any order: a store has none)."""
    lines: list[str] = []
    for batch in graphs:
        for name, statements in batch:
            suffix = " .\n" if name == DEFAULT_GRAPH else f" <{name}> .\n"
            for statement in statements:
                lines.append(statement + suffix)
                if len(lines) >= CHUNK:
                    yield "".join(lines).encode("utf-8")
                    lines.clear()
    if lines:
        yield "".join(lines).encode("utf-8")


class BackgroundLoad:
    """Loads graphs into a new store for ``graph`` (``kg.rdf.store.store_path``) as they are
    handed over: named graphs one by one while the build assembles them (``add``), then the rest
    (``add_rest``); ``finish`` waits for the load and puts the store in place. Graphs handed over
    must not change after."""

    def __init__(self, graph: Path) -> None:
        self.graph = Path(graph)
        self.final = store_path(self.graph)
        self.tmp = self.final.parent / f".{self.final.name}.building-{os.getpid()}"
        self._size = 0
        self._error: BaseException | None = None
        self._added: set[str] = set()
        self._ended = False  # the load has taken the last graph
        self._cancelled = False
        self._queue: queue.SimpleQueue[Graphs | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._load, name="store-load", daemon=True)
        self._thread.start()

    def add(self, name: str, statements: Collection[str]) -> None:
        """A named graph, complete."""
        self._added.add(name)
        self._queue.put([(name, statements)])

    def add_rest(self, quads: QuadSet) -> None:
        """Every graph of ``quads`` not added yet; nothing may be added after."""
        quads.load_deferred()
        self._queue.put([(name, s) for name, s in quads.graphs.items() if name not in self._added])
        self._queue.put(None)

    def _batches(self) -> Iterator[Graphs]:
        while (batch := self._queue.get()) is not None:
            yield batch
        self._ended = True

    def _load(self) -> None:
        try:
            chunks = _chunks(self._batches())
            first = next(chunks, None)
            if first is None and self._cancelled:
                return  # nothing made: a build refused before assembly leaves no folder
            self.tmp.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(self.tmp, ignore_errors=True)
            store = ox.Store(str(self.tmp))
            for chunk in itertools.chain([first] if first is not None else [], chunks):
                if self._cancelled:  # the build failed: stop here rather than load the rest
                    return
                store.bulk_load(input=chunk, format=ox.RdfFormat.N_QUADS)
            store.flush()
            # Bulk loading leaves many small SST files; compacted once here, as kg.rdf.store does.
            store.optimize()
            self._size = len(store)
            del store  # closes RocksDB before the folder is renamed
        except BaseException as exc:  # handed to the thread that calls finish
            self._error = exc
            while not self._ended and self._queue.get() is not None:  # the builder may go on handing graphs over
                pass

    def wait(self) -> None:
        """Until the load no longer reads ``quads``: they may change after."""
        self._thread.join()

    def finish(self) -> Path:
        """The store in place, once ``graph`` is written; raises what the load raised."""
        self.wait()
        old = self.final.parent / f".{self.final.name}.old-{os.getpid()}"
        try:
            if self._error is not None:
                raise self._error
            write_manifest(self.tmp, self.graph, self._size)
            if self.final.exists():
                os.rename(self.final, old)
            os.rename(self.tmp, self.final)
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)
            shutil.rmtree(old, ignore_errors=True)
        return self.final

    def cancel(self) -> None:
        """The build failed before the graph was written: no store, no temporary folder."""
        self._cancelled = True
        self._queue.put(None)  # ends the load wherever it is
        self.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)
