"""Load a built graph back: TriG keeps the per-document named graphs."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from . import terms as T
from .errors import GraphNotBuiltError, InputError
from .serialize import union_graph

DEFAULT_GRAPH_PATH = Path("build") / "kg.trig"


def load_dataset(path: Path | None = None) -> Dataset:
    path = Path(path or DEFAULT_GRAPH_PATH)
    if not path.exists():
        raise GraphNotBuiltError(f"{path}: no built graph here; run `kg build` first or pass --graph")
    fmt = {".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld"}.get(path.suffix)
    if fmt is None:
        raise InputError(f"{path}: unknown graph format (use .trig, .ttl, .nt, .nq or .jsonld)")
    dataset = Dataset(default_union=True)
    for prefix, namespace in T.PREFIXES.items():
        dataset.bind(prefix, namespace, override=True)
    try:
        dataset.parse(path, format=fmt)
    except Exception as exc:  # parser errors have many types; all mean the file is not valid RDF
        raise InputError(f"{path}: not valid {fmt}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from exc
    return dataset


def load_union(path: Path | None = None) -> Graph:
    return union_graph(load_dataset(path))
