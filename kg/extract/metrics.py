"""Numbers as observations: value (scaled), unit, bound or range, indicator, subject, period and
breakdowns (tm:partOf).

The module holds mechanisms only; every word it relies on — scale words, currencies, bound
cues, number words, month names, period cues, the indicator glossary, breakdown cues — is in
the ``metrics`` section of ``ontology/lexicon.yaml``. Russian words are matched through pymorphy
lemmas, Kazakh words through the lexicon's suffix stripping, English words in the singular.

One pass over each sentence (or table row) reads its numbers into drafts; a second pass over the
document links breakdowns (parts to their total), lets parts inherit what they leave unsaid, and
resolves elliptic numbers ("в Карагандинской — 2 545") from the numbers around them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from ..ingest import SourceDocument
from ..lexicon import Lexicon
from ..model import MetricRecord, Mention
from ..morph import _analyzer
from ..segment import KAZAKH_LETTERS, Segment
from .entities import slugify
from .relations import Context, evidence_for

MONEY = "money"  # unit class of every currency: breakdowns and ellipsis compare unit classes

# Rules named in the evidence of a metric (described in kg/build.py RULE_DESCRIPTIONS).
RULE_NUMBER = "number-with-indicator"
RULE_ROW = "table-row"
RULE_PART = "breakdown-part"
RULE_PART_EXHAUSTIVE = "breakdown-part-exhaustive"

_TOKEN = re.compile(r"[^\W\d_]+(?:[-‐'’][^\W\d_]+)*|\d+|[^\w\s]", re.UNICODE)
_DIGITS = re.compile(
    r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?(?!\d)"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)"
    r"|\d+(?:[.,]\d+)?"
)
# Spans that hold digits but no quantity: ISO and dotted dates, clock times, phone numbers.
_BLOCKED = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\b\d{1,2}:\d{2}\b"
    r"|\+\d[\d ()\-]{7,}\d"
    r"|\b8\s?\(\d{3,5}\)\s?[\d\- ]{5,}\d"
    r"|\b\d{2,3}-\d{2}-\d{2}\b"
)
_CITATION = re.compile(r"\[\s*\d+(?:\s*[-–,;]\s*\d+)*\s*\]")
_DASHES = "-‐–—"
_YEAR = re.compile(r"(?<![\d.,])(\d{4})(?:\s*[-–—]\s*(\d{4}))?(?![\d])")


# =========================================================================================
# The lexicon's metrics section, read once per lexicon
# =========================================================================================
def _words(items: Iterable[Any]) -> list[str]:
    return [str(item).lower() for item in items or []]


class MetricLexicon:
    """The ``metrics`` section of the lexicon, normalised for matching."""

    def __init__(self, lexicon: Lexicon):
        cfg = lexicon.section("metrics")
        self.lex = lexicon
        self.scales = {str(k).lower().rstrip("."): Decimal(str(v)) for k, v in cfg.get("scales", {}).items()}
        currencies = {str(k).lower(): str(v) for k, v in cfg.get("currencies", {}).items()}
        self.currency_symbols = {k: v for k, v in currencies.items() if not k[:1].isalpha() or k.endswith("$")}
        self.currency_codes = {k: v for k, v in currencies.items() if k.isascii() and k.isalpha() and len(k) == 3}
        self.currency_words = sorted(((tuple(k.split()), v) for k, v in currencies.items() if k[:1].isalpha()),
                                     key=lambda kv: -len(kv[0]))
        self.percent = [tuple(p.split()) for p in _words(cfg.get("percent_words"))]
        self.number_words = {lang: {str(w).lower(): Decimal(str(v)) for w, v in words.items()}
                             for lang, words in (cfg.get("number_words") or {}).items()}
        self.number_word_min = Decimal(str(cfg.get("number_word_min", 2)))
        self.number_suffixes = set(_words(cfg.get("number_suffixes")))
        self.genitive_suffixes = tuple(_words(cfg.get("genitive_suffixes")))
        bounds = cfg.get("bounds") or {}
        self.bounds_before = self._phrases(bounds.get("before") or {})
        self.bounds_after = self._phrases(bounds.get("after") or {})
        changes = cfg.get("change_words") or {}
        self.change_words = {w for words in changes.values() for w in _words(words)}
        self.delta_preps = set(_words(cfg.get("delta_prepositions")))
        self.range_openers = [tuple(p.split()) for p in _words(cfg.get("range_openers"))]
        self.range_joiners = set(_words(cfg.get("range_joiners")))
        self.clause_breaks = [str(b).lower() for b in cfg.get("clause_breaks") or []]
        self.not_after = set(_words(cfg.get("not_quantity_after")))
        self.not_before = set(_words(cfg.get("not_quantity_before")))
        self.months = {str(k).lower(): int(v) for k, v in (cfg.get("months") or {}).items()}
        period = cfg.get("period") or {}
        self.year_min, self.year_max = int(period.get("year_min", 1900)), int(period.get("year_max", 2100))
        self.year_words = set(_words(period.get("year_words")))
        self.decade_endings = tuple(_words(period.get("decade_endings")))
        self.target_words = set(_words(period.get("target_words")))
        self.since_words = set(_words(period.get("since_words")))
        self.relative = {kind: [tuple(p.split()) for p in _words(period.get(kind))]
                         for kind in ("this_year", "last_year", "as_of_document")}
        self.skip = [tuple(p.split()) for p in _words(cfg.get("indicator_skip"))]
        self.stop = set(_words(cfg.get("indicator_stop")))
        self.discourse = set(_words(cfg.get("discourse_nouns")))
        self.classifiers = set(_words(cfg.get("classifier_nouns")))
        self.vacuous = set(_words(cfg.get("vacuous_measures")))
        self.measures = set(_words(cfg.get("measure_nouns")))
        self.verb_indicators: dict[str, str] = {}
        self.verb_labels: dict[str, dict[str, str]] = {}
        for key, spec in (cfg.get("verb_indicators") or {}).items():
            self.verb_labels[str(key)] = {str(k): str(v) for k, v in (spec.get("labels") or {}).items()}
            for word in _words(spec.get("words")):
                self.verb_indicators[word] = str(key)
        self.purpose = set(_words(cfg.get("purpose_prepositions")))
        self.anaphora = {str(cls): set(_words(words)) for cls, words in (cfg.get("anaphora") or {}).items()}
        self.change_labels = {str(k): str(v) for k, v in (cfg.get("change_labels") or {}).items()}
        self.glossary = {tuple(str(k).lower().split()): str(v) for k, v in (cfg.get("indicators") or {}).items()}
        self.max_phrase = max((len(k) for k in self.glossary), default=1)
        self.modifiers = {str(k).lower(): str(v) for k, v in (cfg.get("modifiers") or {}).items()}
        self.unspecified = {str(k): str(v) for k, v in (cfg.get("unspecified") or {}).items()}
        self.plurals = {str(k).lower(): str(v) for k, v in (cfg.get("english_plurals") or {}).items()}
        breakdown = cfg.get("breakdown") or {}
        self.parts_follow = [tuple(p.split()) for p in _words(breakdown.get("parts_follow"))]
        self.total_first = [tuple(p.split()) for p in _words(breakdown.get("total_first"))]
        self.part_first = [tuple(p.split()) for p in _words(breakdown.get("part_first"))]
        self.continuation = [tuple(p.split()) for p in _words(breakdown.get("continuation"))]
        self.distribution = _words(breakdown.get("distribution"))
        self.all_words = set(_words(breakdown.get("all_words")))
        self.remainder = [tuple(p.split()) for p in _words(breakdown.get("remainder_words"))]
        self.total_row_words = set(_words(breakdown.get("total_row_words")))
        grammar = cfg.get("grammar") or {}
        self.prepositions = set(_words(grammar.get("prepositions")))
        self.locative = set(_words(grammar.get("locative")))
        self.kk_locative = tuple(_words(grammar.get("kazakh_locative_endings")))
        self.kk_adjective = tuple(_words(grammar.get("kazakh_adjective_endings")))
        self.kk_verb = tuple(_words(grammar.get("kazakh_verb_endings")))
        self.en_verb = tuple(_words(grammar.get("english_verb_endings")))
        conjunctions = grammar.get("conjunctions") or {}
        self.conjunctions = {w: str(kind) for kind, words in conjunctions.items() for w in _words(words)}
        self.determiners = set(_words(grammar.get("determiners")))
        self.reference_fillers = set(_words(grammar.get("reference_fillers")))
        self.from_words = set(_words(grammar.get("from_words")))
        self.to_words = set(_words(grammar.get("to_words")))
        self.backward_skip = set(_words(grammar.get("backward_skip")))
        self.partitive = _words(grammar.get("partitive"))
        self.owner_links = _words(grammar.get("owner_links"))
        self.place_nouns = _words(grammar.get("place_nouns"))
        self.dateline = _words(grammar.get("dateline_abbreviations"))
        self.purpose_joiners = {str(k): str(v) for k, v in (grammar.get("purpose_joiners") or {}).items()}
        self.forms = lru_cache(maxsize=100_000)(self._forms)

    @staticmethod
    def _phrases(spec: dict[str, Any]) -> list[tuple[tuple[str, ...], str]]:
        out = [(tuple(p.split()), bound) for bound, phrases in spec.items() for p in _words(phrases)]
        return sorted(out, key=lambda item: -len(item[0]))

    def _forms(self, word: str) -> frozenset[str]:
        """Every form a text word matches lexicon words under: itself, its Russian lemma, its
        Kazakh stems, its English singular."""
        low = word.lower().strip("'’")
        low = re.sub(r"[’']s$", "", low)  # English possessive: "the programme’s patients"
        forms = {low}
        if re.search(r"[\u0400-\u04ff]", low):
            forms.update(self.lex.morph.kk_stems(low))
            if not any(c in KAZAKH_LETTERS for c in low):
                forms.add(_ru_lemma(low, self.lex))
                forms.update(_ru_lemmas(low))
        elif low.isascii():
            forms.add(_en_singular(low))
        return frozenset(forms)

    def in_set(self, word: str, words: set[str] | dict[str, Any]) -> str | None:
        for form in sorted(self.forms(word), key=len, reverse=True):
            if form in words:
                return form
        return None


_CACHE: dict[int, MetricLexicon] = {}


def metric_lexicon(lexicon: Lexicon) -> MetricLexicon:
    cached = _CACHE.get(id(lexicon))
    if cached is None or cached.lex is not lexicon:
        cached = _CACHE[id(lexicon)] = MetricLexicon(lexicon)
    return cached


# =========================================================================================
# Words: tokens, Russian morphology, English number
# =========================================================================================
@dataclass(frozen=True)
class Tok:
    start: int
    end: int
    text: str

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()


def tokens_of(text: str) -> list[Tok]:
    return [Tok(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _ru_lemma(word: str, lexicon: Lexicon) -> str:
    if "-" in word:  # "фельдшерско-акушерских" → "фельдшерско-акушерский"
        head, _, last = word.rpartition("-")
        return f"{head}-{lexicon.morph.ru_lemma(last)}"
    return lexicon.morph.ru_lemma(word)


@lru_cache(maxsize=100_000)
def _ru_lemmas(word: str) -> frozenset[str]:
    """Every dictionary reading's lemma ('статей' → стать, статья): glossary words match any."""
    head, sep, last = word.rpartition("-")
    return frozenset(head + sep + p.normal_form for p in _analyzer().parse(last)
                     if p.tag.POS in ("NOUN", "ADJF", "PRTF", "VERB", "INFN", "PRTS"))


