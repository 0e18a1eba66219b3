"""The HTML page of a view, written through pyvis: a ``Network`` holds the nodes (positions from
kg.views.layout, labels and details from kg.views.panels), the edges and the vis-network options,
and renders our own template (kg/views/assets/page.html) with pyvis's template mechanism.

The page works from a file:// URL with no network: everything it needs is inline (see the
template for the Content-Security-Policy). Big views stay usable: positions are computed in
Python, the browser's physics is switched off above ``PHYSICS_LIMIT`` nodes, and a view above
``MAX_NODES`` is made smaller first (kg.views.cut), saying on the page what it left out.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rdflib
from jinja2 import ChoiceLoader, FileSystemLoader
from pyvis.network import Network

from kg import terms as t
from kg.build.quads import QuadSet, overview
from kg.io.embed import script_json
from kg.io.files import atomic_write_text
from kg.rdf.convert import union_graph
from kg.views.cut import MAX_NODES, View, build_view
from kg.views.layout import LAYOUT_SEED, layout
from kg.views.panels import canvas_text, class_label, edge_info, edge_words, node_info, node_label, omitted_text

# Measured (benchmarks/results/viz.md): above this many nodes the browser's physics takes
# seconds to settle, so positions come from Python and physics stays off.
PHYSICS_LIMIT = 300
ASSETS = Path(__file__).resolve().parent / "assets"
# Where pyvis keeps the vis-network build its in-line page includes (relative to its templates).
VIS_NETWORK = "lib/vis-9.1.2"


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


def page_html(view: View, *, lang: str = "en", title: str = "telemed-kg",
              physics_limit: int = PHYSICS_LIMIT) -> tuple[str, bool]:
    """The HTML page for ``view`` and whether the browser runs physics on it."""
    nxg = view.nxg
    physics = 0 < len(nxg) <= physics_limit
    net = Network(directed=True, heading=title, cdn_resources="in_line")
    positions = layout(nxg)
    seeds = set(view.seeds)
    labels = {n: node_label(a, lang) for n, a in nxg.nodes(data=True)}
    panels: dict[str, dict[str, str]] = {"info_panels": {}, "edge_panels": {}, "search": {}, "classes": {}}
    for node, attrs in nxg.nodes(data=True):
        style = t.NODE_CLASSES[attrs["cls"]]
        shown = canvas_text(labels[node])
        folded = len(attrs.get("folded") or ())
        if folded:
            shown += f"\n<i>+{folded:,} metric{'s' if folded != 1 else ''}</i>"
        options: dict[str, Any] = {"x": positions[node][0], "y": positions[node][1]}
        if style.shape != "box":  # size by degree (a networkx measure): hubs stand out, and their
            degree = nxg.degree(node) + folded  # labels stay legible in a zoomed-out overview
            options["size"] = round(min(10 + 3 * math.sqrt(degree), 48), 1)
            if degree >= 4:
                options["font"] = {"size": round(min(14 + 2 * math.sqrt(degree), 30))}
        if node in seeds:
            shown = f"<b>{shown}</b>"
            options["borderWidth"] = 4
        net.add_node(node, label=shown, shape=style.shape, color=style.colour, **options)
        panels["info_panels"][node] = node_info(attrs, labels[node], lang)
        panels["search"][node] = _search_words(labels[node], attrs)
        panels["classes"][node] = attrs["cls"]

    parallel: dict[frozenset[str], int] = defaultdict(int)
    for i, (u, v, prop, attrs) in enumerate(nxg.edges(keys=True, data=True)):
        words = edge_words(prop, attrs, lang)
        # Parallel edges (funded by + implemented by) would overlap: bend each a bit more.
        nth = parallel[frozenset((u, v))]
        parallel[frozenset((u, v))] += 1
        bend = {"smooth": {"enabled": True, "type": "curvedCW", "roundness": round(0.25 * nth, 2)}} if nth else {}
        net.add_edge(u, v, id=f"e{i}", label=canvas_text(words), **bend)
        panels["edge_panels"][f"e{i}"] = edge_info(words, labels[u], labels[v], attrs)
    net.set_options(json.dumps(_options(physics, len(nxg))))  # (pyvis drops every space in it: there is none)

    counts = Counter(cls for _, cls in nxg.nodes(data="cls"))
    legend = [{"cls": name, "name": class_label(name, lang), "colour": style.colour, "symbol": style.symbol,
               "count": f"{counts[name]:,}"} for name, style in t.NODE_CLASSES.items() if counts.get(name)]
    info = f"{len(nxg):,} nodes, {nxg.number_of_edges():,} edges — {html.escape('; '.join(view.description))}"
    if len(nxg) < view.total:
        info += f" ({view.total - len(nxg):,} of the graph’s {view.total:,} nodes not shown)"
    info += (" · layout settles, then stops" if physics
             else f" · layout computed in advance (physics off above {physics_limit:,} nodes)")
    _use_template(net, {"info": info, "omitted": omitted_text(view, lang), "legend": legend, **panels})
    return net.generate_html(), physics


def _search_words(label: str, attrs: dict[str, Any]) -> str:
    """What the search box finds a node by: its labels in every language, alternative labels, ISO code."""
    words = [label, *attrs["labels"].values(), *(v for _, v in attrs.get("alt_labels", ()))]
    if attrs.get("iso"):
        words.append(attrs["iso"])
    return "\n".join(dict.fromkeys(w.replace("\n", " ") for w in words if w))


def _use_template(net: Network, page: dict[str, Any]) -> None:
    """Render ``net`` with our template; vis-network's files still come from pyvis's templates.
    pyvis hands a template a fixed set of variables (nodes, edges, options, heading…): the page's
    own parts (info line, legend, panels) reach it as Jinja globals."""
    vis_templates = net.template_dir
    net.set_template_dir(str(ASSETS) + "/", "page.html")
    env = net.templateEnv
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(vis_templates)])
    env.filters.update(script_json=script_json, csp_source=_csp_source, without_icons=_without_icons,
                       without_source_map=_without_source_map)
    env.globals.update(page=page, vis_network=VIS_NETWORK)


def _csp_source(script: str) -> str:
    """The CSP source that allows exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _without_source_map(js: str) -> str:
    # The source-map comment would make dev tools fetch a file that is not shipped.
    # Split on "\n" only: str.splitlines() would also cut at the U+2028/U+2029 inside its strings.
    return "\n".join(line for line in js.split("\n") if not line.startswith("//# sourceMappingURL="))


def _without_icons(css: str) -> str:
    # 207 of the CSS's 220 kB are data-URI icons of the navigation and edit buttons, which the
    # page never enables (options: no navigationButtons, no manipulation): drop those rules.
    return "".join(rule for rule in re.findall(r"[^{}]+\{[^{}]*\}", css) if "url(" not in rule)


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
    if quads.distinct_count() <= BUILD_VIEW_FULL_LIMIT:
        return render_html(union_graph(quads), out, title="telemed-kg"), ""
    summary = render_html(union_graph(overview(quads)), out, title="telemed-kg: entities and relations",
                          include_metrics=False)
    return summary, (f" (entities and relations only: the graph has over {BUILD_VIEW_FULL_LIMIT:,} statements; "
                     "`kg viz --country/--document/--query` draws parts of it with evidence)")
