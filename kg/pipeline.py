"""The whole job as pure functions: sources → documents → facts → dataset."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from .build import build_dataset
from .extract import extract_document
from .ingest import SourceDocument, ingest
from .lexicon import Lexicon, load_lexicon
from .model import DocumentFacts


@dataclass
class BuildResult:
    dataset: Dataset
    documents: list[SourceDocument]
    facts: list[DocumentFacts]
    skipped: list[tuple[Path, str]]


def run(sources: Sequence[Path], lexicon: Lexicon | None = None) -> BuildResult:
    lexicon = lexicon or load_lexicon()
    ingested = ingest(sources)
    pairs = [(doc, extract_document(doc, lexicon)) for doc in ingested.documents]
    dataset = build_dataset(pairs, lexicon)
    return BuildResult(dataset, ingested.documents, [f for _, f in pairs], ingested.skipped)
