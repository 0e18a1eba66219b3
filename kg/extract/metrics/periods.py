"""Periods: when a number holds. Dates, years, year ranges, decades and relative cues ('last
year') in a sentence, the one nearest a number, and the year a heading or caption names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kg.text.segment import Segment
from kg.extract.metrics.drafts import Draft
from kg.extract.metrics.lexicon import MetricLexicon
from kg.extract.metrics.reader import SentenceReader
from kg.extract.metrics.words import _alternation

_YEAR = re.compile(r"(?<![\d.,])(\d{4})(?:\s*[-–—]\s*(\d{4}))?(?![\d])")


@dataclass(frozen=True)
class PeriodCue:
    start: int
    end: int
    value: str | None  # None: a start point ("since 2019"), which gives no period
    month_only: int | None = None  # "by November": the year comes from the context


def period_cues(reader: SentenceReader, doc_date: date | None) -> list[PeriodCue]:
    text, mlex = reader.text, reader.mlex
    cues: list[PeriodCue] = []
    taken: list[tuple[int, int]] = []

    def add(cue: PeriodCue) -> None:
        if not any(s < cue.end and cue.start < e for s, e in taken):
            cues.append(cue)
            taken.append((cue.start, cue.end))

    for cue in _date_cues(reader):
        add(cue)
    for match in _year_range(mlex).finditer(text):
        first, second = int(match.group(1)), int(match.group(2))
        if mlex.year_min <= first < second <= mlex.year_max:
            add(PeriodCue(match.start(), match.end(), f"{first}/{second}"))
    for match in _YEAR.finditer(text):
        cue = _year_cue(reader, match)
        if cue is not None:
            add(cue)
    for cue in _relative_cues(reader, doc_date):
        add(cue)
    for tok in reader.toks:
        month = reader._month_word(tok.text) if tok.is_word else None
        if month is None:
            continue
        before = reader.words_before(tok.start, 1)
        if before and before[0].low in mlex.target_words | mlex.locative:
            add(PeriodCue(before[0].start, tok.end, None, month_only=month))
    return cues


def year_named(reader: SentenceReader, doc_date: date | None) -> int | None:
    """The year a sentence names (``_year_in`` of its period cues), which a later 'by November'
    refers to. Asked of every sentence, most of which have neither a digit nor a 'this year' or
    'last year' phrase: those name none, and their cues are not worked out."""
    if _DIGIT.search(reader.text) is None:
        # Without a digit only 'this year' and 'last year' name a year, and neither can be in
        # a sentence that lacks one of their words.
        low = reader.text.lower()
        if doc_date is None or not any(all(w in low for w in phrase) for phrase in _year_phrases(reader.mlex)):
            return None
    return _year_in(period_cues(reader, doc_date))


_DIGIT = re.compile(r"\d")


def _year_phrases(mlex: MetricLexicon) -> list[tuple[str, ...]]:
    return mlex.lex.memo("metrics.periods.year_phrases",
                         lambda: [p for kind in ("this_year", "last_year") for p in mlex.relative[kind]])


def _year_range(mlex: MetricLexicon) -> re.Pattern[str]:
    """'from 2019 to 2023', 'с 2019 по 2023': compiled once per lexicon, not per sentence."""
    def make() -> re.Pattern[str]:
        openers = _alternation({w for p in mlex.range_openers for w in p} | mlex.from_words)
        joiners = _alternation(w for w in mlex.range_joiners if w.isalpha())
        return re.compile(r"\b" + openers + r"\s+(\d{4})\s+" + joiners + r"\s+(\d{4})\b", re.IGNORECASE)
    return mlex.lex.memo("metrics.periods.year_range", make)


_DAY_MONTH_YEAR = re.compile(r"(?<![\d.,])(\d{1,2})\s+([^\W\d_]+)\s+(\d{4})")
_YEAR_DAY_MONTH = re.compile(r"(?<![\d.,])(\d{4})\s+\S+\s+(\d{1,2})\s+([^\W\d_]+)")
_MONTH_YEAR = re.compile(r"([^\W\d_]+)\s+(\d{4})(?!\d)")


def _date_cues(reader: SentenceReader) -> list[PeriodCue]:
    """'12 December 2024', '4 декабря 2026 г.', 'October 2025', '2024 жылғы 3 сәуір'."""
    out = []
    text = reader.text
    for match in _DAY_MONTH_YEAR.finditer(text):
        month = reader._month_word(match.group(2))
        if month:
            out.append(PeriodCue(match.start(), match.end(),
                                 f"{match.group(3)}-{month:02d}-{int(match.group(1)):02d}"))
    for match in _YEAR_DAY_MONTH.finditer(text):
        month = reader._month_word(match.group(3))
        if month:
            out.append(PeriodCue(match.start(), match.end(),
                                 f"{match.group(1)}-{month:02d}-{int(match.group(2)):02d}"))
    for match in _MONTH_YEAR.finditer(text):
        month = reader._month_word(match.group(1))
        if month and not any(c.start <= match.start() < c.end for c in out):
            out.append(PeriodCue(match.start(), match.end(), f"{match.group(2)}-{month:02d}"))
    return out


def _year_cue(reader: SentenceReader, match: re.Match[str]) -> PeriodCue | None:
    mlex, text = reader.mlex, reader.text
    first = int(match.group(1))
    if not (mlex.year_min <= first <= mlex.year_max):
        return None
    if match.start() and text[match.start() - 1].isalnum():
        return None
    rest = text[match.end():]
    scaled = re.match(r"\s?([^\W\d_]+)", rest)
    if rest.lstrip().startswith("%") or (scaled and mlex.in_set(scaled.group(1), mlex.scales)):
        return None  # "2000 тыс.", "2020 %": a quantity, not a year
    decade = next((e for e in sorted(mlex.decade_endings, key=len, reverse=True)
                   if rest.lower().startswith(e) and not rest[len(e):len(e) + 1].isalpha()), None)
    if decade and not match.group(2):
        start = first - first % 10
        return PeriodCue(match.start(), match.end() + len(decade), f"{start}/{start + 9}")
    if match.group(2):
        second = int(match.group(2))
        if not (mlex.year_min <= second <= mlex.year_max) or second < first:
            return None
        value = f"{first}/{second}"
    else:
        value = str(first)
    before = [t for t in reader.words_before(match.start(), 2) if t.is_word]
    if before and before[-1].low in mlex.since_words and not match.group(2):
        return PeriodCue(before[-1].start, match.end(), None)
    return PeriodCue(match.start(), match.end(), value)


def _relative_cues(reader: SentenceReader, doc_date: date | None) -> list[PeriodCue]:
    if doc_date is None:
        return []
    values = {"this_year": str(doc_date.year), "last_year": str(doc_date.year - 1),
              "as_of_document": doc_date.isoformat()}
    out = []
    toks = reader.toks
    lows = [t.low for t in toks]
    at: dict[str, list[int]] = {}
    for i, low in enumerate(lows):
        at.setdefault(low, []).append(i)
    for kind, phrases in reader.mlex.relative.items():
        for phrase in phrases:
            # Only where the phrase's first word stands, rather than at every token.
            for i in at.get(phrase[0], ()):
                if tuple(lows[i:i + len(phrase)]) == phrase:
                    out.append(PeriodCue(toks[i].start, toks[i + len(phrase) - 1].end, values[kind]))
    return out


def choose_period(reader: SentenceReader, draft: Draft, cues: list[PeriodCue], year_context: int | None) -> str | None:
    start, end = draft.clause
    near = [c for c in cues if start <= c.start < end]
    if not near:
        return None
    # 'In 2022 the network had 120 sites, and by 2025 it had 200': a year in the number's own
    # part of the clause governs it, however near a year in the next part stands.
    part_start, part_end = _part_of_clause(reader, draft, start, end)
    near = [c for c in near if part_start <= c.start < part_end] or near
    cue = min(near, key=lambda c: (min(abs(c.start - draft.span_end), abs(draft.span_start - c.end)), c.start))
    if cue.month_only is not None:
        year = _year_in(cues) or year_context
        return f"{year}-{cue.month_only:02d}" if year else None
    return cue.value


def _part_of_clause(reader: SentenceReader, draft: Draft, start: int, end: int) -> tuple[int, int]:
    """The stretch of the clause around a number between commas, semicolons and 'and'."""
    def make() -> re.Pattern[str]:
        joiners = _alternation(w for w, kind in reader.mlex.conjunctions.items() if kind == "and")
        return re.compile(r",\s|;\s|\s" + joiners + r"\s", re.IGNORECASE)
    pattern = reader.mlex.lex.memo("metrics.periods.part_breaks", make)
    part_start, part_end = start, end
    for match in pattern.finditer(reader.text, start, end):
        if match.end() <= draft.span_start:
            part_start = match.end()
        elif match.start() >= draft.span_end:
            part_end = match.start()
            break
    return part_start, part_end


def _year_in(cues: list[PeriodCue]) -> int | None:
    for cue in cues:
        if cue.value and re.fullmatch(r"\d{4}", cue.value):
            return int(cue.value)
    return None


def _year_of_segment(seg: Segment, mlex: MetricLexicon, current: int | None) -> int | None:
    """The year a heading or caption names, which 'by November' in the text below refers to."""
    match = _YEAR.search(seg.norm)
    if match and mlex.year_min <= int(match.group(1)) <= mlex.year_max:
        return int(match.group(2) or match.group(1))
    return current


def _caption_period(caption: Segment, mlex: MetricLexicon) -> str | None:
    match = _YEAR.search(caption.norm)
    if not match:
        return None
    first = int(match.group(1))
    if not (mlex.year_min <= first <= mlex.year_max):
        return None
    return f"{first}/{match.group(2)}" if match.group(2) else str(first)
