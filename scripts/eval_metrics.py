#!/usr/bin/env python3
"""Score metric extraction against hand-written expectations.

    python scripts/eval_metrics.py [-v]            # tests/data/metrics, its holdout/ and the seeds
    python scripts/eval_metrics.py --only data -v  # only the test articles, listing every miss

Expectations live in ``tests/data/metrics``: one ``<article>.expected.yaml`` beside each test
article, and ``seeds-expected.yaml`` for the seeds. Each expected metric names a string ``at``
that occurs once in its document and contains the number, and what the metric must say: value,
unit, bound, indicator (key or label), about (label or IRI tail), period, and optionally
``range`` and ``part_of`` (the ``at`` of the total). A metric is *found* when one extracted metric
lies inside ``at`` with the same value and unit, and *correct* when every stated field matches.

Recall = correct / expected; precision = correct / extracted. ``not_metrics`` lists strings
whose numbers must yield nothing (dates, references, phone numbers); hits are reported.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.check.evaluation.metrics import Score, evaluate  # noqa: E402

DATA = ROOT / "tests" / "data" / "metrics"


def print_table(score: Score, verbose: bool) -> None:
    print(f"\n== {score.name} ==")
    print(f"{'document':34} {'exp':>4} {'got':>4} {'found':>5} {'right':>5} {'recall':>7} {'prec':>6}  field errors")
    for d in score.docs:
        recall = d.correct / max(1, d.expected)
        precision = d.correct / max(1, d.extracted)
        errors = " ".join(f"{k}:{v}" for k, v in sorted(d.field_errors.items()))
        print(f"{d.doc[:34]:34} {d.expected:4} {d.extracted:4} {d.found:5} {d.correct:5} {recall:7.1%} {precision:6.1%}  {errors}")
    print(f"{'TOTAL':34} {score.total('expected'):4} {score.total('extracted'):4} {score.total('found'):5} "
          f"{score.total('correct'):5} {score.recall:7.1%} {score.precision:6.1%}")
    print(f"numbers found (value+unit at the right place): recall {score.found_recall:.1%}, "
          f"precision {score.found_precision:.1%}")
    traps = [t for d in score.docs for t in d.traps]
    print(f"not-metric strings that produced a metric: {len(traps)}")
    if verbose:
        for d in score.docs:
            for kind in ("misses", "wrong", "spurious", "traps"):
                for line in getattr(d, kind):
                    print(f"  {d.doc[:24]} {kind[:6]:6} {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("data", "holdout", "seeds"))
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss, error and spurious metric")
    args = parser.parse_args(argv)
    sets = {"data": (DATA, None), "holdout": (DATA / "holdout", None), "seeds": (ROOT / "seeds", DATA / "seeds-expected.yaml")}
    for which, (folder, expectations) in sets.items():
        if args.only in (None, which):
            print_table(evaluate(folder, expectations, which), args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
