"""What a view shows: the part of the graph it is cut from (whole graph, a CONSTRUCT query's
result, one country, one document, a focus entity's neighbourhood; with or without metrics), and
how a view too big to draw is made smaller: metrics folded into the entities they are about, then
the best-connected nodes kept. The limit was measured in headless Chromium
(benchmarks/viz_bench.py, benchmarks/results/viz.md).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx
import rdflib

from kg.errors import QueryError
from kg.terms import best_label
from kg.views.network import (country_view, document_view, induced_subgraph, metrics_view, neighbourhood, query_view,
                              resolve_country, resolve_document, resolve_entities, to_networkx)

# The most nodes a page draws; a bigger view folds metrics into their subjects, then is capped.
# 5,000 nodes are drawn and interactive in about 2 s in headless Chromium (benchmarks/results/viz.md).
MAX_NODES = 5000


@dataclass
class View:
    """A part of the graph ready to draw, and how it was cut."""

    nxg: nx.MultiDiGraph
    total: int
    description: list[str]
    seeds: list[str] = field(default_factory=list)
    folded: int = 0
    folded_dropped: int = 0  # metrics whose subject is not in the view either
    capped: Counter[str] = field(default_factory=Counter)


def build_view(
    graph: rdflib.Graph,
    *,
    focus: str | None = None,
    depth: int = 2,
    country: str | None = None,
    document: str | None = None,
    query_graph: rdflib.Graph | None = None,
    query_name: str | None = None,
    include_metrics: bool = True,
    metrics_only: bool = False,
    include_documents: bool = False,
    max_nodes: int = MAX_NODES,
    metric_nodes: bool = False,
) -> View:
    """Cut the view out of ``graph``: query result or whole graph, then country, document and
    focus restrict it in that order; then fold metrics and cap if it is above ``max_nodes``.

    The whole graph folds its metrics into the entities they are about unless ``metric_nodes``:
    an analyst opening it looks for programmes and places, and a hundred number boxes hide them;
    each entity's panel lists its numbers."""
    if metrics_only and not include_metrics:
        raise QueryError("--metrics-only and --no-metrics exclude each other")
    if max_nodes < 1:
        raise QueryError(f"the node limit must be at least 1, got {max_nodes}")
    description: list[str] = []
    if query_graph is not None:
        base = query_view(graph, query_graph, include_documents=include_documents)
        if not include_metrics:
            base = induced_subgraph(base, {n for n, c in base.nodes(data="cls") if c != "Metric"})
        description.append(f"result of {query_name or 'a CONSTRUCT query'}")
    else:
        base = to_networkx(graph, include_metrics=include_metrics, include_documents=include_documents)
    if metrics_only:
        base = metrics_view(base)
        description.append("metrics and what they are about")
    elif not include_metrics:
        description.append("without metrics")
    nxg = base
    if country is not None:
        node = resolve_country(nxg, country)
        nxg = country_view(nxg, node)
        attrs = nxg.nodes[node]
        code = f" ({attrs['iso']})" if attrs.get("iso") else ""
        description.append(f"country {best_label(attrs['labels'], node)}{code}")
    if document is not None:
        name = resolve_document(base, document)
        nxg = document_view(nxg, name)
        description.append(f"document {name}")
    seeds: list[str] = []
    if focus is not None:
        seeds = resolve_entities(nxg, focus) if len(nxg) else []
        if not seeds:
            raise QueryError(f"no entity matches focus '{focus}'")
        keep: set[str] = set()
        for seed in seeds:
            keep.update(neighbourhood(nxg, seed, depth))
        nxg = induced_subgraph(nxg, keep)
        description.append(f"within {depth} step{'s' if depth != 1 else ''} of “{focus}”")
    whole = not description
    if not description:
        description.append("whole graph")
    view = View(nxg=nxg, total=len(base), description=description, seeds=seeds)
    if len(view.nxg) > max_nodes or (whole and include_metrics and not metric_nodes):
        _fold_metrics(view)
    if len(view.nxg) > max_nodes:
        _cap(view, max_nodes)
    return view


def _fold_metrics(view: View) -> None:
    """Replace metric nodes by a list on the entity they are about (the first tm:about target
    in the view; partOf chains lead there). Metrics with no such entity are left out."""
    nxg = view.nxg
    metrics = sorted(n for n, c in nxg.nodes(data="cls") if c == "Metric")
    if not metrics:
        return

    def subject(metric: str, seen: set[str]) -> str | None:
        targets = sorted(v for _, v, k in nxg.out_edges(metric, keys=True) if k == "about")
        if targets:
            return targets[0]
        for _, whole, k in sorted(nxg.out_edges(metric, keys=True)):
            if k == "partOf" and whole not in seen:
                found = subject(whole, seen | {metric})
                if found:
                    return found
        return None

    folded: dict[str, list[str]] = defaultdict(list)
    dropped = 0
    for metric in metrics:
        owner = subject(metric, {metric})
        if owner is None or nxg.nodes[owner]["cls"] == "Metric":
            dropped += 1
        else:
            folded[owner].append(metric)
    keep = {n for n in nxg if nxg.nodes[n]["cls"] != "Metric"}
    sub = induced_subgraph(nxg, keep)
    for owner, items in folded.items():
        sub.nodes[owner]["folded"] = [dict(nxg.nodes[m]) for m in items]
    view.nxg = sub
    view.folded = len(metrics) - dropped
    view.folded_dropped = dropped


def _cap(view: View, max_nodes: int) -> None:
    """Keep the focus entities, then the best-connected nodes (entities before metrics)."""
    nxg = view.nxg
    seeds = set(view.seeds)
    ranked = sorted(nxg, key=lambda n: (n not in seeds, nxg.nodes[n]["cls"] == "Metric",
                                        -nxg.degree(n), n))
    keep = set(ranked[:max_nodes])
    view.capped = Counter(nxg.nodes[n]["cls"] for n in ranked[max_nodes:])
    view.nxg = induced_subgraph(nxg, keep)
