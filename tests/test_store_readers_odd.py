"""`kg stats`, `kg entities` and `kg viz` read the store by SELECTs (kg.views.measures,
kg.check.review.store_entity_rows, kg.views.storeread) and must print what the whole file loaded
into rdflib gave, also on a graph written by hand with what a build rarely makes: a statement
stated in several graphs (the union counts it once), an untyped relation end, a document
without a file name, an annotation without a count, labels in several languages, a mention
statement with two annotations. And the union's triple count kept beside a build's store is
used only for that store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.check.review import entity_rows, format_rows
from kg.cli import main
from kg.rdf.load import load_union
from kg.rdf.store import store_path, write_store
from kg.rdf.subset import TRIPLE_COUNT
from kg.rdf.triples import TripleIndex
from kg.views.network import format_measures, graph_measures, to_networkx
from kg.views.page import render_html

ODD = """
@prefix tm: <https://w3id.org/telemed-kg/ontology#> .
@prefix country: <https://w3id.org/telemed-kg/id/country/> .
@prefix document: <https://w3id.org/telemed-kg/id/document/> .
@prefix evidence: <https://w3id.org/telemed-kg/id/evidence/> .
@prefix funder: <https://w3id.org/telemed-kg/id/funder/> .
@prefix graph: <https://w3id.org/telemed-kg/id/graph/> .
@prefix indicator: <https://w3id.org/telemed-kg/id/indicator/> .
@prefix metric: <https://w3id.org/telemed-kg/id/metric/> .
@prefix programme: <https://w3id.org/telemed-kg/id/programme/> .
@prefix region: <https://w3id.org/telemed-kg/id/region/> .
@prefix statement: <https://w3id.org/telemed-kg/id/statement/> .
@prefix unit: <https://w3id.org/telemed-kg/id/unit/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

country:KZ a tm:Country ; rdfs:label "Kazakhstan"@en, "Казахстан"@ru ; tm:isoCode "KZ" .
programme:p1 a tm:Programme ; rdfs:label "Steppe Care"@en ; skos:altLabel "SC"@en, "SC"@ru ;
    tm:operatesIn country:KZ ; tm:fundedBy funder:nobody .
region:r1 a tm:Region ; rdfs:label "North"@en ; tm:locatedIn country:KZ .
unit:usd rdfs:label "US dollars"@en .
indicator:budget rdfs:label "budget"@en .

graph:d1 {
    programme:p1 tm:operatesIn country:KZ ; tm:mentionedIn document:d1 .
    document:d1 a tm:Document ; tm:fileName "d1.txt" .
    statement:s1 a tm:Statement ; rdf:subject programme:p1 ; rdf:predicate tm:mentionedIn ;
        rdf:object document:d1 .
    evidence:a1 oa:hasBody statement:s1 ; tm:mentionCount 3 ; tm:normalizedQuote "Steppe Care works in KZ." ;
        prov:wasDerivedFrom document:d1 .
    evidence:a2 oa:hasBody statement:s1 ; tm:normalizedQuote "Steppe Care again." ;
        prov:wasDerivedFrom document:d1 .
    statement:r1 a tm:Statement ; rdf:subject programme:p1 ; rdf:predicate tm:operatesIn ;
        rdf:object country:KZ .
    evidence:a3 oa:hasBody statement:r1 ; tm:normalizedQuote "It operates in Kazakhstan." ;
        prov:wasDerivedFrom document:d1 .
    metric:m1 a tm:Metric ; tm:about region:r1 ; tm:value 12.5 ; tm:unit unit:usd ;
        tm:indicator indicator:budget ; tm:bound tm:approximately ; tm:period "2024" ;
        prov:wasDerivedFrom document:d1 .
    evidence:a4 oa:hasBody metric:m1 ; tm:normalizedQuote "About 12.5 dollars." ;
        prov:wasDerivedFrom document:d1 .
}

