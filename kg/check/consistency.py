"""Consistency of a graph's numbers: breakdowns that do not add up, and sources that disagree.

Pure functions over an rdflib graph (the union of a built dataset). The numbers are what the
sources say, so a disagreement is reported — with the quotes on both sides — and never
"repaired"; every finding is a warning and does not change SHACL conformance.

* Breakdowns (``tm:partOf``): where the parts are exhaustive (a table with a total row, or
  "across all levels"), their sum must equal the total; otherwise ("в том числе", "including",
  "among them", "… and other …") it must not exceed it.
* Conflicts: two documents that state the same indicator of the same subject, in the same unit
  and period, with values that cannot both be true. A statement without a period is read as of
  its document's date when the document has one (an undated "217 facilities" in a 2024 report
  and one in a 2025 report do not conflict). Parts of a breakdown and ranges ("from 0 to 22") are
  not compared: they describe a subset or a spread, not the whole. Two numbers of one document
  are not compared either: an author who gives two values of "the same" indicator is describing
  two things (two literature searches, figure 1 and figure 2) that the extractor cannot tell
  apart, far more often than contradicting themselves. ``queries/options/conflicts-pairs.rq``
  (`kg query conflicts --pairs`) asks the same.

Bounds are intervals: exact is a point, "about" allows ±10 %, "at least" has no upper end and
"at most" no lower end above zero.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kg import terms as T
from kg.extract.metrics.drafts import RULE_PART_EXHAUSTIVE, RULE_ROW

# How far "about 100" may be from the truth. The lexicon's bound words carry no size, so one
# tolerance serves them all; 10 % keeps "about 1,000" compatible with 1,050 but not with 1,500.
APPROXIMATE = Decimal("0.1")
INFINITY = Decimal("Infinity")
EXHAUSTIVE_RULES = {RULE_PART_EXHAUSTIVE.id}
TABLE_RULE = RULE_ROW.id
_QUOTE_WINDOW = 90

Labeller = Callable[[str | None], str]


@dataclass(frozen=True, order=True)
class Finding:
    """One warning, with the quotes that show it. Sorts and prints stably."""

    kind: str  # breakdown-sum | breakdown-exceeds | conflict
    focus: str  # the total's IRI, or the first metric of a conflicting pair
    message: str
    quotes: tuple[str, ...]
    metrics: tuple[str, ...]
    severity: str = "Warning"

    def line(self) -> str:
        return f"{self.severity}: {self.kind}: {self.message}"

    def lines(self) -> list[str]:
        return [self.line(), *(f"    {quote}" for quote in self.quotes)]


@dataclass(frozen=True)
class MetricFact:
    iri: str
    value: Decimal
    bound: str  # exact | atLeast | atMost | approximately
    unit: str
    indicator: str
    about: str | None
    period: str | None
    part_of: str | None
    is_range: bool
    file: str
    doc_date: str | None
    quote: str  # the sentence around the number, whitespace folded
    start: int  # character offset of the evidence in its file
    rules: frozenset[str]

    @property
    def interval(self) -> tuple[Decimal, Decimal]:
        return interval(self.value, self.bound)

    def where(self) -> str:
        offset = self.iri.rsplit("-", 1)[-1]
        return f"{self.file} @{offset}: “{self.quote}”"


def interval(value: Decimal, bound: str) -> tuple[Decimal, Decimal]:
    """The values a statement allows."""
    if bound == "atLeast":
        return value, INFINITY
    if bound == "atMost":
        return Decimal(0), value
    if bound == "approximately":
        slack = abs(value) * APPROXIMATE
        return value - slack, value + slack
    return value, value


def _label(g: Graph, node: str | None) -> str:
    labels = {l.language or "": str(l) for l in g.objects(URIRef(node), RDFS.label) if isinstance(l, Literal)} \
        if node is not None else {}
    return label_of(node, labels)


def label_of(node: str | None, labels: Mapping[str, str]) -> str:
    """What a finding calls ``node``, given its labels by language ('' untagged)."""
    return "(no subject)" if node is None else T.best_label(labels, node)


def _quote_near(exact: str, start: int, offset: int) -> str:
    """The words around the number, so that a long table cell does not drown the finding."""
    local = max(0, offset - start)
    window = exact[max(0, local - _QUOTE_WINDOW):local + _QUOTE_WINDOW]
    text = " ".join(window.split())
    prefix = "…" if local > _QUOTE_WINDOW else ""
    suffix = "…" if local + _QUOTE_WINDOW < len(exact) else ""
    return prefix + text + suffix


def period_of(g: Graph, metric: object) -> str | None:
    """A metric's period as text: its tm:period, or a range's two ends as 'start/end'."""
    period = g.value(metric, T.period)
    if period is not None:
        return str(period)
    start, end = g.value(metric, T.periodStart), g.value(metric, T.periodEnd)
    return f"{start}/{end}" if start is not None and end is not None else None


def decimal_of(node: object) -> Decimal | None:
    if node is None:
        return None
    try:
        number = Decimal(str(node))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def metric_facts(g: Graph) -> dict[str, MetricFact]:
    """Every tm:Metric of the graph with its document and evidence."""
    facts: dict[str, MetricFact] = {}
    for metric in g.subjects(RDF.type, T.Metric):
        number = decimal_of(g.value(metric, T.value))
        if number is None:
            continue  # no value, or not a number ("forty"): a SHACL violation, nothing to compare
        doc = g.value(metric, PROV.wasDerivedFrom)
        date = g.value(doc, DCTERMS.date) if doc is not None else None
        annotations = list(g.subjects(T.OA.hasBody, metric))
        rules = frozenset(T.local_name(r) for a in annotations for r in g.objects(a, T.rule))
        quote, start = "", 0
        for annotation in sorted(annotations):
            target = g.value(annotation, T.OA.hasTarget)
            # No target, no quote: g.objects(None, …) would read every selector of the graph. In
            # order, so that of two selectors of a kind the same one wins however the graph was read.
            for selector in sorted(g.objects(target, T.OA.hasSelector)) if target is not None else ():
                if (selector, RDF.type, T.OA.TextQuoteSelector) in g:
                    quote = str(g.value(selector, T.OA.exact) or "")
                elif (selector, RDF.type, T.OA.TextPositionSelector) in g:
                    start = int(decimal_of(g.value(selector, T.OA.start)) or 0)
            break
        facts[str(metric)] = make_fact(
            str(metric), number, bound=g.value(metric, T.bound), unit=g.value(metric, T.unit),
            indicator=g.value(metric, T.indicator), about=g.value(metric, T.about), period=period_of(g, metric),
            part_of=g.value(metric, T.partOf), is_range=g.value(metric, T.rangeMax) is not None,
            file=(g.value(doc, T.fileName) if doc is not None else ""), doc_date=date, quote=quote, start=start,
            rules=rules)
    return facts


def make_fact(iri: str, number: Decimal, *, bound: object, unit: object, indicator: object, about: object,
              period: object, part_of: object, is_range: bool, file: object, doc_date: object, quote: str,
              start: int, rules: frozenset[str]) -> MetricFact:
    """A metric's fact from its statements as read (an absent one None; an absent document's file "")."""
    offset = int(iri.rsplit("-", 1)[-1]) if re.search(r"-\d+$", iri) else 0
    return MetricFact(
        iri=iri, value=number, bound=T.local_name(str(bound or T.exact)), unit=T.local_name(str(unit)),
        indicator=str(indicator), about=str(about) if about is not None else None,
        period=str(period) if period is not None else None,
        part_of=str(part_of) if part_of is not None else None, is_range=is_range, file=str(file),
        doc_date=str(doc_date) if doc_date is not None else None,
        quote=_quote_near(quote, start, offset), start=start, rules=rules,
    )


# --- breakdowns ---------------------------------------------------------------------------
def _sum_interval(parts: Iterable[MetricFact]) -> tuple[Decimal, Decimal]:
    low, high = Decimal(0), Decimal(0)
    for part in parts:
        a, b = part.interval
        low, high = low + a, high + b
    return low, high


def _exhaustive(total: MetricFact, parts: list[MetricFact]) -> bool:
    if any(p.rules & EXHAUSTIVE_RULES for p in parts):
        return True
    return TABLE_RULE in total.rules and all(TABLE_RULE in p.rules for p in parts)


def _number(value: Decimal) -> str:
    if value == INFINITY:
        return "∞"
    normal = value.normalize()
    return f"{normal:,.0f}".replace(",", " ") if normal == normal.to_integral() else f"{normal}"


def check_breakdowns(label: Labeller, facts: dict[str, MetricFact]) -> list[Finding]:
    parts_of: dict[str, list[MetricFact]] = defaultdict(list)
    for fact in facts.values():
        if fact.part_of in facts:
            parts_of[fact.part_of].append(fact)
    findings = []
    for total_iri, all_parts in sorted(parts_of.items()):
        total = facts[total_iri]
        for parts in _breakdowns(all_parts):
            findings.extend(_check_breakdown(label, total, parts))
    return findings


def _breakdowns(parts: list[MetricFact]) -> list[list[MetricFact]]:
    """One total may be broken down more than once ('39 569 services, among which 24 923
    diagnostic …' and, a sentence later, 'by level: 3 718 … 35 851'): the parts of one sentence
    form one breakdown; the rows of a table form one."""
    groups: dict[tuple[str, int], list[MetricFact]] = defaultdict(list)
    for part in parts:
        key = (part.file, -1) if TABLE_RULE in part.rules else (part.file, part.start)
        groups[key].append(part)
    return [sorted(group, key=lambda p: p.iri) for _, group in sorted(groups.items())]


def _check_breakdown(label: Labeller, total: MetricFact, parts: list[MetricFact]) -> list[Finding]:
    low, high = _sum_interval(parts)
    t_low, t_high = total.interval
    what = f"{label(total.indicator)} of {label(total.about)}"
    stated = f"{_number(total.value)}" + ("" if total.bound == "exact" else f" ({total.bound})")
    summed = _number(low) if low == high else f"{_number(low)}–{_number(high)}"
    quotes = (total.where(), *(p.where() for p in parts))
    metrics = (total.iri, *(p.iri for p in parts))
    if _exhaustive(total, parts) and (high < t_low or low > t_high):
        return [Finding("breakdown-sum", total.iri,
                        f"{what}: the {len(parts)} parts add up to {summed}, the total says {stated} "
                        f"({total.file}); the breakdown is given as complete", quotes, metrics)]
    if low > t_high:
        return [Finding("breakdown-exceeds", total.iri,
                        f"{what}: the {len(parts)} parts add up to at least {_number(low)}, more than "
                        f"the total {stated} ({total.file})", quotes, metrics)]
    return []


# --- conflicts ----------------------------------------------------------------------------
def _effective_period(fact: MetricFact) -> str | None:
    """An undated statement speaks for its document's date, when the document has one."""
    if fact.period is not None:
        return fact.period
    return f"as of {fact.doc_date}" if fact.doc_date else None


def _comparable(fact: MetricFact) -> bool:
    return (fact.part_of is None and not fact.is_range and fact.about is not None
            and not fact.indicator.endswith("/unspecified"))


def check_conflicts(label: Labeller, facts: dict[str, MetricFact]) -> list[Finding]:
    """One warning per disagreement: a (subject, indicator, unit, period) whose numbers from
    different documents cannot all be true, with each number that disagrees with another document's
    and its quote. Linear in the group: each number is compared with the lowest upper and the highest
    lower end of the other documents' numbers (the pairs are `kg query conflicts --pairs`)."""
    groups: dict[tuple[str, str, str, str | None], list[MetricFact]] = defaultdict(list)
    for fact in facts.values():
        if _comparable(fact):
            groups[(fact.indicator, fact.about or "", fact.unit, _effective_period(fact))].append(fact)
    findings = []
    for (indicator, about, unit, period), group in sorted(groups.items(), key=lambda kv: str(kv[0])):
        group = sorted(group, key=lambda f: f.iri)
        involved = _disagreeing(group)
        if not involved:
            continue
        when = f" ({period})" if period else ""
        numbers = " vs ".join(f"{_number(f.value)} ({f.bound}, {f.file})" for f in involved)
        message = f"{label(indicator)} of {label(about)}{when}: {numbers}"
        findings.append(Finding("conflict", involved[0].iri, message, tuple(f.where() for f in involved),
                                tuple(f.iri for f in involved)))
    return findings


def _disagreeing(group: list[MetricFact]) -> list[MetricFact]:
    """The numbers of ``group`` that disagree with a number of another document, in group order."""
    lows: dict[str, Decimal] = {}
    highs: dict[str, Decimal] = {}
    for fact in group:  # per document: its highest lower end and its lowest upper end
        low, high = fact.interval
        lows[fact.file] = max(low, lows.get(fact.file, low))
        highs[fact.file] = min(high, highs.get(fact.file, high))

    # the two documents with the highest lower ends, and the two with the lowest upper ends
    top_lows = sorted(((end, file) for file, end in lows.items()), reverse=True)[:2]
    bottom_highs = sorted((end, file) for file, end in highs.items())[:2]

    def other(best: list[tuple[Decimal, str]], file: str) -> Decimal | None:
        return next((end for end, f in best if f != file), None)

    out = []
    for fact in group:
        low, high = fact.interval
        other_low, other_high = other(top_lows, fact.file), other(bottom_highs, fact.file)
        if (other_low is not None and high < other_low) or (other_high is not None and other_high < low):
            out.append(fact)
    return out


def check_metrics(g: Graph) -> list[Finding]:
    """All consistency findings of a graph, sorted."""
    return check_facts(metric_facts(g), lambda node: _label(g, node))


def check_facts(facts: dict[str, MetricFact], label: Labeller) -> list[Finding]:
    """All consistency findings of ``facts`` (however they were read), sorted; ``label`` names an
    indicator or subject (None: no subject)."""
    return sorted(check_breakdowns(label, facts) + check_conflicts(label, facts))
