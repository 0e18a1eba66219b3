"""Interactive, self-contained HTML views of the graph (pyvis / vis-network).

Offline by construction: the page is our own template, not pyvis's (whose template always links
bootstrap from a CDN); vis-network's JS and CSS are inlined from pyvis's package files, and a
Content-Security-Policy meta tag (default-src 'none', scripts allowed only by hash) makes the
browser refuse any fetch and any script or inline handler that text from the graph might smuggle
in. All graph text is HTML-escaped as well: quotes come from untrusted documents.

Views (``build_view``): the whole graph, a focus entity's neighbourhood, one country, one
document, a CONSTRUCT query's result, with or without metrics or metrics only. Big views stay
usable: positions are computed here (``layout``), the browser's physics is switched off above
``PHYSICS_LIMIT`` nodes, and a view above ``MAX_NODES`` first folds metrics into their subjects
and then keeps the best-connected nodes, saying on the page what it left out. The limits were
measured in headless Chromium (benchmarks/viz_bench.py, benchmarks/results/viz.md).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import random
import re
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg import terms as t
from kg.errors import QueryError
from kg.io.files import atomic_write_text
from kg.views.network import (NODE_CLASSES, best_label, country_view, document_view, induced_subgraph, local_name,
                       metrics_view, neighbourhood, query_view, resolve_country, resolve_document, resolve_entities,
                       to_networkx)
from kg.build.quads import QuadSet, overview
from kg.io.turtlefile import load_ontology

# Measured (benchmarks/results/viz.md): above this many nodes the browser's physics takes
# seconds to settle, so positions come from Python and physics stays off.
PHYSICS_LIMIT = 300
# The most nodes a page draws; a bigger view folds metrics into their subjects, then is capped.
# 5,000 nodes are drawn and interactive in about 2 s in headless Chromium (benchmarks/results/viz.md).
MAX_NODES = 5000
LAYOUT_SEED = 7
MAX_QUOTES = 5  # per node or edge; the rest is counted, so pages of big graphs stay readable
MAX_QUOTE_CHARS = 400
MAX_FOLDED_LISTED = 40  # folded metrics listed on their subject
SPACING = 60.0  # px between neighbouring satellites around a hub
REPULSION_SAMPLE = 32
DENSE_LIMIT = 1500  # numpy force layout: exact repulsion up to this many core nodes, sampled above

# class → (vis shape, colour, legend symbol)
STYLES: dict[str, tuple[str, str, str]] = {
    "Country": ("diamond", "#e15759", "◆"),
    "Region": ("triangle", "#f28e2b", "▲"),
    "Programme": ("dot", "#4e79a7", "●"),
    "Funder": ("square", "#59a14f", "■"),
    "Facility": ("triangleDown", "#76b7b2", "▼"),
    "Metric": ("box", "#edc948", "▭"),
    "Document": ("star", "#b07aa1", "★"),
    "Entity": ("dot", "#bab0ac", "●"),
}
BOUND_PREFIX = {"atLeast": "≥", "atMost": "≤", "approximately": "~", "exact": ""}


@dataclass(frozen=True)
class VizSummary:
    nodes: int
    edges: int
    omitted: int  # nodes of the (metric-filtered) graph not drawn as nodes of their own
    path: Path
    total: int = 0  # nodes of the (metric-filtered) graph the view was cut from
    folded: int = 0  # metrics folded into their subject (listed on it, not drawn)
    capped: dict[str, int] = field(default_factory=dict)  # class → nodes left out by the cap
    physics: bool = False
    description: str = ""


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


@lru_cache(maxsize=1)
def _ontology_labels() -> dict[str, dict[str, str]]:
    """rdfs:label by language of every class and property of the ontology."""
    onto = load_ontology().graph  # a malformed ontology is a ConfigError, not a parser traceback
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for s, lit in sorted(onto.subject_objects(RDFS.label)):
        if isinstance(s, URIRef) and isinstance(lit, Literal):
            out[str(s)].setdefault(lit.language or "", str(lit))
    return dict(out)


def _term_label(iri: URIRef | str, lang: str) -> str:
    return best_label(_ontology_labels().get(str(iri), {}), str(iri), lang)


def format_value(value: Decimal | int | float | None) -> str:
    """217.0 → '217', 6E+6 → '6000000', 12.50 → '12.5': no exponent, no trailing zeros."""
    if value is None:
        return "?"
    dec = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(dec.normalize(), "f")
    return text if text != "-0" else "0"


def _unit_suffix(unit_iri: str, unit_labels: dict[str, str], lang: str) -> str:
    """'' for counts (they read better bare), '%' glued to the number, else ' KZT'."""
    if not unit_iri or local_name(unit_iri).lower().startswith("count"):
        return ""
    label = best_label(unit_labels, unit_iri, lang)
    if local_name(unit_iri).lower() in ("percent", "pct") or label in ("%", "percent"):
        return "%"
    return f" {label}"


def readable_value(value: Decimal | int | float | None) -> str:
    """How a reader writes a number: '39 569', '4.5 million', '1.2 billion'; small and
    fractional numbers as format_value gives them."""
    if value is None:
        return "?"
    dec = value if isinstance(value, Decimal) else Decimal(str(value))
    for size, word in ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")):
        if abs(dec) >= size:
            return f"{format_value(round(dec / size, 2))} {word}"
    if dec == dec.to_integral_value() and abs(dec) >= 1000:
        return f"{int(dec):,}".replace(",", "\u00a0")  # a no-break space: '39 569' stays on one line
    return format_value(dec)


def metric_label(attrs: dict[str, Any], lang: str = "en") -> str:
    """'217 healthcare facilities connected (2021)'; '≥45% …' for bounded percentages; '0–22 …'
    for a range (from 0 to 22), which is neither 'at least 0' nor 22."""
    if attrs.get("range_max") is not None:
        number = f"{readable_value(attrs.get('value'))}–{readable_value(attrs['range_max'])}"
    else:
        number = BOUND_PREFIX.get(attrs.get("bound") or "", "") + readable_value(attrs.get("value"))
    number += _unit_suffix(attrs.get("unit_iri") or "", attrs.get("unit_labels") or {}, lang)
    indicator = attrs.get("indicator_labels") or {}
    text = f"{number} {best_label(indicator, '', lang)}".rstrip() if indicator else number
    return f"{text} ({attrs['period']})" if attrs.get("period") else text


def _canvas_text(text: str) -> str:
    """Escape for vis-network's canvas labels in ``font.multi: 'html'`` mode: it decodes only
    &amp; and &lt;, so a full html.escape would print '&gt;' and '&#x27;' literally. The label
    is drawn on a canvas, never parsed as HTML; escaping stops '<b>' in data being read as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _node_label(attrs: dict[str, Any], lang: str) -> str:
    if attrs["cls"] == "Metric":
        return metric_label(attrs, lang)
    return best_label(attrs["labels"], attrs["iri"], lang)


