"""Where a `kg build`'s wall time goes, phase by phase, in one process.

    python benchmarks/phases.py CORPUS OUT [kg build options...]

Runs `kg build CORPUS -o OUT -q [options]` (the defaults, HTML view included, unless the
options say `--no-html`) in this process with the pipeline's stage functions wrapped in timers,
then prints one line per phase and the rest as "other": wall time; CPU of this process (every
thread: the store's loader thread runs beside the phases); CPU of the main thread alone; and
CPU of child processes reaped during the phase (extraction's and the stored answers' workers).
The last lines give the store loader thread's own CPU and wall. Nothing in the build changes:
the wrappers only time the calls.
"""

from __future__ import annotations

import importlib
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

WALL: dict[str, float] = defaultdict(float)
CPU: dict[str, float] = defaultdict(float)
MAIN: dict[str, float] = defaultdict(float)  # the main thread's CPU
CHILDREN: dict[str, float] = defaultdict(float)
LOADER: dict[str, float] = {}  # the store loader thread: its CPU and wall
# (module, attribute, phase name): looked up at call time by the CLI and the pipeline.
PHASES = [
    ("kg.build.pipeline", "ingest", "ingest"),
    ("kg.build.pipeline", "extract_cached", "extract (+ cache)"),
    ("kg.build.pipeline", "apply_curation", "curation"),
    ("kg.build.pipeline", "_assemble", "assemble"),
    ("kg.text.formats.store", "write_derived_texts", "derived texts"),
    ("kg.build.storeupdate", "StoreWriter.start", "store, rest handed over"),
    ("kg.build.serialize", "write", "write ttl/trig"),
    ("kg.build.turtleparts", "TurtleParts.write", "write ttl (parts)"),
    ("kg.build.trigparts", "TrigParts.write", "write trig (parts)"),
    ("kg.build.turtleparts", "TurtleParts.record", "record ttl parts"),
    ("kg.build.trigparts", "TrigParts.record", "record trig parts"),
    ("kg.views.page", "render_build_view", "HTML view"),
    ("kg.build.storeupdate", "StoreWriter.wait", "store, waiting for the load"),
    ("kg.build.quads", "QuadSet.drop_named", "named graphs dropped"),
    ("kg.build.pipeline", "release_memory", "release memory"),
    ("kg.build.storeupdate", "StoreWriter.update_early", "store, in place before writing"),
    ("kg.build.storeupdate", "StoreWriter.write", "store"),
    ("kg.rdf.subset", "keep_triple_count", "triple count kept"),
    ("kg.query.precomputed", "write_precomputed", "stored answers"),
    # A rebuild's answers are worked out in worker processes while the files are written: this
    # is what is left to wait for once they are.
    ("kg.query.precomputed", "AnswerPool.finish", "stored answers, waiting"),
]
_depth = [0]


def _children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _depth[0] += 1
        wall, cpu, main, children = time.perf_counter(), time.process_time(), time.thread_time(), _children()
        try:
            return fn(*args, **kwargs)
        finally:
            _depth[0] -= 1
            if _depth[0] == 0:  # a phase inside another (write inside store) counts once
                WALL[name] += time.perf_counter() - wall
                CPU[name] += time.process_time() - cpu
                MAIN[name] += time.thread_time() - main
                CHILDREN[name] += _children() - children
    return wrapper


def _time_loader() -> None:
    from kg.build import storeload

    load = storeload.BackgroundLoad._load

    def timed_load(self: Any) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            load(self)
        finally:
            LOADER["cpu"] = LOADER.get("cpu", 0.0) + time.thread_time() - cpu
            LOADER["wall"] = LOADER.get("wall", 0.0) + time.perf_counter() - wall
    storeload.BackgroundLoad._load = timed_load  # type: ignore[method-assign]


def install() -> None:
    for module_name, attr, name in PHASES:
        module = importlib.import_module(module_name)
        owner, _, leaf = attr.rpartition(".")
        target = getattr(module, owner) if owner else module
        setattr(target, leaf, timed(name, getattr(target, leaf)))
    _time_loader()


def main(argv: list[str]) -> None:
    start, cpu, main_cpu, children = time.perf_counter(), time.process_time(), time.thread_time(), _children()
    from kg.cli import main as cli  # imports counted in "other"

    install()
    corpus, out, *extra = argv
    try:
        cli(["build", corpus, "-o", out, "-q", *extra], standalone_mode=False)
    finally:
        total, total_cpu = time.perf_counter() - start, time.process_time() - cpu
        total_main, total_children = time.thread_time() - main_cpu, _children() - children
        print(f"{'phase':30} {'wall':>7} {'cpu':>7} {'main':>7} {'children':>8}  (s)")
        for name in dict.fromkeys(n for _, _, n in PHASES):
            if name in WALL:
                print(f"{name:30} {WALL[name]:7.1f} {CPU[name]:7.1f} {MAIN[name]:7.1f} {CHILDREN[name]:8.1f}")
        print(f"{'other':30} {total - sum(WALL.values()):7.1f} {total_cpu - sum(CPU.values()):7.1f} "
              f"{total_main - sum(MAIN.values()):7.1f} {total_children - sum(CHILDREN.values()):8.1f}")
        print(f"{'total':30} {total:7.1f} {total_cpu:7.1f} {total_main:7.1f} {total_children:8.1f}")
        if LOADER:
            print(f"{'store loader thread':30} {LOADER['wall']:7.1f} {LOADER['cpu']:7.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
