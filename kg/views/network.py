"""The built RDF graph as a networkx graph: entities, metrics and documents as nodes, the tm:
relations between them as edges, each carrying the quotes that evidence it.

Everything is inserted in IRI order so that iteration order — and so any output derived from
it (HTML, tables) — is identical for the same input graph.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import networkx as nx
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg import terms as t
from kg.check.consistency import period_of
from kg.errors import QueryError
from kg.io.terminal import visible
from kg.rdf.convert import union_graph
from kg.rdf.subset import Selection
from kg.rdf.triples import TripleIndex
from kg.terms import best_label, local_name

Quote = tuple[str, str]  # (normalised quote, document file name, with ", p. N" for a PDF page)

# Node classes in priority order: a node typed twice gets the first that applies.
NODE_CLASSES: dict[str, URIRef] = {name: c.iri for name, c in t.NODE_CLASSES.items() if name != "Entity"}
ENTITY_CLASS_NAMES = tuple(name for name, c in t.NODE_CLASSES.items() if c.lexicon) + ("Entity",)

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


# What `kg stats` reads of the built graph: the nodes' classes, the edges (documents are not
# nodes of its graph) and the labels.
MEASURE_SELECTION = Selection(frozenset({*EDGE_PROPERTIES.values(), RDFS.label} - {t.mentionedIn}),
                              frozenset(c.iri for c in t.NODE_CLASSES.values()))
# What a view reads besides: each node's panel (documents, citations, metric fields), the quotes
# that evidence metrics and reified relations, and the PDF page of a quote (only that chain of
# the annotation's target: its other selectors are never shown).
VIEW_SELECTION = MEASURE_SELECTION | Selection(
    frozenset({t.mentionedIn, SKOS.altLabel, PROV.wasDerivedFrom, t.fileName, DCTERMS.title, DCTERMS.publisher, DCTERMS.date,
               t.isoCode, t.value, t.unit, t.indicator, t.period, t.periodStart, t.periodEnd, t.bound, t.rangeMax,
               t.OA.hasBody, t.normalizedQuote, RDF.subject, RDF.predicate, RDF.object}),
    frozenset({t.Statement}),
    (f"?a <{t.OA.hasTarget}> ?target . ?target <{t.OA.hasSelector}> ?s . "
     f"?s <{DCTERMS.conformsTo}> <{t.RFC3778}> ; <{RDF.value}> ?page",))

# Looked up per node or quote: a namespace makes a new term at each attribute lookup.
_LABEL, _ALT_LABEL, _DERIVED_FROM = RDFS.label, SKOS.altLabel, PROV.wasDerivedFrom


def labels_of(graph: rdflib.Graph, node: URIRef) -> dict[str, str]:
    """rdfs:label by language tag ('' for untagged); the smallest wins if a language repeats.
    Labels are for display: a bidi override or control character in one is shown, not obeyed."""
    return label_map(graph.objects(node, _LABEL))


def label_map(labels: Iterable[object]) -> dict[str, str]:
    """``labels_of`` for a node's rdfs:label objects however they were read."""
    out: dict[str, str] = {}
    for lit in sorted(o for o in labels if isinstance(o, Literal)):
        out.setdefault(lit.language or "", visible(str(lit)))
    return dict(sorted(out.items()))


def _class_name(graph: rdflib.Graph, node: URIRef) -> str:
    types = set(graph.objects(node, RDF.type))
    for name, cls in NODE_CLASSES.items():
        if cls in types:
            return name
    # An untyped relation endpoint is still drawn, so that no asserted edge silently vanishes.
    return "Entity"


def _file_name(graph: rdflib.Graph, doc: URIRef, cache: dict[Any, str]) -> str:
    if doc not in cache:
        fname = graph.value(doc, t.fileName)
        cache[doc] = visible(str(fname)) if fname is not None else local_name(str(doc))
    return cache[doc]


def _citation(graph: rdflib.Graph, doc: URIRef, cache: dict[Any, str]) -> str:
    """How a view cites a document: title — publisher, date (file); the file alone without a title."""
    key = (_CITATION, doc)  # beside the file names: each document is cited by every quote it gave
    if key not in cache:
        fname = _file_name(graph, doc, cache)
        title = graph.value(doc, DCTERMS.title)
        if title is None:
            cache[key] = fname
        else:
            publisher, date = graph.value(doc, DCTERMS.publisher), graph.value(doc, DCTERMS.date)
            cache[key] = (f"{title}" + (f" — {publisher}" if publisher is not None else "")
                          + (f", {date}" if date is not None else "") + f" ({fname})")
    return cache[key]


