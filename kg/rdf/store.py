"""Open a built graph as a pyoxigraph Store: the build's embedded store, or a file parsed by
Oxigraph's own (Rust) parser.

`kg build` writes ``kg.oxigraph/`` (RocksDB) beside ``kg.trig``: every reading command opens it
in milliseconds instead of parsing the file again (seconds and a gigabyte at a few thousand
documents). The store carries a manifest naming the file it was loaded from, with the file's
size, mtime and sha256 and the store's format; it is written last, so a store without one is
an interrupted write. A store that does not match its file (a build interrupted between the
two, a hand-edited file, an older format) is rebuilt before it is read, never half-read; a file
with no store of its own (a TriG from elsewhere, ``kg.ttl``) is parsed into memory.

The older opt-in copy (``--cached-store``: ``.kg.trig.oxigraph/<sha256>``) stays for files that
are not a build's output.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox

from kg.errors import GraphNotBuiltError, InputError

_COMPLETE = "COMPLETE"  # written last: a folder without it is a half-built cache

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a graph file, from its suffix; refuses a missing file or unknown suffix."""
    path = Path(path)
    if not path.exists():
        raise GraphNotBuiltError(f"{path}: no built graph here; run `kg build` first or pass --graph")
    fmt = RDF_FORMATS.get(path.suffix)
    if fmt is None:
        raise InputError(f"{path}: unknown graph format (use {', '.join(RDF_FORMATS)})")
    return fmt


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _load_into(store: ox.Store, path: Path, fmt: ox.RdfFormat) -> None:
    try:
        store.bulk_load(path=str(path), format=fmt)
    except SyntaxError as exc:  # Oxigraph reports the line and column of the first error
        raise InputError(f"{path}: not valid {fmt.name}: {exc}") from exc


# Quads per call of the on-disk loader. Oxigraph's bulk loader holds what one call gives it in
# memory: 3.1M quads in one call peaked at 1.9 GB, in calls of 250,000 at 0.46 GB and of
# 100,000 at 0.2 GB (benchmarks/results/build.md).
LOAD_CHUNK = 100_000


def _load_bounded(store: ox.Store, path: Path, fmt: ox.RdfFormat) -> None:
    """``_load_into`` with bounded memory: the file parsed as a stream, loaded a chunk at a time."""
    quads = ox.parse(path=str(path), format=fmt)
    # Millions of short-lived quad objects, none in a cycle: each full collection they triggered
    # walked the whole heap again (loading 300k quads beside 3M live objects: 2.7 s and 3 full
    # collections, 0.4 s and none with the collector off).
    collecting = gc.isenabled()
    gc.disable()
    try:
        while batch := list(itertools.islice(quads, LOAD_CHUNK)):
            store.bulk_extend(batch)
    except SyntaxError as exc:
        raise InputError(f"{path}: not valid {fmt.name}: {exc}") from exc
    finally:
        if collecting:
            gc.enable()


def load_memory(path: Path) -> ox.Store:
    """Parse the file into a fresh in-memory store."""
    path = Path(path)
    fmt = rdf_format(path)
    store = ox.Store()
    _load_into(store, path, fmt)
    return store


def cache_root(path: Path) -> Path:
    """The folder that holds the persistent copies of ``path`` (hidden, beside it)."""
    path = Path(path)
    return path.parent / f".{path.name}.oxigraph"


def ensure_cache(path: Path, root: Path | None = None) -> Path:
    """The folder of an up-to-date persistent store of ``path``, built if needed.

    Built in a temporary folder and renamed into place only once complete, so a crash or a
    concurrent build never leaves a half-written store where a reader would open it.
    Raises OSError when the folder cannot be written.
    """
    path = Path(path)
    fmt = rdf_format(path)
    root = Path(root) if root is not None else cache_root(path)
    final = root / file_sha256(path)
    if (final / _COMPLETE).exists():
        return final
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".building-{final.name[:16]}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        store = ox.Store(str(tmp))
        _load_bounded(store, path, fmt)
        store.flush()
        del store  # closes RocksDB before the folder is renamed
        (tmp / _COMPLETE).write_text(str(path.resolve()) + "\n", encoding="utf-8")
        try:
            os.rename(tmp, final)
        except OSError:
            if not (final / _COMPLETE).exists():  # not another process winning the race
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    # Copies of earlier versions of the file are stale for ever: drop them.
    for other in root.iterdir():
        if other != final and not other.name.startswith(".building-"):
            shutil.rmtree(other, ignore_errors=True)
    return final


def open_store(path: Path, cache: bool = False) -> ox.Store:
    """A store with the contents of ``path``: parsed into memory, or with ``cache`` a read-only
    persistent copy. A cache that cannot be written (read-only folder, full disk) falls back to
    memory rather than failing the query."""
    path = Path(path)
    rdf_format(path)
    if cache:
        try:
            return ox.Store.read_only(str(ensure_cache(path)))
        except OSError:
            pass
    return load_memory(path)


# ── the build's embedded store ────────────────────────────────────────────────────────────────

STORE_SUFFIX = ".oxigraph"
MANIFEST = "kg-store.json"  # written last: a store folder without it is an interrupted write
# Raised when what a store holds, or how, changes: older stores are then rebuilt, never read.
STORE_FORMAT = 1


