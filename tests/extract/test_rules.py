"""Every rule a graph names is declared once, with a description of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, RDFS

import kg.build.curation  # noqa: F401  (declares the curation rule)
from kg import terms as T
from kg.build.pipeline import build_graph
from kg.rdf.convert import union_graph
from kg.extract.lexicon import Lexicon
from kg.extract.rules import Rule, UndeclaredRule, declare, declared, describe

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [ROOT / "seeds", *(p for p in sorted((ROOT / "tests" / "data").rglob("*")) if p.is_dir())]


def _rules_named(graph: Graph) -> dict[str, str]:
    return {str(graph.value(rule, RDFS.label)): str(graph.value(rule, RDFS.comment))
            for rule in graph.subjects(RDF.type, T.ExtractionRule)}


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_rule_in_a_built_graph_is_declared(corpus: Path, lexicon: Lexicon) -> None:
    graph = union_graph(build_graph([corpus], lexicon).quads)
    named = _rules_named(graph)
    assert named, "a build names the rules behind its facts"
    cues = {cue.rule.id: cue.rule for cue in lexicon.relation_cues}
    for rule_id, comment in named.items():
        assert rule_id in declared() or rule_id in cues, f"{rule_id} is not declared"
        expected = declared()[rule_id] if rule_id in declared() else cues[rule_id]
        assert comment == expected.description and len(comment) > 20


def test_declarations_have_real_descriptions() -> None:
    rules = declared()
    assert len(rules) >= 35
    for rule in rules.values():
        assert rule.description.endswith((".", ")")) and len(rule.description) > 20, rule
    # the pattern-made names (which yield to known organisations) are exactly the 'named-…' rules
    assert {r.id for r in rules.values() if r.makes_names} == {r.id for r in rules.values() if r.id.startswith("named-")}


def test_a_rule_declared_twice_differently_is_refused() -> None:
    assert declare("reference-label", declared()["reference-label"].description) == declared()["reference-label"]
    with pytest.raises(ValueError, match="declared twice"):
        declare("reference-label", "Something else entirely, said differently.")


def test_an_undeclared_rule_has_no_description() -> None:
    cue = Rule("cue-x", "A relation cue from the lexicon.")
    assert describe("cue-x", [cue]) == cue.description
    with pytest.raises(UndeclaredRule, match="no-such-rule"):
        describe("no-such-rule", [cue])
