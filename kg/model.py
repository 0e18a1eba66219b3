"""Plain data passed between pipeline stages: ingest → extract → build. No RDF here."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kg.terms import best_label


@dataclass
class EntityRecord:
    """An entity as the extractor knows it, before it becomes RDF."""

    iri: str
    cls: str  # country | region | programme | funder | facility
    labels: dict[str, str] = field(default_factory=dict)  # lang → preferred label
    alt_labels: set[tuple[str, str]] = field(default_factory=set)  # (label, lang)
    iso_code: str | None = None
    located_in: str | None = None
    country: str | None = None  # for national bodies: the country they belong to
    org_type: str | None = None
    reference: bool = False
    curated_labels: dict[str, str] = field(default_factory=dict)  # lang → label set by curation

    def label(self, lang: str = "en") -> str:
        return best_label(self.labels, self.iri, lang)


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from: character offsets into the unmodified document text."""

    doc_id: str
    start: int
    end: int
    rule: str  # the id of a declared kg.extract.rules.Rule (kept as text: facts are cached as JSON)
    section: str | None = None
    lang: str = "en"
    note: str | None = None  # why a curator asserted it


@dataclass(frozen=True)
class Mention:
    iri: str
    start: int  # original char offsets of the mention itself
    end: int
    segment: int
    norm_start: int  # offsets within the segment's normalised text
    norm_end: int
    rule: str  # a Rule's id, as in Evidence


@dataclass(frozen=True)
class Relation:
    subject: str
    predicate: str  # key of terms.RELATIONS
    object: str
    evidence: Evidence


@dataclass(frozen=True)
class MetricRecord:
    key: str  # stable within the document: the IRI's local part
    value: Decimal
    unit: str  # unit code: count, percent, USD, KZT, ...
    indicator: str  # indicator slug
    indicator_labels: tuple[tuple[str, str], ...]  # (lang, label)
    bound: str  # key of terms.BOUNDS
    evidence: Evidence
    about: str | None = None
    period: str | None = None
    range_min: Decimal | None = None
    range_max: Decimal | None = None
    part_of: str | None = None  # key of the total metric in the same document
    total: bool = False


@dataclass(frozen=True)
class SegmentSpan:
    """Where a segment lies in the original text: all that later stages need of it (the
    segment's normalised text and offset map stay inside extraction)."""

    index: int
    start: int
    end: int
    lang: str


@dataclass
class DocumentFacts:
    """Everything extracted from one document."""

    doc_id: str
    languages: list[str]
    entities: dict[str, EntityRecord] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    metrics: list[MetricRecord] = field(default_factory=list)
    segments: list[SegmentSpan] = field(default_factory=list, repr=False)
