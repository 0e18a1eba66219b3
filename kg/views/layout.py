"""Positions for a view, computed in Python so that big views need no physics in the browser.

Hanging trees (metrics on the entity they are about, facilities on their region…) sit around
their root as sunflower discs; the discs that are left are placed by one force layout
(Fruchterman–Reingold on discs, vectorised with numpy); components are packed in rows. The same
graph always gets the same positions (seeded).
"""

from __future__ import annotations

import math
from collections import defaultdict, deque

import networkx as nx
import numpy as np

LAYOUT_SEED = 7
SPACING = 60.0  # px between neighbouring satellites around a hub
DENSE_LIMIT = 1500  # exact repulsion up to this many core discs, sampled above
REPULSION_SAMPLE = 256  # discs each disc is pushed by above DENSE_LIMIT
ITERATIONS = 120


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


def _force(radius: list[float], edges: list[tuple[int, int]], iterations: int = ITERATIONS) -> list[tuple[float, float]]:
    """Fruchterman–Reingold in pixels on discs: forces act on the gap between two discs (a hub
    with its satellites is a big disc), so discs end up side by side rather than on top of each
    other. Exact up to DENSE_LIMIT discs, sampled repulsion above."""
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
        others = np.arange(n) if n <= DENSE_LIMIT else rng.choice(n, size=REPULSION_SAMPLE, replace=False)
        weight = 1.0 if n <= DENSE_LIMIT else n / REPULSION_SAMPLE
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
