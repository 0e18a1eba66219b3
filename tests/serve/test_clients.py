"""`kg serve` through the clients analysts already use: SPARQLWrapper and rdflib's SPARQLStore
against a real server process on loopback, plus the protocol details those clients and browser
tools (YASGUI) depend on: dataset clauses, format words, CORS, relative IRIs, caching headers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, TURTLE, XML, SPARQLWrapper

from benchmarks.loadgen import serve

from tests.sparql_rows import ID

ORIGIN = "https://yasgui.example"
GRAPH0 = ID + "graph/000_a082bec6c71722d9"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def endpoint(built_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("clients")
    graph = folder / "kg.trig"
    graph.write_bytes((built_dir / "kg.trig").read_bytes())
    with serve(graph, folder / "server.log", workers=1, extra=("--cors", ORIGIN)) as running:
        yield running.base + "/sparql"


def wrapper(endpoint: str, query: str, fmt: str = JSON) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def count(endpoint: str, query: str = COUNT, **params: str) -> int:
    response = httpx.get(endpoint, params={"query": query, **params},
                         headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def graph_size(endpoint: str, graph: str) -> int:
    store = endpoint.rsplit("/", 1)[0] + "/store"
    response = httpx.get(store, params={"graph": graph}, headers={"Accept": "application/n-triples"})
    return sum(1 for line in response.text.splitlines() if line.strip())


def test_sparqlwrapper_select_ask_and_csv(endpoint: str) -> None:
    rows = wrapper(endpoint, "SELECT ?c WHERE { ?c a tm:Country } ORDER BY ?c").queryAndConvert()
    assert ID + "country/KZ" in {b["c"]["value"] for b in rows["results"]["bindings"]}
    assert wrapper(endpoint, "ASK { ?c a tm:Country }").queryAndConvert()["boolean"] is True
    assert b"c\r\n" in wrapper(endpoint, "SELECT ?c WHERE { ?c a tm:Country }", CSV).queryAndConvert()


@pytest.mark.parametrize("fmt", [XML, TURTLE, JSONLD])
def test_sparqlwrapper_construct_and_describe(endpoint: str, fmt: str) -> None:
    # Its default for CONSTRUCT is XML: it sends format=xml next to Accept: application/rdf+xml.
    construct = f"CONSTRUCT {{ ?c a tm:Country }} WHERE {{ ?c a tm:Country }}"
    result = wrapper(endpoint, construct, fmt).query()
    graph = rdflib.Graph().parse(data=result.response.read(), format={XML: "xml", TURTLE: "turtle",
                                                                      JSONLD: "json-ld"}[fmt])
    assert (rdflib.URIRef(ID + "country/KZ"), rdflib.RDF.type, rdflib.URIRef("https://w3id.org/telemed-kg/ontology#Country")) in graph
    described = wrapper(endpoint, f"DESCRIBE <{ID}country/KZ>", fmt).query()
    assert len(rdflib.Graph().parse(data=described.response.read(),
                                    format={XML: "xml", TURTLE: "turtle", JSONLD: "json-ld"}[fmt])) > 3


def test_format_spellings(endpoint: str) -> None:
    construct = "CONSTRUCT { ?c a tm:Country } WHERE { ?c a tm:Country }"
    for word, media in [("json-ld", "application/ld+json"), ("jsonld", "application/ld+json"),
                        ("rdf+xml", "application/rdf+xml"), ("xml", "application/rdf+xml"),
                        ("n-triples", "application/n-triples"), ("ttl", "text/turtle")]:
        response = httpx.get(endpoint, params={"query": construct, "format": word})
        assert response.status_code == 200 and response.headers["content-type"].startswith(media), (word, response.text)
    # A word that is not a solutions format leaves the choice to Accept.
    response = httpx.get(endpoint, params={"query": COUNT, "format": "turtle"}, headers={"Accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv")


def test_rdflib_sparqlstore(endpoint: str) -> None:
    store = SPARQLStore(endpoint, returnFormat="json")
    rows = list(store.query("SELECT ?c WHERE { ?c a tm:Country }"))
    assert rdflib.URIRef(ID + "country/KZ") in {row[0] for row in rows}
    graph = rdflib.Graph(store=store)
    assert (rdflib.URIRef(ID + "country/KZ"), rdflib.RDF.type, None) in graph


def test_the_dataset_of_a_query_is_honoured(endpoint: str) -> None:
    union, one = count(endpoint), graph_size(endpoint, GRAPH0)
    assert 0 < one < union
    assert count(endpoint, f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH0}> WHERE {{ ?s ?p ?o }}") == one
    # FROM NAMED alone: the default graph is empty, the named graph is there for GRAPH.
    assert count(endpoint, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{GRAPH0}> WHERE {{ ?s ?p ?o }}") == 0
    assert count(endpoint, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{GRAPH0}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}") == one
    # The protocol's parameters, and named-graph-uri alone leaves the default graph empty.
    assert count(endpoint, **{"default-graph-uri": GRAPH0}) == one
    assert count(endpoint, **{"named-graph-uri": GRAPH0}) == 0
    # The same through SPARQLWrapper's own dataset setters.
    client = wrapper(endpoint, COUNT)
    client.addDefaultGraph(GRAPH0)
    assert int(client.queryAndConvert()["results"]["bindings"][0]["n"]["value"]) == one


def test_cli_prefixes_work_and_an_unknown_prefix_is_one_line(endpoint: str) -> None:
    assert count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?m tm:about country:KZ }") > 0
    response = httpx.get(endpoint, params={"query": "SELECT * WHERE { ?s foo:bar ?o }"})
    assert response.status_code == 400
    lines = response.text.strip().splitlines()
    assert len(lines) == 1 and "unknown prefix `foo:`" in lines[0] and "tm:" in lines[0], response.text


def test_relative_iris_resolve_against_the_endpoint(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": "SELECT (STR(<thing>) AS ?iri) WHERE {}"},
                         headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.text
    assert response.text.splitlines()[1] == endpoint.rsplit("/", 1)[0] + "/thing"


def test_cors_preflight_and_answer(endpoint: str) -> None:
    preflight = httpx.options(endpoint, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                                                 "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in preflight.headers["access-control-allow-methods"]
    answer = httpx.post(endpoint, data={"query": "ASK {}"}, headers={"Origin": ORIGIN})
    assert answer.headers["access-control-allow-origin"] == ORIGIN
    other = httpx.post(endpoint, data={"query": "ASK {}"}, headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers


def test_http_details_clients_rely_on(endpoint: str) -> None:
    answer = httpx.get(endpoint, params={"query": "ASK {}"})
    assert "Accept" in answer.headers["vary"]
    slash = httpx.post(endpoint + "/", data={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"})
    assert slash.status_code == 200 and slash.json()["boolean"] is True
    for method in ("PUT", "DELETE", "PATCH", "OPTIONS"):
        refused = httpx.request(method, endpoint)
        assert refused.status_code == 405 and "PUT" not in refused.headers["allow"], (method, refused.headers)


def test_cors_is_off_by_default(built_dir: Path, tmp_path: Path) -> None:
    graph = tmp_path / "kg.trig"
    graph.write_bytes((built_dir / "kg.trig").read_bytes())
    with serve(graph, tmp_path / "server.log", workers=1) as running:
        answer = httpx.post(running.base + "/sparql", data={"query": "ASK {}"}, headers={"Origin": ORIGIN})
        assert "access-control-allow-origin" not in answer.headers


def test_json_ld_export_reads_back_with_pyld(endpoint: str, built_dir: Path, tmp_path: Path) -> None:
    """`kg export -f json-ld` is JSON-LD 1.1 with a published @context (served by `kg serve`) and
    every named graph; an independent processor (pyld) finds the same quads as the TriG."""
    import json

    import pyoxigraph as ox
    from click.testing import CliRunner
    from pyld import jsonld

    from kg.cli import main

    from_trig = {str(q) for q in ox.parse(path=str(built_dir / "kg.trig"), format=ox.RdfFormat.TRIG)}

    def export(*extra: str) -> dict:
        out = tmp_path / "kg.build.jsonld"
        result = CliRunner().invoke(main, ["export", "-f", "json-ld", "--graph", str(built_dir / "kg.trig"),
                                           "-o", str(out), *extra])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size < 700_000  # was 973 KB of expanded JSON-LD with the graphs dropped
        return json.loads(out.read_text(encoding="utf-8"))

    def quads_of(document: dict, loader: object = None) -> set[str]:
        options = {"format": "application/n-quads", **({"documentLoader": loader} if loader else {})}
        nquads = jsonld.to_rdf(document, options)
        return {str(q) for q in ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)}

    # By default the context is inline: any processor reads the file offline.
    inline = export()
    assert inline["@context"]["@version"] == 1.1
    found = quads_of(inline)
    assert found == from_trig
    assert len({q.rsplit(" ", 2)[-2] for q in found if q.count("<") > 3}) >= 4  # the document graphs

    # Referring to the published context: pyld loads it from a real kg serve.
    served = endpoint.rsplit("/", 1)[0] + "/context.jsonld"

    def loader(url: str, options: dict | None = None) -> dict:
        assert url == served, url
        response = httpx.get(served)
        assert response.status_code == 200 and response.headers["content-type"].startswith("application/ld+json")
        return {"contextUrl": None, "documentUrl": url, "document": response.json()}

    referring = export("--context-url", served)
    assert referring["@context"] == served and referring["@graph"] == inline["@graph"]
    assert quads_of(referring, loader) == from_trig


def test_the_shipped_context_has_the_project_prefixes() -> None:
    from kg import terms as T
    from kg.build.jsonld import context_prefixes

    assert context_prefixes() == {p: str(ns) for p, ns in T.PREFIXES.items()}
