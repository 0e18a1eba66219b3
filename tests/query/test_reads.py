"""Which statements a query can read (kg.query.reads): a stored answer is kept only when a
rebuild changed none of them, so every doubt must read as "everything"."""

from __future__ import annotations

import pytest

from kg.query.reads import EVERYTHING, names_any, patterns, touches

Q = "<urn:q>"


def test_patterns_are_the_triples_of_every_part_of_the_query() -> None:
    text = """PREFIX ex: <urn:>
    SELECT * WHERE { ?x ex:q ?a MINUS { ?a ex:r "x" } OPTIONAL { ?a ex:s/ex:t ?c }
                     { SELECT ?x WHERE { ?x a ex:C } } { ?a ex:u ?d } UNION { ?a ex:v ex:w } }"""
    assert set(patterns(text)) == {(None, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<urn:C>"),
                                   (None, Q, None), (None, "<urn:r>", None), (None, "<urn:s>", None),
                                   (None, "<urn:t>", None), (None, "<urn:u>", None), (None, "<urn:v>", "<urn:w>")}
    # A path that may be empty is fine when one of its ends is bound by another pattern.
    assert set(patterns("SELECT * WHERE { ?x <urn:q> ?a . ?a <urn:p>* ?b }")) == {(None, "<urn:p>", None),
                                                                                  (None, Q, None)}


@pytest.mark.parametrize("where", [
    "?x ?p ?a",  # any predicate
    "?x !<urn:q> ?a",  # a negated property set
    "?a <urn:p>* ?b",  # every node is its own end of an empty path
    "?x <urn:q> ?a FILTER NOT EXISTS { ?a <urn:r> ?b }",  # a pattern rdflib leaves untranslated
    "GRAPH ?g { ?x <urn:q> ?a }",  # which graphs there are
])
def test_what_cannot_be_bounded_reads_everything(where: str) -> None:
    assert patterns(f"SELECT * WHERE {{ {where} }}") == EVERYTHING


def test_a_statement_touches_a_pattern_it_matches() -> None:
    reads = [(None, Q, None), (None, "<urn:type>", "<urn:C>")]
    assert touches(reads, ["<urn:s> <urn:q> \"1\""])
    assert touches(reads, ["<urn:s> <urn:type> <urn:C>"])
    assert not touches(reads, ["<urn:s> <urn:type> <urn:D>", "<urn:s> <urn:other> <urn:C>"])
    assert touches(EVERYTHING, ["<urn:s> <urn:other> <urn:C>"])
    assert not touches(EVERYTHING, [])


def test_names_any_finds_iris_and_prefixed_names() -> None:
    text = "PREFIX ex: <urn:x#> SELECT * WHERE { ?s ex:fundedBy ?o ; <urn:y> ?z }"
    assert names_any(text, {"<urn:x#fundedBy>"}) and names_any(text, {"<urn:y>"})
    assert not names_any(text, {"<urn:x#funded>", "<urn:x#fundedByAll>"})
