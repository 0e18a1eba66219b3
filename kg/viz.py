"""Interactive, self-contained HTML view of the graph (pyvis / vis-network).

Offline by construction: the page is our own template, not pyvis's (whose template always links
bootstrap from a CDN); vis-network's JS and CSS are inlined from pyvis's package files, and a
Content-Security-Policy meta tag (default-src 'none', scripts allowed only by hash) makes the
browser refuse any fetch and any script or inline handler that text from the graph might smuggle
in. All graph text is HTML-escaped as well: quotes come from untrusted documents.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from . import terms as t
from .errors import QueryError
from .fsutil import atomic_write_text
from .netgraph import (EDGE_PROPERTIES, NODE_CLASSES, best_label, induced_subgraph, local_name, neighbourhood,
                       to_networkx)
from .paths import ontology_file

# Above this many nodes the browser would spend long seconds in physics: lay out in Python instead.
LARGE_GRAPH = 300
LAYOUT_SEED = 7
MAX_QUOTES = 5  # per tooltip; the rest is counted, so pages of big graphs stay readable
MAX_QUOTE_CHARS = 400
REPULSION_SAMPLE = 32

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
    omitted: int  # nodes of the (metric-filtered) graph left out by the focus
    path: Path


@lru_cache(maxsize=1)
def _ontology_labels() -> dict[str, dict[str, str]]:
    """rdfs:label by language of every class and property of the ontology."""
    onto = rdflib.Graph().parse(ontology_file(), format="turtle")
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for s, lit in sorted(onto.subject_objects(RDFS.label)):
        if isinstance(s, URIRef) and isinstance(lit, Literal):
            out[str(s)].setdefault(lit.language or "", str(lit))
    return dict(out)


def _term_label(iri: URIRef, lang: str) -> str:
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


def metric_label(attrs: dict[str, Any], lang: str = "en") -> str:
    """'217 healthcare facilities connected (2021)'; '≥45% …' for bounded percentages."""
    number = BOUND_PREFIX.get(attrs.get("bound") or "", "") + format_value(attrs.get("value"))
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


def _quotes_html(quotes: list[tuple[str, str]]) -> str:
    parts = []
    for quote, fname in quotes[:MAX_QUOTES]:
        short = quote if len(quote) <= MAX_QUOTE_CHARS else quote[: MAX_QUOTE_CHARS - 1] + "…"
        parts.append(f"<div class='q'>«{_esc(short)}»<br><span class='src'>— {_esc(fname)}</span></div>")
    if len(quotes) > MAX_QUOTES:
        parts.append(f"<div class='src'>… and {len(quotes) - MAX_QUOTES} more</div>")
    return "".join(parts)


def _node_title(attrs: dict[str, Any], label: str, lang: str) -> str:
    cls = attrs["cls"]
    rows = [f"<b>{_esc(label)}</b>", f"<i>{_esc(_term_label(NODE_CLASSES.get(cls, t.Entity), lang))}</i>"]
    rows += [f"{_esc(lg or '—')}: {_esc(text)}" for lg, text in attrs["labels"].items()]
    if cls == "Metric":
        for key in ("value", "unit", "indicator", "period", "bound"):
            if attrs.get(key) is not None:
                shown = format_value(attrs[key]) if key == "value" else attrs[key]
                rows.append(f"{_esc(key)}: {_esc(shown)}")
    rows.append(f"<span class='src'>{_esc(attrs['iri'])}</span>")
    return "<br>".join(rows) + _quotes_html(attrs.get("quotes", []))


def _node_label(attrs: dict[str, Any], lang: str) -> str:
    if attrs["cls"] == "Metric":
        return metric_label(attrs, lang)
    return best_label(attrs["labels"], attrs["iri"], lang)


def _resolve_focus(graph: rdflib.Graph, nxg: nx.MultiDiGraph, focus: str) -> list[str]:
    """IRI, else rdfs:label in any language, else skos:altLabel — case-insensitively.
    A label shared by several entities focuses on all of them."""
    wanted = focus.strip()
    if wanted in nxg:
        return [wanted]
    key = wanted.casefold()
    hits = sorted(n for n, labels in nxg.nodes(data="labels") if any(v.casefold() == key for v in labels.values()))
    if not hits:
        hits = sorted(n for n in nxg if any(
            str(alt).casefold() == key for alt in graph.objects(URIRef(n), SKOS.altLabel)))
    if not hits:
        raise QueryError(f"no entity matches focus '{focus}'")
    return hits


def _spring_positions(nxg: nx.MultiDiGraph, iterations: int = 60) -> dict[str, tuple[float, float]]:
    """Pure-Python Fruchterman–Reingold with grid-bucketed repulsion, for when numpy/scipy are
    absent (networkx's layouts need them). Seeded and order-fixed, so it is reproducible."""
    nodes = sorted(nxg)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    rnd = random.Random(LAYOUT_SEED)
    xs = [rnd.random() for _ in nodes]
    ys = [rnd.random() for _ in nodes]
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in nxg.edges() if u != v})
    k = math.sqrt(1.0 / max(n, 1))
    cell = 2 * k
    temp = 0.1
    for step in range(iterations):
        dx, dy = [0.0] * n, [0.0] * n
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(n):
            grid[(math.floor(xs[i] / cell), math.floor(ys[i] / cell))].append(i)
        for (cx, cy), members in grid.items():
            near = [j for ox in (-1, 0, 1) for oy in (-1, 0, 1) for j in grid.get((cx + ox, cy + oy), ())]
            # Hubs pull hundreds of nodes into a few cells; past REPULSION_SAMPLE neighbours use
            # a fixed stride sample, weighted up, so a step stays O(n) rather than O(n²).
            stride = max(1, math.ceil(len(near) / REPULSION_SAMPLE))
            for pos, i in enumerate(members):
                sample = near[(pos + step) % stride::stride]
                weight = len(near) / max(len(sample), 1)
                for j in sample:
                    if i != j:
                        ex, ey = xs[i] - xs[j], ys[i] - ys[j]
                        f = weight * k * k / max(ex * ex + ey * ey, 1e-9)
                        dx[i] += ex * f
                        dy[i] += ey * f
        for i, j in pairs:
            ex, ey = xs[i] - xs[j], ys[i] - ys[j]
            f = math.sqrt(ex * ex + ey * ey) / k
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
        temp -= 0.1 / (iterations + 1)
    return {v: (xs[i], ys[i]) for i, v in enumerate(nodes)}


