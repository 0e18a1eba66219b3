"""One sentence: its numbers → drafts. Which numbers are quantities (not dates, phone numbers,
references or list markers), their unit, scale, bound and range, and the clauses they stand in."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from decimal import Decimal
from functools import cached_property, lru_cache, partial

from kg.model import Mention
from kg.text.segment import Segment
from kg.extract.relations import Context
from kg.extract.metrics.drafts import Draft
from kg.extract.metrics.lexicon import MetricLexicon
from kg.extract.metrics.numbers import Num, holds_number, scan_numbers
from kg.extract.metrics.phrases import forward_phrase
from kg.extract.cues import phrase_starts
from kg.extract.eventfacilities import EVENT_FACILITY
from kg.extract.metrics.words import _DASHES, Tok, _alternation, tokens_of

# Spans that hold digits but no quantity: ISO and dotted dates, clock times, phone numbers.
_BLOCKED = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\b\d{1,2}:\d{2}\b"
    r"|\+\d[\d ()\-]{7,}\d"
    r"|\b8\s?\(\d{3,5}\)\s?[\d\- ]{5,}\d"
    r"|\b\d{2,3}-\d{2}-\d{2}\b"
)
_DASH = re.compile(f"[{_DASHES}]")
# Mentions of a kind rather than a name: a number before them counts them ('13 врачебных амбулаторий'), and
# a kind is no subject of a number (what the text counts or pays for is the undertaking's)
KIND_RULES = frozenset({EVENT_FACILITY.id})
_BLANKS = re.compile(r"\s*")  # \s is what str.isspace tests: the run str.lstrip drops
_CITATION = re.compile(r"\[\s*\d+(?:\s*[-–,;]\s*\d+)*\s*\]")


# '22 миллионов ', '111 тыс. ': a number and its scale word right before another number
_SCALED_BEFORE = re.compile(r"\d\s*([^\W\d_]+)(\.?)\s+$")


# A news site's currency box: a currency pair before the rate, a unit of a currency before it, or a currency
# code and a dash before its change.
_EXCHANGE_RATE = re.compile(r"(?:\b(?i:[a-z]{3}/[a-z]{3})|[$€₽¥£]\s?1\s?[–—-]|\b[A-Z]{3}\s?[–—-])\s*$")
_RATE_UNIT = re.compile(r"[$€₽¥£]$")  # '$1 – 12482.38': the one unit a rate is given for

class SentenceReader:
    """Reads the numbers of one segment: what they are, how they are bounded, what they count."""

    def __init__(self, seg: Segment, doc_text: str, mlex: MetricLexicon, ctx: Context, text: str | None = None):
        """``text`` replaces the segment's text (a caption's title) and then mentions are not used."""
        self.seg = seg
        self.text = seg.norm if text is None else text
        self.lang = seg.lang
        self.mlex = mlex
        self.ctx = ctx
        self.mentions: list[Mention] = []
        self.kinds: list[Mention] = []  # a facility's kind, whose size only a number may give ('for 200 beds')
        for m in ctx.mentions.get(seg.index, []) if text is None else ():
            (self.kinds if m.rule in KIND_RULES else self.mentions).append(m)
        self._doc_text = doc_text
        self._own_text = text is None

    # Most sentences hold no number: what only a number's reading asks for is worked out when
    # first asked, not for every sentence (it was a quarter of extraction).
    @cached_property
    def toks(self) -> list[Tok]:
        return tokens_of(self.text)

    @cached_property
    def bullets(self) -> set[int]:
        return _bullets(self.seg, self._doc_text) if self._own_text else set()

    @cached_property
    def clauses(self) -> list[tuple[int, int]]:
        if not self._own_text:
            return [(0, len(self.text))]
        return _clauses(self.seg, self.bullets, self.mlex.clause_breaks, self.mlex.dateline)

    # --- spans that are not quantities -----------------------------------------------------
    @cached_property
    def blocked(self) -> list[tuple[int, int]]:
        spans = [m.span() for m in _BLOCKED.finditer(self.text)]
        spans += [m.span() for m in _CITATION.finditer(self.text)]
        return spans

    @cached_property
    def _tok_starts(self) -> list[int]:
        return [tok.start for tok in self.toks]

    def tok_index(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        # Tokens are in text order: a bisection, not a walk from the sentence's start (asked for
        # every bound phrase of every number).
        return bisect_left(self._tok_starts, pos)

    def words_before(self, pos: int, n: int) -> list[Tok]:
        i = self.tok_index(pos)
        return self.toks[max(0, i - n):i]

    def words_after(self, pos: int, n: int) -> list[Tok]:
        i = self.tok_index(pos)
        return self.toks[i:i + n]

    def clause_of(self, pos: int) -> tuple[int, int]:
        for start, end in self.clauses:
            if start <= pos < end:
                return start, end
        return 0, len(self.text)

    def in_mention(self, start: int, end: int, since: int = -1) -> Mention | None:
        """The entity name covering [start, end), ignoring names that begin before ``since``."""
        return next((m for m in self.mentions if m.norm_start < end and start < m.norm_end
                     and m.norm_start >= since), None)

    # --- is it a quantity? -------------------------------------------------------------------
    def not_quantity(self, num: Num) -> str | None:
        text, mlex = self.text, self.mlex
        if any(s <= num.start < e for s, e in self.blocked):
            return "date, phone number or citation"
        if num.attached or re.search(r"[A-ZА-ЯЁ]{2,}\s?[-‐]$", text[:num.start]):
            return "glued to a word or number ('COVID-19', 'COVID -19', '2004-2011')"
        acronym = re.search(r"\b([A-ZА-ЯЁ]{2,})\s$", text[:num.start])
        if acronym and acronym.group(1).lower() not in mlex.currency_codes and not num.word:
            return "an identifier after an acronym ('ISO 27001', 'SDG 3')"
        if _EXCHANGE_RATE.search(text[:num.start]) or (
                _RATE_UNIT.search(text[:num.start]) and re.match(r"1\s?[–—-]\s?\d", text[num.start:])):
            return "a page's exchange rates ('usd/kzt 443.99', '$1 – 12482.38 UZS – 0,56%')"
        if re.match(r"/\d", text[num.end:]):
            return "a fraction, date or schedule ('24/7', '12/03')"
        if num.suffix and num.suffix not in mlex.number_suffixes:
            return "ordinal, decade or compound ('20-го', '2010-х', 'seven-month-old')"
        glued = re.match(r"[^\W\d_]+", text[num.end:])
        if glued and not num.word and glued.group().lower() not in mlex.scales:
            return "code or glued letters ('4G', '1968г')"
        if self._reference_before(num):
            return "reference, identifier or age ('Table 2', 'aged 25')"
        if self._date_or_time_after(num):
            return "date, year, age or ratio"
        if self._age_or_day_range(num):
            return "an age ('two months old') or the first day of a range ('19 to 25 March')"
        if self._name_suffix(num):
            return "the number ending a name ('Zangiota 1', 'Bishkek+25')"
        if self._list_marker(num):
            return "list marker"
        return None

    def _reference_before(self, num: Num) -> bool:
        if re.match(r"\s?%", self.text[num.end:]):
            return False  # a share is never a reference number
        previous = [t for t in self.words_before(num.start, 4) if t.is_word or t.text in "№#"]
        fillers = self.mlex.reference_fillers
        while previous and previous[-1].low in fillers:
            if previous[-1].low in self.mlex.not_before and (
                    len(previous) == 1 or re.match(r"\.\s*$", self.text[previous[-1].end:num.start])):
                return True  # "No. 5", "Family Medicine Center No. 12"
            previous.pop()
        if not previous:
            return False
        word = previous[-1]
        gap = re.sub(_alternation(fillers, word=True), "", self.text[word.end:num.start], flags=re.IGNORECASE)
        if re.search(r"[^\s.:№#]", gap):
            return False  # "Figure 4" and "рис. 1" but not "Table 2 shows 40 % ..." further on
        if word.text == "№" or self.mlex.in_set(word.text, self.mlex.not_before):
            return True
        # 'December 12' is a day; Russian and Kazakh put the day first ('12 декабря'), so there a
        # number after a month word is a quantity ('в декабре 35 пациентов').
        return self.seg.lang == "en" and self._month_word(word.text) is not None and not num.word

    def _date_or_time_after(self, num: Num) -> bool:
        rest = self.text[num.end:]
        if num.suffix:
            rest = rest[len(num.suffix) + 1:]
        nxt = re.match(r"\s*([^\W\d_]+(?:-[^\W\d_]+)*)", rest)
        if nxt is None:
            return False
        word = nxt.group(1)
        if re.match(r"\s*[%" + re.escape("".join(self.mlex.currency_symbols)) + "]", rest):
            return False
        if word.lower() in self.mlex.not_after or self.mlex.in_set(word, self.mlex.not_after):
            return True
        return self._month_word(word) is not None and not num.word

    def _age_or_day_range(self, num: Num) -> bool:
        rest = self.text[num.end:]
        unit_then = re.match(r"\s*[^\W\d_]+\s+([^\W\d_]+)", rest)
        if unit_then and unit_then.group(1).lower() in self.mlex.age_after:
            return True
        joiners = _alternation(self.mlex.range_joiners)
        day = re.match(r"\s*" + joiners + r"\s*\d{1,2}\s+([^\W\d_]+)", rest, re.IGNORECASE)
        return bool(day) and num.value <= 31 and self._month_word(day.group(1)) is not None

    def _name_suffix(self, num: Num) -> bool:
        """A small number glued to a name by '+', or ending the sentence or a quoted name right after a
        capitalised word that names nothing the text knows ('… Zangiota 1.', '«Медиком 2»'): part of a name."""
        before = self.text[:num.start]
        if before.endswith("+") and before[-2:-1].isalnum():
            return True
        rest = self.text[num.end:]
        if num.value >= 100 or num.word or not (re.fullmatch(r"\s*[.;)]?\s*", rest) or re.match(r"\s*[»”\"]", rest)):
            return False
        previous = self.words_before(num.start, 1)
        return bool(previous) and previous[0].is_word and previous[0].text[:1].isupper() and previous[0].start > 0 \
            and self._month_word(previous[0].text) is None and self.in_mention(previous[0].start, previous[0].end) is None

    def _month_word(self, word: str) -> int | None:
        # Asked of every word of every sentence: worked out once per word form.
        mlex = self.mlex
        return mlex.lex.memo("metrics.reader.months", lambda: lru_cache(maxsize=100_000)(partial(_month_of, mlex)))(word)

    def _list_marker(self, num: Num) -> bool:
        return (not self.text[:num.start].strip() and bool(re.match(r"[.)]\s+[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]", self.text[num.end:])))

    def is_year(self, num: Num, unit: str, bound: str) -> bool:
        value = num.value
        if num.grouped or num.word or value != value.to_integral():
            return False
        if not (self.mlex.year_min <= value <= self.mlex.year_max):
            return False
        return unit == "count" and bound == "exact"

    # --- unit, scale, bounds ------------------------------------------------------------------
    def read(self, num: Num) -> Draft | None:
        unit, start = self._currency_before(num)
        end = num.end + (len(num.suffix) + 1 if num.suffix else 0)
        if self._tail_of_compound(num):
            return None
        scale, end = self._scale_after(num, end)
        tail, end = self._compound_part(end, scale) or (Decimal(0), end)
        after_unit, end = self._unit_after(end)
        if after_unit:
            unit = after_unit
        bound, bound_end = self._bound_after(end)
        after_bound = bound_end > end
        before_bound, start, delta = self._bound_before(start, num)
        bound = before_bound if before_bound != "exact" else bound
        if self.is_year(num, unit, bound) and scale == 1:
            return None
        if scale == 1 and unit == "count" and re.fullmatch(r"[1-9]\d{0,2}\.\d\d0", self.text[num.start:num.end]):
            # 'serves 315.000 people', '12.500 visits': a decimal is not written with a trailing zero
            # in the thousandths, so the dot groups thousands ('2.125 points' stays a decimal).
            scale = Decimal(1000)
        return Draft(self.seg, num, num.value * scale + tail, unit, bound, start, bound_end, self.clause_of(num.start),
                     delta=delta, after_bound=after_bound)

    # '22 миллионов 600 тысяч', '167 миллион 979 мың', '111 тыс. 133', '1 billion 200 million': one amount
    # written in parts of falling scale; the parts after the first are read with it, not on their own.
    def _compound_part(self, end: int, scale: Decimal) -> tuple[Decimal, int] | None:
        nxt = re.match(r"\s+(\d{1,3})(?![\d.,])", self.text[end:]) if scale > 1 else None
        if nxt is None:
            return None
        part = Num(end + nxt.start(1), end + nxt.end(1), Decimal(nxt.group(1)))
        own, part_end = self._scale_after(part, part.end)
        # an unscaled part only after thousands ('111 тыс. 133'): '3 млн 15 клиник' is two numbers
        if (own == 1 and scale != 1000) or part.value * own >= scale:
            return None
        return part.value * own, part_end

    def _tail_of_compound(self, num: Num) -> bool:
        # asked of every number: only the few words before it are read
        before = None if num.word else _SCALED_BEFORE.search(self.text, max(0, num.start - 40), num.start)
        if before is None:
            return False
        form = self.mlex.in_set(before.group(1), self.mlex.scales)
        return bool(form) and self._compound_part(before.end(2), self.mlex.scales[form]) is not None

    def _currency_before(self, num: Num) -> tuple[str, int]:
        before = self.text[:num.start]
        stripped = before.rstrip()
        low = stripped.lower()
        for symbol, code in sorted({**self.mlex.currency_symbols, **self.mlex.currency_codes}.items(),
                                   key=lambda kv: -len(kv[0])):
            if low.endswith(symbol):
                head = low[: len(low) - len(symbol)]
                if symbol[:1].isalpha() and head[-1:].isalpha():
                    continue  # "abcusd"
                if symbol[:1].isalpha() and self._amount_before(head):
                    continue  # "5 million USD 2020 Programme": the code is the unit of the amount before it
                if len(before) - len(stripped) > 1:
                    continue
                return code, len(stripped) - len(symbol)
        return "count", num.start

    def _amount_before(self, head: str) -> bool:
        """Whether ``head`` ends in a number, with or without its scale word ('5 million', '3,2 млн')."""
        match = re.search(r"\d\s*([^\W\d_]+)?\.?\s*$", head)
        return bool(match) and (match.group(1) is None or self.mlex.in_set(match.group(1), self.mlex.scales) is not None)

    def _scale_after(self, num: Num, end: int) -> tuple[Decimal, int]:
        rest = self.text[end:]
        glued = re.match(r"([^\W\d_]+)\.?", rest)
        if glued and glued.group(1).lower() in self.mlex.scales and not num.word:
            return self.mlex.scales[glued.group(1).lower()], end + glued.end()
        spaced = re.match(r"\s([^\W\d_]+)(\.?)", rest)
        if spaced:
            word = spaced.group(1)
            form = self.mlex.in_set(word, self.mlex.scales)
            if form and len(form) > 1:
                return self.mlex.scales[form], end + spaced.end()
        return Decimal(1), end

    def _unit_after(self, end: int) -> tuple[str | None, int]:
        rest = self.text[end:]
        if re.match(r"\s?%", rest):
            return "percent", end + rest.index("%") + 1
        toks = self.words_after(end, 3)
        if toks and self.text[end:toks[0].start].strip():
            return None, end
        # an abbreviation's dot is no word: 'млн долл.США'
        toks = [t for t in self.words_after(end, 4) if t.text != "."][:3]
        starts = self.mlex.starts(toks)
        for phrase in self.mlex.percent:
            if (not phrase or phrase[0] in starts) and self._phrase_at(toks, phrase):
                return "percent", toks[len(phrase) - 1].end
        for phrase, code in self.mlex.currency_words:
            if (not phrase or phrase[0] in starts) and self._phrase_at(toks, phrase):
                return code, toks[len(phrase) - 1].end
        symbol = re.match(r"\s?([" + re.escape("".join(k for k in self.mlex.currency_symbols if len(k) == 1)) + "])",
                          rest)
        if symbol and symbol.group(1) in self.mlex.currency_symbols:
            return self.mlex.currency_symbols[symbol.group(1)], end + symbol.end()
        return None, end

    def _phrase_at(self, toks: Sequence[Tok], phrase: tuple[str, ...]) -> bool:
        if len(toks) < len(phrase):
            return False
        for tok, word in zip(toks, phrase):
            if tok.low != word and word not in self.mlex.forms(tok.text):
                return False
        return True

    def _phrase_before(self, pos: int, phrase: tuple[str, ...]) -> int | None:
        """Start of ``phrase`` if it ends right before ``pos`` (whitespace between)."""
        toks = self.words_before(pos, len(phrase))
        if len(toks) < len(phrase) or self.text[toks[-1].end:pos].strip(" "):
            return None
        return toks[0].start if self._phrase_at(toks, phrase) else None

    def _bound_after(self, end: int) -> tuple[str, int]:
        if self.text[end:end + 1] == "+":
            return "atLeast", end + 1
        toks = self.words_after(end, 3)
        if not toks or self.text[end:toks[0].start].strip():
            return "exact", end
        starts = self.mlex.starts(toks)
        for phrase, bound in self.mlex.bounds_after:
            if (not phrase or phrase[0] in starts) and self._phrase_at(toks, phrase):
                return bound, toks[len(phrase) - 1].end
        return "exact", end

    def _bound_before(self, start: int, num: Num) -> tuple[str, int, bool]:
        """(bound, new start, delta): 'более 300', 'более чем на 16%' (a change of at least 16)."""
        pos, delta = start, False
        prev = self.words_before(pos, 1)
        if prev and prev[0].low in self.mlex.delta_preps and not self.text[prev[0].end:pos].strip():
            if self._changed_before(prev[0].start) and not self._from_number_in_clause(prev[0].start):
                delta, pos = True, prev[0].start
        i = self.tok_index(pos)
        if i == 0:
            return "exact", start, delta
        # A bound phrase ends in the word right before: only phrases whose last word that word
        # can be are tried (of some forty, mostly none).
        last = self.toks[i - 1]
        ends = self.mlex.forms(last.text) | {last.low}
        for phrase, bound in self.mlex.bounds_before:
            if phrase[-1] not in ends:
                continue
            at = self._phrase_before(pos, phrase)
            if at is None:
                continue
            if bound == "atMost" and len(phrase) == 1 and phrase[0] in self.mlex.to_words and self._to_is_new_value(at):
                return "exact", start, delta
            return bound, at if not delta else start, delta
        return "exact", start, delta

    def _changed_before(self, pos: int) -> bool:
        """A change word earlier in the sentence ('выросло', 'сократить', 'rose')."""
        return any(self.mlex.in_set(t.text, self.mlex.change_words) for t in self.toks if t.end <= pos and t.is_word)

    def _from_number_in_clause(self, pos: int) -> bool:
        """'с 67% до ...', 'from 18% to ...': an earlier number opened by 'с'/'from' in the clause."""
        start = max(self.clause_of(pos)[0], self.text.rfind(",", 0, pos) + 1)
        opener = _alternation(self.mlex.from_words)
        return bool(re.search(r"(?:^|\s)" + opener + r"\s+\S*\d", self.text[start:pos], re.IGNORECASE))

    def _to_is_new_value(self, pos: int) -> bool:
        """'до' after 'с N' or after a change word is the new value, not an upper bound."""
        if self._from_number_in_clause(pos):
            return True
        window = [t for t in self.words_before(pos, 4) if t.is_word]
        return any(self.mlex.in_set(t.text, self.mlex.change_words) for t in window)

    # --- ranges and the whole sentence -------------------------------------------------------
    def drafts(self) -> list[Draft]:
        if not holds_number(self.text, self.lang, self.mlex):
            return []
        nums = scan_numbers(self.text, self.toks, self.lang, self.mlex)
        out: list[Draft] = []
        consumed = -1
        for i, num in enumerate(nums):
            if num.start < consumed or self.not_quantity(num):
                continue
            draft = self.read(num)
            if draft is None:
                continue
            nxt = nums[i + 1] if i + 1 < len(nums) else None
            other = self.read(nxt) if nxt is not None and not (self.not_quantity(nxt) and not nxt.attached) else None
            if other is not None and self._joins_range(draft, other):
                self._make_range(draft, other)
                consumed = other.span_end
            if num.word and not self._counts_something(draft):
                continue
            out.append(draft)
        return out

    def _joins_range(self, draft: Draft, other: Draft) -> bool:
        nxt = other.num
        between = self.text[draft.span_end:other.span_start]
        joiner = between.strip().lower()
        opener = any(self._phrase_before(draft.span_start, phrase) is not None for phrase in self.mlex.range_openers)
        if opener and joiner in self.mlex.range_joiners:
            if joiner == "to" and self._changed_before(draft.span_start):
                return False  # "rose from 18% to 35%" is a change
            return True
        # "33–34 weeks", "10 – 15": a dash between two numbers of one kind, the larger second
        glued = between in ("-", "–", "—")
        return (glued or between in (" – ", " — ")) and nxt.attached == glued and not nxt.suffix \
            and nxt.value >= draft.num.value

    def _make_range(self, low: Draft, high: Draft) -> None:
        if low.unit == "count" and high.unit != "count":
            low.unit = high.unit
        scale_low = low.value / low.num.value if low.num.value else Decimal(1)
        scale_high = high.value / high.num.value if high.num.value else Decimal(1)
        if scale_low == 1 and scale_high != 1:
            low.value = low.num.value * scale_high
        low.range_max = high.value
        low.bound = "atLeast"
        low.span_end = high.span_end

    def _counts_something(self, draft: Draft) -> bool:
        """A number written as a word is a quantity only with a counted noun after it."""
        phrase = forward_phrase(self, draft.span_end)
        if phrase is None:
            return False
        head = phrase.words[phrase.head]
        return self.mlex.in_set(head.text, self.mlex.discourse) is None


def _month_of(mlex: MetricLexicon, word: str) -> int | None:
    if word.lower() == "may" and not word[:1].isupper():
        return None  # the modal verb
    form = mlex.in_set(word, mlex.months)
    return mlex.months[form] if form else None


def _bullets(seg: Segment, doc_text: str) -> set[int]:
    """Positions of dashes that open a line of the original text: bullets of a PDF table."""
    text, out = seg.norm, set()
    for match in _DASH.finditer(text):
        i = match.start()
        if i + 1 < len(text) and not text[i - 1:i].isalnum():
            # Only blanks between the line start and the dash: step back over them rather than
            # search back to the previous newline and slice from there, which in a document
            # that is one long line was the whole text before the dash, at every dash.
            start = seg.offsets[i]
            while start > 0 and doc_text[start - 1] != "\n" and doc_text[start - 1].isspace():
                start -= 1
            if start == 0 or doc_text[start - 1] == "\n":
                out.add(i)
                out.add(_BLANKS.match(text, i + 1).end())  # the item's first character
    return out


def _clauses(seg: Segment, bullets: set[int], breaks: Sequence[str] = (),
             dateline: Sequence[str] = ()) -> list[tuple[int, int]]:
    """Split a segment at ';', at spaced dashes and at bullets (a dash opening a line of the
    original text, as in PDF tables; ``bullets`` as ``_bullets`` finds them): periods and phrases
    do not cross these."""
    text = seg.norm
    cuts = {0, len(text)}
    for match in _clause_pattern(tuple(dateline)).finditer(text):
        cuts.add(match.end())  # also 'Душанбе, 9 июня 2025 г. Министерство ...': a dateline ends there
    cuts |= {i for i in bullets if i < len(text) and text[i] in _DASHES}
    if breaks:
        cuts.update(start + 1 for start in phrase_starts(text.lower(), tuple(breaks)))
    points = sorted(cuts)
    return [(a, b) for a, b in zip(points, points[1:]) if b > a]


@lru_cache(maxsize=16)
def _clause_pattern(dateline: tuple[str, ...]) -> re.Pattern[str]:
    pattern = r";|\s[–—-]\s"
    if dateline:
        pattern += r"|\b" + _alternation(dateline) + r"\.\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])"
    return re.compile(pattern)
