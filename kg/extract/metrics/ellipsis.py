"""The second pass over a document's numbers: parts take what they leave unsaid from their total,
and elliptic numbers ('в Карагандинской — 2 545', 'медицина (485)') take the indicator of the
numbers around them."""

from __future__ import annotations

from kg.extract.metrics.drafts import MONEY, Draft, Indicator, Phrase
from kg.extract.metrics.indicators import _as_change, _introduced, _unspecified, _with_modifiers, indicator_of
from kg.extract.metrics.phrases import _glossary_key
from kg.extract.metrics.reader import SentenceReader
from kg.extract.metrics.words import _word_lang


def _resolve_elliptic(drafts: list[Draft], readers: dict[int, SentenceReader]) -> None:
    """Parts take what they leave unsaid from their total; other numbers with no noun take the
    indicator of the number before them ('в Карагандинской — 2 545', 'медицина (485)')."""
    window = 0  # the first draft at most two segments before the current one
    for index, draft in enumerate(drafts):
        reader = readers[draft.seg.index]
        # Drafts are in document order (find_metrics reads segment after segment), and
        # _from_context only uses drafts of this segment and the two before it: pass just those,
        # not a copy of every earlier draft of the document for each draft.
        while drafts[window].seg.index < draft.seg.index - 2:
            window += 1
        total = draft.part_of
        if total is not None:
            if draft.period is None:
                draft.period = total.period
            if draft.about_level >= 7 and total.about_level < draft.about_level:
                draft.about, draft.about_level = total.about, total.about_level
            if total.indicator is not None and (draft.indicator is None or draft.unit_class == MONEY):
                draft.indicator = (_with_modifiers(reader, total.indicator, draft.modifiers, draft.unit)
                                   if draft.modifiers and draft.unit_class != MONEY else total.indicator)
        if draft.indicator is None:
            draft.indicator = _from_context(reader, draft, drafts[window:index])
        if draft.indicator is not None and draft.delta:
            draft.indicator = _as_change(reader, draft.indicator)
        if draft.indicator is None and draft.unit != "count" and not draft.num.word:
            draft.indicator = _unspecified(reader)


def _from_context(reader: SentenceReader, draft: Draft, before: list[Draft]) -> Indicator | None:
    if draft.num.word:
        return None
    same = [d for d in before if d.seg.index == draft.seg.index and d.indicator is not None
            and (d.unit_class == draft.unit_class or draft.delta)]
    if same:
        return same[-1].indicator
    # 'Больше всего услуг оказано в Алматинской — 12 646': only a number with no noun of its own
    bare = _introduced(reader, draft.span_start) or not any(
        t.is_word for t in reader.toks if draft.span_end <= t.start < draft.clause[1])
    noun = _sentence_noun(reader, draft) if draft.unit == "count" and bare else None
    if noun is not None:
        return noun
    previous = [d for d in before if d.seg.block == draft.seg.block
                and d.seg.index in (draft.seg.index - 1, draft.seg.index - 2)
                and d.indicator is not None and d.unit_class == draft.unit_class]
    return previous[-1].indicator if previous else None


def _sentence_noun(reader: SentenceReader, draft: Draft) -> Indicator | None:
    """'Больше всего услуг оказано в Алматинской — 12 646': a glossary noun earlier in the sentence."""
    toks = [t for t in reader.toks if t.end <= draft.span_start and t.is_word]
    for k in range(len(toks) - 1, -1, -1):
        tok = toks[k]
        if reader.in_mention(tok.start, tok.end) or _glossary_key(reader, [tok]) is None:
            continue
        if reader.mlex.in_set(tok.text, reader.mlex.vacuous | reader.mlex.discourse):
            continue
        lang = _word_lang(tok.text, reader.lang)
        return indicator_of(reader, Phrase([tok], 0, lang, tok.end), draft.unit)
    return None
