#!/usr/bin/env python3
"""Build the seeds and every test corpus with this checkout and with another one, and compare
kg.ttl and kg.trig byte for byte (the guard of a pure restructuring or a speed-up).

    python scripts/compare_builds.py OTHER_CHECKOUT [--ignore-descriptions] [--corpus DIR ...]

OTHER_CHECKOUT is a git worktree (`git worktree add --detach /tmp/before <commit>`); each build
runs `python -m kg build` with that checkout first on the import path, so the command line is the
only interface the two must share. Exit status 0 when every file is identical (with
--ignore-descriptions: identical but for the rdfs:comment lines of rules), 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ["seeds", "tests/data/entities", "tests/data/entities_final", "tests/data/entities_holdout",
           "tests/data/metrics", "tests/data/metrics/holdout"]
OUTPUTS = ("kg.ttl", "kg.trig")


def _build(checkout: Path, corpus: Path, out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "--no-cache", "--no-html", "-q"],
                   cwd=checkout, env=env, check=True)


def _lines(path: Path, ignore_descriptions: bool) -> list[bytes]:
    lines = path.read_bytes().splitlines()
    return [line for line in lines if not (ignore_descriptions and b"rdfs:comment" in line)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path)
    parser.add_argument("--ignore-descriptions", action="store_true")
    parser.add_argument("--corpus", action="append", type=Path)
    args = parser.parse_args()
    corpora = args.corpus or [ROOT / c for c in CORPORA]
    differ = 0
    with tempfile.TemporaryDirectory(prefix="kg-compare-") as tmp:
        for corpus in corpora:
            corpus = corpus.resolve()
            builds = {}
            for name, checkout in (("other", args.other.resolve()), ("this", ROOT)):
                builds[name] = Path(tmp) / name / corpus.name
                _build(checkout, corpus, builds[name])
            for output in OUTPUTS:
                a, b = builds["other"] / output, builds["this"] / output
                same = a.read_bytes() == b.read_bytes()
                near = same or _lines(a, args.ignore_descriptions) == _lines(b, args.ignore_descriptions)
                verdict = "identical" if same else ("identical but for rule descriptions" if near and
                                                    args.ignore_descriptions else "DIFFERENT")
                differ += not near
                print(f"{corpus.relative_to(ROOT) if corpus.is_relative_to(ROOT) else corpus}/{output}: "
                      f"{a.stat().st_size} bytes, {verdict}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
