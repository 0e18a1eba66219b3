"""What a practitioner expects to find around the facts of a built graph, added to its default
graph once the facts are in:

- SKOS: every labelled concept (indicator, unit) and every entity with alternative labels has a
  ``skos:prefLabel`` per language (its ``rdfs:label``), since SKOS tools ignore altLabels that
  have no prefLabel; indicators and units belong to a ``skos:ConceptScheme`` each.
- Links from ``ontology/links.ttl`` (Wikidata, QUDT units, ISO 4217 currencies) for the
  subjects the build has.
- A dataset description in VoID and DCAT: triples, entities, documents, a partition per class,
  one subset per named graph with the document it holds, the licence, and the ontology the data
  conforms to.

Everything is derived from the statements themselves, in sorted order, so the build stays
byte-identical for the same input.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph as ox

from kg import paths
from kg.build import quads as nt
from kg import terms as T
from kg.errors import ConfigError
from kg.build.quads import DEFAULT_GRAPH, QuadSet, split

ONTOLOGY = T.ONTOLOGY_IRI
DATASET = f"{T.ID}dataset/telemed-kg"
# The licence of the graph's own statements; quoted text stays under its source's terms (dct:rights).
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
_VOID = str(T.PREFIXES["void"])
_DCAT = str(T.PREFIXES["dcat"])
_DCT = str(T.DCTERMS)
_SKOS = str(T.SKOS)
_TYPE = f"<{T.RDF.type}>"
_LABEL = f"<{T.RDFS.label}>"
_ALT = f"<{_SKOS}altLabel>"
_PREF = f"<{_SKOS}prefLabel>"
_SCHEMES = {str(T.Indicator): ("indicators", "Indicators: what the metrics count or measure"),
            str(T.Unit): ("units", "Units of the metric values: counts, percent, currencies")}
_ENTITY_CLASSES = {f"<{iri}>" for iri in T.ENTITY_CLASSES.values()}
_LANGUAGE = f"<{_DCT}language>"


def u(iri: str) -> str:
    return f"<{iri}>"


class Scan:
    """What the descriptions need to know of the graph's statements, gathered in one pass over
    the union and brought up to date with each statement the descriptions add: on a large
    graph every pass (and every new union of the graphs) costs seconds."""

    def __init__(self, union: set[str] | None = None) -> None:
        self.union: set[str] = set()
        self._base = 0  # the union's size when it was seen
        self.added: set[str] = set()  # statements added since, that the union did not have
        self.types: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, list[str]] = defaultdict(list)
        self.with_alt: set[str] = set()
        self.subjects: set[str] = set()
        self.languages: set[str] = set()
        self.counted = 0  # statements of named graphs counted by ``count_graph``, not read here
        self.counted_classes: Counter[str] = Counter()  # their typed nodes, per class IRI
        if union is not None:
            self.see_union(union)

    def see_union(self, union: set[str]) -> None:
        """Read ``union`` (the whole graph, or the default graph when the named graphs are
        counted apart); the descriptions' own statements may then be added to it."""
        self.union, self._base = union, len(union)
        for statement in union:
            self._see(statement)

    def count_graph(self, size: int, classes: dict[str, int]) -> None:
        """A document's named graph, by its size and typed nodes per class (``type_counts``),
        without reading it. Exact because a document's graph shares no statement with another's
        or with the default graph, and types no node of theirs: every node it describes
        (evidence, selectors, metrics, the statement nodes of its mentions) is named after the
        document. Nor does it hold a label, language or type that the SKOS and link descriptions
        read: those are all in the default graph."""
        self.counted += size
        self.counted_classes.update(classes)

    def _see(self, statement: str) -> None:
        s, p, o = split(statement)
        self.subjects.add(s)
        if p == _TYPE:
            self.types[s].add(o)
        elif p == _LABEL:
            self.labels[s].append(o)
        elif p == _ALT:
            self.with_alt.add(s)
        elif p == _LANGUAGE:
            self.languages.add(o)

    def add(self, default: set[str], statement: str) -> None:
        # Tested before it is added: the union read may be the default graph itself.
        if statement not in self.union and statement not in self.added:
            self.added.add(statement)
            self._see(statement)
        default.add(statement)

    @property
    def size(self) -> int:
        return self._base + len(self.added) + self.counted


def describe(quads: QuadSet, scan: Scan | None = None, graph_sizes: dict[str, int] | None = None) -> None:
    """Add the SKOS, link and dataset statements to ``quads``' default graph. ``scan`` and
    ``graph_sizes``: the named graphs, counted as they were assembled (``Scan.count_graph``);
    the default graph alone is then read here. Without them, the whole union is read."""
    default = quads.graph(DEFAULT_GRAPH)
    if scan is None:
        scan = Scan(quads.union())
    else:
        scan.see_union(default)
    if graph_sizes is None:
        graph_sizes = {name: len(statements) for name, statements in quads.graphs.items() if name != DEFAULT_GRAPH}
    _skos(scan, default)
    _links(scan, default)
    _dataset(graph_sizes, scan, default)