_CITATION = "citation"


def _page(graph: rdflib.Graph, ann: URIRef) -> str:
    """', p. N' when the annotation's target names a PDF page (RFC 3778 '#page=N'), else ''."""
    for target in graph.objects(ann, t.OA.hasTarget):
        for selector in graph.objects(target, t.OA.hasSelector):
            if (selector, DCTERMS.conformsTo, t.RFC3778) in graph:
                return f", p. {str(graph.value(selector, RDF.value)).removeprefix('page=')}"
    return ""


def _quotes_by_body(graph: rdflib.Graph, file_names: dict[Any, Any]) -> dict[URIRef, list[Quote]]:
    """oa:hasBody target → sorted unique (normalised quote, file name) of its annotations."""
    found: dict[URIRef, set[Quote]] = defaultdict(set)
    paged = (None, DCTERMS.conformsTo, t.RFC3778) in graph  # only graphs with PDFs pay for the look-up
    has_body, normalized_quote = t.OA.hasBody, t.normalizedQuote  # a Namespace makes a new URIRef per lookup
    for ann, body in graph.subject_objects(has_body):
        quote = graph.value(ann, normalized_quote)
        if quote is None:
            continue
        page = _page(graph, ann) if paged else ""
        for doc in sorted(graph.objects(ann, _DERIVED_FROM)) or [None]:
            name = "" if doc is None else _citation(graph, doc, file_names)
            # the page goes with the file: 'Title — Publisher, date (report.pdf, p. 3)'
            name = name[:-1] + page + ")" if page and name.endswith(")") else name + page
            found[body].add((str(quote), name))
    return {body: sorted(qs, key=lambda q: (q[1], q[0])) for body, qs in found.items()}


def _node_attributes(graph: rdflib.Graph, node: URIRef, cls: str, quotes: dict[URIRef, list[Quote]],
                     file_names: dict[Any, Any]) -> dict[str, Any]:
    """Everything a view shows about one node: labels in every language, alternative labels,
    the documents that mention it (metrics: the one they come from), ISO code, metric fields."""
    attrs: dict[str, Any] = {"cls": cls, "labels": labels_of(graph, node), "iri": str(node)}
    attrs["alt_labels"] = sorted({(lit.language or "", str(lit)) for lit in graph.objects(node, _ALT_LABEL)
                                  if isinstance(lit, Literal)})
    docs = set(graph.objects(node, t.mentionedIn)) | set(graph.objects(node, _DERIVED_FROM))
    attrs["documents"] = sorted({_file_name(graph, d, file_names) for d in docs if isinstance(d, URIRef)})
    attrs["sources"] = sorted({_citation(graph, d, file_names) for d in docs if isinstance(d, URIRef)})
    iso = graph.value(node, t.isoCode)
    attrs["iso"] = str(iso) if iso is not None else None
    if cls == "Metric":
        attrs.update(_metric_attributes(graph, node, file_names))
        attrs["quotes"] = quotes.get(node, [])
    elif cls == "Document":
        attrs["documents"] = [_file_name(graph, node, file_names)]
        attrs["sources"] = [_citation(graph, node, file_names)]
    return attrs


def _statement_index(graph: rdflib.Graph) -> dict[tuple[URIRef, URIRef, URIRef], list[URIRef]]:
    """(subject, predicate, object) → the tm:Statement IRIs reifying it."""
    index: dict[tuple[URIRef, URIRef, URIRef], list[URIRef]] = defaultdict(list)
    for st in graph.subjects(RDF.type, t.Statement):
        key = (graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object))
        index[key].append(st)  # type: ignore[index]
    return index


def _labels_known(graph: rdflib.Graph, node: URIRef, cache: dict[Any, Any]) -> dict[str, str]:
    """``labels_of`` a unit or indicator, worked out once for all the metrics that share it."""
    key = (RDFS.label, node)
    if key not in cache:
        cache[key] = labels_of(graph, node)
    return dict(cache[key])


