"""Every shipped query end to end (process start to last byte), main against this branch, in one run.

    python benchmarks/query_e2e.py MAIN_KG BRANCH_KG BUILD_DIR [BUILD_DIR ...]

MAIN_KG is the `kg` of a worktree of main, BRANCH_KG this branch's. Each BUILD_DIR (a `kg build`
output: kg.trig and kg.oxigraph/) is copied first, since the prebuilt benchmark builds are read
only and were built by main: the branch's ``write_precomputed`` then adds the answers `kg build`
now stores (timed: it is what the build pays for them), and both `kg`s read the same copy. Each
query runs once per `kg` under /usr/bin/time (wall seconds, peak RSS), main first, then the
branch; "same output" compares the bytes printed. Then `kg serve`'s time to its first answer for
each. Prints a Markdown table per build; $QUERY_E2E_OUT also writes it to that file.
$STORE_BENCH_TIMEOUT (default 120) stops a command that runs longer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_bench import PARAMS, TIMEOUT, compared, queries, serve_ready  # noqa: E402


def copy_build(build: Path, into: Path) -> Path:
    out = into / build.resolve().parent.name  # bench1k/build, bench10k/build: named by their folder
    out.mkdir(parents=True)
    shutil.copy2(build / "kg.trig", out / "kg.trig")  # the same mtime: the store stays fresh
    shutil.copytree(build / "kg.oxigraph", out / "kg.oxigraph")
    return out


def add_answers(branch_kg: str, build: Path) -> str:
    """Store the branch's precomputed answers in ``build``'s store, as its `kg build` would."""
    python = str(Path(branch_kg).with_name("python"))
    code = "import sys; from kg.query.precomputed import write_precomputed; write_precomputed(sys.argv[1])"
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "TIME %M", python, "-c", code, str(build / "kg.oxigraph")],
                          capture_output=True, text=True, cwd=build)
    if done.returncode != 0:
        raise SystemExit(f"write_precomputed failed: {done.stderr[-400:]}")
    peak = int(done.stderr.rsplit("TIME ", 1)[1]) // 1024
    return f"{time.perf_counter() - started:.1f} s, {peak} MB"


def query_argv(name: str, build: Path) -> list[str]:
    fmt = "turtle" if name == "country-subgraph" else "csv"
    return ["query", name, "-f", fmt, *PARAMS.get(name, []), "--graph", str(build / "kg.trig")]


def bench(main_kg: str, branch_kg: str, build: Path) -> list[str]:
    size = (build / "kg.trig").stat().st_size / 1e6
    answers = add_answers(branch_kg, build)
    lines = [f"### {build.name}: kg.trig {size:.0f} MB; storing the answers: {answers}", "",
             "| command | main | branch | main ÷ branch | same output | load main, branch |",
             "|---|---:|---:|---:|:---:|---:|"]
    print("\n".join(lines), flush=True)
    for name in queries():
        lines.append(compared(f"kg query {name}", main_kg, branch_kg, query_argv(name, build)))
        print(lines[-1], flush=True)
    ready = [serve_ready(kg, build) for kg in (main_kg, branch_kg)]
    shown = [f"{r:.2f} s" if r is not None else f"> {TIMEOUT} s" for r in ready]
    ratio = f"{ready[0] / ready[1]:.1f}×" if ready[0] and ready[1] else "—"
    lines.append(f"| `kg serve` ready | {shown[0]} | {shown[1]} | {ratio} | | {os.getloadavg()[0]:.1f} |")
    print(lines[-1], flush=True)
    return lines + [""]


def main(main_kg: str, branch_kg: str, builds: list[Path]) -> None:
    lines = [f"`python benchmarks/query_e2e.py` on {os.cpu_count()} cores, load average "
             f"{os.getloadavg()[0]:.1f} at the start.", ""]
    with tempfile.TemporaryDirectory(prefix="query-e2e-") as tmp:
        for build in builds:
            lines += bench(main_kg, branch_kg, copy_build(build, Path(tmp)))
    out = os.environ.get("QUERY_E2E_OUT")
    if out:
        Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2], [Path(a) for a in sys.argv[3:]])
