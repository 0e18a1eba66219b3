"""Curation: a person's merge/rename/drop/add reaches the graph, with the reason as evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from kg import terms as T
from kg.build.curation import load_curation
from kg.errors import ConfigError
from kg.extract.lexicon import Lexicon
from kg.build.pipeline import build_graph
from kg.rdf.convert import union_graph

ID = "https://w3id.org/telemed-kg/id/"
ARTICLE = ("The “Mountain Care” programme, funded by the World Bank and led by HealthNet Tajik, "
           "connects clinics in Khatlon Region. UNICEF also supports Mountain Care staff training.")


def build(tmp_path: Path, lexicon: Lexicon, curation: str):
    doc = tmp_path / "mc.txt"
    doc.write_text(ARTICLE, encoding="utf-8")
    cur = tmp_path / "curation.yaml"
    cur.write_text(curation, encoding="utf-8")
    return union_graph(build_graph([doc], lexicon, curation=cur).dataset)


def test_without_edits_the_extractor_stands(tmp_path: Path, lexicon: Lexicon) -> None:
    g = build(tmp_path, lexicon, "[]\n")
    prog = URIRef(ID + "programme/mountain-care")
    assert (prog, T.fundedBy, URIRef(ID + "funder/world-bank")) in g
    assert (prog, T.implementedBy, URIRef(ID + "funder/healthnet-tajik")) in g


def test_merge_rename_drop_add(tmp_path: Path, lexicon: Lexicon) -> None:
    g = build(tmp_path, lexicon, """
- merge: [funder/healthnet-tajik, funder/aga-khan-foundation]
  reason: "HealthNet Tajik is the foundation's local brand (test)."
- rename: programme/mountain-care
  label: Mountain Care Programme
  lang: en
  reason: Official name.
- drop: [programme/mountain-care, fundedBy, funder/world-bank]
  reason: The grant was cancelled (test).
- add: [programme/mountain-care, partner, funder/unicef]
  document: mc.txt
  quote: UNICEF also supports Mountain Care staff training.
  reason: Stated support is a partnership.
""")
    prog = URIRef(ID + "programme/mountain-care")
    akf = URIRef(ID + "funder/aga-khan-foundation")
    assert (prog, T.implementedBy, akf) in g
    assert not list(g.triples((URIRef(ID + "funder/healthnet-tajik"), None, None)))
    assert "HealthNet Tajik" in {str(a) for a in g.objects(akf, T.PREFIXES["skos"].altLabel)}
    assert {str(l) for l in g.objects(prog, RDFS.label)} == {"Mountain Care Programme"}
    assert (prog, T.fundedBy, URIRef(ID + "funder/world-bank")) not in g
    assert (prog, T.partner, URIRef(ID + "funder/unicef")) in g
    curated = [a for a in g.subjects(T.rule, URIRef(ID + "rule/curation"))]
    assert curated
    assert any("partnership" in str(g.value(a, RDFS.comment)) for a in curated)
    for annotation in curated:
        target = g.value(annotation, T.OA.hasTarget)
        quote = next(s for s in g.objects(target, T.OA.hasSelector) if (s, RDF.type, T.OA.TextQuoteSelector) in g)
        assert str(g.value(quote, T.OA.exact)) in ARTICLE


@pytest.mark.parametrize("text, message", [
    ("- merge: [a]\n  reason: x\n", "line 1: merge takes 2 value(s)"),
    ("- drop: [a, likes, b]\n  reason: x\n", "unknown predicate 'likes'"),
    ("- rename: programme/x\n  label: X\n", "rename needs a reason"),
    ("- add: [a, partner, b]\n  reason: x\n", "add needs the document and the quote"),
    ("[unclosed\n", "malformed YAML"),
])
def test_malformed_curation_names_file_line_and_reason(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "curation.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_curation(path)
    assert message in str(info.value) and str(path) in str(info.value)


def test_shipped_curation_file_is_empty() -> None:
    from kg import paths

    # Curation must not be what makes the seed tests pass.
    assert load_curation(paths.curation_file()) == []


def test_curation_quote_must_be_in_the_document(tmp_path: Path, lexicon: Lexicon) -> None:
    with pytest.raises(ConfigError, match="the quote is not in mc.txt"):
        build(tmp_path, lexicon, "- add: [programme/mountain-care, partner, funder/unicef]\n"
                                 "  document: mc.txt\n  quote: not in the text\n  reason: x\n")


def test_build_reports_a_malformed_curation_file(tmp_path: Path) -> None:
    cur = tmp_path / "bad.yaml"
    cur.write_text("- merge: [a]\n  reason: x\n", encoding="utf-8")
    doc = tmp_path / "mc.txt"
    doc.write_text(ARTICLE, encoding="utf-8")
    from kg.build import pipeline

    with pytest.raises(ConfigError, match="bad.yaml line 1"):
        pipeline.build_graph([doc], curation=cur)
