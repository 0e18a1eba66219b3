"""A query's stored core (kg/query/precomputed.py): `kg build` runs the language-free part of
`conflicts` once and answers every language from its rows as VALUES. Each answer must print
exactly what running the whole query in that language prints."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner

from kg.cli import main
from kg.query import precomputed
from kg.query.catalogue import resolve, run_query
from kg.query.engine import OxigraphEngine, open_engine
from tests.check.test_metricsread import TEXTS
from tests.query.test_precomputed import FORMATS, printed, run_unstored


@pytest.fixture(scope="module")
def conflicting(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real build whose `conflicts` has a row: two documents give 40 and 65 clinics for 2021."""
    folder = tmp_path_factory.mktemp("conflicting")
    meta = {"documents": {f"{name}.txt": {"languages": ["en"]} for name in TEXTS}}
    (folder / "metadata.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    for name, text in TEXTS.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "-q", "--no-html"])
    assert result.exit_code == 0, result.output
    return out / "kg.trig"


def test_conflicts_marks_a_core(built_dir: Path) -> None:
    assert ("conflicts", precomputed.LANGS) in precomputed._ordered_tasks()
    core, before, after = precomputed.split_core(resolve("conflicts", None).text)  # type: ignore[misc]
    assert core.startswith("PREFIX tm:") and "?lang" not in core
    # The core is a query of its own, and what is around it a query once the core's rows stand there.
    variables = OxigraphEngine(ox.Store()).query(core).variables
    assert variables == ["subject", "i", "u", "period", "numbers", "values", "sources"]
    outer = before + precomputed.values_block(variables, []) + after  # type: ignore[operator]
    assert OxigraphEngine(ox.Store()).query(outer, {"lang": ox.Literal("ru")}).rows == []
    assert precomputed.split_core("SELECT * WHERE { ?s ?p ?o }") is None


@pytest.mark.parametrize("lang", precomputed.LANGS)
def test_every_language_from_the_core_prints_what_the_query_prints(conflicting: Path, lang: str) -> None:
    stored = run_query(open_engine(conflicting), resolve("conflicts", None), {}, lang=lang)
    assert stored.rendered, "the store's answer was not used"
    assert len(list(stored.rows)) == 1
    for fmt in FORMATS:
        live = run_unstored(conflicting, "conflicts", fmt, lang)
        assert printed(conflicting, "conflicts", "-f", fmt, "--lang", lang) == live, fmt
    assert "40 | 65" in run_unstored(conflicting, "conflicts", "csv", lang)


def test_values_give_back_the_same_terms() -> None:
    store = ox.Store()
    ex = "http://example.org/"
    odd = [ox.Literal('say "hi"\\ \n\ttab'), ox.Literal("Қазақстан", language="kk"),
           ox.Literal("3.50", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
           ox.Literal("\u0001 control"), ox.NamedNode(ex + "a%20b")]
    for n, term in enumerate(odd):
        store.add(ox.Quad(ox.NamedNode(f"{ex}s{n}"), ox.NamedNode(ex + "p"), term))
    store.add(ox.Quad(ox.NamedNode(ex + "lonely"), ox.NamedNode(ex + "q"), ox.Literal("x")))
    query = f"SELECT ?s ?o WHERE {{ ?s ?p ?x OPTIONAL {{ ?s <{ex}p> ?o }} }} ORDER BY ?s"
    rows = [list(r) for r in store.query(query)]
    block = precomputed.values_block(["s", "o"], rows)
    assert block is not None and "UNDEF" in block
    again = [list(r) for r in ox.Store().query(f"SELECT ?s ?o WHERE {{ {block} }}")]
    assert again == rows
    assert precomputed.values_block(["s"], [[ox.BlankNode("b")]]) is None
