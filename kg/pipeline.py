"""The whole job as pure functions: sources → documents → facts → dataset."""

from __future__ import annotations

from collections.abc import Sequence
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


def run(sources: Sequence[Path], lexicon: Lexicon | None = None, curation: Path | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES) -> BuildResult:
    """``curation``: a curation file to apply; by default ``ontology/curation.yaml`` if present.
    ``max_bytes``: documents larger than this are skipped with a reason."""
    lexicon = lexicon or load_lexicon()
    ingested = ingest(sources, max_bytes)
    pairs = [(doc, extract_document(doc, lexicon)) for doc in ingested.documents]
    curation = curation or paths.curation_file()
    if curation.is_file():
        pairs = apply_curation(pairs, load_curation(curation), lexicon, curation)
    dataset = build_dataset(pairs, lexicon)
    return BuildResult(dataset, ingested.documents, [f for _, f in pairs], ingested.skipped)
