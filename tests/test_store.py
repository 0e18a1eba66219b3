"""The embedded store `kg build` writes beside kg.trig: every reading command opens it, and a store
that does not match its file (changed file, interrupted write, older format) is rebuilt before
it is read, never half-read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.rdf import store as oxstore

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
ADDED = '\n<urn:x:g> { <urn:x:s> <urn:x:p> "added" . }\n'


def count(graph: Path, *extra: str, query: str = COUNT) -> int:
    result = CliRunner().invoke(main, ["query", "-e", query, "--graph", str(graph), "-f", "csv", *extra])
    assert result.exit_code == 0, result.output
    return int(result.output.splitlines()[1])


def test_build_writes_a_store_that_matches_the_file(built_dir: Path) -> None:
    manifest = oxstore.read_manifest(built_dir / "kg.oxigraph")
    assert manifest is not None and manifest["source"] == "kg.trig"
    assert manifest["sha256"] == oxstore.file_sha256(built_dir / "kg.trig")
    assert oxstore.store_state(built_dir / "kg.trig") == "fresh"
    assert manifest["quads"] == len(oxstore.load_memory(built_dir / "kg.trig")) > 7000


def test_query_answers_the_same_from_store_file_and_folder(build: Path) -> None:
    on_file = count(build / "kg.trig", "--no-store")
    assert count(build / "kg.trig") == count(build / "kg.oxigraph") == count(build) == on_file
    for command in ("stats", "entities", "validate"):  # validate finds the file behind the store
        assert CliRunner().invoke(main, [command, "--graph", str(build / "kg.oxigraph")]).exit_code == 0, command


def test_a_changed_file_rebuilds_its_store_before_it_is_read(build: Path) -> None:
    before = count(build / "kg.trig")
    with (build / "kg.trig").open("a", encoding="utf-8") as handle:
        handle.write(ADDED)
    assert oxstore.store_state(build / "kg.trig") == "stale"
    assert count(build / "kg.trig") == before + 1
    assert oxstore.store_state(build / "kg.trig") == "fresh"


def test_an_interrupted_store_write_is_rebuilt(build: Path) -> None:
    # A store folder without its manifest is what a write cut short leaves.
    (build / "kg.oxigraph" / oxstore.MANIFEST).unlink()
    with (build / "kg.trig").open("a", encoding="utf-8") as handle:
        handle.write(ADDED)
    assert oxstore.store_state(build / "kg.trig") == "stale"
    assert count(build / "kg.trig") == count(build / "kg.trig", "--no-store")
    assert oxstore.read_manifest(build / "kg.oxigraph") is not None


def test_an_older_store_format_is_rebuilt(build: Path) -> None:
    path = build / "kg.oxigraph" / oxstore.MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**manifest, "format": 0}), encoding="utf-8")
    assert oxstore.store_state(build / "kg.trig") == "stale"
    count(build / "kg.trig")
    assert oxstore.read_manifest(build / "kg.oxigraph")["format"] == oxstore.STORE_FORMAT  # type: ignore[index]


def test_same_bytes_under_a_new_mtime_keep_the_store(build: Path) -> None:
    stamp = (build / "kg.oxigraph" / oxstore.MANIFEST).stat().st_mtime_ns
    (build / "kg.trig").touch()
    assert oxstore.store_state(build / "kg.trig") == "fresh"
    count(build / "kg.trig")
    assert (build / "kg.oxigraph" / oxstore.MANIFEST).stat().st_mtime_ns == stamp


def test_a_file_without_a_store_is_parsed_and_left_alone(build: Path, built_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.trig"
    shutil.copy(build / "kg.trig", other)
    assert count(other) == count(build / "kg.trig")
    assert not oxstore.store_path(other).exists()
    # kg.ttl sits beside the build's store but was not loaded into it: parsed, store untouched.
    shutil.copy(built_dir / "kg.ttl", build / "kg.ttl")
    stamp = (build / "kg.oxigraph" / oxstore.MANIFEST).stat().st_mtime_ns
    assert oxstore.store_state(build / "kg.ttl") == "foreign"
    metrics = "SELECT (COUNT(*) AS ?n) WHERE { ?m a tm:Metric }"
    assert count(build / "kg.ttl", query=metrics) == count(build / "kg.trig", query=metrics) > 60
    assert (build / "kg.oxigraph" / oxstore.MANIFEST).stat().st_mtime_ns == stamp


def test_seed_outputs_unchanged_by_the_store(built_dir: Path, tmp_path: Path) -> None:
    # The store is written after, and from, the exports: the exports stay byte-identical.
    result = CliRunner().invoke(main, ["build", "seeds", "-o", str(tmp_path / "again"), "-q", "--no-html"])
    assert result.exit_code == 0, result.output
    for name in ("kg.ttl", "kg.trig"):
        assert (tmp_path / "again" / name).read_bytes() == (built_dir / name).read_bytes()
    export = CliRunner().invoke(main, ["export", "-f", "nt", "--graph", str(tmp_path / "again" / "kg.oxigraph")])
    assert export.exit_code == 0 and "XMLSchema#nonNegativeInteger" in export.output


def test_query_rows_stream_out_as_the_engine_yields_them(built_dir: Path) -> None:
    import io
    from collections.abc import Iterator

    from kg.query.catalogue import resolve, run_query
    from kg.query.engine import open_engine
    from kg.query.results import write_result

    result = run_query(open_engine(built_dir / "kg.trig"), resolve("labels", None), {}, "en", stream=True)
    assert not isinstance(result.rows, list)  # an iterator over the engine's answer, not a copy
    rows = list(result.rows)

    def three_then_fail() -> Iterator[list]:
        yield from rows[:3]
        raise RuntimeError("the engine stopped")

    for fmt in ("csv", "tsv", "json"):
        result.rows = three_then_fail()
        out = io.StringIO()
        with pytest.raises(RuntimeError):
            write_result(result, fmt, out)
        # The first rows were written before the last was read.
        assert rows[2][0].value in out.getvalue(), fmt
