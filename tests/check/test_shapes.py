"""SHACL shapes (ontology/shapes.ttl) and kg.check.shacl, on small graphs shaped as docs/graph-shape.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg import paths
from kg.errors import ConfigError
from kg.terms import OA, TM
from kg.check.shacl import ValidationIssue, ValidationReport, validate

PREFIXES = """\
@prefix tm:   <https://w3id.org/telemed-kg/ontology#> .
@prefix country:   <https://w3id.org/telemed-kg/id/country/> .
@prefix programme: <https://w3id.org/telemed-kg/id/programme/> .
@prefix metric:    <https://w3id.org/telemed-kg/id/metric/> .
@prefix indicator: <https://w3id.org/telemed-kg/id/indicator/> .
@prefix unit:      <https://w3id.org/telemed-kg/id/unit/> .
@prefix doc:       <https://w3id.org/telemed-kg/id/document/> .
@prefix ev:        <https://w3id.org/telemed-kg/id/evidence/> .
@prefix stmt:      <https://w3id.org/telemed-kg/id/statement/> .
@prefix rule:      <https://w3id.org/telemed-kg/id/rule/> .
@prefix graph:     <https://w3id.org/telemed-kg/id/graph/> .
@prefix oa:   <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""

DOC = "doc:001_a082bec6c71722d9"
SHA = "a082bec6c71722d9" * 4

# The default graph: entity descriptions, documents and rules.
DESCRIPTIONS = f"""
{DOC} a tm:Document ; tm:fileName "001_a082bec6c71722d9.txt" ; tm:sha256 "{SHA}" ;
    tm:byteSize 2048 ; tm:charLength 1210 ; tm:encoding "utf-8" ; dct:language <http://id.loc.gov/vocabulary/iso639-1/ru>, <http://id.loc.gov/vocabulary/iso639-1/en> ;
    dct:title "Телемедицина в Казахстане" ; dct:date "2025-12-17"^^xsd:date ; dct:publisher "nCa" .

rule:country-name a tm:ExtractionRule ; rdfs:label "country-name" ; rdfs:comment "A country name from the lexicon." .
rule:programme-name a tm:ExtractionRule ; rdfs:label "programme-name" ; rdfs:comment "A programme name from the lexicon." .
rule:operates-in a tm:ExtractionRule ; rdfs:label "operates-in" ; rdfs:comment "A programme and a country in one sentence." .
rule:count-connected a tm:ExtractionRule ; rdfs:label "count-connected" ; rdfs:comment "A number before 'connected'." .

country:KZ a tm:Country ; rdfs:label "Kazakhstan"@en, "Казахстан"@ru, "Қазақстан"@kk ;
    skos:altLabel "Республика Казахстан"@ru ; tm:isoCode "KZ" .

programme:national-telemedicine-network a tm:Programme ;
    rdfs:label "National Telemedicine Network"@en, "Национальная телемедицинская сеть"@ru ;
    skos:altLabel "НТМС"@ru, "NTN"@en .

indicator:healthcare-facilities-connected a tm:Indicator ; rdfs:label "подключённые медицинские организации"@ru .
unit:count a tm:Unit ; rdfs:label "count"@en .
"""


def evidence(name: str, body: str, rule: str, start: int, end: int, quote: str, extra: str = "") -> str:
    """One Web Annotation with its target and three selectors, as graph-shape.md lays them out."""
    nni = "xsd:nonNegativeInteger"
    size = len(quote.encode("utf-8"))
    return f"""
ev:{name} a oa:Annotation ; oa:hasBody {body} ; oa:hasTarget ev:{name}-target ;
    oa:motivatedBy oa:describing ; tm:rule {rule} ; tm:normalizedQuote "{quote}"@ru ;
    tm:section "Введение" ; prov:wasDerivedFrom {DOC} {extra}.
ev:{name}-target a oa:SpecificResource ; oa:hasSource {DOC} ;
    oa:hasSelector ev:{name}-quote, ev:{name}-chars, ev:{name}-bytes .
ev:{name}-quote a oa:TextQuoteSelector ; oa:exact "{quote}" ; oa:prefix "В 2021 году " ; oa:suffix " и далее" .
ev:{name}-chars a oa:TextPositionSelector ; oa:start "{start}"^^{nni} ; oa:end "{end}"^^{nni} .
ev:{name}-bytes a oa:DataPositionSelector ; oa:start "{start * 2}"^^{nni} ; oa:end "{start * 2 + size}"^^{nni} .
"""


