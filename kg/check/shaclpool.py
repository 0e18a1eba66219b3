"""pyshacl over a large graph on every core: the shapes split into groups, one forked process each.

A SHACL report is the union of the results of each shape with targets (SHACL 3.4): a shape's
results depend on the data and on the shapes it refers to, never on which other shapes are
validated. So each process validates the whole graph (inherited from the parent by fork, not
copied or parsed again) against one group of the targeted shapes (pyshacl's ``use_shapes``), and
the parent joins the results. pyshacl runs in pure Python, one core per process: on 1,000
documents it took over two minutes on one core.

Only shapes files whose targeted shapes are all named by http(s)/urn IRIs are split (pyshacl takes
other names as prefixed names); any other file, a small graph, or one core runs in one pass.

``beside`` is the same fork for one job beside the caller's own work: the constraints Oxigraph
answers run in a forked process that reads the parent's in-memory store, while the parent checks
literals in Python.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

# Below this many statements the fork and the shapes' parse in each process cost more than the
# validation they share out.
PARALLEL_ABOVE = 50_000
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_SCHEMES = ("http:", "https:", "urn:")

T = TypeVar("T")
_JOB: tuple[Callable[..., Any], Graph] | None = None  # what a forked process runs, set before forking
_BESIDE: Callable[[], Any] | None = None  # the same for beside()


def shape_groups(shapes: Graph, data: Graph, processes: int) -> list[list[str]]:
    """The targeted shapes in at most ``processes`` groups of about equal work (focus nodes times
    constraints, largest first into the lightest group); [] when they cannot be split."""
    targeted = {s for p in _TARGETS for s in shapes.subjects(p, None)}
    targeted |= {s for s in shapes.subjects(RDF.type, RDFS.Class)} & (
        set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)))
    if processes < 2 or len(targeted) < 2:
        return []
    if any(not (isinstance(s, URIRef) and str(s).lower().startswith(_SCHEMES)) for s in targeted):
        return []

    def work(shape: URIRef) -> int:
        focus = sum(1 for c in shapes.objects(shape, SH.targetClass) for _ in data.subjects(RDF.type, c))
        return (focus + 1) * (1 + sum(1 for _ in shapes.objects(shape, SH.property)))

    groups: list[tuple[int, list[str]]] = [(0, []) for _ in range(min(processes, len(targeted)))]
    for shape in sorted(targeted, key=lambda s: (-work(s), str(s))):
        load, members = min(groups, key=lambda g: g[0])
        groups.remove((load, members))
        groups.append((load + work(shape), [*members, str(shape)]))
    return [sorted(members) for _, members in groups]


def processes_for(data: Graph, processes: int | None) -> int:
    if processes is not None:
        return processes
    return (os.cpu_count() or 1) if len(data) > PARALLEL_ABOVE else 1


def run_split(run: Callable[[Graph, list[str] | None], T], data: Graph, groups: list[list[str]]) -> list[T]:
    """``run(data, group)`` for each group, in forked processes that share ``data`` with this one."""
    global _JOB
    _JOB = (run, data)
    try:
        with multiprocessing.get_context("fork").Pool(len(groups)) as pool:
            return pool.map(_run_group, groups)
    finally:
        _JOB = None


def _run_group(group: list[str]) -> Any:
    assert _JOB is not None
    run, data = _JOB
    return run(data, group)


@contextmanager
def beside(job: Callable[[], T], fork: bool) -> Iterator[Callable[[], T]]:
    """``job`` in a forked process that shares this one's memory (``fork``), while the caller
    goes on with other work; yields the function that waits for ``job``'s result (its exception
    raised here). Without ``fork`` the job runs when its result is asked for."""
    if not fork:
        yield job
        return
    global _BESIDE
    _BESIDE = job
    pool = multiprocessing.get_context("fork").Pool(1)  # the worker forks now, with _BESIDE set
    try:
        pending = pool.apply_async(_run_beside)
        yield lambda: pending.get()
    finally:
        _BESIDE = None
        pool.terminate()
        pool.join()


def _run_beside() -> Any:
    assert _BESIDE is not None
    return _BESIDE()