def _metric_attributes(graph: rdflib.Graph, metric: URIRef, cache: dict[Any, Any]) -> dict[str, Any]:
    value = graph.value(metric, t.value)
    unit = graph.value(metric, t.unit)
    indicator = graph.value(metric, t.indicator)
    period = period_of(graph, metric)
    bound = graph.value(metric, t.bound)
    unit_labels = _labels_known(graph, unit, cache) if isinstance(unit, URIRef) else {}
    ind_labels = _labels_known(graph, indicator, cache) if isinstance(indicator, URIRef) else {}
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
        "range_max": _decimal_of(graph.value(metric, t.rangeMax)),
    }


def _decimal_of(node: object) -> Decimal | None:
    value = node.toPython() if isinstance(node, Literal) else None
    return value if isinstance(value, Decimal) else None


def to_networkx(
    graph: rdflib.Graph | TripleIndex, *, include_metrics: bool = True, include_documents: bool = False
) -> nx.MultiDiGraph:
    """One node per entity/metric/document IRI, one edge (key = property local name) per
    relation triple, with the evidence quotes of each metric and each edge attached."""
    allowed = set(ENTITY_CLASS_NAMES)
    if include_metrics:
        allowed.add("Metric")
    if include_documents:
        allowed.add("Document")

    graph = graph if isinstance(graph, TripleIndex) else union_graph(graph)
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

    file_names: dict[Any, Any] = {}  # documents' names and citations, labels of units and indicators
    quotes = _quotes_by_body(graph, file_names)
    statements = _statement_index(graph)

    nxg = nx.MultiDiGraph()
    for node in sorted(n for n, c in classes.items() if c in allowed):
        nxg.add_node(str(node), **_node_attributes(graph, node, classes[node], quotes, file_names))

    for s, pname, o, prop in sorted(triples, key=lambda x: (str(x[0]), x[1], str(x[2]))):
        found: set[Quote] = set()
        for st in statements.get((s, prop, o), []):
            found.update(quotes.get(st, []))
        if not found and classes[s] == "Metric":
            # tm:about / tm:partOf are not reified: the metric's own quote is their evidence.
            found.update(quotes.get(s, []))
        _add_edge(nxg, str(s), str(o), pname, str(prop), found)
    return nxg


def _add_edge(nxg: nx.MultiDiGraph, s: str, o: str, pname: str, prop: str, found: set[Quote]) -> None:
    ordered = sorted(found, key=lambda q: (q[1], q[0]))
    nxg.add_edge(s, o, key=pname, prop=pname, prop_iri=prop, quotes=ordered,
                 documents=sorted({name for _, name in ordered if name}))


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


# ---------------------------------------------------------------- views


def _casefold_match(nxg: nx.MultiDiGraph, text: str, classes: tuple[str, ...] | None = None) -> list[str]:
    """Nodes whose IRI, rdfs:label (any language), skos:altLabel or ISO code is ``text``,
    case-insensitively; labels first, then alternative labels and codes."""
    wanted = text.strip()
    fits = [n for n, c in nxg.nodes(data="cls") if classes is None or c in classes]
    if wanted in nxg and wanted in fits:
        return [wanted]
    key = wanted.casefold()
    hits = sorted(n for n in fits if any(v.casefold() == key for v in nxg.nodes[n]["labels"].values()))
    if not hits:
        hits = sorted(n for n in fits if any(v.casefold() == key for _, v in nxg.nodes[n].get("alt_labels", ()))
                      or (nxg.nodes[n].get("iso") or "").casefold() == key)
    return hits


def resolve_entities(nxg: nx.MultiDiGraph, text: str) -> list[str]:
    """IRI, else label in any language, else alternative label or ISO code. A label shared by
    several entities names all of them."""
    hits = _casefold_match(nxg, text)
    if not hits:
        raise QueryError(f"no entity matches focus '{text}'")
    return hits


def resolve_country(nxg: nx.MultiDiGraph, text: str) -> str:
    """A tm:Country by ISO code ('KZ'), label in any language ('Казахстан') or IRI."""
    hits = _casefold_match(nxg, text, ("Country",))
    if len(hits) != 1:
        known = sorted((nxg.nodes[n].get("iso") or local_name(n)) for n, c in nxg.nodes(data="cls") if c == "Country")
        raise QueryError(f"no country matches '{text}'" + (f" (known: {', '.join(known)})" if known else ""))
    return hits[0]


