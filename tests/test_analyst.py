"""The questions an analyst asks from the command line get honest answers: a name instead of an
IRI, a country filter, a clear word for a missing file, a violation (not a crash) for a value
that is not a number, and citations that name the document rather than only its file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query.engine import Engine, open_engine

from .sparql_rows import ID, ask, rows

PAVLODAR = ID + "region/kz-pavlodar-region"


@pytest.fixture(scope="module")
def engine(built_dir: Path) -> Engine:
    return open_engine(built_dir / "kg.trig", "oxigraph")


def kg(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", ["Pavlodar", "pavlodar", "Pavlodar oblast", "Павлодарская область",
                                  "Павлодарской области", "Павлодар облысы"])
def test_an_entity_parameter_takes_a_name(engine: Engine, name: str) -> None:
    by_name = rows(ask(engine, "metrics-about", entity=name))
    by_iri = rows(ask(engine, "metrics-about", entity=f"<{PAVLODAR}>"))
    assert by_name == by_iri and any(r["value"] == 22 for r in by_name)


def test_a_name_that_fits_nothing_or_many_is_an_error(built_dir: Path) -> None:
    code, out, err = kg("query", "metrics-about", "-p", "entity=Narnia", "--graph", str(built_dir / "kg.trig"))
    assert code == 6 and out == "" and "nothing in the graph has the label 'Narnia'" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = kg("query", "metrics-about", "-p", "entity=Region", "--graph", str(built_dir / "kg.trig"))
    assert code == 6 and ("entities:" in err or "nothing in the graph" in err), err


def test_programmes_per_country_takes_a_country(engine: Engine) -> None:
    everything = rows(ask(engine, "programmes-per-country"))
    kazakh = rows(ask(engine, "programmes-per-country", country="Kazakhstan"))
    assert kazakh and "country" not in kazakh[0]
    assert {r["programme"] for r in kazakh} == {r["programme"] for r in everything if r["country"] == ID + "country/KZ"}
    assert rows(ask(engine, "programmes-per-country", country="Казахстане")) == kazakh
    assert len(kazakh) < len(everything)


def test_a_missing_query_file_is_named_as_such(tmp_path: Path, built_dir: Path) -> None:
    code, _, err = kg("query", str(tmp_path / "myquery.rq"), "--graph", str(built_dir / "kg.trig"))
    assert code == 6 and "does not exist" in err and "letters, digits" not in err


def test_a_value_that_is_not_a_number_is_a_violation(built_dir: Path, tmp_path: Path) -> None:
    text = (built_dir / "kg.trig").read_text(encoding="utf-8")
    marker = 'tm:value "40"^^xsd:decimal'
    assert marker in text
    broken = tmp_path / "kg.trig"
    broken.write_text(text.replace(marker, 'tm:value "forty"', 1), encoding="utf-8")
    code, out, err = kg("validate", "--graph", str(broken))
    assert code == 8, (out, err)
    assert '"forty"' in out and "xsd:decimal" in out and "internal error" not in err


def test_provenance_cites_title_publisher_and_date(engine: Engine) -> None:
    found = rows(ask(engine, "provenance", subject=ID + "programme/bridging-the-digital-health-divide"))
    assert found[0]["source"] == "Rural telemedicine in Central Asia, as of December 2025 — nCa, 2025-12-10"
    quotes = rows(ask(engine, "metrics-with-quotes"))
    assert all(r["source"] and not r["source"].endswith(".txt") for r in quotes)


def test_views_cite_the_document(seed_graph: object) -> None:
    from kg.views.network import to_networkx

    nxg = to_networkx(seed_graph, include_metrics=True)
    funded = [q for _, _, quotes in nxg.edges(data="quotes") for q in quotes or () if "EU-funded" in q[0]]
    assert funded and funded[0][1] == ("Rural telemedicine in Central Asia, as of December 2025 — nCa, 2025-12-10 "
                                       "(000_a082bec6c71722d9.txt)")
    sources = {s for _, srcs in nxg.nodes(data="sources") for s in srcs or ()}
    assert any(s.startswith("Uzbekistan Boosts Pediatric Surgery") for s in sources)


def test_both_engines_follow_the_query_dataset(built_dir: Path) -> None:
    """FROM makes one graph the default graph, FROM NAMED alone leaves it empty; the union only
    when the query names no dataset — in both engines (Oxigraph answered FROM over the union)."""
    graph = ID + "graph/000_a082bec6c71722d9"
    count = "SELECT (COUNT(*) AS ?n) {dataset} WHERE {{ {pattern} }}"
    for name in ("oxigraph", "rdflib"):
        engine = open_engine(built_dir / "kg.trig", name)

        def n(dataset: str, pattern: str = "?s ?p ?o") -> int:
            return int(engine.query(count.format(dataset=dataset, pattern=pattern)).rows[0][0].value)

        union, one = n(""), n(f"FROM <{graph}>")
        assert 0 < one < union, name
        assert n(f"FROM NAMED <{graph}>") == 0, name
        assert n(f"FROM NAMED <{graph}>", "GRAPH ?g { ?s ?p ?o }") == one, name


def test_an_unknown_prefix_is_one_line(built_dir: Path) -> None:
    code, out, err = kg("query", "-e", "SELECT * WHERE { ?s foo:bar ?o }", "--graph", str(built_dir / "kg.trig"))
    assert code == 6 and out == ""
    assert len(err.strip().splitlines()) == 1 and "unknown prefix `foo:`" in err and "tm:" in err, err