# The named graph of the document: relations, their reification and evidence, metrics.
FACTS = f"""
country:KZ tm:mentionedIn {DOC} .
programme:national-telemedicine-network tm:mentionedIn {DOC} ; tm:operatesIn country:KZ .

stmt:kz-mentioned a tm:Statement ;
    rdf:subject country:KZ ; rdf:predicate tm:mentionedIn ; rdf:object {DOC} .
stmt:ntn-mentioned a tm:Statement ;
    rdf:subject programme:national-telemedicine-network ; rdf:predicate tm:mentionedIn ; rdf:object {DOC} .
stmt:ntn-operates-in-kz a tm:Statement ;
    rdf:subject programme:national-telemedicine-network ; rdf:predicate tm:operatesIn ; rdf:object country:KZ .

metric:001-5f3a a tm:Metric ; tm:value 217.0 ; tm:unit unit:count ;
    tm:indicator indicator:healthcare-facilities-connected ;
    tm:about programme:national-telemedicine-network ; tm:bound tm:exact ; tm:period "2021"^^xsd:gYear ;
    prov:wasDerivedFrom {DOC} ; rdfs:label "217 healthcare facilities connected (2021)"@en .
""" + "".join([
    evidence("kz-mention", "stmt:kz-mentioned", "rule:country-name", 40, 50, "Казахстане",
             extra="; tm:mentionCount 3 "),
    evidence("ntn-mention", "stmt:ntn-mentioned", "rule:programme-name", 60, 93,
             "Национальная телемедицинская сеть", extra="; tm:mentionCount 1 "),
    evidence("ntn-operates", "stmt:ntn-operates-in-kz", "rule:operates-in", 100, 160,
             "Национальная телемедицинская сеть работает в Казахстане"),
    evidence("metric-217", "metric:001-5f3a", "rule:count-connected", 200, 240,
             "подключены 217 медицинских организаций"),
])

VALID = PREFIXES + DESCRIPTIONS + FACTS

OTHER_DOC = f"""
doc:002_6b963e040055fc24 a tm:Document ; tm:fileName "002_6b963e040055fc24.txt" ;
    tm:sha256 "{'6b963e040055fc24' * 4}" ; dct:language <http://id.loc.gov/vocabulary/iso639-1/en> .
"""


def graph_of(turtle: str) -> Graph:
    return Graph().parse(data=turtle, format="turtle")


def variant(old: str, new: str, base: str = VALID) -> Graph:
    """The valid graph with one piece of Turtle replaced, so each test breaks one thing."""
    assert base.count(old) == 1, f"fixture text {old!r} must occur exactly once"
    return graph_of(base.replace(old, new))


def expect(report: ValidationReport, *, focus: str, path: str, component: str,
           message: str, value: str | None = None, only: bool = True) -> ValidationIssue:
    """Assert the report fails with this issue (and, with ``only``, with nothing else)."""
    assert not report.conforms
    found = [i for i in report.results
             if (i.focus, i.path, i.component) == (focus, path, component)
             and (value is None or i.value == value)]
    assert found, f"expected {component} on {focus} {path}; got:\n{report.summary()}"
    assert message in found[0].message
    assert found[0].severity == "Violation"
    if only:
        assert len(report.results) == 1, report.summary()
    return found[0]


@pytest.fixture(scope="module")
def valid_report() -> ValidationReport:
    return validate(graph_of(VALID))


# --- the valid graph -------------------------------------------------------------------

def test_valid_graph_conforms(valid_report: ValidationReport) -> None:
    assert valid_report.conforms, valid_report.summary()
    assert valid_report.results == []
    assert valid_report.summary() == "The graph conforms to the SHACL shapes."


def test_dataset_is_validated_as_the_union_of_its_graphs() -> None:
    ds = Dataset()
    ds.parse(data=f"{PREFIXES}\n{{ {DESCRIPTIONS} }}\ngraph:001_a082bec6c71722d9 {{ {FACTS} }}", format="trig")
    named = ds.graph(ds.namespace_manager.expand_curie("graph:001_a082bec6c71722d9"))
    assert len(named) > 0 and len(ds.default_graph) > 0
    report = validate(ds)
    assert report.conforms, report.summary()
    # Alone, the default graph lacks the facts: entities are mentioned nowhere.
    alone = validate(ds.default_graph)
    assert any(i.path == "tm:mentionedIn" for i in alone.results)


# --- entities ----------------------------------------------------------------------------

