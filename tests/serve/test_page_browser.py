"""The query page of `kg serve` in a real headless Chromium: it opens on the question an analyst
asks first, runs it against the live endpoint, and shows IRIs as `kg query` does, without the
empty `lang` column."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.loadgen import serve
from tests.chromium import Browser
from tests.views.test_viz_browser import browser  # noqa: F401  (the shared, skip-aware fixture)


@pytest.fixture(scope="module")
def site(built_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("page")
    graph = folder / "kg.trig"
    graph.write_bytes((built_dir / "kg.trig").read_bytes())
    with serve(graph, folder / "server.log", workers=1) as running:
        yield running.base


def test_the_page_opens_on_programmes_per_country_and_reads_like_the_cli(browser: Browser, site: str) -> None:  # noqa: F811
    page = browser.new_page(1280, 800)
    page.goto(site + "/")
    page.wait_for("document.getElementById('example').options.length > 5")
    assert page.evaluate("document.getElementById('example').selectedOptions[0].textContent").startswith(
        "Programmes per country")
    page.evaluate("document.getElementById('run').click()")
    page.wait_for("document.querySelector('#result table') !== null", timeout=30)
    headers = page.evaluate("Array.from(document.querySelectorAll('#result th')).map(function (t) { return t.textContent; })")
    assert "lang" not in headers and "programmeLabel" in headers
    cells = page.evaluate("Array.from(document.querySelectorAll('#result td')).map(function (t) { return t.textContent; })")
    assert "country:KZ" in cells and not any(c.startswith("https://w3id.org/") for c in cells)
    # A query copied from the CLI, with its undeclared prefixes, runs on the page.
    page.evaluate("document.getElementById('query').value = 'SELECT ?p WHERE { ?p a tm:Programme } LIMIT 3';"
                  "document.getElementById('run').click()")
    page.wait_for("document.getElementById('status').textContent.indexOf('3 rows') === 0", timeout=30)
    assert page.problems() == []
    page.close()
