"""Every reading command end to end, before against after, in alternating rounds (issue #16's
closing table).

    python benchmarks/commands_e2e.py BEFORE_KG AFTER_KG BUILD_DIR [BUILD_DIR ...]

Each BUILD_DIR is a `kg build` output (kg.trig, kg.oxigraph/ with the answers `kg build`
stores) that both `kg`s read; copy a shared build first, since `kg stats` keeps the union's
triple count beside the store. Every command runs once per round and `kg`, under /usr/bin/time
(wall seconds from process start to exit, peak RSS); the order flips each round (before first,
then after first) so that both sides see the same drift in the machine's load. The table gives
medians over the rounds ($E2E_ROUNDS, default 3) and whether every output was the same bytes.
`kg stats` runs twice on the after side: "cold" with the kept count removed first (the first
`kg stats` of a build), then "warm". The slowest commands run in the first round only.
$E2E_OUT also writes the table to that file; $STORE_BENCH_TIMEOUT stops a command (default 120 s).
"""

from __future__ import annotations

import hashlib
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_bench import PARAMS, TIMEOUT, queries, timed  # noqa: E402

ROUNDS = int(os.environ.get("E2E_ROUNDS", "3"))
ONCE = ("query country-subgraph", "query conflicts-pairs")
OTHER_LANGUAGE = ("conflicts", "funders", "funders-multi-country", "metrics-about", "metrics-with-quotes",
                  "programmes-per-country", "breakdowns")


def commands(build: Path, out: Path) -> dict[str, list[str]]:
    graph = ["--graph", str(build / "kg.trig")]
    table: dict[str, list[str]] = {}
    for q in queries():
        fmt = "turtle" if q == "country-subgraph" else "csv"
        table[f"query {q}"] = ["query", q, "-f", fmt, *PARAMS.get(q, []), *graph]
        if q in OTHER_LANGUAGE:
            table[f"query {q} --lang ru"] = ["query", q, "-f", fmt, "--lang", "ru", *PARAMS.get(q, []), *graph]
    table["query programmes-per-country -p country=KZ"] = ["query", "programmes-per-country", "-f", "csv", "-p",
                                                           "country=country:KZ", *graph]
    table["stats"] = ["stats", *graph]
    table["entities -f csv"] = ["entities", "-f", "csv", *graph]
    table["viz -o FILE"] = ["viz", *graph, "-o", str(out)]
    table["viz --country KZ -o FILE"] = ["viz", *graph, "--country", "KZ", "-o", str(out)]
    table["validate"] = ["validate", *graph]
    table["export -f nt"] = ["export", "-f", "nt", *graph]
    return table


def run(kg: str, argv: list[str], out: Path) -> tuple[float | None, int | None, str]:
    out.unlink(missing_ok=True)
    seconds, mb, digest = timed([kg, *argv])
    if out.exists():  # a page: its bytes, not the line naming the file
        digest = hashlib.sha256(out.read_bytes()).hexdigest()
    return seconds, mb, digest


def median_cell(samples: list[tuple[float | None, int | None, str]]) -> str:
    if any(s is None for s, _, _ in samples):
        return f"> {TIMEOUT} s"
    seconds = statistics.median(s for s, _, _ in samples)  # type: ignore[misc]
    mb = statistics.median(m for _, m, _ in samples)  # type: ignore[misc]
    return f"{seconds:.2f} s / {mb:,.0f} MB"


def bench(before: str, after: str, build: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "view.html"
        argvs = commands(build, out)
        kept_count = build / "kg.oxigraph" / "kg-triples.json"
        samples: dict[str, dict[str, list[tuple[float | None, int | None, str]]]] = {}
        loads: list[float] = []
        for round_no in range(ROUNDS):
            for name, argv in argvs.items():
                if round_no and name in ONCE:
                    continue
                sides = [("before", before), ("after", after)]
                for side, kg in sides if round_no % 2 == 0 else sides[::-1]:
                    loads.append(os.getloadavg()[0])
                    if name == "stats" and side == "after":
                        kept_count.unlink(missing_ok=True)
                        samples.setdefault("stats (cold)", {}).setdefault(side, []).append(run(kg, argv, out))
                        samples.setdefault("stats (warm)", {}).setdefault(side, []).append(run(kg, argv, out))
                        continue
                    row = "stats (cold)" if name == "stats" else name
                    samples.setdefault(row, {}).setdefault(side, []).append(run(kg, argv, out))
                    if name == "stats":
                        samples.setdefault("stats (warm)", {}).setdefault(side, []).append(samples[row][side][-1])
                row = "stats (warm)" if name == "stats" else name
                print(row, {k: [round(s or -1, 2) for s, _, _ in v] for k, v in samples.get(row, {}).items()},
                      file=sys.stderr, flush=True)
    size = (build / "kg.trig").stat().st_size / 1e6
    lines = [f"### {build}: kg.trig {size:.0f} MB; {ROUNDS} rounds, load average {min(loads):.1f}–{max(loads):.1f}",
             "", "| command | before | after | before ÷ after | same output |", "|---|---:|---:|---:|:---:|"]
    for name, sides in samples.items():
        old, new = sides["before"], sides["after"]
        digests = {d for _, _, d in old + new}
        ratio = ""
        if all(s is not None for s, _, _ in old + new):
            ratio = f"{statistics.median(s for s, _, _ in old) / statistics.median(s for s, _, _ in new):.1f}×"  # type: ignore[misc]
        same = "—" if not ratio else "yes" if len(digests) == 1 else "NO"  # a stopped command printed nothing to compare
        lines.append(f"| `kg {name}` | {median_cell(old)} | {median_cell(new)} | {ratio or '—'} | {same} |")
    return lines + [""]


def main(before: str, after: str, builds: list[Path]) -> None:
    lines: list[str] = []
    for build in builds:
        lines += bench(before, after, build)
    text = "\n".join(lines)
    print(text)
    if os.environ.get("E2E_OUT"):
        Path(os.environ["E2E_OUT"]).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2], [Path(p) for p in sys.argv[3:]])
