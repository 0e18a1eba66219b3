"""`kg stats`, `kg entities` and `kg viz` read only what they show, by SPARQL on the embedded store
(kg.rdf.subset), and print exactly what they printed when they loaded the whole file into rdflib:
each output is compared with the one the whole-file route gives, on the seeds and on a build with
a PDF (whose quotes cite their page), from the store and from a file that has no store."""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.check.review import entity_rows, format_rows
from kg.cli import main
from kg.query.catalogue import parse_params, resolve, run_query
from kg.query.engine import RdflibEngine
from kg.rdf.convert import to_rdflib, union_graph
from kg.rdf.load import load_dataset, load_union
from kg.views.network import format_measures, graph_measures, measures_csv, to_networkx
from kg.views.page import render_html
from tests import format_fixtures as F

from .conftest import SEEDS

FORMATS = ("table", "csv", "json")


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seed text and a PDF report built together: the PDF's quotes carry page selectors."""
    sources = tmp_path_factory.mktemp("sources")
    shutil.copy2(SEEDS / "000_a082bec6c71722d9.txt", sources)
    (sources / "report.pdf").write_bytes(F.pdf_bytes("en"))
    out = tmp_path_factory.mktemp("pdf-build")
    invoke("build", str(sources), "-o", str(out), "--no-html", "-q")
    assert (out / "kg.oxigraph").is_dir()
    return out


@pytest.fixture(params=["seeds", "pdf"])
def build(request: pytest.FixtureRequest, built_dir: Path, pdf_build: Path) -> Path:
    return built_dir if request.param == "seeds" else pdf_build


@functools.cache
def whole_file(trig: Path) -> Graph:
    """The route every reading command took before: the whole file loaded into rdflib."""
    return load_union(trig)


def whole_file_stats(trig: Path, fmt: str) -> str:
    graph = whole_file(trig)
    measures = {"triples": len(graph), **graph_measures(to_networkx(graph))}
    if fmt == "json":
        return json.dumps(measures, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return measures_csv(measures)
    return f"{'triples':24} {measures['triples']:>6}\n" + format_measures(measures)


@pytest.mark.parametrize("fmt", FORMATS)
def test_stats_and_entities_print_what_the_whole_file_gave(build: Path, fmt: str) -> None:
    trig = build / "kg.trig"
    expected_entities = format_rows(entity_rows(whole_file(trig)), "en", fmt)
    # The build's folder, its store, and kg.ttl (a file with no store: parsed, then selected).
    for graph in (trig, build / "kg.oxigraph", build / "kg.ttl"):
        assert invoke("stats", "-f", fmt, "--graph", str(graph)) == whole_file_stats(trig, fmt), graph
        assert invoke("entities", "-f", fmt, "--graph", str(graph)) == expected_entities, graph


VIEWS = {
    "whole": {},
    "country": {"country": "KZ"},
    "focus": {"focus": "Kazakhstan", "depth": 1},
    "documents": {"include_documents": True, "metric_nodes": True},
    "metrics-only": {"metrics_only": True},
}


def view_args(options: dict[str, object]) -> list[str]:
    flags = {"include_documents": "--documents", "metric_nodes": "--metric-nodes", "metrics_only": "--metrics-only"}
    args: list[str] = []
    for key, value in options.items():
        args += [flags[key]] if value is True else [f"--{key}", str(value)]
    return args


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_viz_pages_are_the_ones_the_whole_file_gave(build: Path, name: str, tmp_path: Path) -> None:
    trig = build / "kg.trig"
    render_html(whole_file(trig), tmp_path / "before.html", **VIEWS[name])
    for graph in (trig, build / "kg.ttl") if name == "whole" else (trig,):
        invoke("viz", "--graph", str(graph), *view_args(VIEWS[name]), "-o", str(tmp_path / "after.html"))
        assert (tmp_path / "after.html").read_bytes() == (tmp_path / "before.html").read_bytes(), graph


def test_pdf_quotes_keep_their_page(pdf_build: Path, tmp_path: Path) -> None:
    invoke("viz", "--graph", str(pdf_build / "kg.trig"), "--metric-nodes", "-o", str(tmp_path / "v.html"))
    assert "report.pdf, p. 1)" in (tmp_path / "v.html").read_text(encoding="utf-8")


def test_viz_of_a_construct_query_is_the_one_the_whole_file_gave(built_dir: Path, tmp_path: Path) -> None:
    trig = built_dir / "kg.trig"
    dataset = load_dataset(trig)
    info = resolve("country-subgraph", None)
    result = run_query(RdflibEngine(dataset), info, parse_params(("country=country:KZ",)), "en")
    constructed = Graph()
    for triple in result.triples:
        constructed.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    render_html(union_graph(dataset), tmp_path / "before.html", query_graph=constructed,
                query_name="country-subgraph.rq")
    invoke("viz", "--graph", str(trig), "--query", "country-subgraph", "-p", "country=country:KZ",
           "-o", str(tmp_path / "after.html"))
    assert (tmp_path / "after.html").read_bytes() == (tmp_path / "before.html").read_bytes()
