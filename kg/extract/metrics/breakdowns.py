"""Breakdowns (tm:partOf): parts linked to their totals within a sentence, across the sentences
that continue it, and in distributions over an earlier total."""

from __future__ import annotations

import re
from functools import lru_cache

from kg.text.segment import Segment
from kg.extract.metrics.drafts import RULE_PART, RULE_PART_EXHAUSTIVE, Draft
from kg.extract.metrics.lexicon import MetricLexicon
from kg.extract.metrics.reader import SentenceReader
from kg.extract.metrics.words import _alternation, tokens_of


class Breakdowns:
    def __init__(self, drafts: list[Draft], readers: dict[int, SentenceReader], mlex: MetricLexicon,
                 segments: list[Segment]):
        self.drafts = drafts
        self.readers = readers
        self.mlex = mlex
        self.segments = segments
        self.by_seg: dict[int, list[Draft]] = {}
        for d in drafts:
            self.by_seg.setdefault(d.seg.index, []).append(d)

    def link(self) -> None:
        for seg_index, drafts in sorted(self.by_seg.items()):
            reader = self.readers.get(seg_index)
            if reader is None:
                continue
            self._parenthetical(reader, drafts)
            self._part_first(reader, drafts)
            self._genitive(reader, drafts)
            self._parts_follow(reader, drafts)
            self._total_first(reader, drafts)
            self._distribution(reader, drafts)

    def _attach(self, part: Draft, total: Draft, exhaustive: bool = False) -> None:
        if part is total or part.part_of is not None or part.row or total.part_of is part:
            return
        if part.unit_class != total.unit_class or part.range_max is not None:
            return
        if total.bound == "exact" and part.value > total.value:
            return
        part.part_of = total
        part.rule = RULE_PART_EXHAUSTIVE if exhaustive else RULE_PART
        total.is_total = True

    def _cue_positions(self, reader: SentenceReader, phrases: list[tuple[str, ...]]) -> list[tuple[int, int]]:
        # Only phrases whose first word is the token's are tried: trying every phrase at every
        # token was a tenth of metric extraction.
        by_first = _by_first_word(tuple(phrases))
        toks = reader.toks
        lows = [t.low for t in toks]
        out = []
        for i, low in enumerate(lows):
            for phrase in by_first.get(low, ()):
                if tuple(lows[i:i + len(phrase)]) == phrase:
                    out.append((toks[i].start, toks[i + len(phrase) - 1].end))
        return sorted(set(out))

    def _parenthetical(self, reader: SentenceReader, drafts: list[Draft]) -> None:
        """'3264 аппарата ИВЛ (1500 отечественных)'."""
        for total, part in zip(drafts, drafts[1:]):
            end = total.phrase.end if total.phrase and total.phrase.end > total.span_end else total.span_end
            if re.fullmatch(r"\s*\(\s*", reader.text[end:part.span_start]) and part.value < total.value:
                self._attach(part, total)

    def _part_first(self, reader: SentenceReader, drafts: list[Draft]) -> None:
        """'2,450 of the country’s 3,300 rural health posts'."""
        for part, total in zip(drafts, drafts[1:]):
            between = reader.text[part.span_end:total.span_start]
            partitive = _alternation(self.mlex.partitive)
            determiner = _alternation(self.mlex.determiners)
            if re.fullmatch(r"\s*" + partitive + r"\s+(?:(?:" + determiner + r"|[^\W\d_]+[’']s)\s+){0,2}", between,
                            re.IGNORECASE) and total.value >= part.value:
                self._attach(part, total)

    def _genitive(self, reader: SentenceReader, drafts: list[Draft]) -> None:
        """Kazakh '270 ауылдық елді мекеннің 190-ында': 190 of the 270."""
        for total, part in zip(drafts, drafts[1:]):
            if total.phrase is None or part.num.suffix == "":
                continue
            last = total.phrase.words[-1].low
            if last.endswith(self.mlex.genitive_suffixes) and not reader.text[total.phrase.end:part.span_start].strip():
                self._attach(part, total)

    def _parts_follow(self, reader: SentenceReader, drafts: list[Draft]) -> None:
        """'39 569 ..., среди которых ... 24 923 ...', 'В том числе: 118 ...' (total in the sentence before)."""
        cues = self._cue_positions(reader, self.mlex.parts_follow)
        for n, (start, end) in enumerate(cues):
            limit = cues[n + 1][0] if n + 1 < len(cues) else len(reader.text)
            before = [d for d in drafts if d.span_end <= start]
            total = before[-1] if before else self._previous_sentence_draft(reader.seg)
            if total is None:
                continue
            # "В том числе" / "including" / "among them" name some of the parts, and a closing
            # "… и других" / "and other …" says there are more: such a list is never complete.
            for part in (d for d in drafts if end <= d.span_start < limit and d.unit_class == total.unit_class):
                self._attach(part, total)

    def _previous_sentence_draft(self, seg: Segment) -> Draft | None:
        for index in range(seg.index - 1, max(-1, seg.index - 3), -1):
            if self.segments[index].block != seg.block:
                return None
            drafts = self.by_seg.get(index)
            if drafts:
                return drafts[-1]
        return None

    def _total_first(self, reader: SentenceReader, drafts: list[Draft]) -> None:
        """'Из 217 объектов НТМС – 175 ... Ещё 32 объекта ...', 'Of the 310,000 ..., 204,000 ...'."""
        for start, end in self._cue_positions(reader, self.mlex.total_first):
            if reader.text[:start].strip(" ,.:;—–-"):
                continue  # the cue opens the sentence
            total = next((d for d in drafts if d.num.start >= end and not reader.text[end:d.span_start].strip()), None)
            if total is None:
                continue
            for part in drafts:
                if part.span_start > total.span_end and part.unit_class == total.unit_class:
                    self._attach(part, total)
            self._continuations(reader.seg, total)

    def _continuations(self, seg: Segment, total: Draft) -> None:
        for index in range(seg.index + 1, min(len(self.segments), seg.index + 4)):
            other = self.segments[index]
            reader = self.readers.get(index)
            if other.block != seg.block or reader is None:
                return
            opens = any(reader._phrase_at(reader.toks[:len(p)], p) for p in self.mlex.continuation)
            drafts = self.by_seg.get(index, [])
            if not opens or not drafts:
                return
            first = drafts[0]
            if first.indicator and total.indicator and first.indicator.key == total.indicator.key:
                self._attach(first, total)

    def _distribution(self, reader: SentenceReader, drafts: list[Draft]) -> None:
        """'Услуги распределялись по всем уровням: ... 3 718 услуг, ... 35 851 услугу' → parts of
        the earlier total of services."""
        openings = tuple(self.mlex.distribution)
        cue = next((t for t in reader.toks if t.low.startswith(openings)), None) if openings else None
        if cue is None:
            return
        parts = [d for d in drafts if d.span_start > cue.end and d.part_of is None]
        if len(parts) < 2 or any(p.indicator is None for p in parts):
            return
        heads = {p.indicator.head_key for p in parts}
        if len(heads) != 1:
            return
        head = heads.pop()
        total_value = sum(p.value for p in parts)
        earlier = [d for d in self.drafts if (d.seg.index, d.num.start) < (reader.seg.index, cue.start)
                   and d.seg.section == reader.seg.section and d.indicator is not None
                   and d.indicator.head_key == head and d.value >= total_value and d.part_of is None]
        if not earlier:
            return
        exhaustive = any(t.low in self.mlex.all_words for t in reader.toks if t.start > cue.start)
        for part in parts:
            self._attach(part, earlier[-1], exhaustive)


@lru_cache(maxsize=64)
def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases by their first token. A dotted word of the lexicon ('т.ч.') is matched as the
    tokens the text splits it into ('т', '.', 'ч', '.')."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        tokens = tuple(t.low for t in tokens_of(" ".join(phrase)))
        out.setdefault(tokens[0], []).append(tokens)
    return out