@lru_cache(maxsize=100_000)
def _ru_tag(word: str) -> tuple[str | None, str | None, frozenset[str]]:
    """(part of speech, case, grammemes) of the likeliest Russian reading of ``word``."""
    last = word.rsplit("-", 1)[-1]
    parses = _analyzer().parse(last)
    if not parses:
        return None, None, frozenset()
    tag = parses[0].tag
    return tag.POS, tag.case, frozenset(tag.grammemes)


def _ru_inflect(word: str, grammemes: set[str], pos: tuple[str, ...], lemma: str | None = None) -> str | None:
    head, sep, last = word.rpartition("-")
    parses = _analyzer().parse(last.lower())
    if lemma:  # the reading the glossary meant first
        parses = sorted(parses, key=lambda p: p.normal_form != lemma.rsplit("-", 1)[-1])
    for parse in parses:
        if parse.tag.POS in pos:
            form = parse.inflect(grammemes)
            if form is not None:
                return head + sep + form.word
    return None


def _en_singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "’s", "'s")):
        return word[:-1]
    return word


def _en_plural(phrase: str, irregular: dict[str, str] | None = None) -> str:
    head, sep, last = phrase.rpartition(" ")
    if irregular and last in irregular:
        return head + sep + irregular[last]
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last = last + "es" if not last.endswith("s") else last
    else:
        last += "s"
    return head + sep + last


def _is_cyrillic(word: str) -> bool:
    return bool(re.search(r"[\u0400-\u04ff]", word))


def _word_lang(word: str, seg_lang: str) -> str:
    if not _is_cyrillic(word):
        return "en"
    if any(c in KAZAKH_LETTERS for c in word.lower()):
        return "kk"
    return seg_lang if seg_lang in ("ru", "kk") else "ru"


# =========================================================================================
# Reading numbers
# =========================================================================================
@dataclass
class Num:
    start: int  # offsets in the segment's normalised text
    end: int
    value: Decimal
    grouped: bool = False
    word: bool = False
    attached: bool = False  # glued to a preceding word or number by a dash ("COVID-19", "2004-2011")
    suffix: str = ""  # hyphenated ending ("ден" in "18 500-ден")


def parse_number(raw: str, lang: str) -> Decimal | None:
    text = re.sub(r"[ \u00a0\u202f\u2009]", "", raw)
    if "," in text and "." in text:
        text = text.replace(",", "")
    elif "," in text:
        head, _, tail = text.rpartition(",")
        # English writes 1,200 for thousands; Russian and Kazakh write 94,3 for decimals.
        thousands = lang == "en" and len(tail) == 3
        text = head.replace(",", "") + ("" if thousands else ".") + tail
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _digit_numbers(text: str, lang: str) -> list[Num]:
    found = []
    for match in _DIGITS.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        if before and (before.isalnum() or before in ".,/_"):
            continue
        value = parse_number(match.group(), lang)
        if value is None:
            continue
        attached = bool(before in _DASHES and start >= 2 and text[start - 2].isalnum())
        num = Num(start, end, value, grouped=not match.group().isdigit() and not re.fullmatch(r"\d+[.,]\d+",
                                                                                               match.group()),
                  attached=attached)
        suffix = re.match(r"[-‐]([^\W\d_]+)", text[end:])
        if suffix:
            num.suffix = suffix.group(1).lower()
        found.append(num)
    return found


def _word_numbers(toks: list[Tok], lang: str, mlex: MetricLexicon) -> list[Num]:
    words = mlex.number_words.get(lang, {})
    found: list[Num] = []
    i = 0
    while i < len(toks):
        value = _number_word_value(toks[i].text, words, mlex)
        if value is None:
            i += 1
            continue
        start, end, total = toks[i].start, toks[i].end, value
        j = i + 1
        while j < len(toks):  # "twenty five", "двадцать пять", "two hundred"
            nxt = _number_word_value(toks[j].text, words, mlex)
            if nxt is None:
                break
            total = total * nxt if nxt in (100, 1000) and total < nxt else total + nxt
            end = toks[j].end
            j += 1
        if total >= mlex.number_word_min:
            found.append(Num(start, end, total, grouped=True, word=True))
        i = j
    return found


def _number_word_value(word: str, words: dict[str, Decimal], mlex: MetricLexicon) -> Decimal | None:
    parts = word.lower().split("-")
    if len(parts) > 1:  # "twenty-five" is a number; "seven-month-old" is an age
        values = [words.get(p) for p in parts]
        return sum(values, Decimal(0)) if all(v is not None for v in values) else None
    form = mlex.in_set(word, words)
    return words[form] if form else None


def scan_numbers(text: str, toks: list[Tok], lang: str, mlex: MetricLexicon) -> list[Num]:
    nums = _digit_numbers(text, lang) + _word_numbers(toks, lang, mlex)
    return sorted(nums, key=lambda n: n.start)


# =========================================================================================
# Draft metrics
# =========================================================================================
@dataclass
class Phrase:
    """A noun phrase: its words in text order, the head's index, the language."""

    words: list[Tok]
    head: int
    lang: str
    end: int  # end offset in the segment of the phrase (for what follows it)


@dataclass
class Indicator:
    key: str  # slug
    labels: dict[str, str]  # lang → label
    head_key: str  # the counted noun alone (for parts that inherit it)
    head_labels: dict[str, str]
    words: list[str] = field(default_factory=list)  # English key words
    head_text: str = ""  # the counted noun's English key, with spaces


@dataclass
class Draft:
    seg: Segment
    num: Num
    value: Decimal
    unit: str
    bound: str
    span_start: int
    span_end: int
    clause: tuple[int, int]
    range_max: Decimal | None = None
    delta: bool = False
    phrase: Phrase | None = None
    modifiers: list[Tok] = field(default_factory=list)  # adjectives with no noun ("диагностические —")
    indicator: Indicator | None = None
    about: str | None = None
    about_level: int = 99  # how directly the subject was stated (lower is more direct)
    period: str | None = None
    rule: str = RULE_NUMBER
    part_of: "Draft | None" = None
    is_total: bool = False
    row: bool = False
    after_bound: bool = False  # a bound cue followed the number ("-ден астам", "or more")

    @property
    def unit_class(self) -> str:
        return MONEY if self.unit not in ("count", "percent") else self.unit


