"""kg.views.network and kg.views.page on a small hand-written graph in the shape of docs/graph-shape.md."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib

from kg.errors import QueryError
from kg.views.network import graph_measures, neighbourhood, to_networkx
from kg.views.page import VizSummary, render_html
from kg.views.panels import format_value

ROOT = Path(__file__).resolve().parents[2]

TTL = """
@prefix tm: <https://w3id.org/telemed-kg/ontology#> .
@prefix id: <https://w3id.org/telemed-kg/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .

<https://w3id.org/telemed-kg/id/country/KZ> a tm:Country ;
    rdfs:label "Kazakhstan"@en, "Казахстан"@ru, "Қазақстан"@kk ; tm:isoCode "KZ" ;
    tm:mentionedIn <https://w3id.org/telemed-kg/id/document/001_test> .
<https://w3id.org/telemed-kg/id/region/kz-pavlodar-region> a tm:Region ;
    rdfs:label "Pavlodar Region"@en, "Павлодарская область"@ru ;
    tm:locatedIn <https://w3id.org/telemed-kg/id/country/KZ> .
<https://w3id.org/telemed-kg/id/programme/national-telemedicine-network> a tm:Programme ;
    rdfs:label "National Telemedicine Network"@en, "Национальная телемедицинская сеть"@ru ;
    skos:altLabel "НТМС"@ru ;
    tm:operatesIn <https://w3id.org/telemed-kg/id/country/KZ> ;
    tm:fundedBy <https://w3id.org/telemed-kg/id/funder/world-bank> ;
    tm:implementedBy <https://w3id.org/telemed-kg/id/funder/world-bank> .
<https://w3id.org/telemed-kg/id/programme/evil-pilot> a tm:Programme ;
    rdfs:label "<script>alert(1)</script> pilot"@en, "<img src=x onerror=alert(1)> пилот"@ru ;
    tm:operatesIn <https://w3id.org/telemed-kg/id/region/kz-pavlodar-region> .
<https://w3id.org/telemed-kg/id/funder/world-bank> a tm:Funder ;
    rdfs:label "World Bank"@en, "Всемирный банк"@ru .

<https://w3id.org/telemed-kg/id/statement/s1> a tm:Statement ;
    rdf:subject <https://w3id.org/telemed-kg/id/programme/national-telemedicine-network> ;
    rdf:predicate tm:fundedBy ; rdf:object <https://w3id.org/telemed-kg/id/funder/world-bank> .
<https://w3id.org/telemed-kg/id/evidence/e1> a oa:Annotation ;
    oa:hasBody <https://w3id.org/telemed-kg/id/statement/s1> ;
    oa:motivatedBy oa:describing ;
    tm:normalizedQuote "Сеть финансируется Всемирным банком <img src=x onerror=alert(2)>"@ru ;
    prov:wasDerivedFrom <https://w3id.org/telemed-kg/id/document/001_test> .

<https://w3id.org/telemed-kg/id/metric/001_test-abc> a tm:Metric ;
    tm:value 217.0 ; tm:unit <https://w3id.org/telemed-kg/id/unit/count> ;
    tm:indicator <https://w3id.org/telemed-kg/id/indicator/healthcare-facilities-connected> ;
    tm:about <https://w3id.org/telemed-kg/id/programme/national-telemedicine-network> ;
    tm:bound tm:exact ; tm:period "2021"^^xsd:gYear ;
    prov:wasDerivedFrom <https://w3id.org/telemed-kg/id/document/001_test> ;
    rdfs:label "217 healthcare facilities connected (2021)"@en .
<https://w3id.org/telemed-kg/id/evidence/e2> a oa:Annotation ;
    oa:hasBody <https://w3id.org/telemed-kg/id/metric/001_test-abc> ;
    tm:normalizedQuote "К сети подключены 217 медицинских организаций."@ru ;
    prov:wasDerivedFrom <https://w3id.org/telemed-kg/id/document/001_test> .
<https://w3id.org/telemed-kg/id/indicator/healthcare-facilities-connected> a tm:Indicator ;
    rdfs:label "healthcare facilities connected"@en, "подключённых медицинских организаций"@ru .
<https://w3id.org/telemed-kg/id/unit/count> a tm:Unit ; rdfs:label "count"@en .

