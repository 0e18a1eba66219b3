"""Recall and precision of entity and relation extraction on tests/data/entities and the seeds.

    python scripts/eval_extraction.py [-v]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.check.evaluation.extraction import score_folder, score_seeds, total  # noqa: E402
from kg.extract.lexicon import load_lexicon  # noqa: E402


def main(verbose: bool) -> None:
    lexicon = load_lexicon()
    data = ROOT / "tests" / "data" / "entities"
    sets = {
        "tests/data/entities": score_folder(data, lexicon),
        "seeds": score_seeds(ROOT / "seeds", data / "seeds-expected.yaml", lexicon),
    }
    print(f"{'set':22} {'document':30} {'ent R':>6} {'ent P':>6} {'rel R':>6} {'rel P':>6}")
    for name, scores in sets.items():
        for ents, rels in scores:
            print(f"{name:22} {ents.name:30} {ents.recall:6.0%} {ents.precision:6.0%} {rels.recall:6.0%} {rels.precision:6.0%}")
            if verbose:
                for line in ents.missing + rels.missing:
                    print(f"{'':24}missing  {line}")
                for line in ents.spurious + rels.spurious:
                    print(f"{'':24}spurious {line}")
        e, r = total(scores, 0, name), total(scores, 1, name)
        print(f"{name:22} {'TOTAL':30} {e.recall:6.0%} {e.precision:6.0%} {r.recall:6.0%} {r.precision:6.0%}"
              f"   (entities {e.found}/{e.expected}, {e.correct}/{e.extracted}; relations {r.found}/{r.expected}, {r.correct}/{r.extracted})")


if __name__ == "__main__":
    main("-v" in sys.argv)
