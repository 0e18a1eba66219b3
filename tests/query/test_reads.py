"""Whether changed statements can change a query's answer (kg.query.reads): a stored answer is
kept only when they cannot, so every doubt must count as a change."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.query.reads import analyse, can_change

EX = "PREFIX ex: <urn:>\n"
# Annotations whose body may be a metric; the query reads only those about metrics.
QUERY = EX + """SELECT ?a ?v WHERE {
  { SELECT ?m WHERE { ?m a ex:Metric } }
  { SELECT ?a ?m WHERE { ?a ex:body ?m } }
  { SELECT ?m ?v WHERE { ?m ex:value ?v } }
  OPTIONAL { ?a ex:note ?n }
  MINUS { ?m ex:retracted ?r }
} ORDER BY ?a"""
DATA = """<urn:m1> a <urn:Metric> ; <urn:value> 1 .
<urn:a1> <urn:body> <urn:m1> .
<urn:s1> a <urn:Statement> .
<urn:a2> <urn:body> <urn:s1> .
"""


def store(extra: str = "") -> ox.Store:
    s = ox.Store()
    s.load((DATA + extra).encode(), format=ox.RdfFormat.TURTLE)
    return s


def changes(extra: str, removed: list[str] = ()) -> bool:  # type: ignore[assignment]
    s = store(extra)
    added = [f"{t.subject} {t.predicate} {t.object}" for t in ox.parse(extra.encode(), format=ox.RdfFormat.TURTLE)]
    return can_change(analyse(QUERY), list(removed), added, lambda text: bool(s.query(text)))


def test_an_added_statement_no_solution_can_use_keeps_the_answer() -> None:
    # A second annotation of a statement (not a metric): no solution of the join can use it.
    assert not changes("<urn:a3> <urn:body> <urn:s1> .")
    # A statement the query does not read at all.
    assert not changes("<urn:m1> <urn:label> \"x\" .")
    # OPTIONAL: a note on an annotation of a statement, which no solution of the left side has.
    assert not changes("<urn:a2> <urn:note> \"n\" .")


def test_a_group_passes_its_keys_on() -> None:
    # A label looked up for each group key: a label of a node that is no key changes nothing.
    query = EX + """SELECT ?m ?n ?l WHERE {
      { SELECT ?m (COUNT(?a) AS ?n) WHERE { ?a ex:body ?m . ?m a ex:Metric } GROUP BY ?m }
      OPTIONAL { ?m ex:label ?l }
    }"""
    for extra, expected in (("<urn:s1> <urn:label> \"x\" .", False), ("<urn:m1> <urn:label> \"x\" .", True),
                            ("<urn:a3> <urn:body> <urn:m1> .", True)):
        s = store(extra)
        added = [f"{t.subject} {t.predicate} {t.object}" for t in ox.parse(extra.encode(), format=ox.RdfFormat.TURTLE)]
        assert can_change(analyse(query), [], added, lambda text: bool(s.query(text))) is expected, extra
    # No GROUP BY: one row whatever matches inside, so a join beside it asks nothing of it.
    total = EX + "SELECT * WHERE { { SELECT (COUNT(?a) AS ?n) WHERE { ?a ex:nothing ?m } } ?x ex:label ?l }"
    s = store("<urn:s1> <urn:label> \"x\" .")
    assert can_change(analyse(total), [], ['<urn:s1> <urn:label> "x"'], lambda text: bool(s.query(text)))


@pytest.mark.parametrize("extra", [
    "<urn:a3> <urn:body> <urn:m1> .",  # a new annotation of the metric: a new row
    "<urn:s1> a <urn:Metric> ; <urn:value> 2 .",  # the statement becomes a metric
    "<urn:a1> <urn:note> \"n\" .",  # OPTIONAL: asked on its own group, which it completes
    "<urn:m1> <urn:retracted> true .",  # MINUS: removes a row
])
def test_an_added_statement_a_solution_can_use_changes_the_answer(extra: str) -> None:
    assert changes(extra)


def test_a_removed_statement_the_query_reads_changes_the_answer() -> None:
    assert changes("", removed=["<urn:a2> <urn:body> <urn:s1>"])
    assert not changes("", removed=["<urn:a2> <urn:label> <urn:s1>"])


@pytest.mark.parametrize("where", [
    "?a <urn:p>* ?b",  # every node is its own end of an empty path
    "?x <urn:q> ?a FILTER NOT EXISTS { ?a <urn:r> ?b }",  # a pattern rdflib leaves untranslated
    "GRAPH ?g { ?x <urn:q> ?a }",  # which graphs there are
])
def test_what_cannot_be_bounded_counts_every_change(where: str) -> None:
    analysis = analyse(f"SELECT * WHERE {{ {where} }}")
    assert analysis.everything
    assert can_change(analysis, [], ["<urn:s> <urn:other> <urn:o>"], lambda text: False)


def test_a_variable_predicate_or_a_path_matches_and_counts() -> None:
    added = "<urn:s> <urn:other> <urn:o> ."
    s = store(added)
    # A pattern with any predicate matches every statement, and the statement is its solution.
    assert can_change(analyse("SELECT * WHERE { ?x ?p ?o }"), [], [added[:-2]], lambda text: bool(s.query(text)))
    path = analyse("SELECT * WHERE { ?x <urn:q> ?a . ?a <urn:p>* ?b }")
    assert not path.everything
    assert can_change(path, [], ["<urn:s> <urn:p> <urn:o>"], lambda text: False)  # a path step: never asked
    assert not can_change(path, [], ["<urn:s> <urn:z> <urn:o>"], lambda text: False)