# ---------------------------------------------------------------- views


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


# ---------------------------------------------------------------- layout


def _adjacency(nxg: nx.MultiDiGraph) -> dict[str, list[str]]:
    adj: dict[str, set[str]] = {n: set() for n in nxg}
    for u, v in nxg.edges():
        if u != v:
            adj[u].add(v)
            adj[v].add(u)
    return {n: sorted(ns) for n, ns in sorted(adj.items())}


def _components(adj: dict[str, list[str]]) -> list[list[str]]:
    seen: set[str] = set()
    out = []
    for start in adj:
        if start in seen:
            continue
        seen.add(start)
        comp, queue = [], deque([start])
        while queue:
            node = queue.popleft()
            comp.append(node)
            for nb in adj[node]:
                if nb not in seen:
                    seen.add(nb)
                    queue.append(nb)
        out.append(sorted(comp))
    return sorted(out, key=lambda c: (-len(c), c[0]))


def _peel(comp: list[str], adj: dict[str, list[str]]) -> tuple[list[str], dict[str, str], list[str]]:
    """Strip hanging trees (metrics on a hub, facilities on a region…) off a component, leaf by
    leaf: returns the core that is left, each stripped node's parent, and the stripping order."""
    alive = set(comp)
    degree = {v: len(adj[v]) for v in comp}
    queue = deque(v for v in comp if degree[v] == 1)
    parent: dict[str, str] = {}
    order: list[str] = []
    while queue and len(alive) > 1:
        leaf = queue.popleft()
        if leaf not in alive or degree[leaf] != 1:
            continue
        anchor = next(nb for nb in adj[leaf] if nb in alive)
        parent[leaf] = anchor
        order.append(leaf)
        alive.discard(leaf)
        degree[anchor] -= 1
        if degree[anchor] == 1:
            queue.append(anchor)
    return sorted(alive), parent, order


