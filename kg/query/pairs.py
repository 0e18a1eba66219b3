"""`kg query conflicts --pairs` streamed: its rows in its order, worked out a few thousand at a time.

The query (queries/options/conflicts-pairs.rq) pairs every number with every other one of its (subject, indicator, unit)
group, and its ORDER BY makes Oxigraph hold every pair before the first is printed: at 10,000
benchmark documents 1.67M rows, over 3.8 GB and 10 minutes without a row, most of it one store
read per pair and property. Here the store is read once per number instead (``_SIDES``: each number with its
value, bound, quote, file, offset, document and period, the properties read as tables joined by
hash), the labels once per group (``_LABELS``), and the pairs are made by the same SPARQL
expressions over those rows as VALUES (``_PAIRS``), on an empty store, a slice at a time:

- the rows are ordered by subject label, indicator, period, then the two numbers' IRIs. A slice
  holds one (subject label, indicator, period) and a run of first numbers in IRI order, and the
  slices go out in the order Oxigraph itself gives those keys (it orders every term totally);
  inside a slice the query's own ORDER BY orders the rows;
- every pattern of the query's WHERE reads one side of the pair or the group's labels, so its
  solutions are the sides' rows joined with each other and the labels: the same rows, repeated
  as often (a statement stated in several graphs counts as often as in the union).

Used only for the shipped text (``SHIPPED_SHA256``; an edited .rq runs as written) and the
Oxigraph engine. Memory is the numbers' rows and one slice; the first row comes after one read.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping

import pyoxigraph as ox

from kg.query.engine import PREFIXES, Engine, OxigraphEngine, QueryResult, Term
from kg.query.precomputed import values_block
from kg.query.results import csv_writer, plain

# sha256 of queries/options/conflicts-pairs.rq as this plan reproduces it (a test keeps them together).
SHIPPED_SHA256 = "2f83fc213b05fff84b6afc975684667e8d4c5057cb8a771d9d4ca2b099b88b82"
# Candidate pairs a slice weighs, at most (a first number with more partners than this is one
# slice): Oxigraph sorts a slice's pairs before the first comes out. Most slices are cut by their
# key anyway (2,080 at 10,000 documents; 1,953 with 100,000 here, no faster).
SLICE_PAIRS = 20_000

_GROUPS = """
  {
    SELECT ?subject ?i ?u WHERE {
      ?m a tm:Metric ; tm:about ?subject ; tm:indicator ?i ; tm:unit ?u .
      FILTER(?i != <https://w3id.org/telemed-kg/id/indicator/unspecified>)
      FILTER NOT EXISTS { ?m tm:partOf ?whole }
      FILTER NOT EXISTS { ?m tm:rangeMax ?max }
    }
    GROUP BY ?subject ?i ?u
    HAVING (COUNT(?m) > 1)
  }"""

# One side of a pair: the query's patterns on ?metric1 (or ?metric2), each property a table.
# MINUS is its FILTER NOT EXISTS (?metric is always bound), the DISTINCT selector type its FILTER EXISTS.
_SIDES = """
SELECT ?subject ?i ?u ?metric ?value ?b ?quote ?file ?start ?doc ?period ?bound WHERE {""" + _GROUPS + """
  { SELECT ?metric WHERE { ?metric a tm:Metric } }
  { SELECT ?metric ?subject WHERE { ?metric tm:about ?subject } }
  { SELECT ?metric ?i WHERE { ?metric tm:indicator ?i } }
  { SELECT ?metric ?u WHERE { ?metric tm:unit ?u } }
  { SELECT ?metric ?value WHERE { ?metric tm:value ?value } }
  { SELECT ?metric ?b WHERE { ?metric tm:bound ?b } }
  MINUS { ?metric tm:partOf ?whole }
  MINUS { ?metric tm:rangeMax ?max }
  { SELECT ?a ?metric WHERE { ?a oa:hasBody ?metric } }
  { SELECT ?a ?quote WHERE { ?a tm:normalizedQuote ?quote } }
  { SELECT ?a ?doc WHERE { ?a prov:wasDerivedFrom ?doc } }
  { SELECT ?a ?t WHERE { ?a oa:hasTarget ?t } }
  { SELECT ?t ?sel WHERE { ?t oa:hasSelector ?sel } }
  { SELECT ?sel ?start WHERE { ?sel oa:start ?start } }
  { SELECT ?doc ?file WHERE { ?doc tm:fileName ?file } }
  { SELECT DISTINCT ?sel WHERE { ?sel a oa:TextPositionSelector } }
  OPTIONAL { SELECT ?metric ?p WHERE { ?metric tm:period ?p } }
  OPTIONAL { SELECT ?metric ?s ?e WHERE { ?metric tm:periodStart ?s ; tm:periodEnd ?e } }
  OPTIONAL { SELECT ?doc ?d WHERE { ?doc dct:date ?d } }
  BIND(COALESCE(STR(?p), CONCAT(STR(?s), "/", STR(?e)), CONCAT("as of ", STR(?d)), "") AS ?period)
  BIND(STRAFTER(STR(?b), "#") AS ?bound)
}"""

_LABELS = """
SELECT ?subject ?i ?u ?subjectLabel ?indicator ?unit ?lang WHERE {""" + _GROUPS + """
  OPTIONAL { ?subject rdfs:label ?sW FILTER(lang(?sW) = COALESCE(?lang, "en")) }
  OPTIONAL { ?subject rdfs:label ?sEn FILTER(lang(?sEn) = "en") }
  OPTIONAL { ?subject rdfs:label ?sRu FILTER(lang(?sRu) = "ru") }
  OPTIONAL { ?subject rdfs:label ?sKk FILTER(lang(?sKk) = "kk") }
  BIND(COALESCE(?sW, ?sEn, ?sRu, ?sKk, STR(?subject)) AS ?subjectLabel)
  OPTIONAL { ?i rdfs:label ?iW FILTER(lang(?iW) = COALESCE(?lang, "en")) }
  OPTIONAL { ?i rdfs:label ?iEn FILTER(lang(?iEn) = "en") }
  OPTIONAL { ?i rdfs:label ?iRu FILTER(lang(?iRu) = "ru") }
  OPTIONAL { ?i rdfs:label ?iKk FILTER(lang(?iKk) = "kk") }
  BIND(COALESCE(?iW, ?iEn, ?iRu, ?iKk, STRAFTER(STR(?i), "/indicator/")) AS ?indicator)
  OPTIONAL { ?u rdfs:label ?uW FILTER(lang(?uW) = COALESCE(?lang, "en")) }
  OPTIONAL { ?u rdfs:label ?uEn FILTER(lang(?uEn) = "en") }
  BIND(COALESCE(?uW, ?uEn, STRAFTER(STR(?u), "/unit/")) AS ?unit)
}"""

# The query's filters and order over two numbers' rows given as VALUES (where "{VALUES}"
# stands): which pairs conflict, in the order of their IRIs. Everything else a row shows is a
# term of one number's row or of its group's labels, put in place in Python without decoding it
# again (a row is one pair: ``_read`` lets no number or group have two rows).
_PAIRS = """
SELECT ?metric1 ?metric2 WHERE {
  {VALUES}
  FILTER(?doc1 != ?doc2)
  FILTER(STR(?metric1) < STR(?metric2))
  FILTER(?period = ?period2)
  BIND(IF(?b1 = tm:approximately, ?value1 - ABS(?value1) / 10, ?value1) AS ?low1)
  BIND(IF(?b1 = tm:approximately, ?value1 + ABS(?value1) / 10, ?value1) AS ?high1)
  BIND(IF(?b2 = tm:approximately, ?value2 - ABS(?value2) / 10, ?value2) AS ?low2)
  BIND(IF(?b2 = tm:approximately, ?value2 + ABS(?value2) / 10, ?value2) AS ?high2)
  FILTER((?b1 != tm:atLeast && ?b2 != tm:atMost && ?high1 < ?low2) ||
         (?b2 != tm:atLeast && ?b1 != tm:atMost && ?high2 < ?low1))
}
ORDER BY ?metric1 ?metric2"""

# A number's row (``_SIDES``): the columns the pairs' filters read, by position.
_SUBJECT, _METRIC, _VALUE, _B, _QUOTE, _FILE, _START, _DOC, _PERIOD, _BOUND = 0, 3, 4, 5, 6, 7, 8, 9, 10, 11
_COMPARED = (0, 1, 2, _METRIC, _VALUE, _B, _DOC, _PERIOD)
_SIDE1 = ["subject", "i", "u", "metric1", "value1", "b1", "doc1", "period"]
_SIDE2 = ["subject", "i", "u", "metric2", "value2", "b2", "doc2", "period2"]
_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")

Row = list[Term | None]
Group = tuple[str, str, str]  # subject, indicator, unit as N-Triples


def _solutions(store: ox.Store, text: str, bindings: Mapping[str, Term] | None = None) -> Iterator[Row]:
    answer = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True,
                         substitutions={ox.Variable(k): v for k, v in (bindings or {}).items()} or None)
    width = range(len(answer.variables))
    return ([solution[i] for i in width] for solution in answer)


def _select(store: ox.Store, text: str, bindings: Mapping[str, Term] | None = None) -> list[Row]:
    return list(_solutions(store, text, bindings))


def _key_order(keys: list[tuple[Term, Term, Term]]) -> list[int]:
    """The positions of ``keys`` in the order Oxigraph's ORDER BY gives them."""
    if not keys:
        return []
    rows = [[ox.Literal(str(n), datatype=_INTEGER), *key]
            for n, key in enumerate(keys)]
    block = values_block(["n", "a", "b", "c"], rows)  # type: ignore[arg-type]
    assert block is not None  # labels and periods are literals
    return [int(row[0].value) for row in _select(ox.Store(), f"SELECT ?n WHERE {{ {block} }} ORDER BY ?a ?b ?c")]  # type: ignore[union-attr]


def streamed_pairs(engine: Engine, text: str, bindings: Mapping[str, Term]) -> QueryResult | None:
    """The rows of `conflicts --pairs` as they are worked out; None for any other query
    (or engine, or parameter), which then runs as written."""
    if not isinstance(engine, OxigraphEngine) or set(bindings) - {"lang"}:
        return None
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != SHIPPED_SHA256:
        return None
    variables = ["subject", "subjectLabel", "indicator", "period", "unit", "value1", "bound1", "quote1", "file1",
                 "start1", "value2", "bound2", "quote2", "file2", "start2", "metric1", "metric2", "lang"]
    sides, labels = _read(engine.store, bindings)
    if sides is None:
        return None
    lang = bindings.get("lang")
    rows = _rows(sides, labels, lang)
    if "lang" in bindings:  # a bound column is left out, as run_query leaves it out
        variables.pop()
        rows = (row[:-1] for row in rows)
    return QueryResult("SELECT", variables=variables, rows=rows,
                       text=lambda fmt: _text(sides, labels, fmt, "lang" not in bindings))


def _read(store: ox.Store, bindings: Mapping[str, Term]) -> tuple[dict[Group, list[Row]] | None, dict[Group, list[Row]]]:
    """Every number of a group with more than one, and the groups' labels, by group; no numbers
    (None) when a term cannot be given as VALUES (a blank node) or rows could tie: the query
    then runs as written."""
    sides: dict[Group, list[Row]] = defaultdict(list)
    labels: dict[Group, list[Row]] = defaultdict(list)
    # Kept as they come: the read's peak is Oxigraph's join tables (some 270 MB at 10,000
    # documents), without a second copy of the rows beside them.
    for text, into, params, width in ((_SIDES, sides, None, 12), (_LABELS, labels, bindings, 6)):
        for row in _solutions(store, text, params):
            if not all(isinstance(t, (ox.NamedNode, ox.Literal)) for t in row[:width]):
                return None, labels
            into[(str(row[0]), str(row[1]), str(row[2]))].append(row[:width] if len(row) > width else row)
    # Rows that tie on every ORDER BY key come out in an order the engine chooses; they exist
    # only when a number has several rows (two quotes, a period or value stated twice, a
    # statement in several graphs) or a group several labels. Such a graph runs as written.
    numbers = Counter(str(row[3]) for rows in sides.values() for row in rows)
    if any(n > 1 for n in numbers.values()) or any(len(rows) > 1 for rows in labels.values()):
        return None, labels
    return sides, labels


def _slices(sides: dict[Group, list[Row]], labels: dict[Group, list[Row]]) -> Iterator[Iterator[tuple[Row, Row]]]:
    """The conflicting pairs of numbers, a slice at a time, in the query's order."""
    # The slices' keys: (subject label, indicator, period), each with its groups' numbers.
    slices: dict[tuple[str, str, str], tuple[tuple[Term, Term, Term], dict[Group, list[Row]]]] = {}
    for group, group_sides in sides.items():
        label = labels[group][0]
        for row in group_sides:
            key = (str(label[3]), str(label[4]), str(row[_PERIOD]))
            entry = slices.setdefault(key, ((label[3], label[4], row[_PERIOD]), {}))  # type: ignore[arg-type]
            entry[1].setdefault(group, []).append(row)
    keys = list(slices)
    pairs_store = ox.Store()
    for position in _key_order([slices[k][0] for k in keys]):
        numbers = slices[keys[position]][1]
        by_metric = {row[_METRIC].value: row for rows in numbers.values() for row in rows}  # type: ignore[union-attr]
        # First numbers in IRI order (how ORDER BY orders IRIs), a run of them a slice. One key
        # a query: Oxigraph pairs every row of one VALUES block with every row of the other, so
        # slices of several keys (tried, numbered and ordered by key) weighed more than the
        # queries they saved (33 s against 24 s at 10,000 documents).
        run: list[Row] = []
        weight = 0
        firsts = sorted(by_metric)
        for n, first in enumerate(firsts):
            row = by_metric[first]
            run.append(row)
            weight += len(numbers[(str(row[0]), str(row[1]), str(row[2]))])
            if weight < SLICE_PAIRS and n < len(firsts) - 1:
                continue
            chosen = {(str(r[0]), str(r[1]), str(r[2])) for r in run}
            right = [r for group in chosen for r in numbers[group]]
            # Read as the consumer writes (each slice wholly before the next is asked for).
            yield ((by_metric[one.value], by_metric[two.value])  # type: ignore[union-attr]
                   for one, two in _pairs(pairs_store, run, right))
            run, weight = [], 0


def _rows(sides: dict[Group, list[Row]], labels: dict[Group, list[Row]], lang: Term | None) -> Iterator[Row]:
    """The rows as the query gives them."""
    for pairs in _slices(sides, labels):
        for one, two in pairs:
            label = labels[(str(one[0]), str(one[1]), str(one[2]))][0]
            yield [one[_SUBJECT], label[3], label[4], one[_PERIOD], label[5],
                   one[_VALUE], one[_BOUND], one[_QUOTE], one[_FILE], one[_START],
                   two[_VALUE], two[_BOUND], two[_QUOTE], two[_FILE], two[_START],
                   one[_METRIC], two[_METRIC], lang]


def _text(sides: dict[Group, list[Row]], labels: dict[Group, list[Row]], fmt: str, unbound_lang: bool) -> Iterator[str]:
    """The rows as CSV or TSV lines, as ``write_result`` writes them: the writer quotes each cell
    by itself, so a line is its parts written once each (a group's five cells, a number's five,
    its IRI) and joined, not 17 cells converted for each of millions of pairs."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, fmt)

    def written(terms: list[Term | None]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([plain(t) for t in terms])
        return buffer.getvalue()[:-1]  # without the line's end

    sep = "," if fmt == "csv" else "\t"
    end = sep + "\n" if unbound_lang else "\n"  # the unbound ?lang: an empty last cell
    heads: dict[tuple[str, str, str, str], str] = {}  # a group's five cells in one period
    cells: dict[str, tuple[str, str]] = {}  # a number's five cells and its IRI's cell
    for pairs in _slices(sides, labels):
        for one, two in pairs:
            group = (str(one[0]), str(one[1]), str(one[2]))
            head = heads.get((*group, one[_PERIOD].value))  # type: ignore[union-attr]
            if head is None:
                label = labels[group][0]
                head = heads[(*group, one[_PERIOD].value)] = written([one[_SUBJECT], label[3], label[4], one[_PERIOD], label[5]])
            parts = []
            for number in (one, two):
                metric = number[_METRIC].value  # type: ignore[union-attr]
                cell = cells.get(metric)
                if cell is None:
                    cell = cells[metric] = (written([number[i] for i in (_VALUE, _BOUND, _QUOTE, _FILE, _START)]),
                                            written([number[_METRIC]]))
                parts.append(cell)
            yield sep.join((head, parts[0][0], parts[1][0], parts[0][1], parts[1][1])) + end


def _pairs(store: ox.Store, left: list[Row], right: list[Row]) -> Iterator[Row]:
    # Every term is an IRI or a literal (``_read``), so every block can be written.
    blocks = [values_block(side, [[row[i] for i in _COMPARED] for row in rows])
              for side, rows in ((_SIDE1, left), (_SIDE2, right))]
    return _solutions(store, _PAIRS.replace("{VALUES}", "\n".join(b or "" for b in blocks)))
