"""The helpers every stage shares, each written once (issue #12): label fallback, the class table,
the prefix table and IRI shortener (kg/terms.py), JSON inside <script> (kg/io/embed.py) and the
union of named graphs (kg/rdf/convert.py)."""

from __future__ import annotations

import json
import re

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg import paths
from kg import terms as T
from kg.build.quads import QuadSet
from kg.build.serialize import from_rdflib
from kg.io.embed import script_json
from kg.rdf.convert import union_graph


def test_label_fallback_is_the_asked_language_then_en_ru_kk_then_any_then_the_local_name() -> None:
    labels = {"kk": "Қазақстан", "ru": "Казахстан", "de": "Kasachstan"}
    assert T.best_label(labels, "https://example.org/id/country/KZ", "kk") == "Қазақстан"
    assert T.best_label(labels, "https://example.org/id/country/KZ", "en") == "Казахстан"  # ru before kk
    assert T.best_label({"de": "Kasachstan", "": "untagged"}, "x", "en") == "untagged"  # untagged sorts first
    assert T.best_label({"ru": ""}, "https://example.org/id/country/KZ") == "KZ"  # an empty label is no label
    assert T.best_label({}, "https://w3id.org/telemed-kg/ontology#Country") == "Country"


def test_the_class_table_agrees_with_the_ontology() -> None:
    ontology = Graph().parse(paths.ontology_file())
    for name, cls in T.NODE_CLASSES.items():
        english = {str(o) for o in ontology.objects(cls.iri, RDFS.label) if isinstance(o, Literal) and o.language == "en"}
        assert english == {cls.label}, name
        assert cls.name == name and cls.key == name.lower()
    assert list(T.ENTITY_CLASSES) == ["country", "region", "programme", "funder", "facility"]
    # Each class is drawn its own way, and the legend can tell them apart.
    assert len({(c.shape, c.colour) for c in T.NODE_CLASSES.values()}) == len(T.NODE_CLASSES)


def test_the_shortener_takes_the_longest_namespace_that_fits() -> None:
    kz = str(T.ID) + "country/KZ"
    assert T.shorten(kz) == "country:KZ"  # not id:country/KZ
    assert T.shorten(str(T.TM)) is None  # the namespace alone has no local part
    assert T.shorten("https://example.org/x") is None
    assert T.Shortener(sep="-")(str(T.Country)) == "tm-Country"
    no_slashes = T.Shortener({"ex": "https://example.org/"}, fits=lambda local: "/" not in local)
    assert no_slashes("https://example.org/a") == "ex:a" and no_slashes("https://example.org/a/b") is None
    assert list(T.PREFIX_IRIS) == sorted(T.PREFIXES)


def test_script_json_cannot_end_its_script_element() -> None:
    value = {"b": "</script><script>alert(1)</script>", "a": "line\u2028separator\u2029paragraph"}
    text = script_json(value)
    assert "<" not in text and "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == value
    assert text.index('"a"') < text.index('"b"')  # keys sorted: the same data, the same page


def test_union_graph_reads_every_named_graph_of_a_dataset_and_a_quad_set() -> None:
    dataset = Dataset()
    a, b, c = (URIRef(f"https://example.org/{n}") for n in "abc")
    dataset.graph(URIRef("https://example.org/g1")).add((a, RDFS.label, Literal("A", lang="en")))
    dataset.graph(URIRef("https://example.org/g2")).add((b, RDFS.seeAlso, c))
    for data in (dataset, from_rdflib(dataset)):
        union = union_graph(data)
        assert isinstance(data, (Dataset, QuadSet)) and type(union) is Graph
        assert set(union) == {(a, RDFS.label, Literal("A", lang="en")), (b, RDFS.seeAlso, c)}
        assert dict(union.namespaces())["country"] == URIRef(str(T.ID) + "country/")
    plain = Graph()
    assert union_graph(plain) is plain
    assert re.fullmatch(r"\w+", T.local_name(str(c) + "/")) and T.local_name(str(c) + "/") == "c"
