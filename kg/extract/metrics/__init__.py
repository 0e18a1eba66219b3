"""Numbers as observations: value (scaled), unit, bound or range, indicator, subject, period and
breakdowns (tm:partOf).

The package holds mechanisms only; every word it relies on — scale words, currencies, bound
cues, number words, month names, period cues, the indicator glossary, breakdown cues — is in
the ``metrics`` section of ``ontology/lexicon.yaml``. Russian words are matched through pymorphy
lemmas, Kazakh words through the lexicon's suffix stripping, English words in the singular.

One pass over each sentence (or table row) reads its numbers into drafts; a second pass over the
document links breakdowns (parts to their total), lets parts inherit what they leave unsaid, and
resolves elliptic numbers ("в Карагандинской — 2 545") from the numbers around them.

Modules, each importing only those above it: ``words`` (tokens, morphology), ``lexicon`` (the
metrics section of the lexicon), ``numbers`` (scanning numbers), ``drafts`` (what a reading
produces), ``phrases`` (noun phrases around a number), ``reader`` (one sentence → drafts),
``indicators`` (what is counted), ``periods``, ``subjects`` (tm:about), ``breakdowns``
(tm:partOf), ``tables`` (table rows and captions), ``ellipsis`` (the second pass); this module
drives them over a document.
"""

from __future__ import annotations

from kg.text.ingest import SourceDocument
from kg.extract.lexicon import Lexicon
from kg.model import MetricRecord
from kg.text.segment import Segment
from kg.extract.relations import Context, evidence_for
from kg.extract.metrics.breakdowns import Breakdowns
from kg.extract.metrics.drafts import MONEY, RULE_NUMBER, RULE_PART, RULE_PART_EXHAUSTIVE, RULE_ROW, Draft, Indicator, Phrase
from kg.extract.metrics.ellipsis import _resolve_elliptic
from kg.extract.metrics.indicators import find_indicator, indicator_of
from kg.extract.metrics.lexicon import MetricLexicon, metric_lexicon
from kg.extract.metrics.numbers import Num, parse_number, scan_numbers
from kg.extract.metrics.periods import (PeriodCue, _caption_period, _year_in, _year_of_segment, choose_period, period_cues,
                                        year_named)
from kg.extract.metrics.phrases import backward_phrase, forward_phrase
from kg.extract.metrics.reader import SentenceReader
from kg.extract.metrics.subjects import Subjects
from kg.extract.metrics.tables import _link_table_rows, _row_draft, _table_zones
from kg.extract.metrics.words import Tok, tokens_of

__all__ = [
    "MONEY", "RULE_NUMBER", "RULE_PART", "RULE_PART_EXHAUSTIVE", "RULE_ROW",
    "Breakdowns", "Draft", "Indicator", "MetricLexicon", "Num", "PeriodCue", "Phrase", "SentenceReader", "Subjects",
    "Tok", "backward_phrase", "choose_period", "find_indicator", "find_metrics", "forward_phrase", "indicator_of",
    "metric_lexicon", "parse_number", "period_cues", "scan_numbers", "tokens_of",
]


def find_metrics(doc: SourceDocument, segments: list[Segment], ctx: Context, lexicon: Lexicon) -> list[MetricRecord]:
    """Every quantitative statement of a document, with its breakdowns linked."""
    mlex = metric_lexicon(lexicon)
    subjects = Subjects(segments, ctx, lexicon)
    zones = _table_zones(segments)
    drafts: list[Draft] = []
    readers: dict[int, SentenceReader] = {}
    # The year a "by November" refers to: the latest year named so far, else the document's.
    last_year: int | None = doc.meta.date.year if doc.meta.date else None
    for seg in segments:
        if seg.kind in ("heading", "caption", "note"):
            last_year = _year_of_segment(seg, mlex, last_year)
            continue
        reader = readers[seg.index] = SentenceReader(seg, doc.text, mlex, ctx)
        if seg.kind == "row":
            row = _row_draft(reader, segments, subjects)
            drafts.extend([row] if row is not None else [])
            continue
        caption = segments[zones[seg.index]] if seg.index in zones else None
        sentence, last_year = _read_sentence(reader, doc, subjects, caption, last_year)
        drafts.extend(sentence)
    _link_table_rows(drafts)
    Breakdowns(drafts, readers, mlex, segments).link()
    _place_parts(drafts, readers, subjects)
    _resolve_elliptic(drafts, readers)
    return [_record(doc, segments, ctx, d) for d in drafts if d.indicator is not None]


def _read_sentence(reader: SentenceReader, doc: SourceDocument, subjects: "Subjects", caption: Segment | None,
                   last_year: int | None) -> tuple[list[Draft], int | None]:
    """The numbers of one sentence with what they count, when, and about whom."""
    sentence = reader.drafts()
    if not sentence:
        return sentence, year_named(reader, doc.meta.date) or last_year
    cues = period_cues(reader, doc.meta.date)
    for n, draft in enumerate(sentence):
        find_indicator(reader, draft, sentence[:n])
        draft.period = choose_period(reader, draft, cues, last_year)
        if draft.period is None and caption is not None:
            draft.period = _caption_period(caption, reader.mlex)  # a flattened table's cells
    subjects.forget(reader.seg.index, [(d.span_start, d.span_end) for d in sentence])
    for draft in sentence:
        draft.about, draft.about_level = subjects.of(reader, draft, sentence, caption)
    return sentence, _year_in(cues) or last_year


def _place_parts(drafts: list[Draft], readers: dict[int, SentenceReader], subjects: "Subjects") -> None:
    """A part named with its place ('204,000 took place in Samarkand region') is about that place."""
    for draft in drafts:
        if draft.part_of is not None and not draft.row and draft.about_level > 2:
            sentence = [d for d in drafts if d.seg is draft.seg]
            place = subjects.place_after(readers[draft.seg.index], draft, sentence)
            if place:
                draft.about, draft.about_level = place, 2


def _record(doc: SourceDocument, segments: list[Segment], ctx: Context, d: Draft) -> MetricRecord:
    assert d.indicator is not None
    labels = d.indicator.labels
    first = d.seg.lang if d.seg.lang in labels else next(iter(labels))
    others = tuple((lang, label) for lang, label in sorted(labels.items()) if lang != first)
    ordered = ((first, labels[first]),) + others
    return MetricRecord(
        key=_key(doc, d),
        value=d.value, unit=d.unit, indicator=d.indicator.key, indicator_labels=ordered,
        bound=d.bound, evidence=evidence_for(doc, segments, d.seg, ctx, d.rule),
        about=d.about, period=d.period,
        range_min=d.value if d.range_max is not None else None, range_max=d.range_max,
        part_of=_key(doc, d.part_of) if d.part_of is not None and d.part_of.indicator is not None else None,
        total=d.is_total,
    )


def _key(doc: SourceDocument, d: Draft) -> str:
    return f"{doc.doc_id}-{d.seg.span(d.num.start, d.num.end)[0]}"