def test_country_code_must_be_two_capitals() -> None:
    report = validate(variant('tm:isoCode "KZ"', 'tm:isoCode "kaz"'))
    expect(report, focus="country:KZ", path="tm:isoCode", component="Pattern", value='"kaz"',
           message="two capital letters")


def test_country_needs_exactly_one_code() -> None:
    report = validate(variant('tm:isoCode "KZ"', 'tm:isoCode "KZ", "KG"'))
    expect(report, focus="country:KZ", path="tm:isoCode", component="MaxCount", message="exactly one tm:isoCode")


def test_label_needs_a_language_tag() -> None:
    report = validate(variant('"Kazakhstan"@en', '"Kazakhstan"'))
    expect(report, focus="country:KZ", path="rdfs:label", component="Datatype", value='"Kazakhstan"',
           message="tagged with a language")


def test_at_most_one_label_per_language() -> None:
    report = validate(variant('"Kazakhstan"@en', '"Kazakhstan"@en, "Republic of Kazakhstan"@en'))
    expect(report, focus="country:KZ", path="rdfs:label", component="UniqueLang", message="at most one per language")


def test_entity_needs_a_label() -> None:
    report = validate(variant('rdfs:label "Kazakhstan"@en, "Казахстан"@ru, "Қазақстан"@kk ;', ""))
    expect(report, focus="country:KZ", path="rdfs:label", component="MinCount", message="at least one rdfs:label")


def test_entity_must_be_mentioned_in_a_document() -> None:
    report = validate(variant(f"country:KZ tm:mentionedIn {DOC} .", ""))
    # The reified mentionedIn statement now describes a fact that is not there, too.
    expect(report, focus="country:KZ", path="tm:mentionedIn", component="SPARQL",
           message="mentionedIn at least one tm:Document", only=False)
    assert {i.focus for i in report.results} == {"country:KZ", "stmt:kz-mentioned"}


def test_relation_must_be_reified() -> None:
    g = graph_of(VALID + OTHER_DOC + "country:KZ tm:mentionedIn doc:002_6b963e040055fc24 .")
    expect(validate(g), focus="country:KZ", path="tm:mentionedIn", component="SPARQL",
           value="doc:002_6b963e040055fc24", message="no tm:Statement reifies it")


def test_located_in_must_be_a_region_or_country() -> None:
    g = graph_of(VALID + "country:KZ tm:locatedIn indicator:healthcare-facilities-connected .")
    expect(validate(g), focus="country:KZ", path="tm:locatedIn", component="Or",
           message="tm:Region or a tm:Country")


def test_funded_by_must_be_a_funder() -> None:
    report = validate(variant("tm:operatesIn country:KZ .", "tm:operatesIn country:KZ ; tm:fundedBy country:KZ ."))
    expect(report, focus="programme:national-telemedicine-network", path="tm:fundedBy", component="Class",
           value="country:KZ", message="must point at a tm:Funder", only=False)


def test_operates_in_must_be_a_country_or_region() -> None:
    g = variant("tm:operatesIn country:KZ .", f"tm:operatesIn country:KZ, {DOC} .")
    expect(validate(g), focus="programme:national-telemedicine-network", path="tm:operatesIn",
           component="Or", value=DOC, message="tm:Country or a tm:Region", only=False)


# --- metrics -----------------------------------------------------------------------------

METRIC = "metric:001-5f3a"


def test_metric_needs_exactly_one_value() -> None:
    report = validate(variant("tm:value 217.0 ;", "tm:value 217.0, 218.0 ;"))
    expect(report, focus=METRIC, path="tm:value", component="MaxCount", message="exactly one tm:value")


def test_metric_value_must_be_decimal() -> None:
    report = validate(variant("tm:value 217.0 ;", 'tm:value "217" ;'))
    expect(report, focus=METRIC, path="tm:value", component="Datatype", value='"217"', message="xsd:decimal")


def test_metric_bound_must_be_one_of_four() -> None:
    report = validate(variant("tm:bound tm:exact", "tm:bound tm:roughly"))
    expect(report, focus=METRIC, path="tm:bound", component="In", value="tm:roughly", message="tm:approximately")


def test_metric_needs_a_unit() -> None:
    report = validate(variant("tm:unit unit:count ;", ""))
    expect(report, focus=METRIC, path="tm:unit", component="MinCount", message="exactly one tm:unit")


def test_metric_is_about_an_entity() -> None:
    report = validate(variant("tm:about programme:national-telemedicine-network",
                              "tm:about indicator:healthcare-facilities-connected"))
    expect(report, focus=METRIC, path="tm:about", component="Or", message="at most one entity")


