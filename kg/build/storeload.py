"""The build's embedded store loaded from the statements in memory, on a thread of its own, while
the graph files are written.

Loading the store was the largest serial step of a 10,000-document build: the whole kg.trig
parsed again once written, its quads made into Python objects a chunk at a time and handed to
Oxigraph. Here the store gets the N-Quads text of the statements the build holds anyway, in
chunks that Oxigraph's bulk loader parses itself; it runs without the GIL, so on two cores the
load overlaps the Python writers of kg.ttl and kg.trig instead of following them. The store
then holds the statements kg.trig was written from, the same quads a load of the file gives
(tests/build/test_storeload.py compares the two stores).

Loaded into a temporary folder, optimised, and renamed into place only by ``finish``, once the
graph file it describes is written and named in its manifest: a reader never opens a half-loaded
store, and a build that fails before ``finish`` leaves the old store (whose manifest then shows it
stale) and no temporary folder.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.build.quads import DEFAULT_GRAPH, QuadSet
from kg.rdf.store import store_path, write_manifest

# Statements per call of Oxigraph's bulk loader, which holds what one call gives it in memory
# (kg.rdf.store.LOAD_CHUNK); smaller here, as the statements themselves are still in memory.
CHUNK = 50_000


def _chunks(quads: QuadSet) -> Iterator[bytes]:
    """All statements of ``quads`` as N-Quads, ``CHUNK`` lines at a time (any order: a store has none)."""
    lines: list[str] = []
    for name, statements in quads.graphs.items():
        suffix = " .\n" if name == DEFAULT_GRAPH else f" <{name}> .\n"
        for statement in statements:
            lines.append(statement + suffix)
            if len(lines) >= CHUNK:
                yield "".join(lines).encode("utf-8")
                lines.clear()
    if lines:
        yield "".join(lines).encode("utf-8")


class BackgroundLoad:
    """Loads ``quads`` into a new store for ``graph`` (``kg.rdf.store.store_path``), started at
    once; ``finish`` waits for it and puts it in place. ``quads`` must not change meanwhile."""

    def __init__(self, graph: Path, quads: QuadSet) -> None:
        self.graph = Path(graph)
        self.final = store_path(self.graph)
        self.tmp = self.final.parent / f".{self.final.name}.building-{os.getpid()}"
        self._size = 0
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, args=(quads,), name="store-load", daemon=True)
        self._thread.start()

    def _load(self, quads: QuadSet) -> None:
        try:
            shutil.rmtree(self.tmp, ignore_errors=True)
            store = ox.Store(str(self.tmp))
            for chunk in _chunks(quads):
                store.bulk_load(input=chunk, format=ox.RdfFormat.N_QUADS)
            store.flush()
            # Bulk loading leaves many small SST files; compacted once here, as kg.rdf.store does.
            store.optimize()
            self._size = len(store)
            del store  # closes RocksDB before the folder is renamed
        except BaseException as exc:  # handed to the thread that calls finish
            self._error = exc

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
        self.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)
