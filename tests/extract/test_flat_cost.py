"""Cost per document stays flat as a corpus grows: a build of 1,000 documents of the team's
benchmark corpus costs about ten times one of 100, not more. Anything that grows with the corpus
inside the per-document work (a scan of all entities so far, a re-sort per document) shows up
here as a ratio well above one."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from benchmarks.corpus import write_corpus
from kg.build.pipeline import build_graph
from kg.build.serialize import serialize
from kg.extract.lexicon import Lexicon

# Generous: measured 1.0 on a quiet machine; a cost that grows with the corpus gives 2× and more
# at ten times the documents.
BOUND = 1.5


def _cpu_per_document(folder: Path, lexicon: Lexicon) -> float:
    """CPU seconds of this process per document, for a one-worker build and its Turtle: CPU time,
    not wall time, so that other work on a shared machine does not count."""
    start = time.process_time()
    result = build_graph([folder], lexicon, workers=1)
    serialize(result.quads, "turtle")
    return (time.process_time() - start) / len(result.documents)


def test_cost_per_document_is_flat_from_100_to_1000_documents(tmp_path: Path, lexicon: Lexicon) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    write_corpus(small, 100)
    write_corpus(large, 1000)
    _cpu_per_document(small, lexicon)  # warm-up: the morphology analyser and the caches
    # The small build on either side of the large one, the median of three: a shared machine
    # slows one run now and then, and not the same one each time.
    smalls = [_cpu_per_document(small, lexicon)]
    per_large = _cpu_per_document(large, lexicon)
    smalls += [_cpu_per_document(small, lexicon) for _ in range(2)]
    per_small = statistics.median(smalls)
    ratio = per_large / per_small
    print(f"per document: {per_small * 1000:.1f} ms at 100, {per_large * 1000:.1f} ms at 1,000: {ratio:.2f}×")
    assert ratio <= BOUND, f"{per_large * 1000:.1f} ms per document at 1,000 vs {per_small * 1000:.1f} at 100: {ratio:.2f}×"