# =========================================================================================
# One sentence: numbers → drafts
# =========================================================================================
class SentenceReader:
    """Reads the numbers of one segment: what they are, how they are bounded, what they count."""

    def __init__(self, seg: Segment, doc_text: str, mlex: MetricLexicon, ctx: Context, text: str | None = None):
        """``text`` replaces the segment's text (a caption's title) and then mentions are not used."""
        self.seg = seg
        self.text = seg.norm if text is None else text
        self.lang = seg.lang
        self.mlex = mlex
        self.ctx = ctx
        self.toks = tokens_of(self.text)
        self.mentions = list(ctx.mentions.get(seg.index, [])) if text is None else []
        self.blocked = self._blocked_spans()
        self.clauses = (_clauses(seg, doc_text, mlex.clause_breaks, mlex.dateline) if text is None
                        else [(0, len(self.text))])
        self.bullets = _bullets(seg, doc_text) if text is None else set()

    # --- spans that are not quantities -----------------------------------------------------
    def _blocked_spans(self) -> list[tuple[int, int]]:
        spans = [m.span() for m in _BLOCKED.finditer(self.text)]
        spans += [m.span() for m in _CITATION.finditer(self.text)]
        return spans

    def tok_index(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        for i, tok in enumerate(self.toks):
            if tok.start >= pos:
                return i
        return len(self.toks)

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
        if self._list_marker(num):
            return "list marker"
        return None

    def _reference_before(self, num: Num) -> bool:
        if re.match(r"\s?%", self.text[num.end:]):
            return False  # a share is never a reference number
        previous = [t for t in self.words_before(num.start, 4) if t.is_word or t.text in "№#"]
        fillers = self.mlex.reference_fillers
        while previous and previous[-1].low in fillers:
            if previous[-1].low in self.mlex.not_before and len(previous) == 1:
                return True  # "No. 5"
            previous.pop()
        if not previous:
            return False
        word = previous[-1]
        gap = re.sub(_alternation(fillers, word=True), "", self.text[word.end:num.start], flags=re.IGNORECASE)
        if re.search(r"[^\s.:№#]", gap):
            return False  # "Figure 4" and "рис. 1" but not "Table 2 shows 40 % ..." further on
        if word.text == "№" or self.mlex.in_set(word.text, self.mlex.not_before):
            return True
        return self._month_word(word.text) is not None and not num.word

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

    def _month_word(self, word: str) -> int | None:
        if word.lower() == "may" and not word[:1].isupper():
            return None  # the modal verb
        form = self.mlex.in_set(word, self.mlex.months)
        return self.mlex.months[form] if form else None

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
        scale, end = self._scale_after(num, end)
        after_unit, end = self._unit_after(end)
        if after_unit:
            unit = after_unit
        bound, bound_end = self._bound_after(end)
        after_bound = bound_end > end
        before_bound, start, delta = self._bound_before(start, num)
        bound = before_bound if before_bound != "exact" else bound
        if self.is_year(num, unit, bound) and scale == 1:
            return None
        return Draft(self.seg, num, num.value * scale, unit, bound, start, bound_end, self.clause_of(num.start),
                     delta=delta, after_bound=after_bound)

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
                if len(before) - len(stripped) > 1:
                    continue
                return code, len(stripped) - len(symbol)
        return "count", num.start

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
        for phrase in self.mlex.percent:
            if self._phrase_at(toks, phrase):
                return "percent", toks[len(phrase) - 1].end
        for phrase, code in self.mlex.currency_words:
            if self._phrase_at(toks, phrase):
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
        for phrase, bound in self.mlex.bounds_after:
            if self._phrase_at(toks, phrase):
                return bound, toks[len(phrase) - 1].end
        return "exact", end

    def _bound_before(self, start: int, num: Num) -> tuple[str, int, bool]:
        """(bound, new start, delta): 'более 300', 'более чем на 16%' (a change of at least 16)."""
        pos, delta = start, False
        prev = self.words_before(pos, 1)
        if prev and prev[0].low in self.mlex.delta_preps and not self.text[prev[0].end:pos].strip():
            if self._changed_before(prev[0].start) and not self._from_number_in_clause(prev[0].start):
                delta, pos = True, prev[0].start
        for phrase, bound in self.mlex.bounds_before:
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


def _bullets(seg: Segment, doc_text: str) -> set[int]:
    """Positions of dashes that open a line of the original text: bullets of a PDF table."""
    text, out = seg.norm, set()
    for i, char in enumerate(text):
        if char in _DASHES and i + 1 < len(text) and not text[i - 1:i].isalnum():
            # Only blanks between the line start and the dash: step back over them rather than
            # search back to the previous newline and slice from there, which in a document
            # that is one long line was the whole text before the dash, at every dash.
            start = seg.offsets[i]
            while start > 0 and doc_text[start - 1] != "\n" and doc_text[start - 1].isspace():
                start -= 1
            if start == 0 or doc_text[start - 1] == "\n":
                out.add(i)
                out.add(i + 1 + len(text[i + 1:]) - len(text[i + 1:].lstrip()))
    return out


def _alternation(words: Iterable[str], word: bool = False) -> str:
    """A regex group matching any of ``words`` (longest first, spaces flexible)."""
    return _alternation_of(frozenset(w for w in words if w), word)


@lru_cache(maxsize=512)
def _alternation_of(words: frozenset[str], word: bool) -> str:
    # Called per sentence with the same lexicon word lists: escaping them each time was a tenth
    # of extraction.
    ordered = sorted(words, key=lambda w: (-len(w), w))
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) or "(?!)"
    return (r"\b(?:" + body + r")\b") if word else "(?:" + body + ")"


def _clauses(seg: Segment, doc_text: str, breaks: Sequence[str] = (),
             dateline: Sequence[str] = ()) -> list[tuple[int, int]]:
    """Split a segment at ';', at spaced dashes and at bullets (a dash opening a line of the
    original text, as in PDF tables): periods and phrases do not cross these."""
    text = seg.norm
    cuts = {0, len(text)}
    pattern = r";|\s[–—-]\s"
    if dateline:
        pattern += r"|\b" + _alternation(dateline) + r"\.\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])"
    for match in re.finditer(pattern, text):
        cuts.add(match.end())  # also 'Душанбе, 9 июня 2025 г. Министерство ...': a dateline ends there
    cuts |= {i for i in _bullets(seg, doc_text) if i < len(text) and text[i] in _DASHES}
    low = text.lower()
    for phrase in breaks:
        cuts |= {m.start() + 1 for m in re.finditer(re.escape(phrase), low)}
    points = sorted(cuts)
    return [(a, b) for a, b in zip(points, points[1:]) if b > a]


# =========================================================================================
# Noun phrases
# =========================================================================================
def _is_stop(reader: SentenceReader, tok: Tok) -> bool:
    return tok.low in reader.mlex.stop


def _skip_at(reader: SentenceReader, toks: list[Tok], i: int) -> int:
    """Number of tokens of a skip phrase ('новых', 'of the', 'в размере') at toks[i]."""
    for phrase in sorted(reader.mlex.skip, key=len, reverse=True):
        if reader._phrase_at(toks[i:i + len(phrase)], phrase):
            return len(phrase)
    if toks[i].low.endswith(("’s", "'s")):
        return 1  # a possessor ("the programme’s patients") is not what is counted
    return 0


def _kk_adjective(reader: SentenceReader, word: str) -> bool:
    return word.lower().endswith(reader.mlex.kk_adjective)


def _kk_verb(reader: SentenceReader, word: str) -> bool:
    return word.lower().endswith(reader.mlex.kk_verb)


def _ru_class(tok: Tok, conjunctions: dict[str, str] | None = None) -> str:
    """noun | adj | conj | verb | other, for Russian words."""
    if tok.text.isupper() and len(tok.text) >= 2:
        return "noun"  # abbreviations: ИВЛ, ЭКГ
    if not _is_cyrillic(tok.text):
        return "noun" if tok.is_word else "other"
    pos, _, grammemes = _ru_tag(tok.low)
    if pos in ("NOUN",):
        return "noun"
    if pos in ("ADJF", "PRTF", "NUMR") or "Apro" in grammemes:
        return "adj"
    if pos in ("VERB", "INFN", "PRTS", "GRND", "ADJS"):
        return "verb"
    if pos == "CONJ" and tok.low in (conjunctions or {}):
        return "conj"
    return "other"


def _glossary_span(reader: SentenceReader, toks: list[Tok], start: int) -> int:
    """Length of the longest glossary phrase at toks[start] (0 if none)."""
    mlex = reader.mlex
    for length in range(min(mlex.max_phrase, len(toks) - start), 0, -1):
        if _glossary_key(reader, toks[start:start + length]) is not None:
            return length
    return 0