def _skos(scan: Scan, default: set[str]) -> None:
    types, labels = scan.types, scan.labels
    additions: list[str] = []
    for cls, (local, title) in sorted(_SCHEMES.items()):
        scheme = u(f"{T.PREFIXES['scheme']}{local}")
        members = sorted(s for s, classes in types.items() if u(cls) in classes)
        if not members:
            continue
        additions.append(f"{scheme} {_TYPE} {u(_SKOS + 'ConceptScheme')}")
        additions.append(f"{scheme} {_PREF} {nt.literal(title, 'en')}")
        for member in members:
            additions.append(f"{member} {u(_SKOS + 'inScheme')} {scheme}")
    concepts = {s for s, classes in types.items() if classes & {u(c) for c in _SCHEMES}}
    for node in sorted(concepts | (scan.with_alt & {s for s, c in types.items() if c & _ENTITY_CLASSES})):
        for label in labels.get(node, ()):
            additions.append(f"{node} {_PREF} {label}")
    # Added after the reading: the SKOS statements describe the facts, not themselves.
    for statement in additions:
        scan.add(default, statement)


def _links(scan: Scan, default: set[str]) -> None:
    path: Path = paths.links_file()
    if not path.is_file():
        return
    try:
        links = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, OSError) as exc:
        raise ConfigError(f"{path}: not valid Turtle: {exc}") from exc
    subjects = set(scan.subjects)
    for link in links:
        if str(link.subject) in subjects:
            scan.add(default, f"{link.subject} {link.predicate} {link.object}")


def _prefixed(iri: str) -> str:
    """A readable, collision-free local name for a class partition: 'tm-Country', 'oa-Annotation'."""
    return _HYPHENATED(iri) or re.sub(r"[^A-Za-z0-9]+", "-", iri).strip("-")


_HYPHENATED = T.Shortener(sep="-")


def _dataset(graph_sizes: dict[str, int], scan: Scan, default: set[str]) -> None:
    counts: dict[str, int] = defaultdict(int, scan.counted_classes)
    for classes in scan.types.values():
        for cls in classes:
            counts[cls[1:-1]] += 1
    classes = dict(counts)
    entities = sum(n for cls, n in classes.items() if u(cls) in _ENTITY_CLASSES)
    document_class = u(str(T.Document))
    # A set: each graph below asks whether its document is one (a list made that quadratic, 2 s
    # of a 10,000-document rebuild).
    documents = {s for s, types in scan.types.items() if document_class in types}
    languages = sorted(scan.languages)
    triples = scan.size
    d = u(DATASET)
    add = default.add
    # Counted before the description itself is added: they describe the data.
    add(f"{d} {_TYPE} {u(_VOID + 'Dataset')}")
    add(f"{d} {_TYPE} {u(_DCAT + 'Dataset')}")
    add(f"{d} {u(_DCT + 'title')} {nt.literal('telemed-kg: telemedicine and digital health in Central Asia', 'en')}")
    add(f"{d} {u(_DCT + 'description')} " + nt.literal(
        "Programmes, funders, facilities and quantitative statements about telemedicine in Central Asia, "
        "extracted from news, reports and papers in English, Russian and Kazakh; every fact carries its "
        "source document, quote and character offsets.", "en"))
    add(f"{d} {u(_DCT + 'license')} {u(LICENSE)}")
    add(f"{d} {u(_DCT + 'rights')} " + nt.literal(
        "The graph's statements are licensed as dct:license says; quoted source text remains under the "
        "terms of its source document.", "en"))
    add(f"{d} {u(_DCT + 'conformsTo')} {u(ONTOLOGY)}")
    for vocabulary in (ONTOLOGY, str(T.OA)[:-1], "http://www.w3.org/ns/prov", _SKOS[:-1], _DCT[:-1]):
        add(f"{d} {u(_VOID + 'vocabulary')} {u(vocabulary)}")
    for language in languages:
        add(f"{d} {u(_DCT + 'language')} {language}")
    add(f"{d} {u(_VOID + 'triples')} {nt.integer(triples)}")
    add(f"{d} {u(_VOID + 'entities')} {nt.integer(entities)}")
    add(f"{d} {u(_VOID + 'documents')} {nt.integer(len(documents))}")
    for cls, count in sorted(classes.items()):
        partition = u(f"{T.PREFIXES['dataset']}class-{_prefixed(cls)}")
        add(f"{d} {u(_VOID + 'classPartition')} {partition}")
        add(f"{partition} {u(_VOID + 'class')} {u(cls)}")
        add(f"{partition} {u(_VOID + 'entities')} {nt.integer(count)}")
    graph_prefix = str(T.PREFIXES["graph"])
    document_prefix = str(T.PREFIXES["doc"])
    for name, size in sorted(graph_sizes.items()):
        graph = u(name)
        add(f"{d} {u(_VOID + 'subset')} {graph}")
        add(f"{graph} {_TYPE} {u(_VOID + 'Dataset')}")
        add(f"{graph} {u(_VOID + 'triples')} {nt.integer(size)}")
        if name.startswith(graph_prefix):
            document = u(document_prefix + name[len(graph_prefix):])
            if document in documents:
                # The document this graph holds the evidence and metrics of.
                add(f"{graph} {u(_DCT + 'source')} {document}")
