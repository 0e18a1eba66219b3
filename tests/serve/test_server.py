"""`kg serve` as a client sees it: a real server process on a free loopback port, queried over
plain HTTP (SPARQL 1.1 Protocol), including refused writes and a query that times out."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from benchmarks.loadgen import serve

from tests.sparql_rows import ID

TIMEOUT_S = 2.0
# A cross product of the graph with itself, three times over: it never finishes on its own.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TABLE2 = """PREFIX tm: <https://w3id.org/telemed-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label ?n WHERE {
  ?part tm:partOf ?whole ; tm:about ?region ; tm:value ?n .
  ?region a tm:Region ; rdfs:label ?label FILTER(lang(?label) = "en")
} ORDER BY DESC(?n) ?label"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def server(built_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    graph = tmp_path_factory.mktemp("serve") / "kg.trig"
    graph.write_bytes((built_dir / "kg.trig").read_bytes())
    with serve(graph, graph.parent / "server.log", timeout=TIMEOUT_S, extra=("--max-result-mb", "1")) as running:
        yield running.base


def count(base: str) -> int:
    response = httpx.get(base + "/sparql", params={"query": COUNT},
                         headers={"Accept": "application/sparql-results+json"})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_get_and_post_give_the_same_json(server: str) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    answers = [
        httpx.get(server + "/sparql", params={"query": TABLE2}, headers=accept),
        httpx.post(server + "/sparql", data={"query": TABLE2}, headers=accept),
        httpx.post(server + "/sparql", content=TABLE2.encode(),
                   headers={**accept, "Content-Type": "application/sparql-query"}),
    ]
    for response in answers:
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/sparql-results+json")
    bindings = answers[0].json()["results"]["bindings"]
    assert [b["label"]["value"] for b in bindings][:1] == ["Pavlodar Region"] and len(bindings) == 20
    assert answers[1].json() == answers[2].json() == answers[0].json()


def test_content_negotiation_for_results(server: str) -> None:
    expected = {
        "text/csv": ("text/csv", "label,n"),
        "text/tab-separated-values": ("text/tab-separated-values", "?label\t?n"),
        "application/sparql-results+xml": ("application/sparql-results+xml", "<sparql"),
        "application/json;q=0.5, text/csv": ("text/csv", "label,n"),
    }
    for accept, (media, start) in expected.items():
        response = httpx.get(server + "/sparql", params={"query": TABLE2}, headers={"Accept": accept})
        assert response.status_code == 200 and response.headers["content-type"].startswith(media), accept
        assert start in response.text.splitlines()[0], accept
    refused = httpx.get(server + "/sparql", params={"query": TABLE2}, headers={"Accept": "image/png"})
    assert refused.status_code == 406


def test_content_negotiation_for_graphs(server: str) -> None:
    construct = f"CONSTRUCT {{ <{ID}country/KZ> ?p ?o }} WHERE {{ <{ID}country/KZ> ?p ?o }}"
    sizes = set()
    for media, fmt in (("text/turtle", ox.RdfFormat.TURTLE), ("application/trig", ox.RdfFormat.TRIG),
                       ("application/n-triples", ox.RdfFormat.N_TRIPLES)):
        response = httpx.get(server + "/sparql", params={"query": construct}, headers={"Accept": media})
        assert response.status_code == 200 and response.headers["content-type"].startswith(media)
        sizes.add(len(list(ox.parse(response.content, format=fmt))))
    assert len(sizes) == 1 and sizes.pop() > 5


