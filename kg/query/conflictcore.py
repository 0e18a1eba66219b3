"""The stored core of `conflicts` (queries/conflicts.rq) worked out without its pairs join.

The core's inner part keeps a number when its interval lies wholly below or above the interval
of some other document's numbers of the same subject, indicator, unit and period. Oxigraph
evaluates that as a join of every number with every document of its group and a FILTER: about
Σ n² rows over the groups (1.7M pairs at 10,000 documents), 4 of the core's 7 CPU-s. "Some
other document's highest lower end lies above my upper end" is "the highest of the other
documents' lower ends does", and the highest over the documents but one is the highest or, for
the document that holds it, the second highest: one pass a group instead of a join.

Here the numbers (one row per number and annotation, with the ends of its interval, exactly as
the query's BINDs make them) come from one query; the test runs in Python; the numbers kept go
back into the rest of the core as VALUES, so ordering, ``?shown`` and the GROUP_CONCATs are the
query's own. Used only for the core text it was written for (``CORE_SHA256``), and only when
every end is a number Python compares as Oxigraph does (xsd:integer and xsd:decimal exactly, the
±1e300 of an open end); anything else returns None and the core is run as written.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

# sha256 of the core `split_core` takes from queries/conflicts.rq: an edited core is run as it is.
CORE_SHA256 = "6d3d56c9220aa4b02053843445e5a1ef8b339390d6fc9dc0018aa71031492a37"
_XSD = "http://www.w3.org/2001/XMLSchema#"
# The pairs part of the core, replaced by the numbers kept: from its first line to the line
# before ?shown is bound.
_PAIRS_START = "    { SELECT DISTINCT ?subject ?i ?u ?period ?metric ?value ?b ?file WHERE {\n"
_PAIRS_END = "    } }\n    BIND(CONCAT(IF(sameTerm(?b, tm:exact)"
KEPT = ("subject", "i", "u", "period", "metric", "value", "b", "file")

# The core's numbers in the groups with more than one, with their document and interval: the
# patterns and BINDs of the core's inner part, less the per-document table and the FILTER.
NUMBERS = """PREFIX tm:   <https://w3id.org/telemed-kg/ontology#>
PREFIX oa:   <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct:  <http://purl.org/dc/terms/>
SELECT ?subject ?i ?u ?period ?metric ?value ?b ?file ?doc ?upper ?lower WHERE {
  {
    SELECT ?subject ?i ?u WHERE {
      { SELECT ?m WHERE { ?m a tm:Metric } }
      { SELECT ?m ?subject WHERE { ?m tm:about ?subject } }
      { SELECT ?m ?i WHERE { ?m tm:indicator ?i } }
      { SELECT ?m ?u WHERE { ?m tm:unit ?u } }
      FILTER(?i != <https://w3id.org/telemed-kg/id/indicator/unspecified>)
      MINUS { ?m tm:partOf ?whole }
      MINUS { ?m tm:rangeMax ?max }
    }
    GROUP BY ?subject ?i ?u
    HAVING (COUNT(?m) > 1)
  }
  { SELECT ?metric WHERE { ?metric a tm:Metric } }
  { SELECT ?metric ?subject WHERE { ?metric tm:about ?subject } }
  { SELECT ?metric ?i WHERE { ?metric tm:indicator ?i } }
  { SELECT ?metric ?u WHERE { ?metric tm:unit ?u } }
  { SELECT ?metric ?value WHERE { ?metric tm:value ?value } }
  { SELECT ?metric ?b WHERE { ?metric tm:bound ?b } }
  MINUS { ?metric tm:partOf ?whole1 }
  MINUS { ?metric tm:rangeMax ?max1 }
  { SELECT ?a ?metric WHERE { ?a oa:hasBody ?metric } }
  { SELECT ?a ?doc WHERE { ?a prov:wasDerivedFrom ?doc } }
  { SELECT ?a ?t WHERE { ?a oa:hasTarget ?t } }
  { SELECT ?t ?sel WHERE { ?t oa:hasSelector ?sel } }
  { SELECT ?sel WHERE { ?sel a oa:TextPositionSelector } }
  { SELECT ?doc ?file WHERE { ?doc tm:fileName ?file } }
  OPTIONAL { SELECT ?metric ?p WHERE { ?metric tm:period ?p } }
  OPTIONAL { SELECT ?metric ?s ?e WHERE { ?metric tm:periodStart ?s ; tm:periodEnd ?e } }
  OPTIONAL { SELECT ?doc ?d WHERE { ?doc dct:date ?d } }
  BIND(COALESCE(STR(?p), CONCAT(STR(?s), "/", STR(?e)), CONCAT("as of ", STR(?d)), "") AS ?period)
  BIND(IF(sameTerm(?b, tm:atLeast), 1e300, IF(sameTerm(?b, tm:approximately), ?value + ABS(?value) / 10, ?value)) AS ?upper)
  BIND(IF(sameTerm(?b, tm:atMost), -1e300, IF(sameTerm(?b, tm:approximately), ?value - ABS(?value) / 10, ?value)) AS ?lower)
}
"""

Number = int | Decimal | float


class Unsure(Exception):
    """An end Python may not compare as Oxigraph does."""


def _number(term: object) -> Number:
    """``term`` as a Python number that orders as Oxigraph orders it against the others: integers
    and decimals are compared exactly by both (Oxigraph's decimal is a fixed-point integer), and
    ±1e300 lies beyond every integer and decimal Oxigraph holds, whichever way it is compared."""
    if not isinstance(term, ox.Literal):
        raise Unsure(term)
    datatype = term.datatype.value
    try:
        if datatype == _XSD + "integer":
            return int(term.value)
        if datatype == _XSD + "decimal":
            return Decimal(term.value)
        if datatype == _XSD + "double" and abs(float(term.value)) == 1e300:
            return float(term.value)
    except (ValueError, InvalidOperation):
        pass
    raise Unsure(term)


def _top_two(ends: dict[object, Number], highest: bool) -> tuple[object, Number, Number | None]:
    """The document with the highest (else lowest) end, that end, and the highest (lowest) end
    of the other documents (None when there is no other)."""
    best_doc: object = None
    best: Number | None = None
    second: Number | None = None
    for doc, end in ends.items():
        if best is None or (end > best if highest else end < best):
            second, best, best_doc = best, end, doc
        elif second is None or (end > second if highest else end < second):
            second = end
    assert best is not None
    return best_doc, best, second


def conflicting(rows: list[list[object]]) -> list[tuple[object, ...]]:
    """The distinct ``KEPT`` columns of the ``NUMBERS`` rows that conflict with another
    document's, in the order first met."""
    at = {name: n for n, name in enumerate(("subject", "i", "u", "period", "metric", "value", "b",
                                            "file", "doc", "upper", "lower"))}
    parsed = []
    # Per group and document: its lowest upper end and highest lower end (the query's MIN, MAX).
    groups: dict[tuple[object, ...], dict[object, list[Number]]] = {}
    for row in rows:
        group = (row[0], row[1], row[2], row[3])
        upper, lower = _number(row[at["upper"]]), _number(row[at["lower"]])
        parsed.append((group, row[at["doc"]], upper, lower))
        ends = groups.setdefault(group, {}).get(row[at["doc"]])
        if ends is None:
            groups[group][row[at["doc"]]] = [upper, lower]
        else:
            ends[0] = min(ends[0], upper)
            ends[1] = max(ends[1], lower)
    tops = {}
    for group, docs in groups.items():
        tops[group] = (_top_two({d: e[1] for d, e in docs.items()}, True),
                       _top_two({d: e[0] for d, e in docs.items()}, False))
    kept: dict[tuple[object, ...], None] = {}
    for row, (group, doc, upper, lower) in zip(rows, parsed):
        (high_doc, high, high2), (low_doc, low, low2) = tops[group]
        highest_lower = high2 if doc == high_doc else high  # of the other documents
        lowest_upper = low2 if doc == low_doc else low
        if (highest_lower is not None and upper < highest_lower) or (
                lowest_upper is not None and lower > lowest_upper):
            kept.setdefault(tuple(row[:len(KEPT)]), None)
    return list(kept)


def core_text(core: str, store: ox.Store) -> str | None:
    """``core`` (the stored core of queries/conflicts.rq) with its pairs part replaced by the
    numbers it keeps, worked out here; None when ``core`` is not the text this was written for
    or an end is not a number compared here as Oxigraph compares it."""
    if hashlib.sha256(core.encode("utf-8")).hexdigest() != CORE_SHA256:
        return None
    start, end = core.find(_PAIRS_START), core.find(_PAIRS_END)
    if start < 0 or end < start:
        return None
    answer = store.query(NUMBERS, use_default_graph_as_union=True)
    width = range(len(answer.variables))
    rows = [[solution[n] for n in width] for solution in answer]  # type: ignore[union-attr]
    try:
        kept = conflicting(rows)
    except Unsure:
        return None
    cells = []
    for row in kept:
        if not all(isinstance(t, (ox.NamedNode, ox.Literal)) for t in row):
            return None
        # N-Triples syntax, which SPARQL reads as the same IRI or literal.
        cells.append("(" + " ".join(str(t) for t in row) + ")\n")
    values = ("    { VALUES (" + " ".join(f"?{v}" for v in KEPT) + ") {\n" + "".join(cells) + "    } }\n")
    return core[:start] + values + core[end + len("    } }\n"):]