def _positions(nxg: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Pixel positions for a large graph: networkx spring_layout (seeded) when numpy/scipy are
    installed, else the pure-Python equivalent. Rounded to integers so the HTML is stable."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(nxg))
    simple.add_edges_from(sorted((u, v) for u, v in nxg.edges() if u != v))
    try:
        raw = {v: (float(p[0]), float(p[1])) for v, p in nx.spring_layout(simple, seed=LAYOUT_SEED).items()}
    except ImportError:
        raw = _spring_positions(nxg)
    # Centre and fit into a square of about 120 px per node along each side's sqrt(n).
    xs, ys = [p[0] for p in raw.values()], [p[1] for p in raw.values()]
    mid_x, mid_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    scale = 120.0 * math.sqrt(len(raw)) / extent
    return {v: (round((x - mid_x) * scale), round((y - mid_y) * scale)) for v, (x, y) in sorted(raw.items())}


def _options(large: bool) -> dict[str, Any]:
    physics: dict[str, Any] = {"enabled": False}
    if not large:
        # forceAtlas2 settles well for hub-and-spoke graphs; the page turns physics off once
        # stabilised (stabilizationIterationsDone) so nothing drifts afterwards.
        physics = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "centralGravity": 0.01,
                                 "springLength": 140, "springConstant": 0.06, "avoidOverlap": 0.5},
            "stabilization": {"enabled": True, "iterations": 800, "updateInterval": 50, "fit": True},
            "minVelocity": 0.75,
        }
    return {
        "autoResize": True,
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "color": {"color": "#9aa0a6", "highlight": "#333333", "hover": "#333333"},
                  "font": {"size": 11, "align": "middle", "multi": "html", "color": "#444444"},
                  "smooth": False, "width": 1.2},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large},
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": not large},  # seeded: same drawing each open
        "nodes": {"font": {"size": 14, "multi": "html"}, "borderWidth": 1.5},
        "physics": physics,
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
    js = "\n".join(line for line in js.splitlines() if not line.startswith("//# sourceMappingURL="))
    # 207 of the CSS's 220 kB are data-URI icons of the navigation and edit buttons, which the
    # page never enables (options: no navigationButtons, no manipulation): drop those rules.
    css = "".join(rule for rule in re.findall(r"[^{}]+\{[^{}]*\}", css) if "url(" not in rule)
    return js, css


# Turns the escaped-HTML title strings into elements (vis shows plain strings via innerText).
_BOOT_JS = """
(function () {
  var data = %s;
  function tip(s) { var d = document.createElement("div"); d.className = "tm-tip"; d.innerHTML = s; return d; }
  data.nodes.forEach(function (n) { if (n.title) { n.title = tip(n.title); } });
  data.edges.forEach(function (e) { if (e.title) { e.title = tip(e.title); } });
  var network = new vis.Network(document.getElementById("tm-network"),
    {nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}, data.options);
  if (data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () { network.setOptions({physics: {enabled: false}}); });
  }
})();
"""

