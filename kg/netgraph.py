"""The built RDF graph as a networkx graph: entities, metrics and documents as nodes, the tm:
relations between them as edges, each carrying the quotes that evidence it.

Everything is inserted in IRI order so that iteration order — and so any output derived from
it (HTML, tables) — is identical for the same input graph.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

import networkx as nx
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from . import terms as t
from .errors import QueryError

Quote = tuple[str, str]  # (normalised quote, document file name)

# Node classes in priority order: a node typed twice gets the first that applies.
NODE_CLASSES: dict[str, URIRef] = {
    "Country": t.Country,
    "Region": t.Region,
    "Programme": t.Programme,
    "Funder": t.Funder,
    "Facility": t.Facility,
    "Metric": t.Metric,
    "Document": t.Document,
}
ENTITY_CLASS_NAMES = ("Country", "Region", "Programme", "Funder", "Facility", "Entity")

# Relation properties drawn as edges; tm:mentionedIn only when documents are included.
EDGE_PROPERTIES: dict[str, URIRef] = {
    "operatesIn": t.operatesIn,
    "fundedBy": t.fundedBy,
    "implementedBy": t.implementedBy,
    "partner": t.partner,
    "involvesFacility": t.involvesFacility,
    "locatedIn": t.locatedIn,
    "about": t.about,
    "partOf": t.partOf,
    "mentionedIn": t.mentionedIn,
}


def local_name(iri: str) -> str:
    """The last path or fragment segment of an IRI: the readable fallback label."""
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def labels_of(graph: rdflib.Graph, node: URIRef) -> dict[str, str]:
    """rdfs:label by language tag ('' for untagged); the smallest wins if a language repeats."""
    out: dict[str, str] = {}
    for lit in sorted(o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)):
        out.setdefault(lit.language or "", str(lit))
    return dict(sorted(out.items()))


def best_label(labels: dict[str, str], iri: str, lang: str = "en") -> str:
    """Label in ``lang``, else en → ru → kk → any other language → the IRI's local name."""
    for candidate in (lang, "en", "ru", "kk", *sorted(labels)):
        if labels.get(candidate):
            return labels[candidate]
    return local_name(iri)


def _class_name(graph: rdflib.Graph, node: URIRef) -> str:
    types = set(graph.objects(node, RDF.type))
    for name, cls in NODE_CLASSES.items():
        if cls in types:
            return name
    # An untyped relation endpoint is still drawn, so that no asserted edge silently vanishes.
    return "Entity"


def _quotes_by_body(graph: rdflib.Graph) -> dict[URIRef, list[Quote]]:
    """oa:hasBody target → sorted unique (normalised quote, file name) of its annotations."""
    file_names: dict[URIRef, str] = {}
    found: dict[URIRef, set[Quote]] = defaultdict(set)
    for ann, body in graph.subject_objects(t.OA.hasBody):
        quote = graph.value(ann, t.normalizedQuote)
        if quote is None:
            continue
        for doc in sorted(graph.objects(ann, PROV.wasDerivedFrom)) or [None]:
            if doc is None:
                name = ""
            else:
                if doc not in file_names:
                    fname = graph.value(doc, t.fileName)
                    file_names[doc] = str(fname) if fname is not None else local_name(str(doc))
                name = file_names[doc]
            found[body].add((str(quote), name))
    return {body: sorted(qs, key=lambda q: (q[1], q[0])) for body, qs in found.items()}


def _statement_index(graph: rdflib.Graph) -> dict[tuple[URIRef, URIRef, URIRef], list[URIRef]]:
    """(subject, predicate, object) → the tm:Statement IRIs reifying it."""
    index: dict[tuple[URIRef, URIRef, URIRef], list[URIRef]] = defaultdict(list)
    for st in graph.subjects(RDF.type, t.Statement):
        key = (graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object))
        index[key].append(st)  # type: ignore[index]
    return index


def _metric_attributes(graph: rdflib.Graph, metric: URIRef) -> dict[str, Any]:
    value = graph.value(metric, t.value)
    unit = graph.value(metric, t.unit)
    indicator = graph.value(metric, t.indicator)
    period = graph.value(metric, t.period)
    bound = graph.value(metric, t.bound)
    unit_labels = labels_of(graph, unit) if isinstance(unit, URIRef) else {}
    ind_labels = labels_of(graph, indicator) if isinstance(indicator, URIRef) else {}
    py_value = value.toPython() if isinstance(value, Literal) else None
    return {
        # Decimal keeps the stated number exact ('0.1' stays 0.1); None if the literal is odd.
        "value": py_value if isinstance(py_value, (Decimal, int, float)) else None,
        "unit": best_label(unit_labels, str(unit)) if unit is not None else None,
        "unit_iri": str(unit) if unit is not None else None,
        "unit_labels": unit_labels,
        "indicator": best_label(ind_labels, str(indicator)) if indicator is not None else None,
        "indicator_labels": ind_labels,
        "period": str(period) if period is not None else None,
        "bound": local_name(str(bound)) if bound is not None else None,
    }