def _glossary_key(reader: SentenceReader, words: Sequence[Tok]) -> str | None:
    mlex = reader.mlex
    candidates = [sorted(mlex.forms(w.text)) for w in words]
    for key, canonical in mlex.glossary.items():
        if len(key) == len(words) and all(k in forms or k == w.low for k, forms, w in zip(key, candidates, words)):
            return canonical
    return None


def forward_phrase(reader: SentenceReader, pos: int) -> Phrase | None:
    """The noun phrase a number at ``pos`` counts: '217 [объектов здравоохранения]',
    '43 [types of medical procedures]', '64 [ауылдық медициналық пункт]'."""
    end = reader.clause_of(max(pos - 1, 0))[1]
    dash = re.match(r"\s*[—–]\s*", reader.text[pos:])
    after_dash = bool(dash) and reader.lang in ("ru", "kk") and pos + dash.end() not in reader.bullets
    if after_dash:
        pos += dash.end()  # "7 150 — дети": the noun stands after the dash, in the next clause
        end = reader.clause_of(pos)[1]
    toks = [t for t in reader.toks if pos <= t.start < end]
    if not toks or reader.text[pos:toks[0].start].strip():
        return None
    i = 0
    while i < len(toks) and toks[i].is_word and (n := _skip_at(reader, toks, i)):
        i += n
    if i >= len(toks) or not toks[i].is_word:
        return None
    mention = reader.in_mention(toks[i].start, toks[i].end)
    if mention is not None and mention.norm_start >= pos:
        return None  # a name follows, not a counted noun (a name that swallowed the number is ignored)
    lang = _word_lang(toks[i].text, reader.lang)
    if lang == "ru":
        phrase = _ru_forward(reader, toks, i)
        genitive = phrase is not None and phrase.head >= 0 and _ru_tag(phrase.words[phrase.head].low)[1] == "gent"
        if phrase is not None and after_dash and genitive:
            # '49 – отечественного производства': a genitive after a dash qualifies, it does not count
            return Phrase([t for t in phrase.words if _ru_class(t) == "adj"], -1, "ru", phrase.end)
        return phrase
    if lang == "kk":
        return _kk_forward(reader, toks, i)
    return _en_forward(reader, toks, i)


def _extend_glossary(reader: SentenceReader, toks: list[Tok], words: list[Tok], first: int) -> list[Tok]:
    """Extend a phrase over a stop word when the glossary knows the longer phrase
    ('доступ' + 'к интернету')."""
    span = _glossary_span(reader, toks, first)
    return toks[first:first + span] if span > len(words) else words


def _ru_forward(reader: SentenceReader, toks: list[Tok], i: int) -> Phrase | None:
    words: list[Tok] = []
    head = -1
    j = i
    while j < len(toks) and len(words) < 6:
        tok = toks[j]
        if not tok.is_word or reader.in_mention(tok.start, tok.end, since=toks[0].start):
            break
        if words and reader.text[words[-1].end:tok.start].strip():
            break  # punctuation inside: the phrase ended
        cls = _ru_class(tok, reader.mlex.conjunctions)
        if head < 0:
            if cls == "adj" and not _is_stop(reader, tok):
                words.append(tok)
            elif cls == "conj" and words and j + 1 < len(toks) and _ru_class(toks[j + 1]) == "adj":
                words.append(tok)
            elif cls == "noun" and not _is_stop(reader, tok):
                words.append(tok)
                head = len(words) - 1
            else:
                break
        else:
            _, case, _ = _ru_tag(tok.low)
            complement = len(words) - head - 1
            next_is_noun = j + 1 < len(toks) and toks[j + 1].is_word and _ru_class(toks[j + 1]) == "noun"
            if cls == "adj" and not next_is_noun:
                break  # 'жителей, получивших ...': a participle clause, not a complement
            if cls in ("noun", "adj") and (case == "gent" or tok.text.isupper()) and complement < 2:
                words.append(tok)
            else:
                break
        j += 1
    if not words:
        return None
    extended = _extend_glossary(reader, toks, words, i)
    if len(extended) > len(words):
        words = extended
        head = _ru_compound_head(words, reader.mlex.prepositions)
    if head < 0:
        return Phrase(words, -1, "ru", words[-1].end)  # adjectives only: the noun is elided
    return Phrase(words, head, "ru", words[-1].end)


def _ru_compound_head(words: list[Tok], prepositions: set[str]) -> int:
    """Head of a glossary phrase: the first noun, but in 'рентген аппаратами' (a noun used as an
    attribute, no preposition between) the last noun not in the genitive."""
    nouns = [k for k, t in enumerate(words) if _ru_class(t) == "noun"]
    if not nouns:
        return len(words) - 1
    if any(t.low in prepositions for t in words):
        return nouns[0]
    later = [k for k in nouns[1:] if _ru_tag(words[k].low)[1] != "gent" and not words[k].text.isupper()]
    return later[-1] if later else nouns[0]


def _kk_forward(reader: SentenceReader, toks: list[Tok], i: int) -> Phrase | None:
    span = 0
    j = i
    words: list[Tok] = []
    while j < len(toks) and toks[j].is_word and not _is_stop(reader, toks[j]):
        span = _glossary_span(reader, toks, j)
        modifier = reader.mlex.in_set(toks[j].text, reader.mlex.modifiers) and j + 1 < len(toks) \
            and toks[j + 1].is_word and not _is_stop(reader, toks[j + 1]) and _glossary_span(reader, toks, j + 1)
        if span and (span > 1 or not modifier):
            words.extend(toks[j:j + span])
            break
        tok = toks[j]
        verb = _kk_verb(reader, tok.text) and not _kk_adjective(reader, tok.text)
        if reader.in_mention(tok.start, tok.end, since=toks[0].start) or verb:
            break
        words.append(tok)
        if not _kk_adjective(reader, tok.text) and not (reader.mlex.in_set(tok.text, reader.mlex.modifiers)
                                                 and j + 1 < len(toks) and toks[j + 1].is_word):
            break  # a Kazakh phrase ends with its noun
        j += 1
    while words and _kk_adjective(reader, words[-1].text) and not span and len(words) > 1:
        words.pop()
    if not words:
        return None
    return Phrase(words, len(words) - 1, "kk", words[-1].end)


def _en_forward(reader: SentenceReader, toks: list[Tok], i: int) -> Phrase | None:
    words: list[Tok] = []
    j = i
    limit = 3
    while j < len(toks) and len(words) < limit:
        tok = toks[j]
        if not tok.is_word or reader.in_mention(tok.start, tok.end, since=toks[0].start):
            break
        if words and reader.text[words[-1].end:tok.start].strip():
            break
        low = tok.low
        if words and low in reader.mlex.partitive and reader.mlex.in_set(words[-1].text, reader.mlex.classifiers) \
                and len(words) == 1:
            words.append(tok)  # "types of medical procedures"
            limit = 6
            j += 1
            continue
        if words and low in reader.mlex.conjunctions and j + 1 < len(toks) and toks[j + 1].is_word \
                and not _is_stop(reader, toks[j + 1]) and len(words) < limit and j + 2 < len(toks) \
                and toks[j + 2].is_word and not _is_number_word(reader, toks[j + 1]):
            words.append(tok)  # "clinical and operational standards"
            limit += 2
            j += 1
            continue
        verb_like = low.endswith(reader.mlex.en_verb) and len(low) > 4
        after = toks[j + 1] if j + 1 < len(toks) else None
        verb_before_stop = verb_like and (words or after is None or not after.is_word or _is_stop(reader, after))
        if _is_stop(reader, tok) or verb_before_stop:
            break
        words.append(tok)
        j += 1
    while words and (words[-1].low in reader.mlex.conjunctions or words[-1].low in reader.mlex.partitive):
        words.pop()
    if not words:
        return None
    return Phrase(words, len(words) - 1, "en", words[-1].end)


def _is_number_word(reader: SentenceReader, tok: Tok) -> bool:
    words = reader.mlex.number_words.get(_word_lang(tok.text, reader.lang), {})
    return _number_word_value(tok.text, words, reader.mlex) is not None


