"""`kg build --scheduler`: extraction on a real Dask cluster (the `dask scheduler` and `dask worker`
commands, run as processes on loopback) gives the bytes of a local build, and survives a worker
killed in the middle of a build."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build.pipeline import BuildResult, build_graph
from kg.build.serialize import write
from kg.cli import main
from kg.errors import NetworkError

from tests.conftest import ROOT, SEEDS
from tests.rdf.test_push import free_port

DASK = str(Path(sys.executable).with_name("dask"))


class Cluster:
    """A Dask scheduler and its workers, each a process of its own (no nanny: a killed worker stays dead)."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.processes: list[subprocess.Popen[bytes]] = []
        self.workers: list[subprocess.Popen[bytes]] = []
        port = self.address.rsplit(":", 1)[1]
        self._start("scheduler", [DASK, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"])

    def _start(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        log = open(self.logs / f"{name}.log", "wb")
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        self.processes.append(process)
        return process

    def add_worker(self) -> None:
        self.workers.append(self._start(f"worker{len(self.workers)}", [
            DASK, "worker", self.address, "--nthreads", "1", "--no-nanny", "--no-dashboard", "--host", "127.0.0.1"]))

    def wait_for_workers(self, count: int, timeout: float = 60) -> None:
        from distributed import Client

        with Client(self.address, timeout=timeout, set_as_default=False) as client:
            client.wait_for_workers(count, timeout=timeout)

    def worker_address(self, process: subprocess.Popen[bytes]) -> str:
        """The address a worker process registered under (its log says it)."""
        name = f"worker{self.workers.index(process)}.log"
        for _ in range(100):
            for line in (self.logs / name).read_text(errors="replace").splitlines():
                if "Start worker at:" in line:
                    return line.split("Start worker at:")[1].strip()
            time.sleep(0.1)
        raise AssertionError(f"no address in {name}")

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    logs = tmp_path / "logs"
    logs.mkdir()
    cluster = Cluster(logs)
    try:
        cluster.add_worker()
        cluster.add_worker()
        cluster.wait_for_workers(2)
        yield cluster
    finally:
        cluster.stop()


def outputs(result: BuildResult) -> tuple[bytes, bytes]:
    files = []
    for fmt in ("turtle", "trig"):
        buffer = io.BytesIO()
        write(result.quads, fmt, buffer)
        files.append(buffer.getvalue())
    return files[0], files[1]


def test_cluster_build_writes_the_local_bytes(cluster: Cluster, tmp_path: Path) -> None:
    runner = CliRunner()
    local = runner.invoke(main, ["build", str(SEEDS), "-o", str(tmp_path / "local"), "-q", "--no-html", "--no-cache"])
    assert local.exit_code == 0, local.output
    # The address from the environment, as a cluster's users would set it once.
    remote = runner.invoke(main, ["build", str(SEEDS), "-o", str(tmp_path / "dask"), "-q", "--no-html"],
                           env={"KG_SCHEDULER": cluster.address})
    assert remote.exit_code == 0, remote.output
    for name in ("kg.ttl", "kg.trig"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    # The facts came back in the cache's encoding and were stored: a rebuild extracts nothing.
    again = runner.invoke(main, ["build", str(SEEDS), "-o", str(tmp_path / "dask"), "--no-html",
                                 "--scheduler", cluster.address])
    assert again.exit_code == 0, again.output
    assert "4 unchanged, from the cache" in again.output


def small_corpus(folder: Path, count: int) -> Path:
    """``count`` distinct documents made from the short seeds (each a fraction of a second to extract)."""
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")) if p.stat().st_size < 10_000]
    for i in range(count):
        (folder / f"item{i:03}.txt").write_text(f"Item {i}.\n\n{texts[i % len(texts)]}", encoding="utf-8")
    return folder


def test_a_worker_killed_mid_build_loses_and_repeats_nothing(cluster: Cluster, tmp_path: Path) -> None:
    from distributed import Client

    corpus = small_corpus(tmp_path / "corpus", 40)
    local = build_graph([corpus], workers=1)
    victim = cluster.workers[0]
    victim_address = cluster.worker_address(victim)
    done = {"count": 0}
    outcome: dict[str, object] = {}

    def progress(total: int):  # type: ignore[no-untyped-def]
        def tick(n: int) -> None:
            done["count"] += n
        return tick

    def build() -> None:
        try:
            outcome["result"] = build_graph([corpus], scheduler=cluster.address, progress=progress)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome["error"] = exc

    thread = threading.Thread(target=build)
    thread.start()
    # Kill the worker while it holds work: some documents finished, some in its hands.
    with Client(cluster.address, set_as_default=False) as watcher:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if done["count"] >= 2 and watcher.processing().get(victim_address):
                break
            time.sleep(0.05)
        else:
            pytest.fail("the build never had work on the victim worker")
        held = len(watcher.processing()[victim_address])
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(10)
    assert held >= 1
    thread.join(300)
    assert not thread.is_alive()
    assert "error" not in outcome, outcome.get("error")
    result = outcome["result"]
    assert isinstance(result, BuildResult)
    assert done["count"] == 40
    assert [f.doc_id for f in result.facts] == [d.doc_id for d in local.documents]
    assert outputs(result) == outputs(local)


def test_unreachable_scheduler_is_one_line_and_exit_10(tmp_path: Path) -> None:
    env = {**os.environ, "KG_SCHEDULER_TIMEOUT": "1"}
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(SEEDS), "-o", str(tmp_path / "out"),
                           "--scheduler", f"tcp://127.0.0.1:{free_port()}"], capture_output=True, text=True,
                          env=env, cwd=ROOT)
    assert proc.returncode == NetworkError.exit_code == 10
    assert proc.stderr.startswith("kg: error: cannot reach the Dask scheduler at tcp://127.0.0.1:")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out" / "kg.ttl").exists()
