"""A `kg serve` worker is ready as soon as it has opened the build's embedded store, and answers
from its in-memory copy once that is loaded (kg.serve.workers.LiveStore): the same answers
throughout, and a graph with no store of its own is loaded before the worker is ready."""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.rdf.store import write_store
from kg.serve.workers import LiveStore

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
TRIPLES = 150_000  # enough that the in-memory load takes far longer than opening the store


def count(live: LiveStore) -> int:
    return int(next(iter(live.store.query(COUNT)))["n"].value)


def test_a_worker_answers_from_the_store_while_it_loads_its_memory_copy(tmp_path: Path) -> None:
    graph = tmp_path / "kg.trig"
    with graph.open("w", encoding="utf-8") as handle:
        handle.write("<urn:x:graph> {\n")
        handle.writelines(f'<urn:x:s{i // 10}> <urn:x:p{i % 10}> "value {i}" .\n' for i in range(TRIPLES))
        handle.write("}\n")
    write_store(graph)
    live = LiveStore(graph)
    assert not live.in_memory.is_set()  # ready before the load is done…
    assert count(live) == TRIPLES  # …answering from the on-disk store
    assert live.in_memory.wait(120)
    assert count(live) == TRIPLES


def test_a_file_without_a_store_is_in_memory_when_the_worker_is_ready(built_dir: Path, tmp_path: Path) -> None:
    shutil.copy2(built_dir / "kg.ttl", tmp_path / "kg.ttl")
    live = LiveStore(tmp_path / "kg.ttl")
    assert live.in_memory.is_set()
    assert count(live) == 0  # Turtle: every triple is in the default graph
    stale = tmp_path / "build"
    stale.mkdir()
    shutil.copy2(built_dir / "kg.trig", stale / "kg.trig")
    shutil.copytree(built_dir / "kg.oxigraph", stale / "kg.oxigraph")
    with (stale / "kg.trig").open("a", encoding="utf-8") as handle:
        handle.write('\n<urn:x:g> { <urn:x:s> <urn:x:p> "added" . }\n')
    before = count(LiveStore(built_dir / "kg.trig"))
    live = LiveStore(stale / "kg.trig")  # a stale store is not opened: the file is what is served
    assert live.in_memory.is_set() and count(live) == before + 1