<https://w3id.org/telemed-kg/id/document/001_test> a tm:Document ; tm:fileName "001_test.txt" .
"""

ID = "https://w3id.org/telemed-kg/id/"
NTN = ID + "programme/national-telemedicine-network"
WB = ID + "funder/world-bank"
METRIC = ID + "metric/001_test-abc"


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return rdflib.Graph().parse(data=TTL, format="turtle")


@pytest.fixture(scope="module")
def page(graph: rdflib.Graph, tmp_path_factory: pytest.TempPathFactory) -> tuple[VizSummary, str]:
    out = tmp_path_factory.mktemp("viz") / "graph.html"
    # Metric nodes drawn (`--metric-nodes`): the tests below look at them.
    summary = render_html(graph, out, metric_nodes=True)
    return summary, out.read_text(encoding="utf-8")


def page_data(text: str) -> dict:
    """The nodes/edges/options JSON the page hands to vis-network (blocks the browser never runs)."""
    blocks = dict(re.findall(r'<script type="application/json" id="tm-(\w+)">(.*?)</script>', text, re.S))
    assert set(blocks) == {"data", "options"}, "data blocks not found"
    return {**json.loads(blocks["data"]), "options": json.loads(blocks["options"])}


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(fragment: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = TagCollector()
    parser.feed(fragment)
    parser.close()
    return parser.tags


# ---------------------------------------------------------------- networkx side


def test_to_networkx_counts_per_class_and_property(graph: rdflib.Graph) -> None:
    nxg = to_networkx(graph)
    measures = graph_measures(nxg)
    assert measures["nodes_per_class"] == {"Country": 1, "Funder": 1, "Metric": 1, "Programme": 2, "Region": 1}
    assert measures["edges_per_property"] == {"about": 1, "fundedBy": 1, "implementedBy": 1, "locatedIn": 1,
                                              "operatesIn": 2}
    assert measures["weak_components"] == 1 and measures["largest_component"] == 6
    top = measures["top_entities"][0]
    assert (top["iri"], top["label"], top["degree"]) == (NTN, "National Telemedicine Network", 4)
    assert list(nxg) == sorted(nxg)  # deterministic order


def test_to_networkx_options_and_attributes(graph: rdflib.Graph) -> None:
    without = to_networkx(graph, include_metrics=False)
    assert METRIC not in without and without.number_of_edges() == 5
    with_docs = to_networkx(graph, include_documents=True)
    assert with_docs.nodes[ID + "document/001_test"]["cls"] == "Document"
    assert with_docs.has_edge(ID + "country/KZ", ID + "document/001_test", key="mentionedIn")

    nxg = to_networkx(graph)
    kz = nxg.nodes[ID + "country/KZ"]
    assert kz["labels"] == {"en": "Kazakhstan", "kk": "Қазақстан", "ru": "Казахстан"} and kz["cls"] == "Country"
    edge = nxg.edges[NTN, WB, "fundedBy"]
    assert edge["prop"] == "fundedBy"
    assert edge["quotes"] == [("Сеть финансируется Всемирным банком <img src=x onerror=alert(2)>", "001_test.txt")]
    assert nxg.edges[NTN, WB, "implementedBy"]["quotes"] == []  # no statement for it: no evidence
    metric = nxg.nodes[METRIC]
    assert (str(metric["value"]), metric["unit"], metric["indicator"], metric["period"], metric["bound"]) == (
        "217.0", "count", "healthcare facilities connected", "2021", "exact")
    assert metric["quotes"] == [("К сети подключены 217 медицинских организаций.", "001_test.txt")]
    # tm:about is not reified: the metric's own quote evidences it.
    assert nxg.edges[METRIC, NTN, "about"]["quotes"] == metric["quotes"]


def test_neighbourhood_ignores_direction(graph: rdflib.Graph) -> None:
    nxg = to_networkx(graph)
    one = neighbourhood(nxg, WB, 1)  # World Bank has only incoming edges
    assert sorted(one) == [WB, NTN]
    assert one.number_of_edges() == 2
    two = neighbourhood(nxg, WB, 2)
    assert sorted(two) == sorted([WB, NTN, ID + "country/KZ", METRIC])
    with pytest.raises(QueryError):
        neighbourhood(nxg, ID + "nothing", 1)


# ---------------------------------------------------------------- HTML


def test_html_written_and_summary(page: tuple[VizSummary, str]) -> None:
    summary, text = page
    assert summary.path.is_file() and summary.path.stat().st_size == len(text.encode("utf-8"))
    assert (summary.nodes, summary.edges, summary.omitted) == (6, 6, 0)
    data = page_data(text)
    assert len(data["nodes"]) == 6 and len(data["edges"]) == 6


def test_html_is_offline(page: tuple[VizSummary, str]) -> None:
    _, text = page
    # No resource reference of any kind leaves the file: src/href/url()/@import to http(s) or //.
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert "@import" not in text
    assert not re.search(r"cdnjs|jsdelivr|unpkg|bootstrap|tom-select|sourceMappingURL", text, re.I)
    tags = [tag for tag, _ in tags_of(text)]
    assert "link" not in tags and "iframe" not in tags
    assert all("src" not in attrs for tag, attrs in tags_of(text) if tag == "script")
    assert "vis.Network" in text  # vis-network itself is inlined


def test_csp_allows_exactly_the_inline_scripts(page: tuple[VizSummary, str]) -> None:
    _, text = page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
    assert len(scripts) == 2  # vis-network and the page's own; the data blocks are JSON, never run
    for body in scripts:  # a script the CSP does not hash would be blocked: the page would be blank
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_untrusted_text_is_escaped(page: tuple[VizSummary, str]) -> None:
    _, text = page
    assert "<script>alert(1)" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # in the details HTML, as text
    # The page itself has exactly our two scripts (and two JSON blocks) and no event-handler attributes.
    page_tags = tags_of(text)
    assert [attrs.get("type") for tag, attrs in page_tags if tag == "script"] == [
        None, "application/json", "application/json", None]
    assert not any(name.startswith("on") for _, attrs in page_tags for name in attrs)
    # The details HTML is set as innerHTML in the page: it may hold only our formatting tags.
    data = page_data(text)
    for fragment in list(data["info"].values()) + list(data["edgeInfo"].values()):
        for tag, attrs in tags_of(fragment):
            assert tag in {"b", "i", "br", "div", "span", "h2", "table", "tr", "th", "td"}, fragment
            assert set(attrs) <= {"class", "style"}, fragment
            assert re.fullmatch(r"color:#[0-9a-f]{6}", attrs.get("style") or "color:#000000"), fragment
    evil_id = next(n["id"] for n in data["nodes"] if n["id"].endswith("evil-pilot"))
    evil = next(n for n in data["nodes"] if n["id"] == evil_id)
    assert evil["label"] == "&lt;script>alert(1)&lt;/script> pilot"  # vis html-mode canvas label
    assert "&lt;img src=x onerror=alert(1)&gt; пилот" in data["info"][evil_id]
    assert "<img src=x onerror=alert(1)> пилот" in data["search"][evil_id]  # JSON text, never HTML
    edge = next(e for e in data["edges"] if e["label"] == "funded by")
    info = data["edgeInfo"][edge["id"]]
    assert "&lt;img src=x onerror=alert(2)&gt;" in info and "001_test.txt" in info
    assert "Всемирным банком" in info and "World Bank" in info


def test_labels_legend_and_styles(page: tuple[VizSummary, str], graph: rdflib.Graph, tmp_path: Path) -> None:
    _, text = page
    data = page_data(text)
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id[METRIC]["label"] == "217 healthcare facilities connected (2021)"
    assert by_id[ID + "country/KZ"]["shape"] != by_id[NTN]["shape"]
    assert by_id[ID + "country/KZ"]["color"] != by_id[WB]["color"]
    assert {e["label"] for e in data["edges"]} == {"operates in", "funded by", "implemented by", "located in",
                                                    "about"}
    legend = re.search(r'<div id="tm-legend">(.*?)</div>', text).group(1)
    for word in ("country", "region", "programme", "funder or partner organisation", "metric"):
        assert word in legend
    # Parallel edges between the same pair are bent apart.
    pair = [e for e in data["edges"] if e["from"] == NTN and e["to"] == WB]
    assert sorted("smooth" in e for e in pair) == [False, True]

    ru = page_data((render_html(graph, tmp_path / "ru.html", lang="ru", metric_nodes=True)).path.read_text(encoding="utf-8"))
    ru_nodes = {n["id"]: n for n in ru["nodes"]}
    assert ru_nodes[METRIC]["label"] == "217 подключённых медицинских организаций (2021)"
    assert ru_nodes[WB]["label"] == "Всемирный банк"
    assert ru_nodes[ID + "region/kz-pavlodar-region"]["label"] == "Павлодарская область"


def test_physics_stops_after_stabilisation(page: tuple[VizSummary, str]) -> None:
    _, text = page
    physics = page_data(text)["options"]["physics"]
    assert physics["enabled"] and physics["stabilization"]["enabled"]
    assert physics["solver"] in ("barnesHut", "forceAtlas2Based")
    assert 'network.once("stabilizationIterationsDone"' in text and "physics: {enabled: false}" in text


def test_same_input_gives_identical_bytes(graph: rdflib.Graph, tmp_path: Path) -> None:
    a = render_html(graph, tmp_path / "a.html").path.read_bytes()
    b = render_html(graph, tmp_path / "b.html").path.read_bytes()
    assert a == b
    # And across interpreter runs with different hash seeds (set/dict order of str differs).
    ttl = tmp_path / "g.ttl"
    ttl.write_text(TTL, encoding="utf-8")
    code = ("import sys, rdflib; from pathlib import Path; from kg.views.page import render_html; "
            "render_html(rdflib.Graph().parse(sys.argv[1]), Path(sys.argv[2]), focus='World Bank', depth=2)")
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-c", code, str(ttl), str(out)], check=True, env=env, cwd=ROOT)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_focus_by_russian_label(graph: rdflib.Graph, tmp_path: Path) -> None:
    summary = render_html(graph, tmp_path / "f.html", focus="ВСЕМИРНЫЙ БАНК", depth=1)
    assert (summary.nodes, summary.omitted) == (2, 4)
    ids = {n["id"] for n in page_data(summary.path.read_text(encoding="utf-8"))["nodes"]}
    assert ids == {WB, NTN}
    # IRI and skos:altLabel focus too.
    assert render_html(graph, tmp_path / "g.html", focus=NTN, depth=1).nodes == 4
    assert render_html(graph, tmp_path / "h.html", focus="нтмс", depth=1).nodes == 4


def test_unknown_focus_raises(graph: rdflib.Graph, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="no entity matches focus 'Atlantis'"):
        render_html(graph, tmp_path / "x.html", focus="Atlantis")
    assert not (tmp_path / "x.html").exists()


def test_large_graph_is_laid_out_in_python(tmp_path: Path) -> None:
    g = rdflib.Graph()
    tm = rdflib.Namespace("https://w3id.org/telemed-kg/ontology#")
    country = rdflib.URIRef(ID + "country/KZ")
    g.add((country, rdflib.RDF.type, tm.Country))
    for i in range(320):
        p = rdflib.URIRef(f"{ID}programme/p{i:03d}")
        g.add((p, rdflib.RDF.type, tm.Programme))
        g.add((p, rdflib.RDFS.label, rdflib.Literal(f"Programme {i}", lang="en")))
        g.add((p, tm.operatesIn, country))
    a = render_html(g, tmp_path / "big.html")
    b = render_html(g, tmp_path / "big2.html")
    assert a.path.read_bytes() == b.path.read_bytes()
    data = page_data(a.path.read_text(encoding="utf-8"))
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) > 300  # actually spread out
    # No node without a label falls back to nothing: the country has none and shows its code.
    assert next(n for n in data["nodes"] if n["id"] == str(country))["label"] == "KZ"


def test_format_value() -> None:
    from decimal import Decimal

    assert [format_value(v) for v in (Decimal("217.0"), Decimal("6E+6"), Decimal("12.50"), 3, 0.5)] == [
        "217", "6000000", "12.5", "3", "0.5"]


def test_metric_label_units_and_bounds() -> None:
    from decimal import Decimal

    from kg.views.panels import metric_label

    pct = {"value": Decimal("45.0"), "unit_iri": ID + "unit/percent", "unit_labels": {"en": "%"},
           "indicator_labels": {"en": "coverage", "ru": "охват"}, "period": "2004/2011", "bound": "atLeast"}
    assert metric_label(pct) == "≥45% coverage (2004/2011)"
    assert metric_label(pct, "kk") == "≥45% coverage (2004/2011)"  # kk → en fallback
    kzt = {"value": Decimal("6E+6"), "unit_iri": ID + "unit/KZT", "unit_labels": {"en": "KZT"},
           "indicator_labels": {"ru": "финансирование"}, "period": None, "bound": "approximately"}
    # Numbers as a reader writes them (was "~6000000 KZT …").
    assert metric_label(kzt) == "~6 million KZT финансирование"  # en → ru fallback
    usd = {**kzt, "value": Decimal("4500000"), "unit_iri": ID + "unit/USD", "unit_labels": {"en": "USD"},
           "bound": "exact"}
    assert metric_label(usd) == "4.5 million USD финансирование"
    services = {**kzt, "value": Decimal("39569"), "unit_iri": ID + "unit/count", "bound": "exact"}
    assert metric_label(services) == "39\u00a0569 финансирование"
    # "от 0 до 22": a range, not "at least 0".
    spread = {**services, "value": Decimal(0), "range_max": Decimal(22), "bound": "atLeast"}
    assert metric_label(spread) == "0–22 финансирование"


def test_named_graphs_are_read(tmp_path: Path) -> None:
    """A TriG dataset keeps facts in named graphs; the union is drawn, not just the default."""
    ds = rdflib.Dataset()
    ds.graph(rdflib.URIRef(ID + "graph/001_test")).parse(data=TTL, format="turtle")
    assert graph_measures(to_networkx(ds))["nodes_per_class"]["Programme"] == 2
    assert render_html(ds, tmp_path / "ds.html", metric_nodes=True).nodes == 6


# ---------------------------------------------------------------- views (issue 8)


def test_details_show_class_labels_documents_quotes_and_period(page: tuple[VizSummary, str]) -> None:
    data = page_data(page[1])
    ntn = data["info"][NTN]
    assert "programme" in ntn and "National Telemedicine Network" in ntn
    assert "Национальная телемедицинская сеть" in ntn and "НТМС" in ntn  # every label, alternative ones too
    metric = data["info"][METRIC]
    for part in ("metric", "217", "2021", "healthcare facilities connected", "Evidence",
                 "К сети подключены 217 медицинских организаций.", "Source documents", "001_test.txt"):
        assert part in metric, part
    kz = data["info"][ID + "country/KZ"]
    assert "Қазақстан" in kz and "ISO code" in kz and "001_test.txt" in kz
    assert "НТМС" in data["search"][NTN] and data["search"][NTN].split("\n")[0] == "National Telemedicine Network"


def test_country_view(seed_graph: rdflib.Graph, tmp_path: Path) -> None:
    from kg.views.cut import build_view

    kz = build_view(seed_graph, country="kz").nxg
    assert ID + "country/KZ" in kz and ID + "programme/national-telemedicine-network" in kz
    assert ID + "country/UZ" not in kz
    assert any(c == "Region" for _, c in kz.nodes(data="cls")) and any(c == "Metric" for _, c in kz.nodes(data="cls"))
    # Every region in the view is in Kazakhstan.
    for node, cls in kz.nodes(data="cls"):
        if cls == "Region":
            assert kz.has_edge(node, ID + "country/KZ", key="locatedIn"), node
    assert set(build_view(seed_graph, country="Казахстан").nxg) == set(kz)
    summary = render_html(seed_graph, tmp_path / "kz.html", country="KZ", include_metrics=False)
    assert "country Kazakhstan (KZ)" in summary.description and summary.omitted > 0
    with pytest.raises(QueryError, match=r"no country matches 'Atlantis' \(known: .*KZ"):
        build_view(seed_graph, country="Atlantis")


def test_document_view(seed_graph: rdflib.Graph) -> None:
    from kg.views.cut import build_view

    view = build_view(seed_graph, document="seeds/002_ec26920e654f0b8c.txt")
    assert 0 < len(view.nxg) < view.total
    assert all("002_ec26920e654f0b8c.txt" in docs for _, docs in view.nxg.nodes(data="documents"))
    assert set(build_view(seed_graph, document="002_ec26920e654f0b8c").nxg) == set(view.nxg)
    assert view.description == ["document 002_ec26920e654f0b8c.txt"]
    with pytest.raises(QueryError, match="no document matches 'nothing.txt'"):
        build_view(seed_graph, document="nothing.txt")


def test_metrics_only_and_no_metrics(graph: rdflib.Graph) -> None:
    from kg.views.cut import build_view

    only = build_view(graph, metrics_only=True).nxg
    assert sorted(only) == sorted([METRIC, NTN])
    assert [(u, k) for u, _, k in only.edges(keys=True)] == [(METRIC, "about")]
    assert all(c != "Metric" for _, c in build_view(graph, include_metrics=False).nxg.nodes(data="cls"))
    with pytest.raises(QueryError, match="exclude each other"):
        build_view(graph, metrics_only=True, include_metrics=False)


def test_construct_result_is_drawn_with_labels_and_quotes(graph: rdflib.Graph, tmp_path: Path) -> None:
    result = graph.query("""PREFIX tm: <https://w3id.org/telemed-kg/ontology#>
        CONSTRUCT { ?p tm:fundedBy ?f . ?p tm:isoCode "X" } WHERE { ?p tm:fundedBy ?f }""").graph
    summary = render_html(graph, tmp_path / "q.html", query_graph=result, query_name="funders.rq")
    assert (summary.nodes, summary.edges) == (2, 1) and summary.description == "result of funders.rq"
    data = page_data(summary.path.read_text(encoding="utf-8"))
    assert {n["label"] for n in data["nodes"]} == {"National Telemedicine Network", "World Bank"}
    edge = data["edges"][0]
    assert edge["label"] == "funded by" and "Всемирным банком" in data["edgeInfo"][edge["id"]]
    assert "Values in the result" in data["info"][NTN]  # the literal in the result is shown


def test_big_views_fold_metrics_then_cap(tmp_path: Path) -> None:
    from benchmarks.viz_bench import synthetic_graph
    from kg.views.cut import build_view

    graph = synthetic_graph(600)
    whole = build_view(graph, metric_nodes=True)
    assert len(whole.nxg) == 600 and whole.folded == 0
    folded = build_view(graph, max_nodes=500)
    entities = sum(1 for _, c in whole.nxg.nodes(data="cls") if c != "Metric")
    assert len(folded.nxg) == entities <= 500 and folded.folded + folded.folded_dropped == 600 - entities
    owner = max(folded.nxg, key=lambda n: len(folded.nxg.nodes[n].get("folded") or ()))
    assert len(folded.nxg.nodes[owner]["folded"]) > 5
    capped = build_view(graph, max_nodes=100)
    assert len(capped.nxg) == 100 and sum(capped.capped.values()) == entities - 100
    summary = render_html(graph, tmp_path / "cap.html", max_nodes=100)
    text = summary.path.read_text(encoding="utf-8")
    assert "metrics folded into the" in text and "left out to stay within 100 nodes" in text
    data = page_data(text)
    assert any("+" in n["label"] and "metrics" in n["label"] for n in data["nodes"])
    assert "folded into this node" in data["info"][owner]


def test_layout_separates_nodes_and_keeps_satellites_near() -> None:
    import math

    from benchmarks.viz_bench import synthetic_graph
    from kg.views.layout import layout
    from kg.views.network import to_networkx

    nxg = to_networkx(synthetic_graph(400))
    positions = layout(nxg)
    assert layout(nxg) == positions and len(set(positions.values())) == len(nxg)
    # Satellites sit near the entity they are about, not across the drawing.
    spread = max(abs(x) for x, _ in positions.values())
    for u, v, key in nxg.edges(keys=True):
        if key == "about":
            assert math.dist(positions[u], positions[v]) < spread, (u, v)


def test_stats_text(graph: rdflib.Graph) -> None:
    from kg.views.network import format_measures

    measures = graph_measures(to_networkx(graph), lang="ru")
    assert measures["top_entities"][0]["label"] == "Национальная телемедицинская сеть"
    assert measures["top_entities"][0]["metrics"] == 1 and measures["isolated_nodes"] == 0
    text = format_measures(measures)
    assert "nodes per class:" in text and "Programme" in text and "Национальная телемедицинская сеть" in text