def test_service_description_and_page(server: str) -> None:
    response = httpx.get(server + "/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(t.predicate.value == sd + "supportedLanguage" and t.object.value == sd + "SPARQL11Query" for t in triples)
    assert not any(t.object.value == sd + "SPARQL11Update" for t in triples)
    page = httpx.get(server + "/")
    assert page.status_code == 200 and "<textarea" in page.text
    assert "Facilities connected to the National Telemedicine Network" in page.text  # a shipped example
    assert not re.search(r"""(?:src|href)\s*=\s*["']https?://""", page.text)  # works offline
    assert "default-src 'none'" in page.headers["content-security-policy"]


def test_updates_and_graph_store_writes_are_refused(server: str) -> None:
    before = count(server)
    drop = "DROP ALL"
    attempts = [
        httpx.post(server + "/sparql", content=drop.encode(), headers={"Content-Type": "application/sparql-update"}),
        httpx.post(server + "/sparql", data={"update": drop}),
        httpx.get(server + "/sparql", params={"update": drop}),
        httpx.post(server + "/update", data={"update": drop}),
    ]
    assert [r.status_code for r in attempts] == [403, 403, 403, 403]
    writes = [
        httpx.put(server + "/store", params={"default": ""}, content=b"<urn:a> <urn:b> <urn:c> .",
                  headers={"Content-Type": "application/n-triples"}),
        httpx.post(server + "/store", params={"graph": "urn:x"}, content=b"<urn:a> <urn:b> <urn:c> .",
                   headers={"Content-Type": "application/n-triples"}),
        httpx.delete(server + "/store", params={"graph": ID + "graph/001_6b963e040055fc24"}),
        httpx.put(server + "/sparql", content=b"x"),
    ]
    assert [r.status_code for r in writes] == [405, 405, 405, 405]
    assert "GET" in writes[0].headers["allow"]
    # An update sent as a query is not a query: the parser refuses it.
    assert httpx.get(server + "/sparql", params={"query": drop}).status_code == 400
    assert count(server) == before


def test_graph_store_reads(server: str) -> None:
    graph = ID + "graph/002_ec26920e654f0b8c"
    response = httpx.get(server + "/store", params={"graph": graph}, headers={"Accept": "text/turtle"})
    assert response.status_code == 200, response.text
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    assert len(triples) > 100 and any("Онлайн медицина" in t.object.value for t in triples)
    assert httpx.get(server + "/store", params={"graph": "urn:nothing"}).status_code == 404


def test_service_and_malformed_queries(server: str) -> None:
    federated = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = httpx.get(server + "/sparql", params={"query": federated})
    assert response.status_code == 403 and "SERVICE" in response.text
    broken = httpx.get(server + "/sparql", params={"query": "SELECT ?x WHERE {\n ?x ?y }"})
    assert broken.status_code == 400 and "line 2, column" in broken.text and len(broken.text.splitlines()) == 1


def test_result_size_cap(server: str) -> None:
    everything = "SELECT * WHERE { ?s ?p ?o }"  # ~2 MB of JSON, past the 1 MB cap
    response = httpx.get(server + "/sparql", params={"query": everything},
                         headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 507 and "LIMIT" in response.text
    limited = httpx.get(server + "/sparql", params={"query": everything + " LIMIT 10"},
                        headers={"Accept": "text/csv"})
    assert limited.status_code == 200 and len(limited.text.splitlines()) == 11


def test_a_long_query_times_out_and_the_endpoint_recovers(server: str) -> None:
    started = time.monotonic()
    response = httpx.get(server + "/sparql", params={"query": ENDLESS}, timeout=30)
    elapsed = time.monotonic() - started
    assert response.status_code == 503 and "limit" in response.text
    assert TIMEOUT_S <= elapsed < TIMEOUT_S + 5
    # The stuck worker was killed and replaced; queries keep working.
    assert count(server) > 1000
    assert count(server) > 1000


def test_push_to_the_read_only_endpoint_is_refused(server: str, built_dir: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main
    from kg.errors import NetworkError

    result = CliRunner().invoke(main, ["push", "--from", str(built_dir / "kg.trig"), "--endpoint", server + "/store"])
    assert result.exit_code == NetworkError.exit_code
    assert "405" in result.output and "Traceback" not in result.output


def test_the_page_data_cannot_break_out_of_its_script() -> None:
    # Examples come from the query files: a title with a line or paragraph separator (a syntax
    # error inside a string in older JavaScript) or a "</script>" must reach the page escaped.
    import json

    from kg.serve.app import _render_page

    example = {"name": "odd", "title": "two\u2028lines\u2029and </script><script>alert(1)</script>",
               "description": "", "text": "SELECT * WHERE { ?s ?p ?o }", "params": []}
    page = _render_page((example,), {"tm": "https://w3id.org/telemed-kg/ontology#"})
    assert "\u2028" not in page and "\u2029" not in page and "</script><script>alert" not in page
    embedded = re.search(r"const EXAMPLES = (.*?);\n", page).group(1)
    assert json.loads(embedded) == [example]