def resolve_document(nxg: nx.MultiDiGraph, text: str) -> str:
    """A source document's file name from a path, file name, stem or document IRI."""
    names = sorted({d for _, docs in nxg.nodes(data="documents") for d in docs or ()})
    wanted = text.strip().rstrip("/")
    candidates = [wanted, wanted.replace("\\", "/").rsplit("/", 1)[-1]]
    for cand in candidates:
        for name in names:
            if cand in (name, name.rsplit(".", 1)[0]):
                return name
    raise QueryError(f"no document matches '{text}'" + (f" (known: {', '.join(names)})" if names else ""))


# How each view reaches out from its seeds: along these properties, in this direction.
_INSIDE = {"locatedIn", "operatesIn"}  # X → place: X is in the place
_OUTWARD = {"fundedBy", "implementedBy", "partner", "involvesFacility"}  # programme → who/where


def country_view(nxg: nx.MultiDiGraph, country: str) -> nx.MultiDiGraph:
    """Everything in one country: the country; what is located or operates in it or in its
    regions (facilities in those regions, programmes in either); the funders, implementers,
    partners and facilities of those programmes; and the metrics about any of them."""
    inside = {country}
    frontier = [country]
    while frontier:  # in-edges of locatedIn/operatesIn, transitively: region → facility → …
        node = frontier.pop()
        for src, _, key in nxg.in_edges(node, keys=True):
            if key in _INSIDE and src not in inside:
                inside.add(src)
                frontier.append(src)
    keep = set(inside)
    for node in inside:
        keep.update(dst for _, dst, key in nxg.out_edges(node, keys=True) if key in _OUTWARD)
    _add_metrics(nxg, keep)
    return induced_subgraph(nxg, keep)


def document_view(nxg: nx.MultiDiGraph, file_name: str) -> nx.MultiDiGraph:
    """What one document says: the entities it mentions and the metrics drawn from it."""
    keep = {n for n, docs in nxg.nodes(data="documents") if file_name in (docs or ())}
    return induced_subgraph(nxg, keep)