def _union(graph: rdflib.Graph) -> rdflib.Graph:
    """A TriG dataset keeps each document's facts in a named graph: read all of them."""
    if isinstance(graph, rdflib.Dataset) and not graph.default_union:
        merged = rdflib.Graph()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    return graph


def to_networkx(
    graph: rdflib.Graph, *, include_metrics: bool = True, include_documents: bool = False
) -> nx.MultiDiGraph:
    """One node per entity/metric/document IRI, one edge (key = property local name) per
    relation triple, with the evidence quotes of each metric and each edge attached."""
    allowed = {"Country", "Region", "Programme", "Funder", "Facility", "Entity"}
    if include_metrics:
        allowed.add("Metric")
    if include_documents:
        allowed.add("Document")

    graph = _union(graph)
    classes: dict[URIRef, str] = {}
    for name, cls in NODE_CLASSES.items():  # priority order: the first class seen wins
        for node in graph.subjects(RDF.type, cls):
            if isinstance(node, URIRef) and node not in classes:
                classes[node] = name

    props = {k: v for k, v in EDGE_PROPERTIES.items() if include_documents or k != "mentionedIn"}
    triples: list[tuple[URIRef, str, URIRef, URIRef]] = []
    for pname, prop in props.items():
        for s, o in graph.subject_objects(prop):
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                continue
            for end in (s, o):
                if end not in classes:
                    classes[end] = _class_name(graph, end)
            if classes[s] in allowed and classes[o] in allowed:
                triples.append((s, pname, o, prop))

    quotes = _quotes_by_body(graph)
    statements = _statement_index(graph)

    nxg = nx.MultiDiGraph()
    for node in sorted(n for n, c in classes.items() if c in allowed):
        attrs: dict[str, Any] = {"cls": classes[node], "labels": labels_of(graph, node), "iri": str(node)}
        if classes[node] == "Metric":
            attrs.update(_metric_attributes(graph, node))
            attrs["quotes"] = quotes.get(node, [])
        nxg.add_node(str(node), **attrs)

    for s, pname, o, prop in sorted(triples, key=lambda x: (str(x[0]), x[1], str(x[2]))):
        found: set[Quote] = set()
        for st in statements.get((s, prop, o), []):
            found.update(quotes.get(st, []))
        if not found and classes[s] == "Metric":
            # tm:about / tm:partOf are not reified: the metric's own quote is their evidence.
            found.update(quotes.get(s, []))
        nxg.add_edge(str(s), str(o), key=pname, prop=pname,
                     quotes=sorted(found, key=lambda q: (q[1], q[0])))
    return nxg


def induced_subgraph(nxg: nx.MultiDiGraph, keep: set[str]) -> nx.MultiDiGraph:
    """Induced subgraph rebuilt in IRI order (networkx subgraph views iterate in set order)."""
    sub = nx.MultiDiGraph()
    for node in sorted(keep):
        sub.add_node(node, **nxg.nodes[node])
    edges = [(u, v, k, d) for u, v, k, d in nxg.edges(keys=True, data=True) if u in keep and v in keep]
    for u, v, k, d in sorted(edges, key=lambda e: (e[0], e[2], e[1])):
        sub.add_edge(u, v, key=k, **d)
    return sub


def neighbourhood(nxg: nx.MultiDiGraph, node: str, depth: int) -> nx.MultiDiGraph:
    """Nodes within ``depth`` hops of ``node`` ignoring edge direction, with their edges."""
    if node not in nxg:
        raise QueryError(f"no node {node!r} in the graph")
    if depth < 0:
        raise QueryError(f"depth must be >= 0, got {depth}")
    reach = nx.single_source_shortest_path_length(nxg.to_undirected(as_view=True), node, cutoff=depth)
    return induced_subgraph(nxg, set(reach))


def graph_measures(nxg: nx.MultiDiGraph) -> dict[str, Any]:
    """Counts per class and property, weak components, and the ten best-connected entities."""
    components = list(nx.weakly_connected_components(nxg)) if len(nxg) else []
    entities = [n for n, c in nxg.nodes(data="cls") if c in ENTITY_CLASS_NAMES]
    ranked = sorted(entities, key=lambda n: (-nxg.degree(n), n))[:10]
    return {
        "nodes_per_class": dict(sorted(Counter(c for _, c in nxg.nodes(data="cls")).items())),
        "edges_per_property": dict(sorted(Counter(k for _, _, k in nxg.edges(keys=True)).items())),
        "weak_components": len(components),
        "largest_component": max((len(c) for c in components), default=0),
        "top_entities": [
            {"iri": n, "label": best_label(nxg.nodes[n]["labels"], n), "cls": nxg.nodes[n]["cls"],
             "degree": nxg.degree(n)}
            for n in ranked
        ],
    }
