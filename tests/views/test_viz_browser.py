"""The HTML views opened as a person would: in a real headless Chromium (Debian's package),
from file:// URLs, through the DevTools protocol (tests/chromium.py).

Each test checks what the page did as well as what it shows: no console error, no uncaught
exception, no network request but the page itself, no dialog. Without /usr/bin/chromium these
tests skip and say why (`make test` installs it when run as root); under CI they fail instead,
so a CI run cannot pass without having run them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

from kg.views.page import VizSummary, render_html
from tests.chromium import Browser, Page, chromium_missing_reason, pixel_stats
from tests.views.test_viz import ID, METRIC, NTN, TTL, WB

KZ = ID + "country/KZ"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    reason = chromium_missing_reason()
    if reason is None:
        try:
            instance = Browser()
        except Exception as exc:  # a browser that is there but cannot start: say so
            reason = f"headless Chromium would not start: {exc}"
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    yield instance
    instance.close()


def open_view(browser: Browser, summary: VizSummary, timeout: float = 30.0) -> Page:
    page = browser.new_page(1280, 800)
    page.goto(summary.path.resolve().as_uri(), timeout=timeout)
    page.wait_for("window.tmStatus && window.tmStatus.ready", timeout=timeout)
    return page


def assert_clean(page: Page, summary: VizSummary) -> None:
    assert page.problems() == []
    assert page.requests() == [summary.path.resolve().as_uri()]  # nothing fetched but the page
    assert page.dialogs() == []


def node_on_screen(page: Page, node: str) -> tuple[float, float]:
    """Bring ``node`` into view and return its position in the window, for the mouse."""
    return page.evaluate(f"""(function () {{
        var n = window.tmNetwork, id = {node!r};
        n.focus(id, {{scale: 1.6, animation: false}});
        var p = n.canvasToDOM(n.getPositions([id])[id]);
        var box = document.getElementById("tm-network").getBoundingClientRect();
        return [box.left + p.x, box.top + p.y]; }})()""")


def details_text(page: Page) -> str:
    return page.evaluate("document.getElementById('tm-details').innerText")


@pytest.fixture(scope="module")
def seed_view(seed_graph: rdflib.Graph, tmp_path_factory: pytest.TempPathFactory) -> VizSummary:
    # Every metric as a node (`kg viz --metric-nodes`): the tests below hover and filter them.
    return render_html(seed_graph, tmp_path_factory.mktemp("browser") / "seed.html", title="telemed-kg: seed graph",
                       metric_nodes=True)


def test_the_whole_graph_opens_on_the_entities_with_their_numbers(browser: Browser, seed_graph: rdflib.Graph,
                                                                  tmp_path: Path) -> None:
    """By default the whole graph shows entities, each with its numbers in its panel, not a
    hairball of metric boxes; numbers read as a person writes them."""
    summary = render_html(seed_graph, tmp_path / "kg.html")
    page = open_view(browser, summary)
    classes = page.evaluate("Object.values(window.tmData.cls)")
    assert "Metric" not in classes and "Programme" in classes and summary.folded > 90
    ntn = ID + "programme/national-telemedicine-network"
    text = page.evaluate(f"window.tmData.info[{ntn!r}]")
    assert "metrics about it" in text and "217" in text
    labels = page.evaluate("window.tmData.nodes.map(function (n) { return n.label; }).join('\\n')")
    assert "≥0" not in labels and "National Telemedicine Network" in labels
    assert_clean(page, summary)
    page.close()


def test_seed_graph_draws_every_node_offline(browser: Browser, seed_view: VizSummary) -> None:
    page = open_view(browser, seed_view)
    status = page.evaluate("JSON.parse(JSON.stringify(window.tmStatus))")
    drawn = page.evaluate("window.tmNetwork.body.nodeIndices.length")
    assert drawn == status["drawnNodes"] == seed_view.nodes > 100
    assert page.evaluate("window.tmNetwork.body.edgeIndices.length") == seed_view.edges
    assert status["physics"] is True and page.evaluate("window.tmNetwork.physics.physicsEnabled") is False
    shot = pixel_stats(page.screenshot(scale=0.5))
    assert shot["stddev"] > 8 and shot["colours"] > 30, shot  # a drawing, not a blank page
    assert_clean(page, seed_view)
    page.close()


def test_search_box_finds_a_node_by_a_label_in_any_language(browser: Browser, seed_view: VizSummary) -> None:
    page = open_view(browser, seed_view)
    x, y = page.evaluate("(function () { var r = document.getElementById('tm-search').getBoundingClientRect();"
                         " return [r.left + 20, r.top + r.height / 2]; })()")
    page.click(x, y)
    page.type_text("қазақстан")  # Kazakh label, typed in lower case
    page.press("Enter", 13)
    assert page.evaluate("window.tmNetwork.getSelectedNodes()") == [KZ]
    assert page.evaluate("document.getElementById('tm-matches').textContent").startswith("1 of ")  # exact match first
    text = details_text(page)
    assert "Kazakhstan" in text and "Казахстан" in text and "Қазақстан" in text and "country" in text
    # The found node is on screen: the view moved to it.
    cx, cy = node_on_screen(page, KZ)
    assert 0 < cx < 1280 and 0 < cy < 800
    assert_clean(page, seed_view)
    page.close()


def test_hover_and_click_show_evidence(browser: Browser, seed_view: VizSummary, seed_graph: rdflib.Graph) -> None:
    page = open_view(browser, seed_view)
    metric = page.evaluate("window.tmData.nodes.filter(function (n) { return window.tmData.cls[n.id] === 'Metric' &&"
                           " window.tmData.info[n.id].indexOf('Evidence') >= 0; })[0].id")
    x, y = node_on_screen(page, metric)
    page.mouse("mouseMoved", x, y)
    page.wait_for("document.getElementById('tm-details').innerText.indexOf('Evidence') >= 0", timeout=5)
    page.click(x, y)
    assert page.evaluate("window.tmNetwork.getSelectedNodes()") == [metric]
    page.mouse("mouseMoved", 5, 5)  # away: the clicked node stays in the panel
    text = details_text(page)
    assert "metric" in text and "Evidence" in text and "Source documents" in text and ".txt" in text
    assert "value" in text and "indicator" in text
    assert_clean(page, seed_view)
    page.close()


def test_class_filter_hides_and_shows(browser: Browser, seed_view: VizSummary) -> None:
    page = open_view(browser, seed_view)
    metrics = page.evaluate("Object.values(window.tmData.cls).filter(function (c) { return c === 'Metric'; }).length")
    assert metrics > 0
    page.evaluate("document.querySelector(\"#tm-legend input[data-cls='Metric']\").click()")
    assert page.evaluate("window.tmNetwork.body.nodeIndices.length") == seed_view.nodes - metrics
    page.evaluate("document.querySelector(\"#tm-legend input[data-cls='Metric']\").click()")
    assert page.evaluate("window.tmNetwork.body.nodeIndices.length") == seed_view.nodes
    assert_clean(page, seed_view)
    page.close()


def test_focus_and_country_views(browser: Browser, seed_graph: rdflib.Graph, tmp_path: Path) -> None:
    focus = render_html(seed_graph, tmp_path / "focus.html", focus="Казахстан", depth=1, lang="ru")
    country = render_html(seed_graph, tmp_path / "country.html", country="KZ", include_metrics=False)
    for summary in (focus, country):
        page = open_view(browser, summary)
        assert page.evaluate("window.tmStatus.drawnNodes") == summary.nodes
        assert summary.omitted > 0 and "not shown" in page.evaluate("document.getElementById('tm-info').innerText")
        assert_clean(page, summary)
        page.close()


EVIL = TTL.replace(
    '"<script>alert(1)</script> pilot"@en, "<img src=x onerror=alert(1)> пилот"@ru',
    '"<script>window.__xss = 1; alert(1)</script> pilot"@en, '
    '"<img src=x onerror=\\"window.__xss = 2; alert(2)\\"> пилот"@ru',
).replace(
    '"Сеть финансируется Всемирным банком <img src=x onerror=alert(2)>"@ru',
    '"Сеть финансируется Всемирным банком <img src=x onerror=\\"window.__xss = 3\\"><svg onload=alert(3)>"@ru',
)


def test_markup_in_documents_runs_nothing(browser: Browser, tmp_path: Path) -> None:
    assert "window.__xss = 1" in EVIL and "window.__xss = 3" in EVIL
    graph = rdflib.Graph().parse(data=EVIL, format="turtle")
    summary = render_html(graph, tmp_path / "evil.html")
    page = open_view(browser, summary)
    evil = ID + "programme/evil-pilot"
    # Hover and click the node whose labels are markup, and the edge whose quote is: the panel
    # sets them as innerHTML, the search box matches them. None of it may run.
    x, y = node_on_screen(page, evil)
    page.mouse("mouseMoved", x, y)
    page.click(x, y)
    text = details_text(page)
    assert "<script>window.__xss = 1; alert(1)</script> pilot" in text
    assert '<img src=x onerror="window.__xss = 2; alert(2)"> пилот' in text
    page.evaluate(f"window.tmNetwork.selectEdges([window.tmData.edges.filter(function (e) {{"
                  f" return e.from === {NTN!r} && e.to === {WB!r}; }})[0].id])")
    edge_id = page.evaluate("window.tmNetwork.getSelectedEdges()[0]")
    page.evaluate(f"document.getElementById('tm-details').innerHTML = window.tmData.edgeInfo[{edge_id!r}]")
    assert "<svg onload=alert(3)>" in details_text(page)
    sx, sy = page.evaluate("(function () { var r = document.getElementById('tm-search').getBoundingClientRect();"
                           " return [r.left + 20, r.top + r.height / 2]; })()")
    page.click(sx, sy)
    page.type_text("<script>")
    page.press("Enter", 13)
    assert page.evaluate("window.tmNetwork.getSelectedNodes()") == [evil]
    time.sleep(0.3)  # give any smuggled handler (image error, svg load) the time to fire
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate("document.querySelectorAll('#tm-details img, #tm-details svg, #tm-details script').length") == 0
    assert_clean(page, summary)  # also: no CSP refusal logged, no dialog, no request for 'x'
    page.close()


def test_metric_label_reads_as_a_sentence(browser: Browser, tmp_path: Path) -> None:
    summary = render_html(rdflib.Graph().parse(data=TTL, format="turtle"), tmp_path / "m.html", metric_nodes=True)
    page = open_view(browser, summary)
    label = page.evaluate(f"window.tmNetwork.body.nodes[{METRIC!r}].options.label")
    assert label == "217 healthcare facilities connected (2021)"
    assert_clean(page, summary)
    page.close()


def test_5000_nodes_drawn_and_interactive_within_5_s(browser: Browser, tmp_path: Path) -> None:
    from benchmarks.viz_bench import synthetic_graph

    # Every node drawn, metrics included (the whole graph folds them by default).
    summary = render_html(synthetic_graph(5000), tmp_path / "big.html", metric_nodes=True)
    assert summary.nodes == 5000 and not summary.physics
    page = open_view(browser, summary, timeout=60)
    status = page.evaluate("JSON.parse(JSON.stringify(window.tmStatus))")
    assert status["drawnNodes"] == 5000
    assert status["readyAt"] < 5000, status  # ms from navigation start to the first full drawing
    t0 = time.monotonic()
    page.evaluate("window.tmNetwork.moveTo({scale: 0.5}); window.tmNetwork.redraw()")
    assert time.monotonic() - t0 < 2.0  # a zoom is not a stall
    assert_clean(page, summary)
    page.close()


def test_capped_view_says_what_it_left_out(browser: Browser, tmp_path: Path) -> None:
    from benchmarks.viz_bench import synthetic_graph

    summary = render_html(synthetic_graph(1200), tmp_path / "capped.html", max_nodes=300)
    assert summary.nodes == 300 and summary.folded > 0 and sum(summary.capped.values()) > 0
    page = open_view(browser, summary)
    assert page.evaluate("window.tmStatus.drawnNodes") == 300
    said = page.evaluate("document.getElementById('tm-omitted').innerText")
    assert "metrics folded into the" in said and "left out to stay within 300 nodes" in said
    assert_clean(page, summary)
    page.close()


def test_build_page_of_a_large_corpus_is_an_overview_that_works(browser: Browser, tmp_path: Path) -> None:
    """Above BUILD_VIEW_FULL_LIMIT statements `kg build` draws entities and relations only; the
    page must still open offline, draw every node it lists and say what it is."""
    from benchmarks.corpus import write_corpus
    from kg.build.pipeline import build_graph
    from kg.views.page import BUILD_VIEW_FULL_LIMIT, render_build_view

    write_corpus(tmp_path / "corpus", 200)
    result = build_graph([tmp_path / "corpus"], workers=2)
    assert len(result.quads) > BUILD_VIEW_FULL_LIMIT
    summary, note = render_build_view(result.quads, tmp_path / "kg.html")
    assert "entities and relations only" in note
    assert 20 < summary.nodes < 2000 and summary.edges > 0
    page = open_view(browser, summary)
    assert page.evaluate("window.tmStatus.drawnNodes") == summary.nodes
    assert "entities and relations" in page.evaluate("document.title")
    assert_clean(page, summary)
    page.close()
