"""`kg stats` straight from the store: the network of entities and metrics read by a few
SELECTs, one per class and one per relation property, with no rdflib graph in between.

Each term the store hands to Python costs a RocksDB read to decode, and a join costs a read
per row, so every query here scans one predicate and returns only the IRIs the network needs
(at 10,000 documents: some 50,000, against 83,000 triples turned into an rdflib graph and then
into node attributes before). Labels are read for the best-connected entities alone, the only
ones shown. The figures are those ``graph_measures(to_networkx(graph))`` gives for the union of
the graphs: the same priority among a node's classes, untyped relation ends drawn as 'Entity',
documents left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib.namespace import RDFS

from kg.rdf.convert import to_rdflib
from kg.rdf.subset import select, triple_count
from kg.views.network import EDGE_PROPERTIES, ENTITY_CLASS_NAMES, NODE_CLASSES, graph_measures, label_map


def store_network(store: ox.Store) -> nx.MultiDiGraph:
    """The network `kg stats` measures (``to_networkx(graph)`` with metrics, without documents),
    its nodes carrying their class only."""
    classes: dict[str, str] = {}
    for name, cls in NODE_CLASSES.items():  # priority order: the first class seen wins
        for (node,) in select(store, f"SELECT DISTINCT ?s WHERE {{ ?s a <{cls}> FILTER(isIRI(?s)) }}"):
            classes.setdefault(node.value, name)
    allowed = {*ENTITY_CLASS_NAMES, "Metric"}
    edges: list[tuple[str, str, str]] = []
    for pname, prop in EDGE_PROPERTIES.items():
        if pname == "mentionedIn":  # documents are not nodes of this network
            continue
        query = f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{prop}> ?o FILTER(isIRI(?s) && isIRI(?o)) }}"
        for s, o in select(store, query):
            # An untyped relation end is still a node, so that no asserted edge silently vanishes.
            ends = classes.setdefault(s.value, "Entity"), classes.setdefault(o.value, "Entity")
            if ends[0] in allowed and ends[1] in allowed:
                edges.append((s.value, o.value, pname))
    nxg = nx.MultiDiGraph()
    nxg.add_nodes_from((node, {"cls": classes[node]}) for node in sorted(n for n, c in classes.items() if c in allowed))
    nxg.add_edges_from((s, o, pname, {"prop": pname}) for s, o, pname in sorted(edges))
    return nxg


def _labels(store: ox.Store, node: str) -> dict[str, str]:
    rows = select(store, f"SELECT ?l WHERE {{ <{node}> <{RDFS.label}> ?l }}")
    return label_map(to_rdflib(label) for (label,) in rows)


def store_measures(store: ox.Store, lang: str = "en", top: int = 10, folder: Path | None = None) -> dict[str, Any]:
    """What `kg stats` prints: the union's triple count (kept beside a build's store ``folder``),
    then ``graph_measures``."""
    measures = graph_measures(store_network(store), lang=lang, top=top, labels=lambda node: _labels(store, node))
    return {"triples": triple_count(store, folder), **measures}