def _force_numpy(radius: list[float], edges: list[tuple[int, int]], iterations: int) -> list[tuple[float, float]]:
    """Fruchterman–Reingold in pixels on discs: forces act on the gap between two discs (a hub
    with its satellites is a big disc), so discs end up side by side rather than on top of each
    other. Vectorised; exact up to DENSE_LIMIT discs, sampled repulsion above."""
    import numpy as np

    n = len(radius)
    rng = np.random.default_rng(LAYOUT_SEED)
    r = np.asarray(radius, dtype=float)
    k = 2 * SPACING
    side = math.sqrt(float(((2 * r + k) ** 2).sum()))
    pos = rng.random((n, 2)) * side
    src = np.asarray([e[0] for e in edges], dtype=int)
    dst = np.asarray([e[1] for e in edges], dtype=int)
    temp0 = side / 8
    for step in range(iterations):
        temp = temp0 * (1 - step / iterations) + 1.0
        others = np.arange(n) if n <= DENSE_LIMIT else rng.choice(n, size=256, replace=False)
        weight = 1.0 if n <= DENSE_LIMIT else n / 256
        dx = pos[:, 0:1] - pos[None, others, 0]
        dy = pos[:, 1:2] - pos[None, others, 1]
        dist = np.sqrt(dx * dx + dy * dy) + 1e-6
        gap = np.maximum(dist - (r[:, None] + r[None, others]), 0.05 * k)
        push = weight * k * k / gap / dist
        disp = np.stack([(dx * push).sum(axis=1), (dy * push).sum(axis=1)], axis=1)
        if len(edges):
            d = pos[src] - pos[dst]
            length = np.sqrt((d ** 2).sum(axis=1)) + 1e-6
            pull_gap = np.maximum(length - r[src] - r[dst], 0.0)
            pull = d * (pull_gap * pull_gap / k / length)[:, None]
            np.subtract.at(disp, src, pull)
            np.add.at(disp, dst, pull)
        size = np.sqrt((disp ** 2).sum(axis=1)) + 1e-9
        pos += disp * (np.minimum(size, temp) / size)[:, None]
    return [(float(x), float(y)) for x, y in pos]


def _force_python(radius: list[float], edges: list[tuple[int, int]], iterations: int) -> list[tuple[float, float]]:
    """The same without numpy (a fallback): exact up to REPULSION_SAMPLE discs, else each disc
    is pushed by a seeded sample of the others. Reproducible."""
    n = len(radius)
    rnd = random.Random(LAYOUT_SEED)
    k = 2 * SPACING
    side = math.sqrt(sum((2 * r + k) ** 2 for r in radius))
    xs = [rnd.random() * side for _ in range(n)]
    ys = [rnd.random() * side for _ in range(n)]
    temp0 = side / 8
    everyone = list(range(n))
    for step in range(iterations):
        temp = temp0 * (1 - step / iterations) + 1.0
        dx, dy = [0.0] * n, [0.0] * n
        for i in range(n):
            others = everyone if n <= REPULSION_SAMPLE else rnd.sample(everyone, REPULSION_SAMPLE)
            weight = 1.0 if n <= REPULSION_SAMPLE else n / REPULSION_SAMPLE
            for j in others:
                if i == j:
                    continue
                ex, ey = xs[i] - xs[j], ys[i] - ys[j]
                dist = math.sqrt(ex * ex + ey * ey) + 1e-6
                gap = max(dist - radius[i] - radius[j], 0.05 * k)
                f = weight * k * k / gap / dist
                dx[i] += ex * f
                dy[i] += ey * f
        for i, j in edges:
            ex, ey = xs[i] - xs[j], ys[i] - ys[j]
            dist = math.sqrt(ex * ex + ey * ey) + 1e-6
            gap = max(dist - radius[i] - radius[j], 0.0)
            f = gap * gap / k / dist
            dx[i] -= ex * f
            dy[i] -= ey * f
            dx[j] += ex * f
            dy[j] += ey * f
        for i in range(n):
            disp = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
            if disp > 0:
                move = min(disp, temp) / disp  # cooling: at most ``temp`` per iteration
                xs[i] += dx[i] * move
                ys[i] += dy[i] * move
    return list(zip(xs, ys))


def _force(radius: list[float], edges: list[tuple[int, int]], iterations: int = 120) -> list[tuple[float, float]]:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return _force_python(radius, edges, iterations)
    return _force_numpy(radius, edges, iterations)


GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
WIDE = 1.7  # satellites spread wider than high: metric boxes are wide and short


