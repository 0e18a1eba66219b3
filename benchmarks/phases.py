"""Where a `kg build`'s wall time goes, phase by phase, in one process.

    python benchmarks/phases.py CORPUS OUT [kg build options...]

Runs `kg build CORPUS -o OUT -q --no-html [options]` in this process with the pipeline's stage
functions wrapped in timers (wall and CPU of this process; extraction's worker processes are
not in its CPU), then prints one line per phase and the rest as "other". Nothing in the build
changes: the wrappers only time the calls.
"""

from __future__ import annotations

import importlib
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

WALL: dict[str, float] = defaultdict(float)
CPU: dict[str, float] = defaultdict(float)
# (module, attribute, phase name): looked up at call time by the CLI and the pipeline.
PHASES = [
    ("kg.build.pipeline", "ingest", "ingest"),
    ("kg.build.pipeline", "extract_cached", "extract (+ cache)"),
    ("kg.build.pipeline", "apply_curation", "curation"),
    ("kg.build.pipeline", "_assemble", "assemble"),
    ("kg.text.formats.store", "write_derived_texts", "derived texts"),
    ("kg.build.serialize", "write", "write ttl/trig"),
    ("kg.build.turtleparts", "TurtleParts.write", "write ttl (parts)"),
    ("kg.build.trigparts", "TrigParts.write", "write trig (parts)"),
    ("kg.build.pipeline", "release_memory", "release memory"),
    ("kg.build.storeupdate", "StoreWriter.update_early", "store, in place before writing"),
    ("kg.build.storeupdate", "StoreWriter.write", "store"),
    ("kg.query.precomputed", "write_precomputed", "stored answers"),
    # A rebuild's answers are worked out in worker processes while the files are written: this
    # is what is left to wait for once they are.
    ("kg.query.precomputed", "AnswerPool.finish", "stored answers, waiting"),
]
_depth = [0]


def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _depth[0] += 1
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            _depth[0] -= 1
            if _depth[0] == 0:  # a phase inside another (write inside store) counts once
                WALL[name] += time.perf_counter() - wall
                CPU[name] += time.process_time() - cpu
    return wrapper


def install() -> None:
    for module_name, attr, name in PHASES:
        module = importlib.import_module(module_name)
        owner, _, leaf = attr.rpartition(".")
        target = getattr(module, owner) if owner else module
        setattr(target, leaf, timed(name, getattr(target, leaf)))


def main(argv: list[str]) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    from kg.cli import main as cli  # imports counted in "other"

    install()
    corpus, out, *extra = argv
    try:
        cli(["build", corpus, "-o", out, "-q", "--no-html", *extra], standalone_mode=False)
    finally:
        total, total_cpu = time.perf_counter() - start, time.process_time() - cpu
        for name in dict.fromkeys(n for _, _, n in PHASES):
            if name in WALL:
                print(f"{name:20} {WALL[name]:7.1f} s wall {CPU[name]:7.1f} s cpu")
        print(f"{'other':20} {total - sum(WALL.values()):7.1f} s wall {total_cpu - sum(CPU.values()):7.1f} s cpu")
        print(f"{'total':20} {total:7.1f} s wall {total_cpu:7.1f} s cpu (this process)")


if __name__ == "__main__":
    main(sys.argv[1:])