def backward_phrase(reader: SentenceReader, pos: int) -> tuple[Phrase | None, bool]:
    """The noun phrase a number at ``pos`` is said of, when it stands after it:
    'консультативные услуги специалистов — 12 645', 'износ зданий сохраняется (51,7% …)',
    'научных статей (1014)'. Also reports whether a verb stood between."""
    clause_start = reader.clause_of(pos)[0]
    gap = reader.text[:pos].rstrip()
    paren = gap.endswith("(")
    dash = bool(gap) and gap[-1] in _DASHES + ":"
    if dash:
        clause_start = reader.clause_of(len(gap) - 2)[0] if len(gap) >= 2 else 0
    toks = [t for t in reader.toks if t.end <= pos and t.start >= clause_start and t.is_word]
    for phrase in sorted(reader.mlex.skip, key=len, reverse=True):
        if len(phrase) > 1 and len(toks) >= len(phrase) and reader._phrase_at(toks[-len(phrase):], phrase):
            toks = toks[:-len(phrase)]  # '(в среднем -3%)'
            break
    i = len(toks) - 1
    while i >= 0 and (toks[i].low in reader.mlex.stop and _ru_class(toks[i]) != "noun"):
        if toks[i].low in reader.mlex.purpose | reader.mlex.backward_skip:
            i -= 1
            continue
        break
    verb = False
    if i >= 0 and _backward_is_verb(reader, toks[i]):
        verb = True
        i -= 1
    chain: list[Tok] = []
    while i >= 0 and len(chain) < 5:
        tok = toks[i]
        if reader.in_mention(tok.start, tok.end) or _is_period_word(reader, tok):
            break
        if chain and reader.text[tok.end:chain[0].start].strip():
            break
        lang = _word_lang(tok.text, reader.lang)
        if lang == "ru":
            cls = _ru_class(tok)
            if cls not in ("noun", "adj"):
                break
            if paren and not verb and chain and cls == "noun" and any(_ru_class(c) == "noun" for c in chain) \
                    and not reader.mlex.in_set(tok.text, reader.mlex.measures | reader.mlex.vacuous):
                break  # 'результаты поиска [научных статей] (1014)': the nearest noun is counted
        elif _is_stop(reader, tok) or tok.low in reader.mlex.determiners:
            break
        chain.insert(0, tok)
        i -= 1
    if verb and chain and i >= 0 and toks[i].low in reader.mlex.prepositions \
            and _word_lang(chain[-1].text, reader.lang) == "ru":
        # 'Охват скринингом [в отдалённых сёлах] вырос с 38%': the subject stands before the adjunct
        i -= 1
        subject: list[Tok] = []
        while i >= 0 and len(subject) < 4 and _ru_class(toks[i]) in ("noun", "adj") \
                and not reader.in_mention(toks[i].start, toks[i].end):
            subject.insert(0, toks[i])
            i -= 1
        if any(_ru_class(t) == "noun" for t in subject):
            chain = subject
    if not chain:
        return None, verb
    lang = _word_lang(chain[-1].text, reader.lang)
    if lang == "ru":
        nouns = [k for k, t in enumerate(chain) if _ru_class(t) == "noun"]
        if not nouns:
            return Phrase(chain, -1, "ru", chain[-1].end), verb
        nominative = [k for k in nouns if _ru_tag(chain[k].low)[1] == "nomn"]
        head = nominative[0] if nominative else nouns[0]
        first = head
        while first > 0 and _ru_class(chain[first - 1]) in ("adj", "conj"):
            first -= 1
        return Phrase(chain[first:head + 3], head - first, "ru", chain[-1].end), verb
    return Phrase(chain, len(chain) - 1, lang, chain[-1].end), verb


def _backward_is_verb(reader: SentenceReader, tok: Tok) -> bool:
    lang = _word_lang(tok.text, reader.lang)
    if lang == "ru":
        return _ru_class(tok) == "verb"
    if lang == "kk":
        return _kk_verb(reader, tok.text)
    return tok.low in reader.mlex.stop and tok.low not in reader.mlex.determiners | set(reader.mlex.partitive)


def _is_period_word(reader: SentenceReader, tok: Tok) -> bool:
    return bool(reader.mlex.in_set(tok.text, reader.mlex.year_words)) or tok.low in reader.mlex.months


# =========================================================================================
# Indicators: phrase → key and labels
# =========================================================================================
def _modifier_key(reader: SentenceReader, tok: Tok) -> str | None:
    form = reader.mlex.in_set(tok.text, reader.mlex.modifiers)
    if form:
        return reader.mlex.modifiers[form]
    gloss = reader.mlex.lex.gloss(tok.text)
    return gloss if gloss and _word_lang(tok.text, reader.lang) == "ru" and _ru_class(tok) == "adj" else None


def _lemma_word(reader: SentenceReader, tok: Tok) -> str:
    lang = _word_lang(tok.text, reader.lang)
    if lang == "ru":
        return _ru_lemma(tok.low, reader.mlex.lex)
    if lang == "en":
        return _en_singular(tok.low)
    return tok.low


def indicator_of(reader: SentenceReader, phrase: Phrase, unit: str) -> Indicator | None:
    """Key and labels of the indicator a phrase names; None when it names nothing countable."""
    words, head = list(phrase.words), phrase.head
    if head < 0:
        return None
    # 'уровень износа зданий' is 'износ зданий'; 'number of X' is X; 'расширение покрытия' is 'покрытие'
    while head + 1 < len(words) and (reader.mlex.in_set(words[head].text, reader.mlex.vacuous)
                                     or reader.mlex.in_set(words[head].text, reader.mlex.change_words)):
        words = words[head + 1:]
        head = next((k for k, t in enumerate(words) if phrase.lang != "ru" or _ru_class(t) == "noun"), 0)
        if words and words[0].low in reader.mlex.partitive:
            words, head = words[1:], max(head - 1, 0)
    if reader.mlex.in_set(words[head].text, reader.mlex.vacuous) and head == len(words) - 1:
        return None  # 'этой суммы', 'the share': a measure with nothing measured
    window = _head_window(reader, words, head)
    if window is None:
        return _plain_indicator(reader, words, head, phrase.lang, unit)
    coordinated = _coordinated_nouns(reader, words, window)
    if coordinated is not None:
        return coordinated
    a, b, canonical = window
    key_words = _modifier_keys(reader, words[:a], keep_unknown=phrase.lang == "en") + [canonical]
    measure = reader.mlex.in_set(words[head].text, reader.mlex.measures)
    label_words = words[:b]
    if measure and b == head + 1 and b < len(words):
        complement = _glossary_key(reader, words[b:]) or " ".join(_lemma_word(reader, t) for t in words[b:])
        key_words = [complement] + key_words
        label_words = words
    elif phrase.lang == "en" or b >= len(words):
        label_words = words[:b] if phrase.lang != "en" else words
    key = slugify(" ".join(key_words), reader.mlex.lex)
    labels = _labels(reader, label_words, min(head, len(label_words) - 1), phrase.lang, unit, (a, b, canonical))
    english = " ".join(key_words)
    labels.setdefault("en", _en_plural(english, reader.mlex.plurals) if unit == "count" else english)
    head_alone = _glossary_key(reader, [words[head]])
    head_canonical = head_alone or canonical
    head_words = [words[head]] if head_alone else words[a:b]
    head_labels = _labels(reader, head_words, head - a if not head_alone else 0, phrase.lang, unit,
                          None if head_alone else (a, b, canonical), offset=0 if head_alone else a)
    head_labels["en"] = _en_plural(head_canonical, reader.mlex.plurals) if unit == "count" else head_canonical
    return Indicator(key, labels, slugify(head_canonical, reader.mlex.lex), head_labels, key_words, head_canonical)


def _coordinated_nouns(reader: SentenceReader, words: list[Tok], window: tuple[int, int, str]) -> Indicator | None:
    """'doctors and nurses': two counted nouns, not a modifier and a noun."""
    a, b, canonical = window
    if a < 2 or words[a - 1].low not in reader.mlex.conjunctions or b != len(words):
        return None
    first = _glossary_key(reader, words[:a - 1]) or _glossary_key(reader, words[a - 2:a - 1])
    if first is None:
        return None
    english = f"{first} {reader.mlex.conjunctions[words[a - 1].low]} {canonical}"
    labels = {"en": " ".join(_case(t.text) for t in words)} if _word_lang(words[-1].text, reader.lang) == "en" else {}
    labels.setdefault("en", english)
    return Indicator(slugify(english, reader.mlex.lex), labels, slugify(canonical, reader.mlex.lex), labels,
                     english.split(), canonical)


def _modifier_keys(reader: SentenceReader, modifiers: Sequence[Tok], keep_unknown: bool) -> list[str]:
    """English keys of the words before a head; a conjunction stays between two known words.
    Unknown words are kept only in English, where they are readable as they are."""
    keys: list[str | None] = []
    for tok in modifiers:
        if tok.low in reader.mlex.conjunctions:
            keys.append(reader.mlex.conjunctions[tok.low])
        else:
            known = _modifier_key(reader, tok)
            if known is None and keep_unknown:
                known = _en_singular(tok.low) if reader.mlex.in_set(tok.text, reader.mlex.classifiers) else tok.low
            keys.append(known)
    out: list[str] = []
    for k, key in enumerate(keys):
        joins = set(reader.mlex.conjunctions.values())
        if key in joins and not (out and k + 1 < len(keys) and keys[k + 1] is not None and keys[k + 1] not in joins):
            continue
        if key:
            out.append(key)
    return out


