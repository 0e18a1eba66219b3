"""Cluster benchmark: `kg build` with 1 and 2 local worker processes against a Dask cluster of 1
and 2 workers (the real `dask scheduler` / `dask worker`) on this machine, in one run.

    python benchmarks/cluster_bench.py [DOCUMENTS] [ROUNDS]      (default: 1000 3)

Writes benchmarks/results/cluster.md. Every build is a child `kg build --no-cache --no-html -q`
of the team's synthetic corpus (benchmarks/corpus.py), run through benchmarks/phases.py so that
each build also reports how long its extraction took; the rest of its wall time is the serial
part (ingest, assembling and writing the graph and the store), which more workers cannot speed
up. Two clusters run side by side, one of one worker and one of two, so that all four
configurations alternate within every round (each round in another order) and load from other
work on the machine weighs on all of them alike; each figure is the median of the rounds.
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import write_corpus  # noqa: E402

DASK = str(Path(sys.executable).with_name("dask"))
CONFIGS = ("local, 1 worker", "local, 2 workers", "dask, 1 worker", "dask, 2 workers")
_EXTRACT = re.compile(r"^extract \(\+ cache\)\s+([\d.]+) s wall", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def kg_build(folder: Path, out: Path, *extra: str) -> tuple[float, float]:
    """(wall, extraction wall) of one build."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "phases.py"), str(folder), str(out),
                           "--no-cache", *extra], cwd=ROOT, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    found = _EXTRACT.search(done.stdout)
    assert found, done.stdout
    return wall, float(found.group(1))


class LocalCluster:
    """A scheduler and worker processes (one thread each: extraction is pure Python and holds the
    GIL), started as a user would (`dask worker ADDRESS --nthreads 1`, with its nanny)."""

    def __init__(self, logs: Path, name: str, workers: int) -> None:
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.logs, self.name = logs, name
        self.processes: list[subprocess.Popen[bytes]] = []
        self._start(["scheduler", "--host", "127.0.0.1", "--port", self.address.rsplit(":", 1)[1], "--no-dashboard"])
        for _ in range(workers):
            self._start(["worker", self.address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"])
        from distributed import Client

        with Client(self.address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=60)

    def _start(self, argv: list[str]) -> None:
        log = open(self.logs / f"{self.name}-{len(self.processes)}.log", "wb")
        self.processes.append(subprocess.Popen([DASK, *argv], stdout=log, stderr=subprocess.STDOUT, cwd=ROOT))

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            process.wait(30)


def main(size: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "corpus"
        paths = write_corpus(folder, size)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        (root / "logs").mkdir()
        clusters: list[LocalCluster] = []
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in CONFIGS}
        try:
            clusters = [LocalCluster(root / "logs", "one", 1), LocalCluster(root / "logs", "two", 2)]
            options = {"local, 1 worker": ("--workers", "1"), "local, 2 workers": ("--workers", "2"),
                       "dask, 1 worker": ("--scheduler", clusters[0].address),
                       "dask, 2 workers": ("--scheduler", clusters[1].address)}
            # Warm the workers (each loads the lexicon once, as a long-lived worker does) and the file cache.
            for cluster in clusters:
                kg_build(folder, root / "warm", "--scheduler", cluster.address)
            for n in range(rounds):
                order = CONFIGS[n % 4:] + CONFIGS[:n % 4]
                for name in order:
                    runs[name].append(kg_build(folder, root / name.replace(", ", "-").replace(" ", ""),
                                               *options[name]))
                    print(name, *(f"{v:.1f}" for v in runs[name][-1]), flush=True)
        finally:
            for cluster in clusters:
                cluster.stop()
        outs = [root / name.replace(", ", "-").replace(" ", "") for name in CONFIGS]
        same = all((out / n).read_bytes() == (outs[0] / n).read_bytes() for out in outs[1:]
                   for n in ("kg.ttl", "kg.trig"))
    write_report(size, megabytes, rounds, runs, same)


def write_report(size: int, megabytes: float, rounds: int, runs: dict[str, list[tuple[float, float]]],
                 same: bool) -> None:
    wall = {name: statistics.median(w for w, _ in r) for name, r in runs.items()}
    extract = {name: statistics.median(e for _, e in r) for name, r in runs.items()}
    spread = max((max(w for w, _ in r) - min(w for w, _ in r)) / wall[name] for name, r in runs.items())
    base = wall["local, 1 worker"]
    lines = [f"| `kg build` of {size:,} documents ({megabytes:.1f} MB) | wall | of which extraction | "
             "the rest (serial) | documents/s | speed-up over 1 local worker |",
             "|---|---:|---:|---:|---:|---:|"]
    for name in CONFIGS:
        lines.append(f"| {name} | {wall[name]:.1f} s | {extract[name]:.1f} s | {wall[name] - extract[name]:.1f} s | "
                     f"{size / wall[name]:.0f} | {base / wall[name]:.2f}× |")
    serial = statistics.median(wall[n] - extract[n] for n in CONFIGS)
    notes = [
        f"- Outputs (kg.ttl, kg.trig) of all four builds byte-identical: {'yes' if same else 'NO'}.",
        f"- Extraction, second worker: local {extract['local, 1 worker'] / extract['local, 2 workers']:.2f}×, "
        f"Dask {extract['dask, 1 worker'] / extract['dask, 2 workers']:.2f}× (ideal on 2 free cores: 2×).",
        f"- Dask against local processes on the same 2 workers: {wall['dask, 2 workers'] / wall['local, 2 workers']:.2f}× "
        f"the wall time, {extract['dask, 2 workers'] / extract['local, 2 workers']:.2f}× the extraction time.",
        f"- Rounds disagreed by up to {spread:.0%} of a configuration's median wall time.",
        f"- Per added worker (on its own core or machine) expect the build to take about "
        f"serial + extraction ÷ workers: here about {serial:.1f} s + "
        f"{extract['local, 1 worker']:.1f} s ÷ workers. Extraction divides; the serial part (ingest, assembling "
        "and writing the graph, loading the store, the stored query answers) does not.",
    ]
    text = ("# Cluster benchmark\n\n"
            f"Machine: {os.cpu_count()} cores, shared with other work (load average at the end "
            f"{os.getloadavg()[0]:.1f}); median of {rounds} rounds, all four configurations alternating within each "
            "round. Produced by `python benchmarks/cluster_bench.py "
            f"{size} {rounds}`.\n\n" + "\n".join(lines) + "\n\n" + "\n".join(notes) + "\n")
    out = ROOT / "benchmarks" / "results" / "cluster.md"
    out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(args[0] if args else 1000, args[1] if len(args) > 1 else 3)
