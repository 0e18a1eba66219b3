"""The build's store loaded from the statements in memory, beside the writing of kg.trig
(kg.build.storeload), holds exactly what a load of the written kg.trig holds, and a build that
fails before the file is written leaves no half-loaded store behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from kg.build.pipeline import BuildResult
from kg.build.serialize import write
from kg.build.storeload import BackgroundLoad
from kg.rdf.store import read_manifest, store_state, write_store


def dump(folder: Path) -> list[bytes]:
    store = ox.Store.read_only(str(folder))
    lines = store.dump(format=ox.RdfFormat.N_QUADS).splitlines()
    del store
    return sorted(lines)


def test_store_from_memory_holds_what_the_written_file_holds(seed_build: BuildResult, tmp_path: Path) -> None:
    memory, file = tmp_path / "memory", tmp_path / "file"
    memory.mkdir()
    file.mkdir()
    load = BackgroundLoad(memory / "kg.trig")
    # As a build hands them over: named graphs while it assembles them, then the rest.
    named = [name for name in seed_build.quads.graphs if name]
    for name in named[::2]:
        load.add(name, seed_build.quads.graphs[name])
    load.add_rest(seed_build.quads)
    with open(memory / "kg.trig", "wb") as handle:
        write(seed_build.quads, "trig", handle)
    folder = load.finish()
    shutil.copy2(memory / "kg.trig", file / "kg.trig")
    reference = write_store(file / "kg.trig")
    assert store_state(memory / "kg.trig") == "fresh"
    assert read_manifest(folder)["quads"] == read_manifest(reference)["quads"] > 1000  # type: ignore[index, operator]
    assert dump(folder) == dump(reference)
    assert sorted(p.name for p in memory.iterdir()) == ["kg.oxigraph", "kg.trig"]


def test_an_abandoned_load_leaves_nothing(seed_build: BuildResult, tmp_path: Path) -> None:
    load = BackgroundLoad(tmp_path / "kg.trig")
    name = next(name for name in seed_build.quads.graphs if name)
    load.add(name, seed_build.quads.graphs[name])
    load.cancel()  # before the rest came: the load ends where it was
    assert list(tmp_path.iterdir()) == []
