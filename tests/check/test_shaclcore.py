"""The SHACL core constraints evaluated in Oxigraph and on the literals as written
(kg.check.shaclspec, kg.check.shaclcore) give pyshacl's report, result for result.

pyshacl stays the reference: each graph below is validated both ways (``sparql_in_oxigraph=False``
is pyshacl alone) and the two reports must be equal, including how often a result occurs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import SH

from kg import paths
from kg.check.shacl import ValidationReport, validate, validate_file
from kg.check.shaclspec import read_specs
from kg.check.shaclsparql import split_constraints

from .test_shapes import BREAKS, DOC, NNI, OTHER_DOC, SHA, SPARQL_VARIANTS, VALID, graph_of, variant

# One graph per break, each named by what it breaks; together they reach every constraint
# component ontology/shapes.ttl uses (checked below), on forward and inverse paths, and the
# literals Oxigraph would store otherwise than written.
BROKEN: dict[str, str] = {
    "maxCount and pattern": variant('tm:isoCode "KZ"', 'tm:isoCode "kaz", "KG"'),
    "minCount": variant('tm:isoCode "KZ"', ""),
    "label without language, uniqueLang": variant('"Kazakhstan"@en', '"Kazakhstan", "Republic of Kazakhstan"@ru'),
    "uniqueLang twice": variant('"Kazakhstan"@en', '"Kazakhstan"@en, "Kazakh Republic"@EN, "Казахстан Республика"@ru'),
    "class on a relation": variant("tm:operatesIn country:KZ .", f"tm:fundedBy country:KZ ; tm:mentionedIn {DOC} ."),
    "datatype string for decimal": variant("tm:value 217.0 ;", 'tm:value "217", 218.0 ;'),
    "two decimals one value": variant("tm:value 217.0 ;", 'tm:value 217.0, "217.00"^^xsd:decimal ;'),
    "ill-typed decimal": variant("tm:value 217.0 ;", 'tm:value "two hundred"^^xsd:decimal ;'),
    "in": variant("tm:bound tm:exact", "tm:bound tm:roughly"),
    "in with a literal": variant("tm:bound tm:exact", 'tm:bound "exact"'),
    "missing unit": variant("tm:unit unit:count ;", ""),
    "unit a literal written long": variant("tm:unit unit:count ;", 'tm:unit "1.50"^^xsd:decimal ;'),
    "or of datatypes": variant('tm:period "2021"^^xsd:gYear', "tm:period 2021"),
    "or with an ill-typed year": variant('tm:period "2021"^^xsd:gYear', 'tm:period "year 2021"^^xsd:gYear'),
    "or of classes": variant("oa:hasBody metric:001-5f3a", "oa:hasBody stmt:ntn-operates-in-kz"),
    "or of classes, a literal": variant("tm:about programme:national-telemedicine-network",
                                        'tm:about "the network"@en'),
    "statement predicate not a relation": variant("rdf:predicate tm:operatesIn", "rdf:predicate tm:about"),
    "start after an end that is text": variant(f'oa:start "100"^^{NNI} ; oa:end "160"^^{NNI}',
                                              f'oa:start "170"^^{NNI} ; oa:end "ten"'),
    "start after end": variant(f'oa:start "100"^^{NNI} ; oa:end "160"^^{NNI}',
                               f'oa:start "170"^^{NNI} ; oa:end "160"^^{NNI}, "165"^^{NNI}'),
    "negative start": variant(f'oa:start "100"^^{NNI}', 'oa:start -5'),
    # (An ill-typed oa:start or oa:end makes pyshacl's sh:lessThanOrEquals raise a TypeError.)
    "ill-typed count": variant("tm:mentionCount 3 ", 'tm:mentionCount "three"^^xsd:integer '),
    "non-canonical position": variant(f'oa:start "100"^^{NNI}', 'oa:start "0100"^^xsd:integer'),
    "qualifiedMinCount": variant("oa:hasSelector ev:ntn-operates-quote, ", "oa:hasSelector "),
    "qualifiedMaxCount": graph_of(VALID + "ev:ntn-operates-target oa:hasSelector ev:kz-mention-quote ."),
    "minLength": variant('oa:exact "подключены 217 медицинских организаций"', 'oa:exact ""'),
    "maxLength and nodeKind Literal": variant('oa:prefix "В 2021 году " ; oa:suffix " и далее" .\nev:ntn-operates-chars',
                                              'oa:prefix "' + "x" * 33 + '" ; oa:suffix ev:elsewhere .\n'
                                              'ev:ntn-operates-chars'),
    "class: rule is not a rule": variant("tm:rule rule:operates-in ;", "tm:rule rule:unknown ;"),
    "pattern: upper-case hash": variant(f'tm:sha256 "{SHA}"', f'tm:sha256 "{SHA.upper()}"'),
    "nodeKind IRI": variant("dct:language <http://id.loc.gov/vocabulary/iso639-1/ru>, ", 'dct:language "ru", '),
    "integer datatype given as nonNegativeInteger": variant("tm:byteSize 2048", f'tm:byteSize "2048"^^{NNI}'),
    "integer written with a plus": variant("tm:byteSize 2048", 'tm:byteSize "+2048"^^xsd:integer'),
    "minInclusive on pages": graph_of(VALID + f"{DOC} tm:pageCount 0 ."),
    "inverse path minCount": variant("oa:hasBody stmt:kz-mentioned ;", "oa:hasBody metric:001-5f3a ;"),
    "page selector: hasValue, pattern, refinedBy": graph_of(
        VALID + "ev:kz-mention-target oa:hasSelector ev:kz-page .\n"
        'ev:kz-page a oa:FragmentSelector ; rdf:value "page=0" ; dct:conformsTo <http://example.org/other> ;\n'
        "    oa:refinedBy ev:kz-mention-chars ."),
    "derived text": graph_of(
        VALID + f"{DOC} tm:derivedText <https://w3id.org/telemed-kg/id/text/001> .\n"
        "<https://w3id.org/telemed-kg/id/text/001> a tm:DerivedText ; tm:sha256 \"abc\" ; tm:path \"elsewhere.txt\" ;\n"
        f"    tm:ocr \"yes\" ; prov:wasDerivedFrom {DOC}, doc:002_6b963e040055fc24 ." + OTHER_DOC),
    "rule without comment, two labels": variant('rdfs:label "count-connected" ; rdfs:comment "A number before \'connected\'." .',
                                               'rdfs:label "count-connected", "count" .'),
    "concept without label": variant('unit:count a tm:Unit ; rdfs:label "count"@en .', "unit:count a tm:Unit ."),
    "blank node value": variant("tm:unit unit:count ;", "tm:unit [ a tm:Unit ] ;"),
}

EVERY_COMPONENT = {"MinCount", "MaxCount", "Datatype", "Class", "Or", "In", "Pattern", "NodeKind", "MinLength",
                   "MaxLength", "MinInclusive", "LessThanOrEquals", "HasValue", "QualifiedMinCount",
                   "QualifiedMaxCount", "UniqueLang", "SPARQL"}


def same(fast: ValidationReport, reference: ValidationReport) -> None:
    assert fast.conforms == reference.conforms
    assert fast.results == reference.results, "\n".join(
        [f"ours only: {i}" for i in sorted(set(fast.results) - set(reference.results))]
        + [f"pyshacl only: {i}" for i in sorted(set(reference.results) - set(fast.results))]
        + [f"counts: {len(fast.results)} vs {len(reference.results)}"])


@pytest.fixture(scope="module")
def reports() -> dict[str, tuple[ValidationReport, ValidationReport]]:
    graphs = {**BROKEN, **{f"sparql: {n}": make() for n, make in SPARQL_VARIANTS.items()}}
    every = VALID
    for old, new in BREAKS:
        every = every.replace(old, new)
    graphs["all the breaks at once"] = graph_of(every)
    return {name: (validate(g), validate(g, sparql_in_oxigraph=False)) for name, g in graphs.items()}


def test_every_broken_graph_gets_pyshacls_report(reports: dict[str, tuple[ValidationReport, ValidationReport]]) -> None:
    for fast, reference in reports.values():
        same(fast, reference)
    # pyshacl leaves xsd:gYear unchecked beyond its datatype IRI, and reads "+2048" and "0100" as
    # integers: these conform both ways (the store would have rewritten the last two).
    conforming = {name for name, (_, reference) in reports.items() if reference.conforms}
    assert conforming == {"sparql: valid", "or with an ill-typed year", "integer written with a plus",
                          "non-canonical position"}


def test_the_broken_graphs_reach_every_component_the_shapes_use(
        reports: dict[str, tuple[ValidationReport, ValidationReport]]) -> None:
    found = {i.component for _, reference in reports.values() for i in reference.results}
    assert found == EVERY_COMPONENT
    shapes = Graph().parse(paths.shapes_file())
    used = {p for p in shapes.predicates() if str(p).startswith(str(SH))}
    # Each parameter of a constraint shows up in some result (sh:in as In, sh:or as Or, …).
    for parameter in used & {SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["or"], SH["in"], SH.pattern,
                             SH.nodeKind, SH.minLength, SH.maxLength, SH.minInclusive, SH.lessThanOrEquals,
                             SH.hasValue, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.uniqueLang}:
        name = str(parameter).split("#")[1]
        assert name[0].upper() + name[1:] in found, name


def test_literals_are_judged_as_written() -> None:
    """The store keeps "217.00"^^xsd:decimal as "217" and a nonNegativeInteger as an integer:
    pyshacl flags what is written, and so must the fast route, showing the value as written."""
    report = validate(BROKEN["integer datatype given as nonNegativeInteger"])
    assert [(i.component, i.value) for i in report.results] == [("Datatype", f'"2048"^^{NNI}')]
    report = validate(BROKEN["unit a literal written long"])
    assert ('Class', '"1.50"^^xsd:decimal') in {(i.component, i.value) for i in report.results}
    report = validate(BROKEN["two decimals one value"])
    assert [i.component for i in report.results] == ["MaxCount"]


def test_every_shipped_shape_is_evaluated_without_pyshacl() -> None:
    shapes = Graph().parse(paths.shapes_file())
    _, offloaded = split_constraints(shapes)
    taken, left = read_specs(shapes, {(c.shape, c.node) for c in offloaded})
    assert left == []
    assert {t.shape for t in taken} == set(shapes.subjects(SH.targetClass, None))


UNTRANSLATED = """
tmsh:MentionCountShape a sh:NodeShape ;
    sh:targetClass oa:Annotation ;
    sh:property [ sh:path tm:mentionCount ; sh:maxExclusive 3 ;
                  sh:message "A mention count, when present, is below 3."@en ] .