def _head_window(reader: SentenceReader, words: list[Tok], head: int) -> tuple[int, int, str] | None:
    """(start, end, canonical) of the longest glossary phrase that holds the head."""
    best = None
    for a in range(0, head + 1):
        for b in range(len(words), head, -1):
            if best and (b - a) <= (best[1] - best[0]):
                continue
            canonical = _glossary_key(reader, words[a:b])
            if canonical is not None:
                best = (a, b, canonical)
    return best


def _plain_indicator(reader: SentenceReader, words: list[Tok], head: int, lang: str, unit: str) -> Indicator:
    """An indicator the glossary does not know: its words, lemmatised, make the key."""
    if lang == "en":
        key_text = " ".join(_en_singular(t.low) if k in (head, 0) else t.low for k, t in enumerate(words))
    else:
        key_text = " ".join(_lemma_word(reader, t) for t in words)
    key = slugify(key_text, reader.mlex.lex)
    labels = _labels(reader, words, head, lang, unit)
    head_labels = _labels(reader, [words[head]], 0, lang, unit)
    head_text = _lemma_word(reader, words[head])
    return Indicator(key, labels, slugify(head_text, reader.mlex.lex), head_labels, [key_text], head_text)


def _labels(reader: SentenceReader, words: list[Tok], head: int, lang: str, unit: str,
            window: tuple[int, int, str] | None = None, offset: int = 0) -> dict[str, str]:
    """The label of a phrase in its language. ``window``: the glossary phrase's (start, end) in
    the phrase's words (shifted by ``offset``), whose dictionary forms the label may use."""
    if not words:
        return {}
    gloss_words: dict[int, str] = {}
    if window is not None:
        a, b, _ = window
        a, b = a - offset, b - offset
        key = _glossary_phrase(reader, words[max(a, 0):b])
        if key is not None:
            gloss_words = {max(a, 0) + k: w for k, w in enumerate(key)}
    if lang == "ru":
        return {"ru": _ru_label(words, head, plural=unit == "count", lemmas=gloss_words)}
    if lang == "kk":  # the dictionary form: 'ауданда' → 'аудан'
        return {"kk": " ".join(gloss_words.get(k) or _case(t.text) for k, t in enumerate(words))}
    return {"en": " ".join(_case(t.text) for t in words)}


def _glossary_phrase(reader: SentenceReader, words: Sequence[Tok]) -> tuple[str, ...] | None:
    """The glossary's own words for a phrase it knows."""
    candidates = [reader.mlex.forms(w.text) for w in words]
    for key in reader.mlex.glossary:
        if len(key) == len(words) and all(k in forms or k == w.low for k, forms, w in zip(key, candidates, words)):
            return key
    return None


def _case(word: str) -> str:
    return word if word.isupper() and len(word) > 1 else word.lower()


def _ru_label(words: list[Tok], head: int, plural: bool, lemmas: dict[int, str] | None = None) -> str:
    """Nominative (plural for counts) of a Russian phrase: 'районных больниц' → 'районные больницы'.
    ``lemmas``: the dictionary word each position must be read as ('статей' is статья, not стать)."""
    lemmas = lemmas or {}
    head = max(0, min(head, len(words) - 1))
    head_tag = _ru_tag(words[head].low)
    number = "plur" if plural and "Sgtm" not in head_tag[2] else "sing"
    gender = next((g for g in ("masc", "femn", "neut") if g in head_tag[2]), None)
    out = []
    for k, tok in enumerate(words):
        if k < head and _ru_class(tok) == "adj":
            grammemes = {"nomn", number} | ({gender} if number == "sing" and gender else set())
            out.append(_ru_inflect(tok.low, grammemes, ("ADJF", "PRTF")) or tok.low)
        elif k == head and _ru_class(tok) == "noun" and not tok.text.isupper():
            out.append(_ru_inflect(tok.low, {"nomn", number}, ("NOUN",), lemmas.get(k)) or tok.low)
        elif k < head and _ru_class(tok) == "noun" and lemmas.get(k):
            out.append(lemmas[k])  # an attributive noun: 'рентген аппараты'
        else:
            out.append(_case(tok.text))
    return " ".join(out)


def _with_modifiers(reader: SentenceReader, base: Indicator, modifiers: list[Tok], unit: str) -> Indicator:
    """An elided noun restored from the total: 'диагностические —' + 'услуги' → diagnostic services."""
    keys = _modifier_keys(reader, modifiers, keep_unknown=False)
    key_words = keys + [base.head_text or base.head_key.replace("-", " ")]
    labels = dict(base.head_labels)
    if modifiers:
        lang = _word_lang(modifiers[-1].text, reader.lang)
        if lang == "ru" and "ru" in base.head_labels:
            number = "plur" if unit == "count" else "sing"
            adjs = [(_ru_inflect(t.low, {"nomn", number}, ("ADJF", "PRTF")) or t.low) for t in modifiers]
            labels["ru"] = " ".join(adjs + [base.head_labels["ru"]])
        elif lang in base.head_labels:
            labels[lang] = " ".join([t.low for t in modifiers] + [base.head_labels[lang]])
    if keys:
        labels["en"] = _en_plural(" ".join(key_words), reader.mlex.plurals) if unit == "count" else " ".join(key_words)
    return Indicator(slugify(" ".join(key_words), reader.mlex.lex), labels, base.head_key, base.head_labels, key_words,
                     base.head_text)


def _verb_indicator(reader: SentenceReader, draft: Draft) -> Indicator | None:
    """'The pilot cost UZS 145 bn', 'выделено 1,8 млрд тенге', 'грант бөлді': money named by its verb."""
    start, end = draft.clause
    window = [t for t in reader.toks if start <= t.start and t.end <= draft.span_start and t.is_word][-5:]
    window += [t for t in reader.toks if draft.span_end <= t.start < end and t.is_word][:3]
    for tok in window:
        form = reader.mlex.in_set(tok.text, reader.mlex.verb_indicators)
        if form is None:
            continue
        key = reader.mlex.verb_indicators[form]
        known = reader.mlex.verb_labels.get(key, {})
        labels = {lang: label for lang, label in known.items() if lang in ("en", reader.lang)} or {"en": key}
        purpose = _purpose_phrase(reader, draft)
        if purpose is not None:
            inner = indicator_of(reader, purpose, "percent")  # 'на здравоохранение': singular
            if inner is not None:
                slug = slugify(" ".join([key, "on"] + inner.words), reader.mlex.lex)
                out = {"en": slug.replace("-", " ")}  # the glossed key reads as English
                if reader.lang in labels and reader.lang != "en" and reader.lang in inner.labels:
                    joiner = reader.mlex.purpose_joiners.get(reader.lang, "")
                    parts = (labels[reader.lang], joiner, inner.labels[reader.lang])
                    out[reader.lang] = " ".join(w for w in parts if w)
                return Indicator(slug, out, key, out, [key, "on"] + inner.words, key)
        return Indicator(slugify(key, reader.mlex.lex), labels, key, labels, [key], key)
    return None


def _purpose_phrase(reader: SentenceReader, draft: Draft) -> Phrase | None:
    """'3,9% на здравоохранение', '60% пришлось на оборудование': what the share or sum is for."""
    after = [t for t in reader.toks if draft.span_end <= t.start < draft.clause[1]][:4]
    for k, tok in enumerate(after):
        if tok.low in reader.mlex.purpose and k + 1 < len(after):
            return forward_phrase(reader, after[k + 1].start)
        if not tok.is_word or (k > 0 and not _backward_is_verb(reader, after[k - 1])):
            if k > 1:
                break
    return None


def find_indicator(reader: SentenceReader, draft: Draft, earlier: Sequence[Draft] = ()) -> None:
    """Fill ``draft.indicator`` (or ``draft.modifiers`` when the noun is elided). ``earlier``:
    the numbers before it in the sentence."""
    # A Kazakh case ending detaches the number from the noun after it ("190-ында интернет"),
    # unless a bound follows ("18 500-ден астам қашықтықтан кеңес").
    detached = bool(draft.num.suffix) and not draft.after_bound
    forward = None if detached else forward_phrase(reader, draft.span_end)
    if forward is not None and forward.head < 0:
        draft.modifiers = forward.words  # "9 флюорографических", "1500 отечественных"
        return
    if forward is not None:
        indicator = indicator_of(reader, forward, draft.unit)
        if indicator is not None:
            draft.phrase, draft.indicator = forward, indicator
            return
    if draft.unit_class == MONEY:
        draft.indicator = _verb_indicator(reader, draft)
        if draft.indicator is not None:
            return
    if draft.unit == "count" and not _introduced(reader, draft.span_start):
        return  # a count names its noun after it, or after '(' / '—' / ':' before it
    if draft.unit == "count" and any(d.unit_class == draft.unit_class for d in earlier) \
            and reader.text[:draft.span_start].rstrip().endswith("("):
        return  # 'социальных наук (1014 публикаций), ... медицина (485)': 485 more of the same
    backward, _ = backward_phrase(reader, draft.span_start)
    if backward is not None and backward.head < 0:
        draft.modifiers = backward.words
        return
    if backward is not None:
        draft.indicator = indicator_of(reader, backward, draft.unit)
        if draft.indicator is not None:
            draft.phrase = backward
            return
    if draft.unit == "percent":
        draft.indicator = _verb_indicator(reader, draft)
        if draft.indicator is None:
            purpose = _purpose_phrase(reader, draft)
            if purpose is not None:
                draft.indicator = indicator_of(reader, purpose, draft.unit)