def metrics_view(nxg: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Only the numbers: every metric, with the entities they are about (and tm:partOf links)."""
    keep = {n for n, c in nxg.nodes(data="cls") if c == "Metric"}
    keep.update(dst for src in list(keep) for _, dst, key in nxg.out_edges(src, keys=True) if key == "about")
    sub = induced_subgraph(nxg, keep)
    sub.remove_edges_from([(u, v, k) for u, v, k in list(sub.edges(keys=True))
                           if sub.nodes[u]["cls"] != "Metric"])
    return sub


def _add_metrics(nxg: nx.MultiDiGraph, keep: set[str]) -> None:
    """Add the metrics about any node of ``keep`` (and the metrics those are part of)."""
    frontier = list(keep)
    while frontier:
        node = frontier.pop()
        for src, _, key in nxg.in_edges(node, keys=True):
            if key in ("about", "partOf") and src not in keep and nxg.nodes[src]["cls"] == "Metric":
                keep.add(src)
                frontier.append(src)


def query_view(graph: rdflib.Graph, constructed: rdflib.Graph, *, include_documents: bool = True) -> nx.MultiDiGraph:
    """The result of a CONSTRUCT query as a view: one node per IRI it mentions, one edge per
    IRI-to-IRI triple (rdf:type excepted). Classes, labels, quotes and documents come from the
    full ``graph`` where it knows the node or edge, else from the result itself; literal values in
    the result are kept as the node's ``values`` (shown on hover)."""
    full = to_networkx(graph, include_metrics=True, include_documents=include_documents)
    both = rdflib.Graph()
    for triple in union_graph(constructed):
        both.add(triple)
    file_names: dict[Any, Any] = {}  # documents' names and citations, labels of units and indicators
    view = nx.MultiDiGraph()
    nodes: set[URIRef] = set()
    values: dict[URIRef, list[tuple[str, str]]] = defaultdict(list)
    for s, p, o in both:
        if not isinstance(s, URIRef):
            continue
        if isinstance(o, URIRef) and p != RDF.type:
            nodes.update((s, o))
        elif isinstance(o, URIRef):
            nodes.add(s)
        elif isinstance(o, Literal) and p not in (RDFS.label, SKOS.altLabel):
            values[s].append((local_name(str(p)), str(o)))
            nodes.add(s)
    quotes = _quotes_by_body(union_graph(graph), file_names) if nodes else {}
    for node in sorted(nodes, key=str):
        if str(node) in full:
            attrs = dict(full.nodes[str(node)])
        else:
            merged = union_graph(graph) + both
            attrs = _node_attributes(merged, node, _class_name(merged, node), quotes, file_names)
            if not attrs["labels"]:
                attrs["labels"] = labels_of(both, node)
        if values.get(node):
            attrs["values"] = sorted(values[node])
        view.add_node(str(node), **attrs)
    names = {v: k for k, v in EDGE_PROPERTIES.items()}
    for s, p, o in sorted(both, key=lambda x: (str(x[0]), str(x[1]), str(x[2]))):
        if not (isinstance(s, URIRef) and isinstance(o, URIRef)) or p == RDF.type:
            continue
        pname = names.get(p, local_name(str(p)))
        known = full.get_edge_data(str(s), str(o), key=pname)
        _add_edge(view, str(s), str(o), pname, str(p), set(known["quotes"]) if known else set())
    return view


# ---------------------------------------------------------------- measures


def graph_measures(nxg: nx.MultiDiGraph, lang: str = "en", top: int = 10,
                   labels: Callable[[str], dict[str, str]] | None = None) -> dict[str, Any]:
    """Counts per class and property, weak components, and the best-connected entities: the
    figures behind every view (node size is degree), and what `kg stats` prints. ``labels``
    gives a node's labels when its attributes do not hold them (only the best-connected are
    shown, so `kg stats` reads only theirs)."""
    if labels is None:
        def labels(node: str) -> dict[str, str]:
            return nxg.nodes[node]["labels"]
    components = sorted((len(c) for c in nx.weakly_connected_components(nxg)), reverse=True) if len(nxg) else []
    entities = [n for n, c in nxg.nodes(data="cls") if c in ENTITY_CLASS_NAMES]
    ranked = sorted(entities, key=lambda n: (-nxg.degree(n), n))[:top]
    metrics_about: Counter[str] = Counter(v for _, v, k in nxg.edges(keys=True) if k == "about")
    return {
        "nodes": nxg.number_of_nodes(),
        "edges": nxg.number_of_edges(),
        "nodes_per_class": dict(sorted(Counter(c for _, c in nxg.nodes(data="cls")).items())),
        "edges_per_property": dict(sorted(Counter(k for _, _, k in nxg.edges(keys=True)).items())),
        "weak_components": len(components),
        "largest_component": components[0] if components else 0,
        "isolated_nodes": sum(1 for n in nxg if nxg.degree(n) == 0),
        "top_entities": [
            {"iri": n, "label": best_label(labels(n), n, lang), "cls": nxg.nodes[n]["cls"],
             "degree": nxg.degree(n), "metrics": metrics_about.get(n, 0)}
            for n in ranked
        ],
    }


def measures_csv(measures: dict[str, Any]) -> str:
    """`kg stats -f csv`: one row per figure (measure, name, value); the best-connected entities
    as rows of 'top_entity' with their IRI and degree."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["measure", "name", "value"])
    for key, value in measures.items():
        if isinstance(value, dict):
            writer.writerows([key, name, count] for name, count in value.items())
        elif key == "top_entities":
            writer.writerows(["top_entity", e["iri"], e["degree"]] for e in value)
        else:
            writer.writerow([key, "", value])
    return buffer.getvalue()


def format_measures(measures: dict[str, Any]) -> str:
    """`kg stats` text: aligned counts, then the best-connected entities as a small table."""
    lines = [f"{'nodes':24} {measures['nodes']:>6}", f"{'edges':24} {measures['edges']:>6}", "nodes per class:"]
    lines += [f"  {k:22} {v:>6}" for k, v in measures["nodes_per_class"].items()]
    lines.append("edges per property:")
    lines += [f"  {k:22} {v:>6}" for k, v in measures["edges_per_property"].items()]
    lines += [f"{'weak components':24} {measures['weak_components']:>6}",
              f"{'largest component':24} {measures['largest_component']:>6}",
              f"{'isolated nodes':24} {measures['isolated_nodes']:>6}"]
    if measures["top_entities"]:
        lines.append("best-connected entities (degree, metrics about it):")
        width = max(len(e["label"]) for e in measures["top_entities"])
        for e in measures["top_entities"]:
            lines.append(f"  {e['label']:{width}}  {e['cls']:9} {e['degree']:>4} {e['metrics']:>4}  {e['iri']}")
    return "\n".join(lines) + "\n"
