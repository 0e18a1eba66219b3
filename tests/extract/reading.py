"""Reading a short document's numbers the way ``kg.extract.metrics.find_metrics`` does, stage by
stage, without entity extraction: the unit tests of numbers, periods and breakdowns call the
parts directly and look at the drafts in between."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kg.extract import segment_document
from kg.extract.lexicon import Lexicon
from kg.extract.metrics import (Breakdowns, Draft, PeriodCue, SentenceReader, choose_period, find_indicator,
                                metric_lexicon, period_cues)
from kg.extract.metrics.periods import _year_in, _year_of_segment
from kg.extract.relations import Context
from kg.text.segment import Segment


@dataclass
class Reading:
    text: str
    segments: list[Segment]
    readers: dict[int, SentenceReader] = field(default_factory=dict)
    cues: dict[int, list[PeriodCue]] = field(default_factory=dict)
    drafts: list[Draft] = field(default_factory=list)

    def draft(self, quote: str) -> Draft:
        """The one draft whose number is written ``quote`` in the text."""
        found = [d for d in self.drafts if d.seg.norm[d.num.start:d.num.end] == quote]
        assert len(found) == 1, (quote, [d.seg.norm[d.num.start:d.num.end] for d in self.drafts])
        return found[0]


def reader_for(seg: Segment, text: str, lexicon: Lexicon) -> SentenceReader:
    """A reader with no entity mentions: numbers, periods and breakdowns do not need them."""
    ctx = Context(document_country=None, heading_country={}, lexicon=lexicon)
    return SentenceReader(seg, text, metric_lexicon(lexicon), ctx)


def read(text: str, lexicon: Lexicon, doc_date: date | None = None, link: bool = True) -> Reading:
    mlex = metric_lexicon(lexicon)
    reading = Reading(text, segment_document(text, lexicon))
    last_year = doc_date.year if doc_date else None
    for seg in reading.segments:
        if seg.kind in ("heading", "caption", "note"):
            last_year = _year_of_segment(seg, mlex, last_year)
            continue
        if seg.kind == "row":
            continue  # table rows need the subjects a full extraction finds
        reader = reading.readers[seg.index] = reader_for(seg, text, lexicon)
        cues = reading.cues[seg.index] = period_cues(reader, doc_date)
        sentence = reader.drafts()
        for n, draft in enumerate(sentence):
            find_indicator(reader, draft, sentence[:n])
            draft.period = choose_period(reader, draft, cues, last_year)
        reading.drafts.extend(sentence)
        last_year = _year_in(cues) or last_year
    if link:
        Breakdowns(reading.drafts, reading.readers, mlex, reading.segments).link()
    return reading