def store_path(graph: Path) -> Path:
    """Where the embedded store of ``graph`` lives: ``build/kg.trig`` → ``build/kg.oxigraph``."""
    return Path(graph).with_suffix(STORE_SUFFIX)


def _stamp(graph: Path) -> dict[str, object]:
    stat = graph.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def read_manifest(folder: Path) -> dict[str, object] | None:
    try:
        data = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _current(manifest: dict[str, object]) -> bool:
    return manifest.get("format") == STORE_FORMAT and manifest.get("pyoxigraph") == ox.__version__


def store_state(graph: Path) -> str:
    """``fresh`` (open it), ``stale`` (rebuild it: its file changed, its write was interrupted or
    its format is older), ``foreign`` (it was loaded from another file: parse this one) or
    ``none``."""
    graph, folder = Path(graph), store_path(graph)
    if not folder.is_dir():
        return "none"
    manifest = read_manifest(folder)
    if manifest is None:
        return "stale"
    if manifest.get("source") != graph.name:
        return "foreign"
    if not _current(manifest):
        return "stale"
    if {k: manifest.get(k) for k in ("size", "mtime_ns")} == _stamp(graph):
        return "fresh"
    # Same bytes under a new mtime (copied, touched) need no rebuild; the hash decides.
    if manifest.get("size") == graph.stat().st_size and manifest.get("sha256") == file_sha256(graph):
        return "fresh"
    return "stale"


def write_manifest(folder: Path, graph: Path, quads: int, stamp: dict[str, object] | None = None,
                   sha256: str | None = None) -> None:
    """The store in ``folder`` holds ``graph`` (``quads`` quads): written last, once it does."""
    manifest = {"format": STORE_FORMAT, "pyoxigraph": ox.__version__, "source": graph.name,
                "sha256": sha256 or file_sha256(graph), "quads": quads, **(stamp or _stamp(graph))}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def write_store(graph: Path) -> Path:
    """Bulk-load ``graph`` into its embedded store, replacing any older one.

    Loaded into a temporary folder and renamed into place once its manifest is written, so a
    reader never opens a half-loaded store (an interrupted write leaves the old store, which its
    manifest then shows to be stale). Raises OSError when the folder cannot be written.
    """
    graph = Path(graph)
    fmt = rdf_format(graph)
    final = store_path(graph)
    stamp = _stamp(graph)
    tmp = final.parent / f".{final.name}.building-{os.getpid()}"
    old = final.parent / f".{final.name}.old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        store = ox.Store(str(tmp))
        _load_bounded(store, graph, fmt)
        store.flush()
        # Bulk loading leaves many small SST files; compacting them once here makes every later
        # lookup cheaper (benchmarks/results/store.md).
        store.optimize()
        quads = len(store)
        del store  # closes RocksDB before the folder is renamed
        write_manifest(tmp, graph, quads, stamp)
        if final.exists():
            os.rename(final, old)
        os.rename(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return final


def ensure_store(graph: Path) -> Path | None:
    """The folder of an up-to-date embedded store of ``graph``: the existing one, or rebuilt when
    stale. None when ``graph`` has none of its own or it cannot be rebuilt here (read-only
    folder): the caller parses the file."""
    state = store_state(graph)
    if state == "fresh":
        return store_path(graph)
    if state == "stale":
        try:
            return write_store(graph)
        except OSError:
            return None
    return None


def open_read_only(folder: Path) -> ox.Store:
    try:
        return ox.Store.read_only(str(folder))
    except OSError as exc:
        raise InputError(f"{folder}: cannot open the graph store: {exc}") from exc


def open_graph(path: Path, cache: bool = False) -> ox.Store:
    """The built graph at ``path`` as a store, by the cheapest correct route.

    ``path`` may be a store folder (``build/kg.oxigraph``), a build folder, or a graph file; a
    file is answered from its embedded store when it has one (rebuilt first if stale), else
    parsed into memory (``cache``: the older persistent copy, see ``open_store``).
    """
    path = Path(path)
    if path.is_dir():
        if read_manifest(path) is not None:
            return open_read_only(path)
        if (path / "kg.trig").exists():
            path = path / "kg.trig"
    rdf_format(path)
    folder = ensure_store(path)
    if folder is not None:
        return open_read_only(folder)
    return open_store(path, cache=cache)


def fresh_store(path: Path) -> Path | None:
    """The folder of an up-to-date embedded store behind ``path`` (a store folder, a build folder
    or a graph file), or None when there is none to open as it is (no store, or a stale one)."""
    path = Path(path)
    if path.is_dir():
        if read_manifest(path) is not None:
            return path
        path = path / "kg.trig"
    return store_path(path) if path.exists() and store_state(path) == "fresh" else None


def graph_source(path: Path) -> Path:
    """The graph file behind ``path`` (a store folder names it in its manifest), for the
    commands that still read the file itself."""
    path = Path(path)
    if path.is_dir():
        manifest = read_manifest(path)
        if manifest is not None:
            return path.parent / str(manifest["source"])
        return path / "kg.trig"
    return path
