"""`kg build --format nquads`: N-Quads streamed while the graph is assembled (kg.build.stream),
byte-identical to the N-Quads of the same graph built whole, without keeping the named graphs."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from click.testing import CliRunner

from kg.build.pipeline import build_graph
from kg.build.quads import DEFAULT_GRAPH
from kg.build.serialize import serialize
from kg.build.stream import NamedSpool
from kg.cli import main
from kg.rdf import store as oxstore
from tests.conftest import ROOT, SEEDS


def corpus(tmp_path: Path) -> Path:
    """The seeds, a document that states nothing (an empty graph of its own) and 30 synthetic
    news items in three languages."""
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    (folder / "quiet.txt").write_text("Nothing here but weather.\n", encoding="utf-8")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import write_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    write_corpus(folder / "news", 30)
    return folder


def build(source: Path, out: Path, *extra: str) -> str:
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_streamed_nquads_equal_the_whole_graphs_nquads(tmp_path: Path) -> None:
    source = corpus(tmp_path)
    whole = serialize(build_graph([source]).quads, "nquads").encode("utf-8")
    out = tmp_path / "out"
    summary = build(source, out, "--format", "nquads", "--no-html")
    assert (out / "kg.nq").read_bytes() == whole
    # From the cache (facts and blocks), and with no cache at all: the same bytes.
    build(source, out, "--format", "nquads", "-q")
    assert (out / "kg.nq").read_bytes() == whole
    build(source, tmp_path / "clean", "--format", "nquads", "--no-cache", "-q")
    assert (tmp_path / "clean" / "kg.nq").read_bytes() == whole
    # The summary counts what was streamed out too, and no spool file is left behind.
    lines = whole.count(b"\n")  # a triple never sits in two graphs: quads = distinct triples
    assert re.search(rf"^triples +{lines}$", summary, re.MULTILINE)
    assert sorted(p.name for p in out.iterdir()) == [".cache", "kg.nq", "kg.oxigraph"]


def test_a_streamed_build_keeps_only_the_default_graph(tmp_path: Path) -> None:
    source = corpus(tmp_path)
    spool = NamedSpool(tmp_path / "spool.nq")
    try:
        result = build_graph([source], spool=spool)
    finally:
        spool.close()
    assert set(result.quads.graphs) == {DEFAULT_GRAPH}
    kept = len(result.quads.graphs[DEFAULT_GRAPH])
    assert result.quads.named_counts is not None
    assert result.quads.named_counts[0] > 3 * kept  # evidence and metrics: most of the graph, streamed out
    whole_types, whole_size = build_graph([source]).type_counts()
    assert result.type_counts() == (whole_types, whole_size)


def test_a_streamed_build_is_queried_from_its_store_and_replaces_the_trig_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(SEEDS, out, "-q")
    assert (out / "kg.trig").exists() and (out / "kg.html").exists()
    build(SEEDS, out, "-q", "--format", "nquads")
    # The TriG, Turtle and page of the earlier build would describe another graph than kg.nq.
    assert not any((out / name).exists() for name in ("kg.trig", "kg.ttl", "kg.html"))
    assert oxstore.store_state(out / "kg.nq") == "fresh"
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    streamed = CliRunner().invoke(main, ["query", "--graph", str(out / "kg.nq"), "-e", query, "-f", "csv"])
    build(SEEDS, tmp_path / "whole", "-q", "--no-html")
    whole = CliRunner().invoke(main, ["query", "--graph", str(tmp_path / "whole" / "kg.trig"), "-e", query, "-f", "csv"])
    assert streamed.exit_code == 0 and streamed.output == whole.output
    build(SEEDS, out, "-q", "--no-html")
    assert not (out / "kg.nq").exists()


def test_a_streamed_build_with_no_usable_documents_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["build", str(tmp_path / "empty"), "-o", str(tmp_path / "out"),
                                       "--format", "nquads"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
