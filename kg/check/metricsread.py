"""The statements ``kg.check.consistency`` reads, taken from a store by SPARQL CONSTRUCT.

The consistency check reads the metrics, their documents, the evidence of each metric and the
labels of what they measure: at 1,000 documents about a third of the statements their
predicates have in the whole graph (every annotation, target and quote has some). Turning
statements into an rdflib graph costs tens of microseconds each, so only the metrics' own are
taken, and the rdflib code of the check reads them unchanged.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kg.rdf.subset import select_from
from kg.terms import OA, TM

_METRIC_PREDICATES = (TM.value, TM.unit, TM.indicator, TM.bound, TM.about, TM.period, TM.periodStart, TM.periodEnd,
                      TM.partOf, TM.rangeMax, PROV.wasDerivedFrom)


def _among(variable: str, predicates: tuple) -> str:
    return f"FILTER ({variable} IN ({', '.join(f'<{p}>' for p in predicates)}))"


class _MetricStatements:
    """What ``kg.rdf.subset.select_from`` runs: one CONSTRUCT per part of a metric's description."""

    def queries(self) -> list[str]:
        metric = f"?m a <{TM.Metric}> ."
        evidence = f"{metric} ?a <{OA.hasBody}> ?m ."
        return [
            f"CONSTRUCT {{ ?m a <{TM.Metric}> }} WHERE {{ {metric} }}",
            f"CONSTRUCT {{ ?m ?p ?o }} WHERE {{ {metric} ?m ?p ?o {_among('?p', _METRIC_PREDICATES)} }}",
            f"CONSTRUCT {{ ?d ?p ?o }} WHERE {{ {metric} ?m <{PROV.wasDerivedFrom}> ?d . ?d ?p ?o "
            f"{_among('?p', (DCTERMS.date, TM.fileName))} }}",
            f"CONSTRUCT {{ ?a <{OA.hasBody}> ?m }} WHERE {{ {evidence} }}",
            f"CONSTRUCT {{ ?a ?p ?o }} WHERE {{ {evidence} ?a ?p ?o {_among('?p', (TM.rule, OA.hasTarget))} }}",
            f"CONSTRUCT {{ ?t <{OA.hasSelector}> ?s }} WHERE {{ {evidence} ?a <{OA.hasTarget}> ?t . "
            f"?t <{OA.hasSelector}> ?s }}",
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {evidence} ?a <{OA.hasTarget}> ?t . ?t <{OA.hasSelector}> ?s . "
            f"?s ?p ?o {_among('?p', (RDF.type, OA.exact, OA.start))} }}",
            # Two patterns, not a FILTER on ?p: the filtered form took 14 s at 10,000 documents.
            f"CONSTRUCT {{ ?e <{RDFS.label}> ?l }} WHERE {{ {metric} {{ ?m <{TM.indicator}> ?e }} UNION "
            f"{{ ?m <{TM.about}> ?e }} ?e <{RDFS.label}> ?l }}",
        ]


def metric_statements(store: ox.Store) -> Graph:
    """The part of the union of ``store``'s graphs that ``kg.check.consistency.check_metrics`` reads."""
    return select_from(store, _MetricStatements())  # type: ignore[arg-type]