def _component_positions(comp: list[str], adj: dict[str, list[str]],
                         anchor_of: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Metrics sit around the entity they are about and hanging trees around their root, as
    sunflower discs; the discs that are left (the core) are placed by a force layout that keeps
    them apart. So a hub with 800 metrics is a readable disc rather than a knot."""
    if len(comp) == 1:
        return {comp[0]: (0.0, 0.0)}
    members = set(comp)
    satellites = {m: a for m, a in anchor_of.items() if m in members and a in members}
    rest = [v for v in comp if v not in satellites]
    rest_adj = {v: [w for w in adj[v] if w not in satellites] for v in rest}
    core, parent, order = _peel(rest, rest_adj)
    parent.update(satellites)
    children: dict[str, list[str]] = defaultdict(list)
    for node in sorted(satellites) + order:
        children[parent[node]].append(node)
    weight = {v: 1 for v in comp}
    for leaf in order:  # leaves first: each node's weight is its hanging subtree
        weight[parent[leaf]] += weight[leaf]
    for metric, anchor in satellites.items():
        weight[anchor] += 1

    def disc(v: str) -> float:
        return SPACING * (0.5 + WIDE * math.sqrt(weight[v] - 1)) if weight[v] > 1 else SPACING * 0.5

    index = {v: i for i, v in enumerate(core)}
    core_edges = sorted({(min(index[u], index[v]), max(index[u], index[v]))
                         for u in core for v in rest_adj[u] if v in index and u != v})
    if len(core) == 1:
        raw = [(0.0, 0.0)]
    else:
        raw = _force([disc(v) for v in core], core_edges)
    pos = {v: raw[index[v]] for v in core}

    def place(anchor: str, depth: int) -> None:
        kids = sorted(children.get(anchor, ()), key=lambda v: (weight[v], v))
        ax, ay = pos[anchor]
        step = SPACING * (1.0 if depth == 0 else 0.7)
        for i, kid in enumerate(kids):
            r = step * (0.8 + math.sqrt(i + 0.5))
            angle = i * GOLDEN_ANGLE + depth * 0.7
            pos[kid] = (ax + WIDE * r * math.cos(angle), ay + r * math.sin(angle))
        for kid in kids:
            place(kid, depth + 1)

    for anchor in core:
        place(anchor, 0)
    return pos


def layout(nxg: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Integer pixel positions for every node: components laid out one by one (biggest first)
    and packed in rows into a roughly square area. Same graph, same positions."""
    adj = _adjacency(nxg)
    anchor_of = {}
    for node, cls in nxg.nodes(data="cls"):
        if cls == "Metric":
            about = sorted(v for _, v, key in nxg.out_edges(node, keys=True)
                           if key == "about" and nxg.nodes[v]["cls"] != "Metric")
            if about:
                anchor_of[node] = about[0]
    boxes = []
    for comp in _components(adj):
        pos = _component_positions(comp, adj, anchor_of)
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        mx, my = SPACING * WIDE, SPACING * 0.6  # room for a wide box label beside each node
        boxes.append((pos, min(xs) - mx, min(ys) - my, max(xs) + mx, max(ys) + my))
    area = sum((b[3] - b[1]) * (b[4] - b[2]) for b in boxes)
    row_width = max(math.sqrt(area) * 1.15, max((b[3] - b[1] for b in boxes), default=0))
    out: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, x0, y0, x1, y1 in boxes:
        w, h = x1 - x0, y1 - y0
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for v, (px, py) in pos.items():
            out[v] = (px - x0 + x, py - y0 + y)
        x += w
        row_height = max(row_height, h)
    if not out:
        return {}
    xs, ys = [p[0] for p in out.values()], [p[1] for p in out.values()]
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {v: (round(px - mid_x), round(py - mid_y)) for v, (px, py) in sorted(out.items())}


# ---------------------------------------------------------------- page


def _quotes_html(quotes: list[tuple[str, str]]) -> str:
    if not quotes:
        return ""
    parts = ["<div class='sec'>Evidence</div>"]
    for quote, fname in quotes[:MAX_QUOTES]:
        short = quote if len(quote) <= MAX_QUOTE_CHARS else quote[: MAX_QUOTE_CHARS - 1] + "…"
        parts.append(f"<div class='q'>«{_esc(short)}»<br><span class='src'>— {_esc(fname)}</span></div>")
    if len(quotes) > MAX_QUOTES:
        parts.append(f"<div class='src'>… and {len(quotes) - MAX_QUOTES} more</div>")
    return "".join(parts)


def _sources_html(attrs: dict[str, Any]) -> str:
    # Cited by title, publisher and date (the file name only when the document has no title).
    cited = attrs.get("sources") or attrs.get("documents") or []
    if not cited:
        return ""
    return "<div class='sec'>Source documents</div>" + "".join(f"<div class='doc'>{_esc(d)}</div>" for d in cited)


def _rows(pairs: list[tuple[str, str]]) -> str:
    return "<table>" + "".join(f"<tr><th>{_esc(k)}</th><td>{_esc(v)}</td></tr>" for k, v in pairs) + "</table>"


def _node_info(attrs: dict[str, Any], label: str, lang: str) -> str:
    """What an analyst needs to trust a node: class, every label, the metric's figures and
    period, the documents, the quotes; all text escaped (it is set as innerHTML)."""
    cls = attrs["cls"]
    colour = STYLES[cls][1]
    parts = [f"<h2>{_esc(label)}</h2>",
             f"<div class='cls'><span style='color:{colour}'>{STYLES[cls][2]}</span> "
             f"{_esc(_term_label(NODE_CLASSES.get(cls, t.Entity), lang))}</div>"]
    labels = [(lg or "—", text) for lg, text in attrs["labels"].items()]
    labels += [(f"{lg or '—'}, also", text) for lg, text in attrs.get("alt_labels", ())]
    if attrs.get("iso"):
        labels.append(("ISO code", attrs["iso"]))
    if labels:
        parts.append("<div class='sec'>Labels</div>" + _rows(labels))
    if cls == "Metric":
        figures = [(key, format_value(attrs[key]) if key == "value" else str(attrs[key]))
                   for key in ("value", "unit", "indicator", "period", "bound") if attrs.get(key) is not None]
        parts.append("<div class='sec'>Figure</div>" + _rows(figures))
    if attrs.get("values"):
        parts.append("<div class='sec'>Values in the result</div>" + _rows(attrs["values"]))
    parts.append(_sources_html(attrs))
    parts.append(_quotes_html(attrs.get("quotes", [])))
    folded = attrs.get("folded") or []
    if folded:
        parts.append(f"<div class='sec'>{len(folded)} metric{'s' if len(folded) != 1 else ''} about it "
                     "(folded into this node)</div>")
        for metric in folded[:MAX_FOLDED_LISTED]:
            docs = ", ".join(metric.get("documents") or ())
            quote = metric["quotes"][0][0] if metric.get("quotes") else ""
            short = quote if len(quote) <= 160 else quote[:159] + "…"
            parts.append(f"<div class='q'>{_esc(metric_label(metric, lang))}"
                         + (f"<br><span class='src'>«{_esc(short)}» — {_esc(docs)}</span>" if quote or docs else "")
                         + "</div>")
        if len(folded) > MAX_FOLDED_LISTED:
            parts.append(f"<div class='src'>… and {len(folded) - MAX_FOLDED_LISTED} more</div>")
    parts.append(f"<div class='iri'>{_esc(attrs['iri'])}</div>")
    return "".join(parts)


def _edge_info(words: str, source: str, target: str, attrs: dict[str, Any]) -> str:
    parts = [f"<h2><b>{_esc(source)}</b> <i>{_esc(words)}</i> <b>{_esc(target)}</b></h2>"]
    parts.append(_sources_html(attrs))
    parts.append(_quotes_html(attrs.get("quotes", [])) or "<div class='src'>No quote: reference data.</div>")
    parts.append(f"<div class='iri'>{_esc(attrs.get('prop_iri', ''))}</div>")
    return "".join(parts)


def _options(physics: bool, n: int) -> dict[str, Any]:
    settings: dict[str, Any] = {"enabled": False}
    if physics:
        # Starts from the Python layout, so a short forceAtlas2 run only relaxes it; the page
        # turns physics off once stabilised (stabilizationIterationsDone): nothing drifts after.
        settings = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.005,
                                 "springLength": 90, "springConstant": 0.05, "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": 250, "updateInterval": 50, "fit": True},
            "minVelocity": 1.0,
        }
    return {
        "autoResize": True,
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "color": {"color": "#9aa0a6", "highlight": "#333333", "hover": "#333333"},
                  "font": {"size": 11, "align": "middle", "multi": "html", "color": "#444444"},
                  "smooth": False, "width": 1.1},
        "interaction": {"hover": True, "hideEdgesOnDrag": n > PHYSICS_LIMIT, "hideEdgesOnZoom": n > 2000,
                        "tooltipDelay": 200},
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},  # positions come from Python
        "nodes": {"font": {"size": 14, "multi": "html"}, "borderWidth": 1.5,
                  "widthConstraint": {"maximum": 190}},
        "physics": settings,
    }


