"""`kg validate` reads the consistency check's facts from the Oxigraph store by SELECT rows
(``kg.check.metricsread``), not from an rdflib graph: the facts and the findings must be those the
rdflib route (``kg.check.consistency.check_metrics``) makes of the same graph, on the seeds, on a
small corpus with a conflict and a breakdown that exceeds its total, and on a hand-written graph
with the odd cases (a statement given in two graphs, a metric without an indicator or document,
a value that is not a number, labels in several languages, a second selector of one kind)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.build.pipeline import BuildResult, build_graph
from kg.check.consistency import check_facts, check_metrics, metric_facts
from kg.check.metricsread import labeller_in, metric_facts_in
from kg.cli import main
from kg.rdf.convert import to_ox_quads, union_graph

TEXTS = {
    "north_2021": "In 2021 the “Sigma” project in Tajikistan equipped 40 rural clinics.",
    "south_2021": "In 2021 the “Sigma” project in Tajikistan equipped 65 rural clinics.",
    "parts": "The “Tau” project in Kazakhstan trained 50 midwives, including 30 in Almaty region and 35 in Turkistan region.",
}

ODD = """
@prefix tm: <https://w3id.org/telemed-kg/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .

ex:ind rdfs:label "clinics"@en, "клиники"@ru .
ex:kz rdfs:label "Kazakhstan"@en .
ex:d1 tm:fileName "one.txt" ; dct:date "2024-01-01"^^xsd:date .
ex:d2 tm:fileName "two.txt" .
ex:d3 dct:date "2023-06-30"^^xsd:date .

ex:g1 {
  ex:m-10 a tm:Metric ; tm:value "12.50"^^xsd:decimal ; tm:unit ex:count ; tm:indicator ex:ind ; tm:about ex:kz ;
      tm:bound tm:exact ; prov:wasDerivedFrom ex:d1 .
  ex:a1 oa:hasBody ex:m-10 ; tm:rule ex:rule-a ; oa:hasTarget ex:t1 .
  ex:t1 oa:hasSelector ex:s1, ex:s2, ex:s3 .
  ex:s1 a oa:TextQuoteSelector ; oa:exact "the clinics of the region numbered 12.5 in all" .
  ex:s2 a oa:TextPositionSelector ; oa:start "3"^^xsd:nonNegativeInteger .
  ex:s3 a oa:TextPositionSelector ; oa:start "7"^^xsd:nonNegativeInteger .
  ex:m-11 a tm:Metric ; tm:value "forty" ; tm:indicator ex:ind ; prov:wasDerivedFrom ex:d1 .
}
ex:g2 {
  ex:m-10 a tm:Metric ; tm:value "12.50"^^xsd:decimal .
  ex:m-20 a tm:Metric ; tm:value "30"^^xsd:integer ; tm:unit ex:count ; tm:indicator ex:ind ; tm:about ex:kz ;
      tm:bound tm:atLeast ; prov:wasDerivedFrom ex:d2 ; tm:periodStart "2019" ; tm:periodEnd "2020" .
  ex:a2 oa:hasBody ex:m-20 ; tm:rule ex:rule-b, ex:rule-c .
  ex:a3 oa:hasBody ex:m-20 ; oa:hasTarget ex:t3 .
  ex:t3 oa:hasSelector ex:s4 .
  ex:s4 a oa:TextQuoteSelector .
  ex:m-21 a tm:Metric ; tm:value "9"^^xsd:integer ; tm:unit ex:count ; tm:about ex:kz ; tm:partOf ex:m-20 ;
      tm:rangeMax "11"^^xsd:integer ; prov:wasDerivedFrom ex:d3 ; tm:period "2020" .
  ex:m-30 a tm:Metric ; tm:value "3"^^xsd:integer ; tm:indicator ex:ind .
}
"""


def _store(dataset: Dataset) -> ox.Store:
    store = ox.Store()
    store.extend(to_ox_quads(dataset))
    return store


def _assert_same(dataset: Dataset) -> list:
    graph: Graph = union_graph(dataset)
    store = _store(dataset)
    assert metric_facts_in(store) == metric_facts(graph)
    findings = check_facts(metric_facts_in(store), labeller_in(store))
    assert findings == check_metrics(graph)
    return findings


def build_corpus(folder: Path) -> BuildResult:
    """TEXTS built: one conflict (40 vs 65 clinics in 2021) and one breakdown that exceeds (30 + 35 > 50)."""
    meta = {"documents": {f"{name}.txt": {"languages": ["en"]} for name in TEXTS}}
    (folder / "metadata.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    for name, text in TEXTS.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    return build_graph([folder])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_corpus(tmp_path_factory.mktemp("metricsread"))


def test_store_route_gives_the_rdflib_findings_on_a_corpus(corpus: BuildResult) -> None:
    findings = _assert_same(corpus.dataset)
    assert {f.kind for f in findings} == {"conflict", "breakdown-exceeds"}, [f.line() for f in findings]


def test_store_route_gives_the_rdflib_facts_on_the_seeds(seed_build: BuildResult) -> None:
    _assert_same(seed_build.dataset)
    assert metric_facts(union_graph(seed_build.dataset))  # the seeds do state numbers


def test_store_route_gives_the_rdflib_facts_on_odd_statements() -> None:
    dataset = Dataset(default_union=True)
    dataset.parse(data=ODD, format="trig")
    facts = metric_facts_in(_store(dataset))
    assert set(facts) == {"https://example.org/m-10", "https://example.org/m-20", "https://example.org/m-21",
                          "https://example.org/m-30"}  # m-11's "forty" is no number
    assert facts["https://example.org/m-10"].start in (3, 7)  # the rdflib route's choice, below
    assert facts["https://example.org/m-20"].rules == {"rule-b", "rule-c"}
    assert facts["https://example.org/m-30"].file == ""  # no document
    _assert_same(dataset)


def test_validate_prints_the_store_routes_warnings(corpus: BuildResult, tmp_path: Path) -> None:
    # End to end: the command's warnings are check_metrics' lines for the same graph.
    path = tmp_path / "kg.trig"
    corpus.dataset.serialize(destination=path, format="trig")
    result = CliRunner().invoke(main, ["validate", "--graph", str(path)])
    expected = [line for finding in check_metrics(union_graph(corpus.dataset)) for line in finding.lines()]
    printed = result.output.splitlines()
    assert expected and all(line in printed for line in expected), result.output
    assert f"{len(check_metrics(union_graph(corpus.dataset)))} consistency warning(s)" in printed
