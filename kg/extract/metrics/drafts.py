"""What reading a number produces: the draft of a metric, the noun phrase it counts and the
indicator that phrase names, and the rules named in a metric's evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kg.extract.rules import Rule, declare
from kg.text.segment import Segment
from kg.extract.metrics.numbers import Num
from kg.extract.metrics.words import Tok

MONEY = "money"  # unit class of every currency: breakdowns and ellipsis compare unit classes

# The rules named in the evidence of a metric.
RULE_NUMBER = declare("number-with-indicator", "A number with its unit, scale and bound, and the noun phrase it counts.")
RULE_ROW = declare("table-row", "A table row '<label> <number>'; the caption gives what is counted, the total row the whole.")
RULE_PART = declare(
    "breakdown-part",
    "A number given as part of a total stated nearby ('в том числе', 'including', 'of which', "
    "'Из 217 ... – 175', '(1500 отечественных)'); the parts must not exceed the total.")
RULE_PART_EXHAUSTIVE = declare(
    "breakdown-part-exhaustive",
    "A part of a breakdown the text gives as complete ('по всем уровням', 'across all levels'); the parts "
    "must add up to the total.")


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
    rule: Rule = RULE_NUMBER
    part_of: "Draft | None" = None
    is_total: bool = False
    row: bool = False
    after_bound: bool = False  # a bound cue followed the number ("-ден астам", "or more")

    @property
    def unit_class(self) -> str:
        return MONEY if self.unit not in ("count", "percent") else self.unit
