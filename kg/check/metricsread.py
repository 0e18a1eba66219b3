"""The facts ``kg.check.consistency`` checks, read from a store by SPARQL SELECT.

The consistency check needs, per metric, a dozen statements about it, its document and its
evidence: at 10,000 documents some 460k statements. Turning them into an rdflib graph to read
them back cost about 35 s and hundreds of megabytes; here the rows of five SELECTs are folded
straight into the facts ``kg.check.consistency.metric_facts`` makes of an rdflib graph, with the
same choices where a statement is given twice (the first one read is kept, as rdflib's
``Graph.value`` keeps the first one added).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kg.check.consistency import Labeller, MetricFact, decimal_of, label_of, make_fact
from kg.rdf.convert import to_rdflib
from kg.terms import OA, TM, local_name

_METRIC = f"?m a <{TM.Metric}> ."
_EVIDENCE = f"{_METRIC} ?a <{OA.hasBody}> ?m ."
_FILE_NAME, _DATE = str(TM.fileName), str(DCTERMS.date)
_FIELDS = {TM.value: "value", TM.unit: "unit", TM.indicator: "indicator", TM.bound: "bound", TM.about: "about",
           TM.period: "period", TM.periodStart: "start", TM.periodEnd: "end", TM.partOf: "part_of",
           TM.rangeMax: "range_max", PROV.wasDerivedFrom: "doc"}


def _among(variable: str, predicates: object) -> str:
    return f"FILTER ({variable} IN ({', '.join(f'<{p}>' for p in predicates)}))"  # type: ignore[attr-defined]


class _Terms:
    """Each term's text as rdflib gives it (str() of its rdflib form), converted once."""

    def __init__(self) -> None:
        self.known: dict[object, str] = {}

    def __call__(self, term: object) -> str:
        text = self.known.get(term)
        if text is None:
            text = self.known[term] = str(to_rdflib(term))  # type: ignore[arg-type]
        return text


def _rows(store: ox.Store, query: str) -> Iterator[ox.QuerySolution]:
    return iter(store.query(query, use_default_graph_as_union=True))  # type: ignore[arg-type]


def metric_facts_in(store: ox.Store) -> dict[str, MetricFact]:
    """``kg.check.consistency.metric_facts`` of the union of ``store``'s graphs."""
    text = _Terms()
    props: dict[str, dict[str, object]] = defaultdict(dict)
    names = {ox.NamedNode(p): name for p, name in _FIELDS.items()}
    for m, p, o in _rows(store, f"SELECT ?m ?p ?o {{ {_METRIC} ?m ?p ?o {_among('?p', _FIELDS)} }}"):
        props[m.value].setdefault(names[p], o)  # type: ignore[index]
    docs: dict[object, dict[str, str]] = defaultdict(dict)
    query = (f"SELECT ?d ?p ?o {{ {{ SELECT DISTINCT ?d {{ {_METRIC} ?m <{PROV.wasDerivedFrom}> ?d }} }} "
             f"?d ?p ?o {_among('?p', (DCTERMS.date, TM.fileName))} }}")
    for d, p, o in _rows(store, query):
        docs[d].setdefault(p.value, text(o))  # type: ignore[union-attr]
    annotations: dict[str, list[object]] = defaultdict(list)
    rules: dict[str, set[str]] = defaultdict(set)
    for m, a, r in _rows(store, f"SELECT ?m ?a ?r {{ {_EVIDENCE} OPTIONAL {{ ?a <{TM.rule}> ?r }} }}"):
        if a not in annotations[m.value]:
            annotations[m.value].append(a)
        if r is not None:
            rules[m.value].add(local_name(text(r)))
    evidence = _Evidence(store, text)
    facts: dict[str, MetricFact] = {}
    for iri, fields in props.items():
        number = decimal_of(text(fields["value"])) if "value" in fields else None
        if number is None:
            continue  # as metric_facts: no value, or not a number, is nothing to compare
        doc = fields.get("doc")
        doc_fields = docs.get(doc, {}) if doc is not None else {}
        first = _first(annotations[iri])
        quote, start = evidence.of(first) if first is not None else ("", 0)
        period = text(fields["period"]) if "period" in fields else (
            f"{text(fields['start'])}/{text(fields['end'])}" if "start" in fields and "end" in fields else None)
        facts[iri] = make_fact(
            iri, number, bound=_text_or_none(text, fields.get("bound")), unit=_text_or_none(text, fields.get("unit")),
            indicator=_text_or_none(text, fields.get("indicator")), about=_text_or_none(text, fields.get("about")),
            period=period, part_of=_text_or_none(text, fields.get("part_of")), is_range="range_max" in fields,
            file=doc_fields.get(_FILE_NAME) if doc is not None else "",
            doc_date=doc_fields.get(_DATE), quote=quote, start=start, rules=frozenset(rules[iri]))
    return facts


