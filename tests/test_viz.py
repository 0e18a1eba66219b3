"""kg.netgraph and kg.viz on a small hand-written graph in the shape of docs/graph-shape.md."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib

from kg.errors import QueryError
from kg.netgraph import graph_measures, neighbourhood, to_networkx
from kg.viz import VizSummary, format_value, render_html

ROOT = Path(__file__).resolve().parents[1]

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
    summary = render_html(graph, out)
    return summary, out.read_text(encoding="utf-8")


def page_data(text: str) -> dict:
    """The nodes/edges/options JSON the page hands to vis-network."""
    match = re.search(r"var data = (\{.*?\});\n", text)
    assert match, "data block not found"
    return json.loads(match.group(1))


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
    assert len(scripts) == 2
    for body in scripts:  # a script the CSP does not hash would be blocked: the page would be blank
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_untrusted_text_is_escaped(page: tuple[VizSummary, str]) -> None:
    _, text = page
    assert "<script>alert(1)" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # in the hover title, as text
    # The page itself has exactly our two scripts and no event-handler attributes.
    page_tags = tags_of(text)
    assert sum(tag == "script" for tag, _ in page_tags) == 2
    assert not any(name.startswith("on") for _, attrs in page_tags for name in attrs)
    # Every title is parsed as HTML in the page (innerHTML): it may hold only our formatting tags.
    data = page_data(text)
    titles = [item["title"] for item in data["nodes"] + data["edges"]]
    for title in titles:
        for tag, attrs in tags_of(title):
            assert tag in {"b", "i", "br", "div", "span"}, title
            assert set(attrs) <= {"class"}, title
    evil = next(n for n in data["nodes"] if n["id"].endswith("evil-pilot"))
    assert evil["label"] == "&lt;script>alert(1)&lt;/script> pilot"  # vis html-mode canvas label
    assert "&lt;img src=x onerror=alert(1)&gt; пилот" in evil["title"]
    edge = next(e for e in data["edges"] if e["label"] == "funded by")
    assert "&lt;img src=x onerror=alert(2)&gt;" in edge["title"] and "001_test.txt" in edge["title"]


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

    ru = page_data((render_html(graph, tmp_path / "ru.html", lang="ru")).path.read_text(encoding="utf-8"))
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
    code = ("import sys, rdflib; from pathlib import Path; from kg.viz import render_html; "
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


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_boot_script_runs(page: tuple[VizSummary, str]) -> None:
    """Run the page's own script under node with a stub DOM and vis: it must build the network
    and turn titles into elements without throwing."""
    _, text = page
    boot = re.findall(r"<script>(.*?)</script>", text, re.S)[-1]
    harness = """
    const made = {};
    global.document = { createElement: () => ({}), getElementById: (id) => ({id}) };
    global.vis = { DataSet: function (items) { this.items = items; },
      Network: function (el, data, options) { made.el = el.id; made.data = data; made.options = options;
        this.once = (ev, fn) => { made.ev = ev; fn(); }; this.setOptions = (o) => { made.after = o; }; } };
    """ + boot + """
    const n = made.data.nodes.items;
    if (made.el !== "tm-network" || n.length !== 6 || typeof n[0].title !== "object") throw new Error("bad");
    if (made.ev !== "stabilizationIterationsDone" || made.after.physics.enabled !== false) throw new Error("physics");
    console.log("ok");
    """
    result = subprocess.run(["node", "-e", harness], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_metric_label_units_and_bounds() -> None:
    from decimal import Decimal

    from kg.viz import metric_label

    pct = {"value": Decimal("45.0"), "unit_iri": ID + "unit/percent", "unit_labels": {"en": "%"},
           "indicator_labels": {"en": "coverage", "ru": "охват"}, "period": "2004/2011", "bound": "atLeast"}
    assert metric_label(pct) == "≥45% coverage (2004/2011)"
    assert metric_label(pct, "kk") == "≥45% coverage (2004/2011)"  # kk → en fallback
    kzt = {"value": Decimal("6E+6"), "unit_iri": ID + "unit/KZT", "unit_labels": {"en": "KZT"},
           "indicator_labels": {"ru": "финансирование"}, "period": None, "bound": "approximately"}
    assert metric_label(kzt) == "~6000000 KZT финансирование"  # en → ru fallback


def test_named_graphs_are_read(tmp_path: Path) -> None:
    """A TriG dataset keeps facts in named graphs; the union is drawn, not just the default."""
    ds = rdflib.Dataset()
    ds.graph(rdflib.URIRef(ID + "graph/001_test")).parse(data=TTL, format="turtle")
    assert graph_measures(to_networkx(ds))["nodes_per_class"]["Programme"] == 2
    assert render_html(ds, tmp_path / "ds.html").nodes == 6