graph:d2 {
    programme:p1 tm:operatesIn country:KZ ; tm:mentionedIn document:d2 .
    region:r1 tm:mentionedIn document:d2 .
    document:d2 a tm:Document .
    statement:s2 a tm:Statement ; rdf:subject region:r1 ; rdf:predicate tm:mentionedIn ;
        rdf:object document:d2 .
    evidence:a5 oa:hasBody statement:s2 ; tm:normalizedQuote "The North." ;
        prov:wasDerivedFrom document:d2 .
}
"""


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture()
def odd(tmp_path: Path) -> Path:
    trig = tmp_path / "kg.trig"
    trig.write_text(ODD, encoding="utf-8")
    write_store(trig)
    return trig


def test_stats_entities_and_pages_of_an_odd_graph_are_the_whole_file_ones(odd: Path, tmp_path: Path) -> None:
    graph = load_union(odd)
    measures = {"triples": len(graph), **graph_measures(to_networkx(graph))}
    assert measures["nodes_per_class"] == {"Entity": 1, "Country": 1, "Metric": 1, "Programme": 1, "Region": 1}
    expected_stats = json.dumps(measures, ensure_ascii=False, indent=2) + "\n"
    for source in (odd, store_path(odd)):
        assert invoke("stats", "-f", "json", "--graph", str(source)) == expected_stats
        assert invoke("stats", "--graph", str(source)).endswith(format_measures(measures))
        for fmt in ("table", "csv", "json"):
            assert invoke("entities", "-f", fmt, "--graph", str(source)) == format_rows(entity_rows(graph), "en", fmt)
    rows = {row.iri.rsplit("/", 1)[-1]: row for row in entity_rows(graph)}
    assert rows["p1"].documents == {"d1.txt": 4} and rows["r1"].documents == {"None": 1}
    for name, options in {"whole": {}, "documents": {"include_documents": True, "metric_nodes": True},
                          "country": {"country": "KZ"}}.items():
        render_html(graph, tmp_path / f"{name}-before.html", **options)
        args = {"whole": [], "documents": ["--documents", "--metric-nodes"], "country": ["--country", "KZ"]}[name]
        invoke("viz", "--graph", str(odd), *args, "-o", str(tmp_path / f"{name}-after.html"))
        before = (tmp_path / f"{name}-before.html").read_bytes()
        assert (tmp_path / f"{name}-after.html").read_bytes() == before, name


def test_the_kept_triple_count_belongs_to_its_store(odd: Path) -> None:
    first = invoke("stats", "-f", "json", "--graph", str(odd))
    kept = store_path(odd) / TRIPLE_COUNT
    assert json.loads(kept.read_text(encoding="utf-8"))["triples"] == json.loads(first)["triples"]
    # A wrong count for another store is not believed: the file changed, the store was rebuilt.
    memo = json.loads(kept.read_text(encoding="utf-8"))
    odd.write_text(ODD + "\nregion:r2 a tm:Region .\n", encoding="utf-8")
    assert invoke("stats", "-f", "json", "--graph", str(odd)) != first  # the store is rebuilt on reading
    kept.write_text(json.dumps({**memo, "triples": 1}), encoding="utf-8")  # the old store's, with a wrong count
    assert json.loads(invoke("stats", "-f", "json", "--graph", str(odd)))["triples"] == len(load_union(odd))


def test_a_count_that_cannot_be_kept_is_worked_out_each_time(odd: Path) -> None:
    folder = store_path(odd)
    expected = invoke("stats", "-f", "json", "--graph", str(odd))
    (folder / TRIPLE_COUNT).unlink()
    (folder / TRIPLE_COUNT).mkdir()  # neither readable nor replaceable, even by root
    assert invoke("stats", "-f", "json", "--graph", str(folder)) == expected
    assert invoke("stats", "-f", "json", "--graph", str(folder)) == expected
    assert not [p.name for p in folder.iterdir() if p.name.startswith(f".{TRIPLE_COUNT}")]  # no temporary left


def test_the_index_answers_as_a_union_graph() -> None:
    from rdflib import URIRef

    a, b, c, p, q = (URIRef(f"urn:x:{n}") for n in "abcpq")
    index = TripleIndex()
    for triple in ((a, p, b), (a, p, b), (a, p, c), (c, q, b)):
        index.add(*triple)
    assert len(index) == 3
    assert list(index.objects(a, p)) == [b, c] and index.value(a, p) == b and index.value(b, p) is None
    assert list(index.subjects(p, b)) == [a] and list(index.subjects(q, b)) == [c]
    assert (a, p, c) in index and (None, q, b) in index and (None, q, c) not in index and (b, p, a) not in index
    index.add(b, p, b)  # a later statement is seen by the reverse index already built
    assert list(index.subjects(p, b)) == [a, b]
    assert sorted(index.subject_objects(q)) == [(c, b)]