def _first(annotations: list[object]) -> object | None:
    """The annotation metric_facts takes the quote from: the first in rdflib's order."""
    if len(annotations) < 2:
        return annotations[0] if annotations else None
    return min(annotations, key=to_rdflib)  # type: ignore[arg-type]


def _text_or_none(text: _Terms, term: object) -> str | None:
    return None if term is None else text(term)


class _Evidence:
    """The quote and start offset of an annotation, as metric_facts reads them: its first target's
    selectors in order, the last quote selector giving the quote and the last position selector
    (that is not also a quote selector) the start. One query per kind of selector: the rows of
    every selector's every statement were three times as many."""

    def __init__(self, store: ox.Store, text: _Terms) -> None:
        self.text = text
        self.target: dict[object, object] = {}
        self.quotes: dict[object, dict[object, object]] = defaultdict(dict)  # target → selector → oa:exact
        self.starts: dict[object, dict[object, object]] = defaultdict(dict)  # target → selector → oa:start
        quote_kind = f"?s a <{OA.TextQuoteSelector}>"
        kinds = ((quote_kind, OA.exact, self.quotes),
                 (f"?s a <{OA.TextPositionSelector}> FILTER NOT EXISTS {{ {quote_kind} }}", OA.start, self.starts))
        for kind, field, into in kinds:
            query = (f"SELECT ?a ?t ?s ?x {{ {_EVIDENCE} ?a <{OA.hasTarget}> ?t . ?t <{OA.hasSelector}> ?s . "
                     f"{kind} OPTIONAL {{ ?s <{field}> ?x }} }}")
            for a, t, s, x in _rows(store, query):
                self.target.setdefault(a, t)
                into[t].setdefault(s, x)  # the first value, as Graph.value gives it

    def of(self, annotation: object) -> tuple[str, int]:
        target = self.target.get(annotation)
        exact, start = self._last(self.quotes, target), self._last(self.starts, target)
        quote = self.text(exact) if exact is not None else ""
        return quote, int(decimal_of(self.text(start)) or 0) if start is not None else 0

    @staticmethod
    def _last(selectors: dict[object, dict[object, object]], target: object) -> object | None:
        found = selectors.get(target)
        if not found:
            return None
        last = next(iter(found)) if len(found) == 1 else max(found, key=to_rdflib)  # type: ignore[arg-type]
        return found[last]


def labeller_in(store: ox.Store) -> Labeller:
    """Names of the indicators and subjects of the store's metrics, as ``kg.check.consistency`` gives
    them, each looked up when a finding first names it (a few hundred of some thousands)."""
    known: dict[str | None, str] = {}

    def label(node: str | None) -> str:
        if node not in known:
            labels: dict[str, str] = {}
            subject = _iri(node)
            if subject is not None:
                query = f"SELECT ?l ?e {{ ?e <{RDFS.label}> ?l }}"
                solutions = store.query(query, use_default_graph_as_union=True,
                                        substitutions={ox.Variable("e"): subject})
                for literal, _ in solutions:  # type: ignore[misc]
                    if isinstance(literal, ox.Literal):
                        value = to_rdflib(literal)
                        labels[value.language or ""] = str(value)  # type: ignore[union-attr]
            known[node] = label_of(node, labels)
        return known[node]

    return label


def _iri(node: str | None) -> ox.NamedNode | None:
    # A metric without an indicator reads as "None", which names nothing.
    try:
        return ox.NamedNode(node) if node is not None else None
    except ValueError:
        return None
