"""Extraction speed of this checkout against another one (a baseline commit), in one run.

    python benchmarks/extract_ab.py BASELINE_CHECKOUT [--docs 1000] [--rounds 3]

Writes the synthetic corpus of benchmarks/corpus.py once, then times one-worker extraction of all
of it in a fresh child process per checkout, alternating A/B for --rounds rounds so that a noisy
shared machine affects both alike. Reports the median per-document time of each and their ratio.
Make a baseline checkout with `git worktree add /tmp/base <commit>`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import write_corpus  # noqa: E402

# Run inside the checkout being measured: its own kg package, its own lexicon.
_CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
try:
    from kg.text.ingest import ingest
    from kg.extract.lexicon import load_lexicon
    from kg.build.pipeline import extract_all
except ImportError:  # a checkout from before the package was grouped into stages (#12)
    from kg.ingest import ingest
    from kg.lexicon import load_lexicon
    from kg.pipeline import extract_all
lexicon = load_lexicon()
docs = ingest([Path(sys.argv[2])], 64 * 2**20).documents
start = time.perf_counter()
extract_all(docs, lexicon, workers=1)
print(time.perf_counter() - start, len(docs))
"""


def _time(checkout: Path, corpus: Path) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(checkout), str(corpus)], cwd=checkout,
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", type=Path)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    corpus = Path(tempfile.mkdtemp(prefix="kg-ab-"))
    write_corpus(corpus, args.docs)
    times: dict[str, list[float]] = {"baseline": [], "this": []}
    for _ in range(args.rounds):
        for name, checkout in (("baseline", args.baseline.resolve()), ("this", ROOT)):
            seconds, count = _time(checkout, corpus)
            times[name].append(seconds / count * 1000)
    base, this = statistics.median(times["baseline"]), statistics.median(times["this"])
    print(f"{args.docs} documents, {args.rounds} rounds, one worker, median ms per document")
    print(f"baseline {base:.2f} ms   this {this:.2f} ms   ratio this/baseline {this / base:.2f}")


if __name__ == "__main__":
    main()
