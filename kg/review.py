"""A reviewer's view of the entities: class, labels in each language, the documents that
mention each one and how often — so duplicates and wrong classes stand out at a glance."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from . import terms as T
from .termsafe import visible


@dataclass(frozen=True)
class EntityRow:
    iri: str
    cls: str
    labels: dict[str, str]
    alt_labels: tuple[str, ...]
    documents: dict[str, int]  # file name → mentions

    @property
    def mentions(self) -> int:
        return sum(self.documents.values())


def entity_rows(graph: Graph, cls: str | None = None) -> list[EntityRow]:
    classes = {name: iri for name, iri in T.ENTITY_CLASSES.items() if cls in (None, name)}
    rows = []
    for name, cls_iri in sorted(classes.items()):
        for node in sorted(set(graph.subjects(RDF.type, cls_iri))):
            labels = {l.language or "": str(l) for l in graph.objects(node, RDFS.label)}
            alts = tuple(sorted(str(a) for a in graph.objects(node, SKOS.altLabel)))
            rows.append(EntityRow(str(node), name, labels, alts, _mention_counts(graph, node)))
    return rows


def _mention_counts(graph: Graph, node: URIRef) -> dict[str, int]:
    counts: dict[str, int] = {}
    for statement in graph.subjects(RDF.subject, node):
        if graph.value(statement, RDF.predicate) != T.mentionedIn:
            continue
        document = graph.value(statement, RDF.object)
        file_name = str(graph.value(document, T.fileName))
        for annotation in graph.subjects(T.OA.hasBody, statement):
            count = graph.value(annotation, T.mentionCount)
            counts[file_name] = counts.get(file_name, 0) + (int(count) if count is not None else 1)
    return dict(sorted(counts.items()))


def format_rows(rows: list[EntityRow], lang: str = "en") -> str:
    lines = [f"{'class':10} {'entity':48} {'label':44} {'mentions':>8}  documents"]
    for row in rows:
        shown = lang if lang in row.labels else next(iter(sorted(row.labels)), "")
        label = row.labels.get(shown, "")
        others = "; ".join(f"{l}@{g}" for g, l in sorted(row.labels.items()) if g != shown)
        docs = ", ".join(f"{name.split('_')[0]}×{n}" for name, n in row.documents.items())
        local = row.iri.split("/id/", 1)[-1]
        lines.append(f"{row.cls:10} {local[:48]:48} {label[:44]:44} {row.mentions:8}  {docs}")
        if others or row.alt_labels:
            lines.append(f"{'':10} {'':48} {('also: ' + '; '.join(filter(None, [others, ', '.join(row.alt_labels)])))[:100]}")
    lines.append(f"({len(rows)} entities)")
    # A table for people (on a terminal or in a file): labels and file names come from documents.
    return "\n".join(visible(line) for line in lines) + "\n"
