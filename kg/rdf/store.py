"""Open a built graph file as a pyoxigraph Store, parsed by Oxigraph's own (Rust) parser.

rdflib's Turtle/TriG parser runs at well under 1 MB/s; a 1M-triple graph would take minutes to
load before the first query. Oxigraph parses the same file into memory in about 2.5 s.

A persistent store (RocksDB) kept next to the graph opens in milliseconds instead, but measured
on our graphs its joins and scans run 5-10 times slower than the in-memory store's
(benchmarks/results/query.md), so it is opt-in (`kg query --cached-store`): worth it for
lookups on a large graph, not for analysis. The copy is keyed by the file's sha256, so a rebuilt
graph is never answered from a stale copy.
"""

from __future__ import annotations

import hashlib
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
        _load_into(store, path, fmt)
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