def _introduced(reader: SentenceReader, pos: int) -> bool:
    """'научных статей (1014)', 'консультативные услуги — 12 645', 'Павлодар: 22'."""
    before = reader.text[:pos].rstrip()
    return bool(before) and before[-1] in "(:" + _DASHES


def _as_change(reader: SentenceReader, indicator: Indicator) -> Indicator:
    words = indicator.words + ["change"]
    labels = {lang: f"{label} ({reader.mlex.change_labels.get(lang, 'change')})"
              for lang, label in indicator.labels.items()}
    labels["en"] = " ".join(words)
    return Indicator(slugify(" ".join(words), reader.mlex.lex), labels, indicator.head_key, indicator.head_labels,
                     words,
                     indicator.head_text)


def _unspecified(reader: SentenceReader) -> Indicator:
    labels = {lang: label for lang, label in reader.mlex.unspecified.items() if lang in ("en", reader.lang)}
    labels = labels or {"en": "unspecified"}
    return Indicator("unspecified", labels, "unspecified", labels, ["unspecified"])


# =========================================================================================
# Periods
# =========================================================================================
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
    openers = _alternation({w for p in mlex.range_openers for w in p} | mlex.from_words)
    joiners = _alternation(w for w in mlex.range_joiners if w.isalpha())
    for match in re.finditer(r"\b" + openers + r"\s+(\d{4})\s+" + joiners + r"\s+(\d{4})\b", text, re.IGNORECASE):
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


def _date_cues(reader: SentenceReader) -> list[PeriodCue]:
    """'12 December 2024', '4 декабря 2026 г.', 'October 2025', '2024 жылғы 3 сәуір'."""
    out = []
    text = reader.text
    for match in re.finditer(r"(?<![\d.,])(\d{1,2})\s+([^\W\d_]+)\s+(\d{4})", text):
        month = reader._month_word(match.group(2))
        if month:
            out.append(PeriodCue(match.start(), match.end(),
                                 f"{match.group(3)}-{month:02d}-{int(match.group(1)):02d}"))
    for match in re.finditer(r"(?<![\d.,])(\d{4})\s+\S+\s+(\d{1,2})\s+([^\W\d_]+)", text):
        month = reader._month_word(match.group(3))
        if month:
            out.append(PeriodCue(match.start(), match.end(),
                                 f"{match.group(1)}-{month:02d}-{int(match.group(2)):02d}"))
    for match in re.finditer(r"([^\W\d_]+)\s+(\d{4})(?!\d)", text):
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
    for kind, phrases in reader.mlex.relative.items():
        for phrase in phrases:
            for i in range(len(reader.toks) - len(phrase) + 1):
                window = reader.toks[i:i + len(phrase)]
                if all(t.low == w for t, w in zip(window, phrase)):
                    out.append(PeriodCue(window[0].start, window[-1].end, values[kind]))
    return out


def choose_period(reader: SentenceReader, draft: Draft, cues: list[PeriodCue], year_context: int | None) -> str | None:
    start, end = draft.clause
    near = [c for c in cues if start <= c.start < end]
    if not near:
        return None
    cue = min(near, key=lambda c: (min(abs(c.start - draft.span_end), abs(draft.span_start - c.end)), c.start))
    if cue.month_only is not None:
        year = _year_in(cues) or year_context
        return f"{year}-{cue.month_only:02d}" if year else None
    return cue.value


def _year_in(cues: list[PeriodCue]) -> int | None:
    for cue in cues:
        if cue.value and re.fullmatch(r"\d{4}", cue.value):
            return int(cue.value)
    return None