def _script_json(obj: Any) -> str:
    """JSON safe inside <script>: no '<' can close the element; U+2028/9 are not line breaks."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network JS and CSS from pyvis's own package files (what cdn_resources='in_line' uses)."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # The source-map comment would make dev tools fetch a file that is not shipped.
    # Split on "\n" only: str.splitlines() would also cut at the U+2028/U+2029 inside its strings.
    js = "\n".join(line for line in js.split("\n") if not line.startswith("//# sourceMappingURL="))
    # 207 of the CSS's 220 kB are data-URI icons of the navigation and edit buttons, which the
    # page never enables (options: no navigationButtons, no manipulation): drop those rules.
    css = "".join(rule for rule in re.findall(r"[^{}]+\{[^{}]*\}", css) if "url(" not in rule)
    return js, css


# The page's behaviour: details on hover/click, search, class filter, physics that stops, and
# window.tmStatus for tests and benchmarks. All HTML it inserts was escaped in Python.
_BOOT_JS = """
(function () {
  "use strict";
  var data = %s;
  var status = window.tmStatus = {ready: false, readyAt: null, drawnNodes: 0, nodes: data.nodes.length,
                                  physics: data.options.physics.enabled};
  window.tmData = data;
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var network = window.tmNetwork = new vis.Network(document.getElementById("tm-network"),
    {nodes: nodes, edges: edges}, data.options);
  var details = document.getElementById("tm-details"), hint = details.innerHTML, pinned = null;
  function show(kind, id) { details.innerHTML = (kind === "node" ? data.info[id] : data.edgeInfo[id]) || hint; }
  function restore() { if (pinned) { show(pinned.kind, pinned.id); } else { details.innerHTML = hint; } }
  network.on("hoverNode", function (p) { show("node", p.node); });
  network.on("hoverEdge", function (p) { show("edge", p.edge); });
  network.on("blurNode", restore);
  network.on("blurEdge", restore);
  network.on("click", function (p) {
    pinned = p.nodes.length ? {kind: "node", id: p.nodes[0]} : p.edges.length ? {kind: "edge", id: p.edges[0]} : null;
    restore();
  });

  var hidden = {}, keys = {};
  data.nodes.forEach(function (n) { keys[n.id] = data.search[n.id].toLowerCase().split("\\n"); });
  var box = document.getElementById("tm-search"), said = document.getElementById("tm-matches");
  var matches = [], at = -1, asked = null;
  function find(text) {
    var q = text.trim().toLowerCase(), exact = [], starts = [], inside = [];
    if (!q) { return []; }
    data.nodes.forEach(function (n) {
      if (hidden[data.cls[n.id]]) { return; }
      var ks = keys[n.id];
      if (ks.indexOf(q) >= 0) { exact.push(n.id); }
      else if (ks.some(function (k) { return k.indexOf(q) === 0; })) { starts.push(n.id); }
      else if (ks.some(function (k) { return k.indexOf(q) > 0; })) { inside.push(n.id); }
    });
    return exact.concat(starts, inside);
  }
  function next() {
    if (box.value !== asked) { matches = find(box.value); at = -1; asked = box.value; }
    if (!matches.length) { said.textContent = box.value.trim() ? "no match" : ""; return; }
    at = (at + 1) %% matches.length;
    var id = matches[at];
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: false});
    pinned = {kind: "node", id: id};
    restore();
    said.textContent = (at + 1) + " of " + matches.length + (matches.length > 1 ? " (Enter: next)" : "");
  }
  box.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); next(); } });
  box.addEventListener("input", function () {
    asked = null;
    var n = box.value.trim() ? find(box.value).length : -1;
    said.textContent = n < 0 ? "" : n ? n + " found (Enter: show)" : "no match";
  });

  Array.prototype.forEach.call(document.querySelectorAll("#tm-legend input[data-cls]"), function (cb) {
    cb.addEventListener("change", function () {
      var cls = cb.getAttribute("data-cls");
      hidden[cls] = !cb.checked;
      nodes.update(data.nodes.filter(function (n) { return data.cls[n.id] === cls; })
        .map(function (n) { return {id: n.id, hidden: !cb.checked}; }));
      asked = null;
    });
  });

  function ready() {
    status.drawnNodes = network.body.nodeIndices.length;
    status.readyAt = performance.now();
    status.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  if (status.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      network.once("afterDrawing", ready);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", ready);
  }
})();
"""

_PAGE_CSS = """
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; color: #222; }
header { padding: 0.4rem 1rem 0.3rem; }
h1 { font-size: 1.25rem; margin: 0.1rem 0; }
#tm-info { color: #555; font-size: 0.85rem; }
#tm-omitted { color: #8a4b00; font-size: 0.85rem; }
#tm-tools { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 1rem; margin-top: 0.35rem; font-size: 0.88rem; }
#tm-search { width: 17rem; padding: 0.2rem 0.4rem; font: inherit; }
#tm-matches { color: #555; min-width: 8rem; }
#tm-legend { display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; }
#tm-legend label { white-space: nowrap; cursor: pointer; }
#tm-legend .sym { font-size: 1.05rem; margin: 0 0.2rem; }
main { flex: 1; display: flex; min-height: 0; border-top: 1px solid #ddd; }
#tm-network { flex: 1; min-width: 0; }
#tm-details { width: 25rem; overflow: auto; padding: 0.4rem 0.9rem; border-left: 1px solid #ddd; background: #fafafa; font-size: 0.85rem; }
#tm-details h2 { font-size: 1.02rem; margin: 0.3rem 0; }
#tm-details .cls { color: #444; }
#tm-details .sec { margin-top: 0.6rem; font-weight: 600; color: #333; }
#tm-details table { border-collapse: collapse; }
#tm-details th { text-align: left; font-weight: normal; color: #666; padding: 0 0.6rem 0 0; vertical-align: top; white-space: nowrap; }
#tm-details .q { margin-top: 0.35rem; }
#tm-details .src, #tm-details .doc { color: #666; font-size: 0.8rem; }
#tm-details .iri { margin-top: 0.6rem; color: #888; font-size: 0.75rem; word-break: break-all; }
"""


def _sha256_csp(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _page(title: str, info: str, omitted: str, legend: list[tuple[str, str, str, str, int]],
          data: dict[str, Any]) -> str:
    js, css = _vis_assets()
    boot = _BOOT_JS % _script_json(data)
    csp = ("default-src 'none'; script-src " + _sha256_csp(js) + " " + _sha256_csp(boot)
           + "; style-src 'unsafe-inline'")
    items = "".join(
        f"<label><input type='checkbox' checked data-cls='{cls}'><span class='sym' style='color:{colour}'>{sym}</span>"
        f"{_esc(name)} ({count:,})</label>"
        for cls, name, colour, sym, count in legend)
    hint = ("<p class='src'>Hover over a node or an edge to see its class, labels, figures, source documents "
            "and quotes; click to keep it here. Search finds labels in any language.</p>")
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n"
        f"<title>{_esc(title)}</title>\n<style>{css}</style>\n<style>{_PAGE_CSS}</style>\n"
        f"<script>{js}</script>\n</head>\n<body>\n<header>\n<h1>{_esc(title)}</h1>\n"
        f"<div id=\"tm-info\">{info}</div>\n"
        + (f"<div id=\"tm-omitted\">{omitted}</div>\n" if omitted else "")
        + "<div id=\"tm-tools\"><input id=\"tm-search\" type=\"search\" placeholder=\"Find a node (any language)…\" "
        "aria-label=\"Find a node\"><span id=\"tm-matches\"></span>\n"
        f"<div id=\"tm-legend\">{items}</div></div>\n</header>\n"
        f"<main><div id=\"tm-network\"></div><aside id=\"tm-details\">{hint}</aside></main>\n"
        f"<script>{boot}</script>\n</body>\n</html>\n"
    )


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word if n == 1 else _PLURALS.get(word, word + 's')}"


_PLURALS = {"country": "countries", "facility": "facilities", "entity": "entities", "funder or partner organisation":
            "funders or partner organisations"}


def _omitted_text(view: View, lang: str) -> str:
    parts = []
    if view.folded:
        owners = sum(1 for _, f in view.nxg.nodes(data="folded") if f)
        parts.append(f"{_plural(view.folded, 'metric')} folded into the {_plural(owners, 'entity')} they are about "
                     "(listed when you hover over them)")
    if view.folded_dropped:
        parts.append(f"{_plural(view.folded_dropped, 'metric')} about nothing else in the view left out")
    if view.capped:
        by_class = ", ".join(
            _plural(n, _term_label(NODE_CLASSES.get(cls, t.Entity), lang).lower())
            for cls, n in sorted(view.capped.items(), key=lambda kv: (-kv[1], kv[0])))
        parts.append(f"{sum(view.capped.values()):,} least-connected nodes left out to stay within "
                     f"{len(view.nxg):,} nodes: {by_class}")
    return ("Not drawn: " + "; ".join(_esc(p) for p in parts) + ".") if parts else ""


def page_html(view: View, *, lang: str = "en", title: str = "telemed-kg",
              physics_limit: int = PHYSICS_LIMIT) -> tuple[str, bool]:
    """The HTML page for ``view`` and whether the browser runs physics on it."""
    nxg = view.nxg
    physics = 0 < len(nxg) <= physics_limit
    positions = layout(nxg)
    seeds = set(view.seeds)
    node_label = {n: _node_label(a, lang) for n, a in nxg.nodes(data=True)}
    nodes, info, search, classes = [], {}, {}, {}
    for node, attrs in nxg.nodes(data=True):
        cls = attrs["cls"]
        shape, colour, _ = STYLES[cls]
        label = node_label[node]
        shown = _canvas_text(label)
        folded = len(attrs.get("folded") or ())
        if folded:
            shown += f"\n<i>+{folded:,} metric{'s' if folded != 1 else ''}</i>"
        if node in seeds:
            shown = f"<b>{shown}</b>"
        item: dict[str, Any] = {"id": node, "label": shown, "shape": shape, "color": colour,
                                "x": positions[node][0], "y": positions[node][1]}
        if shape != "box":  # size by degree (a networkx measure): hubs stand out, and their
            degree = nxg.degree(node) + folded  # labels stay legible in a zoomed-out overview
            item["size"] = round(min(10 + 3 * math.sqrt(degree), 48), 1)
            if degree >= 4:
                item["font"] = {"size": round(min(14 + 2 * math.sqrt(degree), 30))}
        if node in seeds:
            item["borderWidth"] = 4
        nodes.append(item)
        info[node] = _node_info(attrs, label, lang)
        words = [label, *attrs["labels"].values(), *(v for _, v in attrs.get("alt_labels", ()))]
        if attrs.get("iso"):
            words.append(attrs["iso"])
        search[node] = "\n".join(dict.fromkeys(w.replace("\n", " ") for w in words if w))
        classes[node] = cls

    edges, edge_info = [], {}
    parallel: dict[frozenset[str], int] = defaultdict(int)
    for i, (u, v, prop, attrs) in enumerate(nxg.edges(keys=True, data=True)):
        words = _term_label(attrs.get("prop_iri") or t.TM[prop], lang)
        if words == local_name(str(attrs.get("prop_iri") or t.TM[prop])) and prop in _WORDS:
            words = _WORDS[prop]
        # Parallel edges (funded by + implemented by) would overlap: bend each a bit more.
        nth = parallel[frozenset((u, v))]
        parallel[frozenset((u, v))] += 1
        edge: dict[str, Any] = {"id": f"e{i}", "from": u, "to": v, "label": _canvas_text(words)}
        if nth:
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": round(0.25 * nth, 2)}
        edges.append(edge)
        edge_info[f"e{i}"] = _edge_info(words, node_label[u], node_label[v], attrs)

    counts = Counter(cls for _, cls in nxg.nodes(data="cls"))
    legend = [(cls, _term_label(NODE_CLASSES.get(cls, t.Entity), lang), STYLES[cls][1], STYLES[cls][2], counts[cls])
              for cls in STYLES if counts.get(cls)]
    info_line = f"{len(nxg):,} nodes, {nxg.number_of_edges():,} edges — {_esc('; '.join(view.description))}"
    if len(nxg) < view.total:
        info_line += f" ({view.total - len(nxg):,} of the graph’s {view.total:,} nodes not shown)"
    info_line += (" · layout settles, then stops" if physics
                  else f" · layout computed in advance (physics off above {physics_limit:,} nodes)")
    data = {"nodes": nodes, "edges": edges, "options": _options(physics, len(nxg)), "info": info,
            "edgeInfo": edge_info, "search": search, "cls": classes}
    return _page(title, info_line, _omitted_text(view, lang), legend, data), physics


_WORDS = {"about": "about", "partOf": "part of"}


def view_file_name(**view: str | None) -> str:
    """The file a view is written to when no -o is given: kg.html for the whole graph, else a
    name made of what was asked for ('kg-focus-казахстан.html', 'kg-country-kz.html')."""
    parts = []
    for key, value in view.items():
        if value:
            stem = Path(value).stem if key in ("document", "query") else value
            slug = re.sub(r"[^\w]+", "-", stem.lower()).strip("-")[:60] or "view"
            parts.append(f"{key}-{slug}")
    return "-".join(["kg", *parts]) + ".html"


def render_html(
    graph: rdflib.Graph,
    out: Path,
    *,
    lang: str = "en",
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
    physics_limit: int = PHYSICS_LIMIT,
    title: str = "telemed-kg",
    metric_nodes: bool = False,
) -> VizSummary:
    """Write an interactive, offline HTML view of ``graph`` or of a part of it (see build_view).

    ``query_graph`` is the result of a CONSTRUCT query run on ``graph``: it is drawn, with
    classes, labels and quotes looked up in ``graph``.
    """
    view = build_view(graph, focus=focus, depth=depth, country=country, document=document,
                      query_graph=query_graph, query_name=query_name, include_metrics=include_metrics,
                      metrics_only=metrics_only, include_documents=include_documents, max_nodes=max_nodes,
                      metric_nodes=metric_nodes)
    text, physics = page_html(view, lang=lang, title=title, physics_limit=physics_limit)
    atomic_write_text(Path(out), text)
    nxg = view.nxg
    return VizSummary(nodes=len(nxg), edges=nxg.number_of_edges(), omitted=view.total - len(nxg), path=Path(out),
                      total=view.total, folded=view.folded, capped=dict(view.capped), physics=physics,
                      description="; ".join(view.description))


# Above this many statements (about 150 documents) the build's page shows the entities and
# their relations only: drawing the whole graph costs more than building it, and a whole
# 10,000-document graph (millions of statements) would not fit a browser or our memory.
BUILD_VIEW_FULL_LIMIT = 50_000


def render_build_view(quads: QuadSet, out: Path) -> tuple[VizSummary, str]:
    """The page `kg build` writes: the whole graph when it is small, else an overview of its
    entities and relations. Returns the summary and a note for the build's report ('' if whole)."""
    from kg.rdf.convert import union_graph

    if len(quads.union()) <= BUILD_VIEW_FULL_LIMIT:
        return render_html(union_graph(quads), out, title="telemed-kg"), ""
    summary = render_html(union_graph(overview(quads)), out, title="telemed-kg: entities and relations",
                          include_metrics=False)
    return summary, (f" (entities and relations only: the graph has over {BUILD_VIEW_FULL_LIMIT:,} statements; "
                     "`kg viz --country/--document/--query` draws parts of it with evidence)")