def test_metric_period_type() -> None:
    report = validate(variant('tm:period "2021"^^xsd:gYear', "tm:period 2021"))
    expect(report, focus=METRIC, path="tm:period", component="Or", value='"2021"^^xsd:integer',
           message="xsd:gYear, xsd:gYearMonth or xsd:date")
    # A range is two typed ends; a string period is no longer allowed (was "xsd:string (year range)").
    ranged = validate(variant('tm:period "2021"^^xsd:gYear', 'tm:period "2004/2011"'))
    expect(ranged, focus=METRIC, path="tm:period", component="Or", message="tm:periodStart and tm:periodEnd")


def test_metric_needs_evidence() -> None:
    report = validate(variant("oa:hasBody metric:001-5f3a", "oa:hasBody stmt:ntn-operates-in-kz"))
    expect(report, focus=METRIC, path="^oa:hasBody", component="MinCount", message="at least one oa:Annotation")


# --- statements and evidence -------------------------------------------------------------

def test_statement_predicate_must_be_a_relation() -> None:
    report = validate(variant("rdf:predicate tm:operatesIn", "rdf:predicate tm:about"))
    expect(report, focus="stmt:ntn-operates-in-kz", path="rdf:predicate", component="In",
           value="tm:about", message="one of the relation properties", only=False)


def test_statement_must_be_stated_directly() -> None:
    report = validate(variant("tm:operatesIn country:KZ .", "."))
    expect(report, focus="stmt:ntn-operates-in-kz", path="", component="SPARQL", value="tm:operatesIn",
           message="not stated directly")


def test_statement_is_reified_once() -> None:
    duplicate = (
        "stmt:again a tm:Statement ; rdf:subject country:KZ ; rdf:predicate tm:mentionedIn ;"
        f" rdf:object {DOC} ."
        + evidence("again", "stmt:again", "rule:country-name", 40, 50, "Казахстане")
    )
    report = validate(graph_of(VALID + duplicate))
    expect(report, focus="stmt:kz-mentioned", path="", component="SPARQL", value="stmt:again",
           message="reified once", only=False)
    assert [(i.focus, i.value) for i in report.results] == [
        ("stmt:again", "stmt:kz-mentioned"), ("stmt:kz-mentioned", "stmt:again")]


def test_position_start_must_not_exceed_end() -> None:
    nni = "xsd:nonNegativeInteger"
    report = validate(variant(f'oa:start "100"^^{nni} ; oa:end "160"^^{nni}', f'oa:start "170"^^{nni} ; oa:end "160"^^{nni}'))
    expect(report, focus="ev:ntn-operates-chars", path="oa:start", component="LessThanOrEquals",
           value='"170"^^xsd:nonNegativeInteger', message="no greater than its oa:end")


def test_positions_are_typed_non_negative_integers() -> None:
    # Stores (Oxigraph, Virtuoso) hand xsd:nonNegativeInteger back as xsd:integer, and the shapes
    # must accept what a conformant store returns (this test pinned the opposite before).
    nni = "xsd:nonNegativeInteger"
    assert validate(variant(f'oa:start "100"^^{nni}', "oa:start 100")).conforms
    negative = validate(variant(f'oa:start "100"^^{nni}', "oa:start -5"))
    expect(negative, focus="ev:ntn-operates-chars", path="oa:start", component="MinInclusive",
           message="non-negative integer", only=False)
    words = validate(variant(f'oa:start "100"^^{nni}', 'oa:start "ten"'))
    expect(words, focus="ev:ntn-operates-chars", path="oa:start", component="Or",
           message="non-negative integer", only=False)


def test_target_needs_a_quote_selector() -> None:
    report = validate(variant("oa:hasSelector ev:ntn-operates-quote, ", "oa:hasSelector "))
    expect(report, focus="ev:ntn-operates-target", path="oa:hasSelector", component="QualifiedMinCount",
           message="exactly one oa:TextQuoteSelector")


def test_quote_must_not_be_empty() -> None:
    report = validate(variant('oa:exact "подключены 217 медицинских организаций"', 'oa:exact ""'))
    expect(report, focus="ev:metric-217-quote", path="oa:exact", component="MinLength", message="non-empty oa:exact")


def test_annotation_needs_a_rule() -> None:
    report = validate(variant("tm:rule rule:operates-in ;", ""))
    expect(report, focus="ev:ntn-operates", path="tm:rule", component="MinCount", message="exactly one tm:rule")


