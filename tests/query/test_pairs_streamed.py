"""`kg query conflicts --pairs` streamed (kg/query/pairs.py): the rows the query gives, in its
order, worked out a slice at a time. Compared with the query run as written by Oxigraph, in
every label language and output format, on a real build with many pairs (cut into slices of a
few pairs), on a hand-written graph of odd numbers (decimals, a double, every bound, a period
range, an undated number, two subjects with one label, a quote with quotes and a line break),
and on one whose rows would tie (two quotes of one number, a second label, a value stated in
two graphs), which runs as written."""

from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import paths
from kg.cli import main
from kg.query import pairs
from kg.query.catalogue import bind_params, resolve_option, run_query
from kg.query.engine import OxigraphEngine
from kg.query.results import write_result
from kg.rdf.store import open_graph

ODD = r"""@prefix tm: <https://w3id.org/telemed-kg/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .

ex:kz rdfs:label "Kazakhstan"@en, "Qazaqstan"@en, "Казахстан"@ru .
ex:kz2 rdfs:label "Kazakhstan"@en .
ex:clinics rdfs:label "clinics"@en .
ex:count rdfs:label "count"@en .

ex:g1 {
  ex:d1 tm:fileName "d1.txt" ; dct:date "2021-05-01" .
  ex:m1 a tm:Metric ; tm:about ex:kz ; tm:indicator ex:clinics ; tm:unit ex:count ; tm:value 40 ; tm:bound tm:exact ; tm:period "2021" .
  ex:a1 oa:hasBody ex:m1 ; tm:normalizedQuote "forty \"clinics\"\nnew line" ; prov:wasDerivedFrom ex:d1 ; oa:hasTarget ex:t1 .
  ex:a1b oa:hasBody ex:m1 ; tm:normalizedQuote "again forty" ; prov:wasDerivedFrom ex:d1 ; oa:hasTarget ex:t1 .
  ex:t1 oa:hasSelector ex:s1 . ex:s1 a oa:TextPositionSelector ; oa:start 5 .
  ex:m3 a tm:Metric ; tm:about ex:kz ; tm:indicator ex:clinics ; tm:unit ex:count ; tm:value 100.5 ; tm:bound tm:approximately .
  ex:a3 oa:hasBody ex:m3 ; tm:normalizedQuote "about 100.5" ; prov:wasDerivedFrom ex:d1 ; oa:hasTarget ex:t3 .
  ex:t3 oa:hasSelector ex:s3 . ex:s3 a oa:TextPositionSelector ; oa:start 50 .
  ex:m5 a tm:Metric ; tm:about ex:kz2 ; tm:indicator ex:clinics ; tm:unit ex:count ; tm:value "7.0E1"^^xsd:double ; tm:bound tm:atLeast ; tm:period "2021" .
  ex:a5 oa:hasBody ex:m5 ; tm:normalizedQuote "at least 70" ; prov:wasDerivedFrom ex:d1 ; oa:hasTarget ex:t5 .
  ex:t5 oa:hasSelector ex:s5 . ex:s5 a oa:TextPositionSelector ; oa:start 70 .
}
ex:g2 {
  ex:d2 tm:fileName "d2.txt" ; dct:date "2021-05-01" .
  ex:m2 a tm:Metric ; tm:about ex:kz ; tm:indicator ex:clinics ; tm:unit ex:count ; tm:value 65 ; tm:bound tm:exact ; tm:period "2021" .
  ex:a2 oa:hasBody ex:m2 ; tm:normalizedQuote "sixty-five" ; prov:wasDerivedFrom ex:d2 ; oa:hasTarget ex:t2 .
  ex:t2 oa:hasSelector ex:s2 . ex:s2 a oa:TextPositionSelector ; oa:start 7 .
  ex:m4 a tm:Metric ; tm:about ex:kz ; tm:indicator ex:clinics ; tm:unit ex:count ; tm:value 80 ; tm:bound tm:atMost .
  ex:a4 oa:hasBody ex:m4 ; tm:normalizedQuote "at most 80" ; prov:wasDerivedFrom ex:d2 ; oa:hasTarget ex:t4 .
  ex:t4 oa:hasSelector ex:s4 . ex:s4 a oa:TextPositionSelector ; oa:start 9 .
  ex:m6 a tm:Metric ; tm:about ex:kz2 ; tm:indicator ex:clinics ; tm:unit ex:count ; tm:value 20 ; tm:bound tm:exact ; tm:period "2021" .
  ex:a6 oa:hasBody ex:m6 ; tm:normalizedQuote "twenty" ; prov:wasDerivedFrom ex:d2 ; oa:hasTarget ex:t6 .
  ex:t6 oa:hasSelector ex:s6 . ex:s6 a oa:TextPositionSelector ; oa:start 11 .
}
ex:g3 {
  ex:m2 tm:value 65 .
  ex:d3 tm:fileName "d3.txt" .
  ex:m7 a tm:Metric ; tm:about ex:kz ; tm:indicator ex:clinics ; tm:unit ex:count ; tm:value 12 ; tm:bound tm:exact ; tm:periodStart "2021" ; tm:periodEnd "2022" .
  ex:m8 a tm:Metric ; tm:about ex:kz ; tm:indicator ex:clinics ; tm:unit ex:count ; tm:value 13 ; tm:bound tm:exact ; tm:periodStart "2021" ; tm:periodEnd "2022" .
  ex:a7 oa:hasBody ex:m7 ; tm:normalizedQuote "twelve" ; prov:wasDerivedFrom ex:d3 ; oa:hasTarget ex:t7 .
  ex:t7 oa:hasSelector ex:s7 . ex:s7 a oa:TextPositionSelector ; oa:start 1 .
  ex:a8 oa:hasBody ex:m8 ; tm:normalizedQuote "thirteen" ; prov:wasDerivedFrom ex:d1 ; oa:hasTarget ex:t8 .
  ex:t8 oa:hasSelector ex:s8 . ex:s8 a oa:TextPositionSelector ; oa:start 2 .
}
"""
# What makes rows tie, taken out of ODD: a second quote of m1, a second English label of kz, m2's value in g3.
TIES = ('  ex:a1b oa:hasBody ex:m1 ; tm:normalizedQuote "again forty" ; prov:wasDerivedFrom ex:d1 ; oa:hasTarget ex:t1 .\n',
        ', "Qazaqstan"@en', '  ex:m2 tm:value 65 .\n')