# =========================================================================================
# Subjects (tm:about)
# =========================================================================================
class Subjects:
    """Who a number is about, from the most direct statement to the document's country."""

    def __init__(self, segments: list[Segment], ctx: Context, lexicon: Lexicon):
        self.ctx = ctx
        self.lexicon = lexicon
        self.mlex = metric_lexicon(lexicon)
        self.segments = segments
        # (segment, position, mention, class) in document order, None once forgotten. Sorted by
        # (segment, position), which self._keys holds alone for bisect: the lookups below start
        # at the mentions before a point instead of stepping back over every later one from the
        # end of the document (quadratic in a document's sentences).
        entries: list[tuple[int, int, Mention, str]] = []
        for seg in segments:
            mentions = ctx.mentions.get(seg.index, [])
            for m in sorted(mentions, key=lambda m: m.norm_start):
                if not self._owned_place(seg.norm, mentions, m):
                    entries.append((seg.index, m.norm_start, m, ctx.entities[m.iri].cls))
        self._keys: list[tuple[int, int]] = [(s, p) for s, p, _, _ in entries]
        self.timeline: list[tuple[int, int, Mention, str] | None] = list(entries)

    def _before(self, seg_index: int, pos: int) -> int:
        """Index in the timeline of the first entry at or after ``pos`` of segment ``seg_index``."""
        return bisect_left(self._keys, (seg_index, pos))

    def forget(self, seg_index: int, spans: list[tuple[int, int]]) -> None:
        """Names inside a metric ('2,4 млн долларов США') are its unit, not a subject."""
        # Only this segment's entries can overlap its metrics: find them by bisect and blank the
        # overlapping ones in place. Rebuilding the whole timeline once per sentence was
        # quadratic; deleting from the list would still move its tail each time, and blanking
        # keeps self._keys aligned.
        for k in range(self._before(seg_index, -1), self._before(seg_index + 1, -1)):
            entry = self.timeline[k]
            if entry is not None and any(a < entry[2].norm_end and entry[2].norm_start < b for a, b in spans):
                self.timeline[k] = None

    def cls(self, iri: str) -> str:
        return self.ctx.entities[iri].cls

    def of(self, reader: SentenceReader, draft: Draft, drafts: list[Draft],
           caption: Segment | None) -> tuple[str | None, int]:
        """(subject IRI, level): the level says how directly the text stated it (1 is most)."""
        seg = reader.seg
        spans = [(d.span_start, d.span_end) for d in drafts]
        mentions = [m for m in reader.mentions if not any(s < m.norm_end and m.norm_start < e for s, e in spans)
                    and not self._owned_place(reader.text, reader.mentions, m)]
        if caption is not None:  # a flattened table: each cell names its own subject
            mentions = [m for m in mentions if draft.clause[0] <= m.norm_start < draft.clause[1]]
        places = [m for m in mentions if self.cls(m.iri) in ("region", "country")]
        adjacent = self._adjacent_place(reader, draft, places)
        if adjacent:
            return adjacent, 1
        local = self._locative_region(reader, draft, places, drafts)
        if local:
            return local, 2
        for cls, level in (("programme", 3), ("facility", 4)):
            found = [m for m in mentions if self.cls(m.iri) == cls]
            if found:
                return min(found, key=lambda m: abs(m.norm_start - draft.num.start)).iri, level
        for cls, level in (("programme", 5), ("facility", 5)):
            anaphor = self._anaphora(reader, draft, cls)
            if anaphor:
                return anaphor, level
        countries = [m for m in mentions if self.cls(m.iri) == "country"]
        if countries:
            return min(countries, key=lambda m: abs(m.norm_start - draft.num.start)).iri, 6
        if caption is not None:
            found = self._caption_subject(caption)
            if found:
                return found, 7
        recent = self._recent_in_block(seg, draft.num.start)
        if recent:
            return recent, 8
        # Beyond the paragraph a programme or country carries over, a facility only if nothing else does.
        section = self._recent_in_section(seg, ("programme", "country")) or self._recent_in_section(seg, ("facility",))
        if section:
            return section, 9
        return self.ctx.country_for(seg), 10

    def place_after(self, reader: SentenceReader, draft: Draft, drafts: list[Draft]) -> str | None:
        """A part's place named after it, before the next number: '204,000 took place in Samarkand region'."""
        later = [d.span_start for d in drafts if d.span_start > draft.span_end]
        limit = min(later) if later else len(reader.text)
        for m in reader.mentions:
            if draft.span_end <= m.norm_start < limit and self.cls(m.iri) == "region":
                before = reader.text[:m.norm_start].rstrip().lower()
                if re.search(r"(?:^|\s)" + _alternation(reader.mlex.locative) + "$", before):
                    return m.iri
        return None

    def _owned_place(self, text: str, mentions: list[Mention], place: Mention) -> bool:
        """'Ministry of Health of the Kyrgyz Republic', 'the Centre in Tashkent': the place belongs to
        the organisation or facility named just before it."""
        if self.cls(place.iri) not in ("region", "country"):
            return False
        for owner in mentions:
            if self.cls(owner.iri) not in ("facility", "programme", "funder"):
                continue
            if owner.norm_start <= place.norm_start and place.norm_end <= owner.norm_end:
                return True
            if owner.norm_end <= place.norm_start and re.fullmatch(
                    r"\s*(?:" + _alternation(self.mlex.owner_links) + r"|,)\s*", text[owner.norm_end:place.norm_start],
                    re.IGNORECASE):
                return True
        return False

    def _adjacent_place(self, reader: SentenceReader, draft: Draft, places: list[Mention]) -> str | None:
        """'в Алматинской — 12 646', 'Павлодарская область (22)', '58 in Naryn region'."""
        text = reader.text
        for m in places:
            between = text[m.norm_end:draft.span_start]
            place_noun = _alternation(reader.mlex.place_nouns)
            if m.norm_end <= draft.span_start and re.fullmatch(r"\s*(?:[—–:(-]|" + place_noun + r")?\s*", between,
                                                               re.IGNORECASE):
                if self.cls(m.iri) == "region":
                    return m.iri
        end = draft.phrase.end if draft.phrase and draft.phrase.end > draft.span_end else draft.span_end
        for m in places:
            between = text[end:m.norm_start]
            if m.norm_start >= end and re.fullmatch(r"\s*" + _alternation(reader.mlex.locative) + r"\s+(?:"
                                                    + _alternation(reader.mlex.determiners) + r"\s+)?", between,
                                                    re.IGNORECASE):
                if self.cls(m.iri) == "region":
                    return m.iri
        return None

    def _locative_region(self, reader: SentenceReader, draft: Draft, places: list[Mention],
                         drafts: list[Draft]) -> str | None:
        """'В Алматинской области ...: 94,3% ...', 'В Ошской области ... подключено 64 пункта'."""
        text = reader.text
        best = None
        owners = [m for m in reader.mentions if self.cls(m.iri) in ("facility", "programme", "funder")]
        for m in places:
            if self.cls(m.iri) != "region" or m.norm_end > draft.span_start:
                continue
            links = r"\s*(?:" + _alternation(reader.mlex.owner_links) + r"|,)\s*"
            if any(re.fullmatch(links, text[o.norm_end:m.norm_start] or "x", re.IGNORECASE) for o in owners
                   if o.norm_end <= m.norm_start):
                continue  # "the Centre in Tashkent": where the centre is, not what the number is about
            if any(m.norm_end <= d.span_start < draft.span_start for d in drafts if d is not draft):
                continue  # another number stands between: the place is that number's
            before = text[:m.norm_start].rstrip().lower()
            locative = re.search(r"(?:^|\s)" + _alternation(reader.mlex.locative) + "$", before) \
                or text[m.norm_start:m.norm_end].lower().endswith(reader.mlex.kk_locative)
            if locative:
                best = m
        return best.iri if best else None

    def _anaphora(self, reader: SentenceReader, draft: Draft, cls: str) -> str | None:
        """'проекта', 'the programme', 'в национальной сети', 'The hospital': the last such entity
        named before, preferring one whose name ends in the same word."""
        lexicon = self.lexicon
        own = draft.phrase.words if draft.phrase else []
        triggers = reader.mlex.anaphora.get(cls, set())
        start, end = draft.clause
        for tok in reader.toks:
            if not tok.is_word or tok in own or reader.in_mention(tok.start, tok.end):
                continue
            if not (start <= tok.start < end):
                continue
            if not reader.mlex.in_set(tok.text, triggers):
                continue
            if cls == "facility":
                before = reader.words_before(tok.start, 1)
                if not before or before[0].low not in reader.mlex.determiners:
                    continue
            gloss = lexicon.gloss(tok.text) or tok.low
            found = self._last_named(reader.seg.index, tok.start, cls, gloss)
            if found:
                return found
        return None

    def _last_named(self, seg_index: int, pos: int, cls: str, gloss: str) -> str | None:
        fallback = None
        for k in range(self._before(seg_index, pos) - 1, -1, -1):  # the mentions before (seg_index, pos)
            entry = self.timeline[k]
            if entry is None or entry[3] != cls:
                continue
            m = entry[2]
            record = self.ctx.entities[m.iri]
            names = list(record.labels.values()) + [label for label, _ in record.alt_labels]
            last_words = [n.split()[-1] for n in names if n.split()]
            if any(self.lexicon.gloss(w) == gloss or w.lower() == gloss for w in last_words):
                return m.iri
            if fallback is None and cls == "programme":
                fallback = m.iri
        return fallback

    def _caption_subject(self, caption: Segment) -> str | None:
        for cls in ("programme", "facility", "country", "region"):
            found = self.ctx.of_class(caption, cls)
            if found:
                return found[0].iri
        return None

    def _recent_in_block(self, seg: Segment, pos: int) -> str | None:
        for k in range(self._before(seg.index, pos) - 1, -1, -1):  # the mentions before (seg, pos)
            entry = self.timeline[k]
            if entry is None:
                continue
            s, _, m, c = entry
            if self.segments[s].block != seg.block:
                break
            if c in ("programme", "facility", "country"):
                return m.iri
        return None

    def _recent_in_section(self, seg: Segment, classes: tuple[str, ...]) -> str | None:
        """The programme, facility or country named last in the section before this segment."""
        for k in range(self._before(seg.index, -1) - 1, -1, -1):  # the mentions of earlier segments
            entry = self.timeline[k]
            if entry is None:
                continue
            s, _, m, c = entry
            if 0 <= seg.section and s < seg.section:
                break  # a section follows its heading: no segment before the heading is in it
            other = self.segments[s]
            if other.section != seg.section and other.index != seg.section:
                continue
            if c in classes:
                return m.iri
        return None


# =========================================================================================
# Breakdowns: parts and their totals
# =========================================================================================
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
        out = []
        for i in range(len(reader.toks)):
            for phrase in phrases:
                window = reader.toks[i:i + len(phrase)]
                if len(window) == len(phrase) and all(t.low == w for t, w in zip(window, phrase)):
                    out.append((window[0].start, window[-1].end))
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
            parts = [d for d in drafts if end <= d.span_start < limit and d.unit_class == total.unit_class]
            exhaustive = self._ends_with_remainder(reader, parts, limit)
            for part in parts:
                self._attach(part, total, exhaustive)

    def _ends_with_remainder(self, reader: SentenceReader, parts: list[Draft], limit: int) -> bool:
        if not parts:
            return False
        tail = reader.text[parts[-1].span_end:limit].lower()
        tail = re.split(r"[.;]", tail)[0]
        return any(re.search(r"(?:^|\s)" + re.escape(" ".join(p)) + r"\b", tail) for p in self.mlex.remainder)

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
        cue = next((t for t in reader.toks if any(t.low.startswith(w) for w in self.mlex.distribution)), None)
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


# =========================================================================================
# The document
# =========================================================================================
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
    return {k: v for k, v in zones.items() if any(s.kind == "note" and s.index > k for s in segments)}


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
    cues = period_cues(reader, doc.meta.date)
    sentence = reader.drafts()
    for n, draft in enumerate(sentence):
        find_indicator(reader, draft, sentence[:n])
        draft.period = choose_period(reader, draft, cues, last_year)
        if draft.period is None and caption is not None:
            draft.period = _caption_period(caption, reader.mlex)  # a flattened table's cells
    subjects.forget(reader.seg.index, [(d.span_start, d.span_end) for d in sentence])
    for draft in sentence:
        draft.about, draft.about_level = subjects.of(reader, draft, sentence, caption)
    return sentence, _year_in(cues) or last_year


def _link_table_rows(drafts: list[Draft]) -> None:
    """The rows of a table are parts of its total row."""
    totals = {d.seg.caption: d for d in drafts if d.row and d.is_total}
    for row in drafts:
        if row.row and not row.is_total and row.seg.caption in totals:
            row.part_of = totals[row.seg.caption]


def _place_parts(drafts: list[Draft], readers: dict[int, SentenceReader], subjects: "Subjects") -> None:
    """A part named with its place ('204,000 took place in Samarkand region') is about that place."""
    for draft in drafts:
        if draft.part_of is not None and not draft.row and draft.about_level > 2:
            sentence = [d for d in drafts if d.seg is draft.seg]
            place = subjects.place_after(readers[draft.seg.index], draft, sentence)
            if place:
                draft.about, draft.about_level = place, 2


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