def test_annotation_rule_must_be_an_extraction_rule() -> None:
    report = validate(variant("tm:rule rule:operates-in ;", "tm:rule rule:unknown ;"))
    expect(report, focus="ev:ntn-operates", path="tm:rule", component="Class", value="rule:unknown",
           message="a tm:ExtractionRule")


def test_annotation_document_matches_its_target() -> None:
    report = validate(variant(f"prov:wasDerivedFrom {DOC} ; tm:mentionCount 1 ",
                              "prov:wasDerivedFrom doc:002_6b963e040055fc24 ; tm:mentionCount 1 ",
                              base=VALID + OTHER_DOC))
    expect(report, focus="ev:ntn-mention", path="", component="SPARQL", value="doc:002_6b963e040055fc24",
           message="other than its target's oa:hasSource")


# --- documents -----------------------------------------------------------------------------

def test_document_sha256_is_64_lowercase_hex() -> None:
    report = validate(variant(f'tm:sha256 "{SHA}"', f'tm:sha256 "{SHA.upper()}"'))
    expect(report, focus=DOC, path="tm:sha256", component="Pattern", message="64 lower-case hex digits")


def test_document_needs_a_language() -> None:
    report = validate(variant('dct:language <http://id.loc.gov/vocabulary/iso639-1/ru>, <http://id.loc.gov/vocabulary/iso639-1/en> ;', ""))
    expect(report, focus=DOC, path="dct:language", component="MinCount", message="at least one dct:language")


# --- the report and the shapes file --------------------------------------------------------

def test_summary_lists_one_line_per_issue_in_stable_order() -> None:
    g = variant('tm:isoCode "KZ"', 'tm:isoCode "kaz"', base=VALID.replace("tm:value 217.0 ;", 'tm:value "x" ;'))
    first, second = validate(g), validate(g)
    assert first.results == second.results == sorted(first.results)
    lines = first.summary().splitlines()
    assert lines[0] == "The graph does not conform: 2 issue(s)."
    assert lines[1].startswith('Violation: country:KZ tm:isoCode = "kaz": A country needs exactly one tm:isoCode')
    assert lines[2].startswith(f'Violation: {METRIC} tm:value = "x": A metric needs exactly one tm:value')
    assert "Constraint Violation" in first.text


def test_malformed_shapes_file_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "shapes.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<a> sh:property [ sh:path \n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"shapes\.ttl") as info:
        validate(graph_of(VALID), shapes=bad)
    assert info.value.exit_code == 5


