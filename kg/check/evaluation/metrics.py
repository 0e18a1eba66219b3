"""Score metric extraction against hand-written expectations (scripts/eval_metrics.py prints the tables).

Expectations: one ``<article>.expected.yaml`` beside each article of a folder, or one file listing
several documents (the seeds'). Each expected metric names a string ``at`` that occurs once in its
document and contains the number, and what the metric must say: value, unit, bound, indicator (key
or label), about (label or IRI tail), period, and optionally ``range`` and ``part_of`` (the ``at`` of
the total). A metric is *found* when one extracted metric lies inside ``at`` with the same value and
unit, and *correct* when every stated field matches.

Recall = correct / expected; precision = correct / extracted. ``not_metrics`` lists strings whose
numbers must yield nothing (dates, references, phone numbers); hits are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg import terms as T
from kg.check.consistency import period_of
from kg.build.pipeline import build_graph
from kg.rdf.convert import union_graph

FIELDS = ("bound", "indicator", "about", "period", "range", "part_of")


@dataclass
class Extracted:
    iri: str
    doc: str  # file name
    offset: int
    value: Decimal
    unit: str
    bound: str
    indicator: str
    indicator_labels: set[str]
    about: str | None
    about_labels: set[str]
    period: str | None
    range: tuple[Decimal, Decimal] | None
    part_of: str | None
    quote: str


@dataclass
class Expected:
    doc: str
    spec: dict[str, Any]
    start: int
    end: int


@dataclass
class DocScore:
    doc: str
    expected: int = 0
    extracted: int = 0
    found: int = 0
    correct: int = 0
    field_errors: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)


@dataclass
class Score:
    name: str
    docs: list[DocScore]

    def total(self, attr: str) -> int:
        return sum(getattr(d, attr) for d in self.docs)

    @property
    def recall(self) -> float:
        return self.total("correct") / max(1, self.total("expected"))

    @property
    def precision(self) -> float:
        return self.total("correct") / max(1, self.total("extracted"))

    @property
    def found_recall(self) -> float:
        return self.total("found") / max(1, self.total("expected"))

    @property
    def found_precision(self) -> float:
        return self.total("found") / max(1, self.total("extracted"))


# --- reading the graph -------------------------------------------------------------------
def _tail(node: Any) -> str:
    return re.split(r"[/#]", str(node))[-1]


def _labels(g: Graph, node: URIRef) -> set[str]:
    return {str(l).lower() for p in (RDFS.label, SKOS.altLabel) for l in g.objects(node, p)}


def extracted_metrics(g: Graph, texts: dict[str, str]) -> list[Extracted]:
    out = []
    for m in sorted(g.subjects(RDF.type, T.Metric)):
        doc = g.value(m, T.PREFIXES["prov"].wasDerivedFrom)
        file_name = str(g.value(doc, T.fileName))
        offset = int(str(m).rsplit("-", 1)[1])
        about = g.value(m, T.about)
        indicator = g.value(m, T.indicator)
        period = period_of(g, m)  # a range's two ends read as "start/end"
        r_min, r_max = g.value(m, T.rangeMin), g.value(m, T.rangeMax)
        whole = g.value(m, T.partOf)
        annotation = next(g.subjects(T.OA.hasBody, m), None)
        out.append(Extracted(
            iri=str(m), doc=file_name, offset=offset,
            value=Decimal(str(g.value(m, T.value))), unit=_tail(g.value(m, T.unit)), bound=_tail(g.value(m, T.bound)),
            indicator=_tail(indicator), indicator_labels=_labels(g, indicator),
            about=str(about) if about is not None else None,
            about_labels=_labels(g, about) if about is not None else set(),
            period=period,
            range=(Decimal(str(r_min)), Decimal(str(r_max))) if r_min is not None and r_max is not None else None,
            part_of=str(whole) if whole is not None else None,
            quote=str(g.value(annotation, T.normalizedQuote)) if annotation is not None else "",
        ))
    return out


# --- expectations --------------------------------------------------------------------------
def _pattern(at: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in at.split()]
    return re.compile(r"\s+".join(parts))


def locate(text: str, at: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _pattern(at).finditer(text)]


def load_expectations(where: Path, seeds: bool) -> dict[str, tuple[list[dict], list[str]]]:
    """file name → (expected metrics, not_metrics): from the ``*.expected.yaml`` files of a folder, or
    (``seeds``) from one file that lists several documents."""
    if seeds:
        data = yaml.safe_load(where.read_text(encoding="utf-8"))
        return {name: (d.get("metrics") or [], d.get("not_metrics") or []) for name, d in data["documents"].items()}
    out = {}
    for path in sorted(where.glob("*.expected.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[data["document"]] = (data.get("metrics") or [], data.get("not_metrics") or [])
    return out


def place_expectations(text: str, doc: str, specs: list[dict]) -> list[Expected]:
    placed = []
    for spec in specs:
        spans = locate(text, spec["at"])
        if len(spans) != 1:
            raise ValueError(f"{doc}: `at: {spec['at']}` occurs {len(spans)} times, expected once")
        placed.append(Expected(doc, spec, *spans[0]))
    return placed


# --- comparing ---------------------------------------------------------------------------
def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def field_ok(name: str, exp: Expected, got: Extracted, text: str) -> bool:
    spec = exp.spec
    if name == "bound":
        return got.bound == spec.get("bound", "exact")
    if name == "indicator":
        want = str(spec["indicator"])
        return got.indicator == _slug(want) or want.lower() in got.indicator_labels
    if name == "about":
        want = spec.get("about")
        if want is None:
            return got.about is None
        if got.about is None:
            return False
        if "/" in want:
            return got.about.endswith("/id/" + want)
        return want.lower() in got.about_labels or _tail(got.about) == _slug(want)
    if name == "period":
        want = spec.get("period")
        return got.period == (None if want is None else str(want))
    if name == "range":
        want = spec.get("range")
        if want is None:
            return got.range is None
        return got.range == (Decimal(str(want[0])), Decimal(str(want[1])))
    if name == "part_of":
        want = spec.get("part_of")
        if want is None:
            return got.part_of is None
        if got.part_of is None:
            return False
        spans = locate(text, want)
        offset = int(got.part_of.rsplit("-", 1)[1])
        return any(s <= offset < e for s, e in spans)
    raise KeyError(name)


def _value_matches(exp: Expected, got: Extracted) -> bool:
    return (exp.start <= got.offset < exp.end and got.value == Decimal(str(exp.spec["value"]))
            and got.unit == str(exp.spec.get("unit", "count")))


def _describe(got: Extracted) -> str:
    about = _tail(got.about) if got.about else None
    rng = f" range={got.range[0]}..{got.range[1]}" if got.range else ""
    part = f" partOf={_tail(got.part_of)}" if got.part_of else ""
    return (f"{got.value} {got.unit} {got.bound} ind={got.indicator} about={about} "
            f"period={got.period}{rng}{part}")


def score_document(doc: str, text: str, specs: list[dict], traps: list[str], metrics: list[Extracted]) -> DocScore:
    score = DocScore(doc, expected=len(specs), extracted=len(metrics))
    unused = list(metrics)
    for exp in place_expectations(text, doc, specs):
        candidates = [m for m in unused if _value_matches(exp, m)]
        if not candidates:
            score.misses.append(f"{exp.spec['at']!r}: expected {exp.spec['value']} {exp.spec.get('unit', 'count')}")
            continue
        got = max(candidates, key=lambda m: sum(field_ok(f, exp, m, text) for f in FIELDS))
        unused.remove(got)
        score.found += 1
        bad = [f for f in FIELDS if not field_ok(f, exp, got, text)]
        for f in bad:
            score.field_errors[f] = score.field_errors.get(f, 0) + 1
        if bad:
            wants = ", ".join(f"{f}={exp.spec.get(f)!r}" for f in bad)
            score.wrong.append(f"{exp.spec['at']!r}: got {_describe(got)} | want {wants}")
        else:
            score.correct += 1
    for got in unused:
        score.spurious.append(f"@{got.offset} {_describe(got)} | {text[max(0, got.offset - 30):got.offset + 30]!r}")
    for trap in traps:
        for s, e in locate(text, trap):
            for got in metrics:
                if s <= got.offset < e:
                    score.traps.append(f"{trap!r} → {_describe(got)}")
    return score


def evaluate(folder: Path, expectations_from: Path | None = None, name: str | None = None) -> Score:
    """Build the documents of ``folder`` and score them against the ``<document>.expected.yaml``
    files beside them, or against ``expectations_from`` (one file for a folder, like the seeds')."""
    result = build_graph([folder])
    graph = union_graph(result.dataset)
    texts = {doc.file_name: doc.text for doc in result.documents}
    metrics = extracted_metrics(graph, texts)
    expectations = load_expectations(expectations_from or folder, seeds=expectations_from is not None)
    docs = []
    for doc_name in sorted(texts):
        specs, traps = expectations.get(doc_name, ([], []))
        docs.append(score_document(doc_name, texts[doc_name], specs, traps, [m for m in metrics if m.doc == doc_name]))
    return Score(name or folder.name, docs)
