"""`metrics-with-quotes` answered in every language from one run of its language-free part
(kg/query/labeljoin.py): the same rows, in the same order, as the query run in each language, on
the seeds and on a graph with subjects labelled in some languages only, several subjects or none
for a metric, units and indicators without labels, and rows that tie on the ORDER BY; a tie of
different rows, or an edited query, is answered as written."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query import labeljoin, precomputed
from kg.query.catalogue import bind_params, resolve, run_query
from kg.query.engine import OxigraphEngine
from kg.rdf import store as oxstore

TM = "https://w3id.org/telemed-kg/ontology#"
OA = "http://www.w3.org/ns/oa#"
ID = "https://w3id.org/telemed-kg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _text() -> str:
    return resolve("metrics-with-quotes", None).text


def _both(engine: OxigraphEngine, lang: str) -> tuple[tuple[list[str], list[list[object]]] | None, tuple[list[str], list[list[object]]]]:
    info = resolve("metrics-with-quotes", None)
    live = run_query(engine, info, {}, lang=lang)
    return labeljoin.Answerer(engine, info.text).answer(bind_params(engine, info, {}, lang)), (live.variables, live.rows)  # type: ignore[return-value]


def test_one_task_answers_every_language() -> None:
    assert ("metrics-with-quotes", precomputed.LANGS) in precomputed._ordered_tasks()
    core, tables = labeljoin.split(_text())  # type: ignore[misc]
    assert "?lang" not in core and "ORDER BY ?file ?start ?metric" in core
    assert len(tables) == 3 and all("COALESCE(?lang" in t for t in tables)
    # Another text (an edited query) is run as written.
    assert labeljoin.split(_text().replace("ORDER BY ?file", "ORDER BY DESC(?file)")) is None


@pytest.mark.parametrize("lang", precomputed.LANGS)
def test_the_seeds_rows_are_the_querys(built_dir: Path, lang: str) -> None:
    engine = OxigraphEngine(oxstore.open_graph(built_dir / "kg.trig"))
    joined, live = _both(engine, lang)
    assert live[1] and joined == live


def _graph(tie: bool) -> ox.Store:
    """Metrics in two documents: subjects labelled in some languages, one metric about two
    subjects (a tie of different rows when ``tie``: their labels differ), one about none, a
    unit and an indicator with no label, two annotations of one metric at one offset."""
    store = ox.Store()

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o))

    for d in range(2):
        add(f"{ID}doc/{d}", TM + "fileName", ox.Literal(f"doc{d}.txt"))
    labels = {"kz": [("Kazakhstan", "en"), ("Казахстан", "ru"), ("Қазақстан", "kk")],
              "almaty": [("Алматы", "ru")], "x": []}
    for place, names in labels.items():
        for text, lang in names:
            add(f"{ID}place/{place}", LABEL, ox.Literal(text, language=lang))
    add(f"{ID}unit/count", LABEL, ox.Literal("count", language="en"))
    add(f"{ID}indicator/clinics", LABEL, ox.Literal("clinics", language="en"))
    add(f"{ID}indicator/clinics", LABEL, ox.Literal("клиники", language="ru"))
    abouts = [["kz"], ["almaty"], [], ["x"], ["kz", "almaty"] if tie else ["kz"], ["almaty"]]
    for n, about in enumerate(abouts):
        m = f"{ID}metric/{n}"
        add(m, RDF_TYPE, ox.NamedNode(TM + "Metric"))
        add(m, TM + "value", ox.Literal(str(10 + n), datatype=ox.NamedNode(XSD + "integer")))
        add(m, TM + "unit", ox.NamedNode(f"{ID}unit/{'count' if n % 2 else 'beds'}"))
        add(m, TM + "bound", ox.NamedNode(TM + "exact"))
        add(m, TM + "indicator", ox.NamedNode(f"{ID}indicator/{'clinics' if n < 4 else 'nurses'}"))
        add(m, "http://www.w3.org/ns/prov#wasDerivedFrom", ox.NamedNode(f"{ID}doc/{n % 2}"))
        for place in about:
            add(m, TM + "about", ox.NamedNode(f"{ID}place/{place}"))
        for a in range(2 if n == 5 else 1):  # the same quote twice: alike rows that tie
            ann, target, pos = f"{m}/ann{a}", f"{m}/target{a}", f"{m}/pos{a}"
            add(ann, OA + "hasBody", ox.NamedNode(m))
            add(ann, TM + "normalizedQuote", ox.Literal(f"quote {n}"))
            add(ann, OA + "hasTarget", ox.NamedNode(target))
            add(target, OA + "hasSelector", ox.NamedNode(pos))
            add(pos, RDF_TYPE, ox.NamedNode(OA + "TextPositionSelector"))
            add(pos, OA + "start", ox.Literal(str(5 * (n // 2)), datatype=ox.NamedNode(XSD + "integer")))
            add(pos, OA + "end", ox.Literal(str(5 * (n // 2) + 4), datatype=ox.NamedNode(XSD + "integer")))
    return store


@pytest.mark.parametrize("lang", precomputed.LANGS)
def test_labels_missing_several_or_none_give_the_querys_rows(lang: str) -> None:
    joined, live = _both(OxigraphEngine(_graph(tie=False)), lang)
    assert len(live[1]) == 7 and joined == live
    assert any(row[live[0].index("about")] is None for row in live[1])


@pytest.mark.parametrize("lang", precomputed.LANGS)
def test_a_tie_of_different_rows_is_answered_as_written(tmp_path: Path, lang: str) -> None:
    engine = OxigraphEngine(_graph(tie=True))
    joined, live = _both(engine, lang)
    assert joined is None  # metric 4's two subjects tie on ?file ?start ?metric
    info = resolve("metrics-with-quotes", None)
    answer = precomputed._answering(engine, info, True)
    assert answer(lang, bind_params(engine, info, {}, lang)).rows == live[1]


def test_order_keys_and_ties() -> None:
    conflicts = resolve("conflicts", None).text
    variables = ["subject", "subjectLabel", "indicator", "period", "unit", "numbers", "values", "sources"]
    assert labeljoin.order_keys(conflicts, variables) == [1, 2, 3, 4]
    assert labeljoin.order_keys("SELECT ?a WHERE {} ORDER BY DESC(?a)\n", ["a"]) is None
    a, b = ox.Literal("a"), ox.Literal("b")
    assert labeljoin.tied_alike([[a, a], [a, a], [b, a]], [0])
    assert not labeljoin.tied_alike([[a, a], [a, b]], [0])
