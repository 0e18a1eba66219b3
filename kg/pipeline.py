"""The whole job as pure functions: sources → documents → facts → dataset."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from . import paths
from .build import build_dataset
from .curation import apply_curation, load_curation
from .extract import extract_document
from .ingest import DEFAULT_MAX_BYTES, SourceDocument, ingest
from .lexicon import Lexicon, load_lexicon
from .model import DocumentFacts


@dataclass
class BuildResult:
    dataset: Dataset
    documents: list[SourceDocument]
    facts: list[DocumentFacts]
    skipped: list[tuple[Path, str]]


# A pool costs a fork and some pickling; below this many documents one process is faster.
PARALLEL_THRESHOLD = 16
_WORKER_LEXICON: Lexicon | None = None


def _extract_in_worker(doc: SourceDocument) -> DocumentFacts:
    assert _WORKER_LEXICON is not None
    return extract_document(doc, _WORKER_LEXICON)


def extract_all(documents: Sequence[SourceDocument], lexicon: Lexicon, workers: int | None = None) -> list[DocumentFacts]:
    """Extract every document, in worker processes when there are enough of them. Results come
    back in input order, so the graph is the same whatever the number of workers."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(documents) < 2:
        return [extract_document(doc, lexicon) for doc in documents]
    global _WORKER_LEXICON
    _WORKER_LEXICON = lexicon  # inherited by forked workers: no reloading, no pickling of the lexicon
    context = multiprocessing.get_context("fork")
    chunk = max(1, len(documents) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_extract_in_worker, documents, chunksize=chunk))


def run(sources: Sequence[Path], lexicon: Lexicon | None = None, curation: Path | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES, workers: int | None = None) -> BuildResult:
    """``curation``: a curation file to apply; by default ``ontology/curation.yaml`` if present.
    ``max_bytes``: documents larger than this are skipped with a reason.
    ``workers``: extraction processes; default: one per core when there are
    ``PARALLEL_THRESHOLD`` documents or more, else one."""
    lexicon = lexicon or load_lexicon()
    ingested = ingest(sources, max_bytes)
    if workers is None and len(ingested.documents) < PARALLEL_THRESHOLD:
        workers = 1
    facts = extract_all(ingested.documents, lexicon, workers)
    pairs = list(zip(ingested.documents, facts))
    curation = curation or paths.curation_file()
    if curation.is_file():
        pairs = apply_curation(pairs, load_curation(curation), lexicon, curation)
    dataset = build_dataset(pairs, lexicon)
    return BuildResult(dataset, ingested.documents, [f for _, f in pairs], ingested.skipped)