_PAGE_CSS = """
body { font-family: system-ui, sans-serif; margin: 0.5rem 1rem; color: #222; }
h1 { font-size: 1.3rem; margin: 0.3rem 0; }
#tm-info { color: #555; font-size: 0.9rem; }
#tm-legend { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; margin: 0.4rem 0; font-size: 0.9rem; }
#tm-legend .sym { font-size: 1.1rem; margin-right: 0.25rem; }
#tm-network { width: 100%; height: 82vh; border: 1px solid #ddd; }
div.vis-tooltip { white-space: normal; max-width: 32rem; font-size: 0.85rem; }
.tm-tip .q { margin-top: 0.35rem; }
.tm-tip .src { color: #666; font-size: 0.8rem; }
"""


def _sha256_csp(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _page(title: str, info: str, legend: list[tuple[str, str, str, int]], data: dict[str, Any]) -> str:
    js, css = _vis_assets()
    boot = _BOOT_JS % _script_json(data)
    csp = ("default-src 'none'; script-src " + _sha256_csp(js) + " " + _sha256_csp(boot)
           + "; style-src 'unsafe-inline'")
    items = "".join(
        f"<span><span class='sym' style='color:{colour}'>{sym}</span>{_esc(name)} ({count})</span>"
        for name, colour, sym, count in legend)
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n"
        f"<title>{_esc(title)}</title>\n<style>{css}</style>\n<style>{_PAGE_CSS}</style>\n"
        f"<script>{js}</script>\n</head>\n<body>\n<h1>{_esc(title)}</h1>\n"
        f"<div id=\"tm-info\">{info}</div>\n<div id=\"tm-legend\">{items}</div>\n"
        f"<div id=\"tm-network\"></div>\n<script>{boot}</script>\n</body>\n</html>\n"
    )


def render_html(
    graph: rdflib.Graph,
    out: Path,
    *,
    lang: str = "en",
    focus: str | None = None,
    depth: int = 2,
    include_metrics: bool = True,
    include_documents: bool = False,
    title: str = "telemed-kg",
) -> VizSummary:
    """Write an interactive, offline HTML view of ``graph`` (or of ``focus``'s neighbourhood)."""
    from pyvis.network import Network  # heavy import (IPython): only when drawing

    full = to_networkx(graph, include_metrics=include_metrics, include_documents=include_documents)
    nxg = full
    if focus is not None:
        keep: set[str] = set()
        for seed in _resolve_focus(graph, full, focus):
            keep.update(neighbourhood(full, seed, depth))
        nxg = induced_subgraph(full, keep)

    large = len(nxg) > LARGE_GRAPH
    positions = _positions(nxg) if large else {}
    net = Network(directed=True)  # used for node/edge assembly; the page is our own template
    for node, attrs in nxg.nodes(data=True):
        shape, colour, _ = STYLES[attrs["cls"]]
        label = _node_label(attrs, lang)
        extra: dict[str, Any] = {"x": positions[node][0], "y": positions[node][1]} if large else {}
        net.add_node(node, label=_canvas_text(label), shape=shape, color=colour,
                     title=_node_title(attrs, label, lang), **extra)

    node_label = {n: _node_label(a, lang) for n, a in nxg.nodes(data=True)}
    parallel: dict[frozenset[str], int] = defaultdict(int)
    for u, v, prop, attrs in nxg.edges(keys=True, data=True):
        words = _term_label(EDGE_PROPERTIES[prop], lang)
        # Parallel edges (funded by + implemented by) would overlap: bend each a bit more.
        nth = parallel[frozenset((u, v))]
        parallel[frozenset((u, v))] += 1
        head = f"<b>{_esc(node_label[u])}</b> {_esc(words)} <b>{_esc(node_label[v])}</b>"
        bend = {"smooth": {"enabled": True, "type": "curvedCW", "roundness": round(0.25 * nth, 2)}} if nth else {}
        net.add_edge(u, v, label=_canvas_text(words), title=head + _quotes_html(attrs["quotes"]), **bend)

    counts: dict[str, int] = defaultdict(int)
    for _, cls in nxg.nodes(data="cls"):
        counts[cls] += 1
    legend = [(_term_label(NODE_CLASSES.get(cls, t.Entity), lang), STYLES[cls][1], STYLES[cls][2], counts[cls])
              for cls in STYLES if counts.get(cls)]
    info = f"{len(nxg)} nodes, {nxg.number_of_edges()} edges"
    if focus is not None:
        info += f" — within {depth} of “{_esc(focus)}”; {len(full) - len(nxg)} more not shown"

    data = {"nodes": net.nodes, "edges": net.edges, "options": _options(large)}
    atomic_write_text(Path(out), _page(title, info, legend, data))
    return VizSummary(nodes=len(nxg), edges=nxg.number_of_edges(), omitted=len(full) - len(nxg), path=Path(out))