"""


def test_a_shape_with_a_constraint_not_translated_is_left_to_pyshacl(tmp_path: Path) -> None:
    shapes_file = tmp_path / "shapes.ttl"
    shapes_file.write_text(paths.shapes_file().read_text(encoding="utf-8") + UNTRANSLATED, encoding="utf-8")
    shapes = Graph().parse(shapes_file)
    _, left = read_specs(shapes, {(c.shape, c.node) for c in split_constraints(shapes)[1]})
    assert [str(s).rsplit("#", 1)[1] for s in left] == ["MentionCountShape"]
    broken = BROKEN["class: rule is not a rule"]  # ev:kz-mention has tm:mentionCount 3 as well
    fast, reference = validate(broken, shapes=shapes_file), validate(broken, shapes=shapes_file,
                                                                    sparql_in_oxigraph=False)
    same(fast, reference)
    assert {i.component for i in fast.results} == {"Class", "MaxExclusive"}


def test_a_file_is_validated_as_pyshacl_validates_its_union(tmp_path: Path) -> None:
    """From a TriG file (what `kg validate` reads): named graphs, a statement in two of them, and
    literals the store would rewrite."""
    graph = (BROKEN["ill-typed count"] + BROKEN["two decimals one value"]
             + BROKEN["integer datatype given as nonNegativeInteger"])
    dataset = Dataset()
    named = dataset.graph(URIRef("https://w3id.org/telemed-kg/id/graph/doc"))
    for i, triple in enumerate(sorted(graph)):
        (named if i % 2 else dataset.default_graph).add(triple)
        if i % 7 == 0:
            named.add(triple)
            dataset.default_graph.add(triple)
    path = tmp_path / "kg.trig"
    dataset.serialize(path, format="trig")
    fast = validate_file(path)
    reference = validate(Dataset().parse(path, format="trig"), sparql_in_oxigraph=False)
    same(fast, reference)
    assert {i.component for i in fast.results} == {"Datatype", "MaxCount"}
    assert {'"three"^^xsd:integer', f'"2048"^^{NNI}'} <= {i.value for i in fast.results}
