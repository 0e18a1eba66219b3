"""What `kg viz` reads of the store: the statements ``to_networkx`` looks at, by SELECTs whose
patterns are subqueries of their own (Oxigraph joins those by hashing, where a pattern joined
to the next costs a RocksDB read per row), into a ``TripleIndex`` instead of an rdflib graph.

Only what a view can show is read. The quotes of a document's mention of an entity (two
annotations in five at 10,000 documents, with their tm:mentionedIn statements) are evidence
of an edge to a document, drawn only with ``include_documents``; without it they are left in
the store. A quote's PDF page is read only when the graph has PDF page selectors at all.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg import terms as t
from kg.rdf.convert import to_rdflib
from kg.rdf.subset import iri_list, select
from kg.rdf.triples import TripleIndex
from kg.views.network import EDGE_PROPERTIES, NODE_CLASSES

# Read whole, subject and object: the relations, what a node's panel shows, a metric's fields.
_PLAIN = (*EDGE_PROPERTIES.values(), RDFS.label, SKOS.altLabel, t.fileName, DCTERMS.title, DCTERMS.publisher,
          DCTERMS.date, t.isoCode)
# A metric's fields, read in one row per metric (its IRI decoded once, not once per field): the
# views read them of metrics only.
_METRIC = (t.value, t.unit, t.indicator, t.period, t.periodStart, t.periodEnd, t.bound, t.rangeMax)


class _Reader:
    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.index = TripleIndex()
        self._terms: dict[ox.NamedNode | ox.BlankNode | ox.Literal, Node] = {}

    def term(self, node: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        # IRIs recur (classes, documents, bodies): each is converted once.
        known = self._terms.get(node)
        if known is None:
            known = self._terms[node] = to_rdflib(node)
        return known

    def read(self, query: str, *statements: tuple[int | URIRef, URIRef | int, int | URIRef]) -> None:
        """Add, for each row of ``query``, each statement: a column's term (by number) or a fixed term."""
        for row in select(self.store, query):
            terms = [None if cell is None else self.term(cell) for cell in row]
            for s, p, o in statements:
                parts = [terms[x] if isinstance(x, int) else x for x in (s, p, o)]
                if None not in parts:
                    self.index.add(*parts)


def view_graph(store: ox.Store, *, include_documents: bool = False) -> TripleIndex:
    """The statements of ``store``'s union that ``to_networkx(…, include_documents=…)`` reads."""
    reader = _Reader(store)
    for cls in NODE_CLASSES.values():
        reader.read(f"SELECT ?s WHERE {{ ?s a <{cls}> }}", (0, RDF.type, cls))
    for prop in _PLAIN:
        reader.read(f"SELECT ?s ?o WHERE {{ ?s <{prop}> ?o }}", (0, prop, 1))
    fields = " ".join(f"OPTIONAL {{ SELECT ?m ?f{i} WHERE {{ ?m <{prop}> ?f{i} }} }}" for i, prop in enumerate(_METRIC))
    reader.read(f"SELECT ?m {' '.join(f'?f{i}' for i in range(len(_METRIC)))} WHERE {{ "
                f"{{ SELECT ?m WHERE {{ ?m a <{t.Metric}> }} }} {fields} }}",
                *((0, prop, i + 1) for i, prop in enumerate(_METRIC)))
    edges = iri_list(EDGE_PROPERTIES.values())
    nodes = (f"{{ SELECT DISTINCT ?s WHERE {{ {{ VALUES ?c {{ {iri_list(NODE_CLASSES.values())} }} ?s a ?c }} "
             f"UNION {{ VALUES ?p {{ {edges} }} ?s ?p ?x }} UNION {{ VALUES ?p {{ {edges} }} ?x ?p ?s }} }} }}")
    reader.read(f"SELECT ?s ?o WHERE {{ {nodes} {{ SELECT ?s ?o WHERE {{ ?s <{PROV.wasDerivedFrom}> ?o }} }} }}",
                (0, PROV.wasDerivedFrom, 1))
    # The reified statements whose quotes an edge can show.
    kept = "" if include_documents else f"FILTER(?p != <{t.mentionedIn}>)"
    statements = (f"{{ SELECT ?st WHERE {{ ?st a <{t.Statement}> }} }} "
                  f"{{ SELECT ?st ?p WHERE {{ ?st <{RDF.predicate}> ?p {kept} }} }}")
    reader.read(f"SELECT ?st ?s ?p ?o WHERE {{ {statements} {{ SELECT ?st ?s WHERE {{ ?st <{RDF.subject}> ?s }} }} "
                f"{{ SELECT ?st ?o WHERE {{ ?st <{RDF.object}> ?o }} }} }}",
                (0, RDF.type, t.Statement), (0, RDF.subject, 1), (0, RDF.predicate, 2), (0, RDF.object, 3))
    # Quotes of the metrics and of those statements, with their documents.
    bodies = (f"{{ SELECT ?body WHERE {{ {{ ?body a <{t.Metric}> }} UNION "
              f"{{ SELECT (?st AS ?body) WHERE {{ {statements} }} }} }} }}")
    # One row per annotation and document (none: no document), so each IRI is decoded once.
    reader.read(f"SELECT ?ann ?body ?quote ?doc WHERE {{ {{ SELECT ?ann ?body WHERE {{ ?ann <{t.OA.hasBody}> ?body }} }} "
                f"{bodies} {{ SELECT ?ann ?quote WHERE {{ ?ann <{t.normalizedQuote}> ?quote }} }} "
                f"OPTIONAL {{ SELECT ?ann ?doc WHERE {{ ?ann <{PROV.wasDerivedFrom}> ?doc }} }} }}",
                (0, t.OA.hasBody, 1), (0, t.normalizedQuote, 2), (0, PROV.wasDerivedFrom, 3))
    if store.query(f"ASK {{ ?s <{DCTERMS.conformsTo}> <{t.RFC3778}> }}", use_default_graph_as_union=True):
        reader.read(f"SELECT ?ann ?target ?sel ?page WHERE {{ ?ann <{t.OA.hasTarget}> ?target . "
                    f"?target <{t.OA.hasSelector}> ?sel . ?sel <{DCTERMS.conformsTo}> <{t.RFC3778}> ; "
                    f"<{RDF.value}> ?page }}",
                    (0, t.OA.hasTarget, 1), (1, t.OA.hasSelector, 2), (2, DCTERMS.conformsTo, t.RFC3778),
                    (2, RDF.value, 3))
    return reader.index
