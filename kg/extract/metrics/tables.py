"""Tables: a row '<label> <number>' read as a metric of its caption, rows as parts of the total row,
and the flattened text between a caption and its note (PDF tables that did not come out as
rows)."""

from __future__ import annotations

import re

from kg.text.segment import Segment
from kg.extract.metrics.drafts import RULE_ROW, Draft, Indicator
from kg.extract.metrics.indicators import indicator_of
from kg.extract.metrics.numbers import Num, parse_number
from kg.extract.metrics.periods import _caption_period
from kg.extract.metrics.phrases import forward_phrase
from kg.extract.metrics.reader import SentenceReader
from kg.extract.metrics.subjects import Subjects


def _table_zones(segments: list[Segment]) -> dict[int, int]:
    """Segment index → its table's caption index, for the flattened text between a caption and
    its note (PDF tables that did not come out as rows)."""
    zones: dict[int, int] = {}
    caption = None
    for seg in segments:
        if seg.kind == "caption":
            caption = seg.index
        elif seg.kind in ("note", "heading"):
            caption = None
        elif caption is not None:
            zones[seg.index] = caption
    # a zone closes at a note after it: asked of the last note, not of every segment for every zone
    last_note = max((s.index for s in segments if s.kind == "note"), default=-1)
    return {k: v for k, v in zones.items() if last_note > k}


def _link_table_rows(drafts: list[Draft]) -> None:
    """The rows of a table are parts of its total row."""
    totals = {d.seg.caption: d for d in drafts if d.row and d.is_total}
    for row in drafts:
        if row.row and not row.is_total and row.seg.caption in totals:
            row.part_of = totals[row.seg.caption]


def _row_draft(reader: SentenceReader, segments: list[Segment], subjects: Subjects) -> Draft | None:
    """A table row '<label> <number>': the caption names what is counted, the row's place is
    the subject, a row with a total word ('Итого') is the table's total."""
    seg = reader.seg
    match = re.search(r"(\d[\d \u00a0]*(?:[.,]\d+)?)\s*(%?)\s*$", seg.norm)
    if match is None:
        return None
    value = parse_number(match.group(1), seg.lang)
    if value is None:
        return None
    num = Num(match.start(1), match.end(1), value, grouped=True)
    unit = "percent" if match.group(2) else "count"
    draft = Draft(seg, num, value, unit, "exact", num.start, match.end(), (0, len(seg.norm)), row=True,
                  rule=RULE_ROW)
    caption = segments[seg.caption] if seg.caption >= 0 else None
    draft.indicator = _caption_indicator(reader, caption, unit)
    places = reader.ctx.of_class(seg, "region") + reader.ctx.of_class(seg, "country")
    first_word = next((t.low for t in reader.toks if t.is_word), "")
    if places:
        draft.about, draft.about_level = places[0].iri, 1
    else:
        draft.is_total = first_word in reader.mlex.total_row_words or not first_word
        found = subjects._caption_subject(caption) if caption is not None else None
        draft.about, draft.about_level = (found or reader.ctx.country_for(seg)), 7
    if caption is not None:
        draft.period = _caption_period(caption, reader.mlex)
    return draft


def _caption_indicator(reader: SentenceReader, caption: Segment | None, unit: str) -> Indicator | None:
    if caption is None:
        return None
    title = re.sub(r"^\S+\s*\d+[.:]?\s*", "", caption.norm)
    inner = SentenceReader(caption, "", reader.mlex, reader.ctx, text=title)
    phrase = forward_phrase(inner, 0)
    return indicator_of(inner, phrase, unit) if phrase is not None else None
