"""Score extraction on real published articles against gold facts written without seeing the output.

    python scripts/eval_realtext.py CORPUS [CORPUS ...] [--gold DIR] [--graph KG.trig] [-v] [--markdown]

CORPUS holds the articles (`<lang>_<cc>_<slug>.txt`, kept outside the repository: the text is not
ours) and, unless --gold says otherwise, their `<id>.gold.yaml` files. Without --graph the corpus
is built with this checkout's code; with --graph a graph built elsewhere (an older checkout, for
first-contact figures) is scored. Several corpora (one folder a set) are each built and scored on their
own, then summed: one line a set, and the per-language table over all of them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.check.evaluation.extraction import RealScores, score_real_corpus  # noqa: E402

COLUMNS = ("entities R", "entities P", "relations R", "relations P", "metric values R", "metric values P",
           "metric subject")


def _row(s: RealScores) -> list[str]:
    e, r, v, m = s.parts()
    return [f"{e.recall:.0%}", f"{e.precision:.0%}", f"{r.recall:.0%} ({r.found}/{r.expected})",
            f"{r.precision:.0%} ({r.correct}/{r.extracted})", f"{v.recall:.0%}", f"{v.precision:.0%}",
            f"{m.recall:.0%} ({m.found}/{m.expected})"]


def _score(corpus: Path, gold: Path | None, graph: Path | None, strict_places: bool) -> dict[str, RealScores]:
    """Each article's scores; the corpus is built with this checkout's code unless ``graph`` is given."""
    if graph is None:
        out = Path(tempfile.mkdtemp(prefix="kg-realtext-"))
        texts = sorted(corpus.glob("*.txt"))
        subprocess.run([sys.executable, "-m", "kg", "build", *map(str, texts), "-o", str(out), "--no-html", "-q",
                        "--no-cache"], check=True, cwd=ROOT)
        graph = out / "kg.trig"
    return score_real_corpus(graph, gold or corpus, None if strict_places else corpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="+")
    parser.add_argument("--gold", type=Path)
    parser.add_argument("--graph", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--markdown", action="store_true", help="print the per-language table as Markdown")
    parser.add_argument("--strict-places", action="store_true",
                        help="score as sessions before 2026-12-06 did: a province a list names bare ('Almaty and "
                             "Kyzylorda regions') does not match the graph's Almaty Region")
    args = parser.parse_args()
    if len(args.corpus) > 1 and (args.gold or args.graph):
        parser.error("--gold and --graph take one corpus")
    groups: dict[str, RealScores] = {}
    total = RealScores.empty("all")
    doc_ids: list[str] = []
    for corpus in args.corpus:
        scores = _score(corpus, args.gold, args.graph, args.strict_places)
        doc_ids += list(scores)
        subtotal = RealScores.empty(corpus.name)
        for doc_id, s in scores.items():
            groups.setdefault(doc_id.split("_", 1)[0], RealScores.empty(doc_id.split("_", 1)[0])).add(s)
            total.add(s)
            subtotal.add(s)
            if not args.markdown:
                print(f"{doc_id:44} " + "  ".join(f"{c}" for c in _row(s)))
                if args.verbose:
                    for part in s.parts():
                        for line in part.missing:
                            print(f"{'':6}- missing  {line}")
                        for line in part.spurious:
                            print(f"{'':6}  spurious {line}")
        if len(args.corpus) > 1 and not args.markdown:
            print(f"{corpus.name} ({len(scores)}) " + "  ".join(f"{c}: {v}" for c, v in zip(COLUMNS, _row(subtotal))))
    rows = [(f"{lang} ({sum(1 for d in doc_ids if d.startswith(lang + '_'))})", g) for lang, g in sorted(groups.items())]
    rows.append((f"all ({len(doc_ids)})", total))
    if args.markdown:
        print("| language (articles) | " + " | ".join(COLUMNS) + " |")
        print("|---" * (len(COLUMNS) + 1) + "|")
        for name, s in rows:
            print(f"| {name} | " + " | ".join(_row(s)) + " |")
    else:
        print()
        for name, s in rows:
            print(f"{name:12} " + "  ".join(f"{c}: {v}" for c, v in zip(COLUMNS, _row(s))))


if __name__ == "__main__":
    main()