def test_unusable_shapes_are_a_config_error(tmp_path: Path) -> None:
    # Parses as Turtle, but SHACL forbids VALUES in a SPARQL constraint.
    bad = tmp_path / "shapes.ttl"
    bad.write_text(PREFIXES + """@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:s> a sh:NodeShape ; sh:targetClass tm:Country ;
    sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } $this ?p ?x }" ] .
""", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot be used"):
        validate(graph_of(VALID), shapes=bad)


def test_missing_shapes_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot be read"):
        validate(graph_of(VALID), shapes=tmp_path / "absent.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(paths.shapes_file(), format="turtle")


def test_target_classes_are_declared(shapes: Graph) -> None:
    ontology = Graph().parse(paths.ontology_file(), format="turtle")
    targets = set(shapes.objects(None, SH.targetClass))
    assert {TM.Country, TM.Region, TM.Programme, TM.Funder, TM.Facility, TM.Metric, TM.Statement,
            TM.Document, OA.Annotation} <= targets
    for cls in targets:
        if cls.startswith(TM):
            assert (cls, RDF.type, OWL.Class) in ontology, f"{cls} is not declared in telemed.ttl"
        else:
            # Web Annotation classes are reused, not redeclared, by the ontology.
            assert cls.startswith(OA), f"{cls} is neither a tm: nor an oa: class"


def test_every_tm_term_in_shapes_is_declared(shapes: Graph) -> None:
    ontology = Graph().parse(paths.ontology_file(), format="turtle")
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and t.startswith(TM)}
    declared = set(ontology.subjects(RDF.type, None))
    assert used and used <= declared, sorted(used - declared)


def test_shapes_are_documented(shapes: Graph) -> None:
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        assert shapes.value(shape, SH.name) and shapes.value(shape, RDFS.comment), shape
    for prop in set(shapes.objects(None, SH.property)):
        assert shapes.value(prop, SH.message), shapes.value(prop, SH.path)
    for constraint in set(shapes.objects(None, SH.sparql)):
        assert shapes.value(constraint, SH.message)


# --- SHACL-SPARQL constraints in Oxigraph -------------------------------------------------------

SPARQL_VARIANTS = {
    "valid": lambda: graph_of(VALID),
    "entity mentioned nowhere": lambda: variant(f"country:KZ tm:mentionedIn {DOC} .", ""),
    "relation not reified": lambda: graph_of(
        VALID + OTHER_DOC + "country:KZ tm:mentionedIn doc:002_6b963e040055fc24 ."),
    "statement not stated": lambda: variant("tm:operatesIn country:KZ .", "."),
    "statement reified twice": lambda: graph_of(
        VALID + "stmt:again a tm:Statement ; rdf:subject country:KZ ; rdf:predicate tm:mentionedIn ;"
        f" rdf:object {DOC} ." + evidence("again", "stmt:again", "rule:country-name", 40, 50, "Казахстане")),
    "annotation from another document": lambda: variant(
        f"prov:wasDerivedFrom {DOC} ; tm:mentionCount 1 ",
        "prov:wasDerivedFrom doc:002_6b963e040055fc24 ; tm:mentionCount 1 ", base=VALID + OTHER_DOC),
}


@pytest.mark.parametrize("name", sorted(SPARQL_VARIANTS))
def test_oxigraph_evaluates_sparql_constraints_exactly_as_pyshacl(name: str) -> None:
    """kg.check.shaclsparql takes the SHACL-SPARQL constraints from pyshacl (10× faster on real builds);
    the report must be the one pyshacl gives alone, result for result."""
    graph = SPARQL_VARIANTS[name]()
    fast, reference = validate(graph), validate(graph, sparql_in_oxigraph=False)
    assert fast.conforms == reference.conforms
    assert fast.results == reference.results
    assert name == "valid" or any(i.component == "SPARQL" for i in fast.results)


def test_every_shipped_sparql_constraint_runs_in_oxigraph(shapes: Graph) -> None:
    from kg.check.shaclsparql import split_constraints

    rest, taken = split_constraints(shapes)
    assert len(taken) == len(list(shapes.objects(None, SH.sparql))) > 0
    assert not list(rest.objects(None, SH.sparql))


# --- pyshacl in several processes, the shapes shared out (kg.check.shaclpool) --------------------

NNI = "xsd:nonNegativeInteger"
# One break for nearly every kind of constraint the shapes use, all in one graph.
BREAKS = (
    ('tm:isoCode "KZ"', 'tm:isoCode "kaz", "KG"'),
    ('"Kazakhstan"@en', '"Kazakhstan", "Republic of Kazakhstan"@ru'),
    ("tm:operatesIn country:KZ .", f"tm:fundedBy country:KZ ; tm:mentionedIn {DOC} ."),
    ("tm:value 217.0 ;", 'tm:value "217", 218.0 ;'),
    ("tm:bound tm:exact", "tm:bound tm:roughly"),
    ("tm:unit unit:count ;", ""),
    ('tm:period "2021"^^xsd:gYear', "tm:period 2021"),
    ("oa:hasBody metric:001-5f3a", "oa:hasBody stmt:ntn-operates-in-kz"),
    ("rdf:predicate tm:operatesIn", "rdf:predicate tm:about"),
    (f'oa:start "100"^^{NNI} ; oa:end "160"^^{NNI}', f'oa:start "170"^^{NNI} ; oa:end "ten"'),
    ("oa:hasSelector ev:ntn-operates-quote, ", "oa:hasSelector "),
    ('oa:exact "подключены 217 медицинских организаций"', 'oa:exact ""'),
    ("tm:rule rule:operates-in ;", "tm:rule rule:unknown ;"),
    (f'tm:sha256 "{SHA}"', f'tm:sha256 "{SHA.upper()}"'),
)


def test_shapes_shared_out_over_processes_give_the_one_pass_report() -> None:
    from kg.check.shaclpool import shape_groups

    text = VALID
    for old, new in BREAKS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    one = validate(graph_of(text), processes=1)
    assert len(one.results) >= len(BREAKS)
    assert len(shape_groups(graph_of(read_shapes()), graph_of(text), 3)) == 3
    for processes in (2, 3):
        shared = validate(graph_of(text), processes=processes)
        assert (shared.conforms, shared.results) == (one.conforms, one.results)
    assert validate(graph_of(VALID), processes=2).conforms


def read_shapes() -> str:
    return paths.shapes_file().read_text(encoding="utf-8")