LANGS = ("en", "ru", "kk")


def as_written(graph: Path, lang: str, fmt: str) -> str:
    """What the query prints when Oxigraph runs its text."""
    engine = OxigraphEngine(open_graph(graph))
    info = resolve_option("conflicts", "pairs")
    result = engine.query(info.text, bind_params(engine, info, {}, lang))
    result.variables, result.rows = result.variables[:-1], [row[:-1] for row in result.rows]  # the bound ?lang
    out = io.StringIO()
    write_result(result, fmt, out)
    return out.getvalue()


def printed(graph: Path, lang: str, fmt: str) -> str:
    result = CliRunner().invoke(main, ["query", "conflicts", "--pairs", "-f", fmt, "--lang", lang, "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    return result.output


def streams(graph: Path, lang: str = "en") -> bool:
    engine = OxigraphEngine(open_graph(graph))
    return pairs._read(engine.store, {"lang": bind_params(engine, resolve_option("conflicts", "pairs"), {}, lang)["lang"]})[0] \
        is not None


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark corpus at 90 documents: some hundred pairs."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from corpus import write_corpus

    folder = tmp_path_factory.mktemp("pairs")
    write_corpus(folder / "corpus", 90)
    result = CliRunner().invoke(main, ["build", str(folder / "corpus"), "-o", str(folder / "out"), "-q", "--no-html"])
    assert result.exit_code == 0, result.output
    return folder / "out" / "kg.trig"


def test_the_plan_is_for_the_shipped_text() -> None:
    shipped = (paths.queries_dir() / "options" / "conflicts-pairs.rq").read_bytes()
    assert hashlib.sha256(shipped).hexdigest() == pairs.SHIPPED_SHA256, \
        "conflicts-pairs.rq changed: make kg/query/pairs.py give its rows again, then update SHIPPED_SHA256"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slice_pairs", [7, 1_000_000])  # many slices, each a part of a key; one for every key
def test_a_build_streams_the_rows_of_the_query(corpus_build: Path, lang: str, slice_pairs: int,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pairs, "SLICE_PAIRS", slice_pairs)
    assert streams(corpus_build, lang)
    expected = as_written(corpus_build, lang, "csv")
    assert expected.count("\n") > 100
    for fmt in ("csv", "tsv", "json", "table"):
        assert printed(corpus_build, lang, fmt) == as_written(corpus_build, lang, fmt), fmt


@pytest.mark.parametrize("lang", LANGS)
def test_odd_numbers_stream_the_rows_of_the_query(tmp_path: Path, lang: str) -> None:
    text = ODD
    for part in TIES:
        assert part in text
        text = text.replace(part, "")
    graph = tmp_path / "odd.trig"
    graph.write_text(text, encoding="utf-8")
    assert streams(graph, lang)
    expected = as_written(graph, lang, "csv")
    assert "approximately" in expected and "atLeast" in expected and "2021/2022" in expected and "as of" in expected
    for fmt in ("csv", "tsv", "json"):
        assert printed(graph, lang, fmt) == as_written(graph, lang, fmt), fmt


@pytest.mark.parametrize("lang", LANGS)
def test_rows_that_could_tie_run_as_written(tmp_path: Path, lang: str) -> None:
    graph = tmp_path / "ties.trig"
    graph.write_text(ODD, encoding="utf-8")
    assert not streams(graph, lang)
    assert printed(graph, lang, "csv") == as_written(graph, lang, "csv")


def test_an_edited_query_or_a_parameter_runs_as_written(corpus_build: Path, tmp_path: Path) -> None:
    engine = OxigraphEngine(open_graph(corpus_build))
    info = resolve_option("conflicts", "pairs")
    assert pairs.streamed_pairs(engine, info.text + "\n# edited\n", {}) is None
    assert pairs.streamed_pairs(engine, info.text, {"subject": ox.NamedNode("urn:x")}) is None
    # Without a language bound, ?lang is a column of its own, unbound, as when the text runs.
    streamed = run_query(engine, info, {}, lang=None)
    assert streamed.variables[-1] == "lang" and all(row[-1] is None for row in streamed.rows)
    plain = engine.query(info.text)
    assert [[str(t) for t in row] for row in streamed.rows] == [[str(t) for t in row] for row in plain.rows]
    # Its CSV and TSV lines (written from parts, not rows) end in that empty cell.
    for fmt in ("csv", "tsv"):
        mine, theirs = io.StringIO(), io.StringIO()
        write_result(run_query(engine, info, {}, lang=None, stream=True), fmt, mine)
        write_result(engine.query(info.text), fmt, theirs)
        assert mine.getvalue() == theirs.getvalue() and mine.getvalue().count("\n") > 100, fmt


def test_oxigraph_orders_the_slices_keys_whatever_their_input_order() -> None:
    """The slices go out in the order ``_key_order`` gets from Oxigraph, which must be the order
    the whole query's ORDER BY would give their rows: a total order, not one that keeps the input
    order of keys it cannot compare (labels in different languages, a label and a bare IRI's text)."""
    import random

    xsd = "http://www.w3.org/2001/XMLSchema#"
    terms = [ox.Literal("b", language="en"), ox.Literal("a"), ox.Literal("c", language="en"),
             ox.Literal("a", language="en"), ox.Literal("b"), ox.Literal("a", language="ru"),
             ox.Literal("b", language="kk"), ox.Literal("10", datatype=ox.NamedNode(xsd + "integer")),
             ox.Literal("9"), ox.Literal("Қазақстан", language="kk")]
    keys = [(a, b, ox.Literal(p)) for a in terms[:5] for b in terms[5:] for p in ("2021", "")]
    rng = random.Random(7)
    orders = set()
    for _ in range(20):
        shuffled = keys[:]
        rng.shuffle(shuffled)
        orders.add(tuple(str(shuffled[i]) for i in pairs._key_order(shuffled)))
    assert len(orders) == 1
