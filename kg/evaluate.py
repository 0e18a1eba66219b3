"""Score extraction against hand-written expectations (tests/data/*/…expected.yaml).

An expected entity is ``[class, key]`` where key is an IRI path under ``id/`` (reference
entities) or a label in any language; an expected relation is ``[subject, predicate, object]``
with the same keys. Precision counts every extracted entity and asserted relation that is
neither expected nor listed under ``acceptable``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from . import terms as T
from .lexicon import Lexicon
from .pipeline import run
from .serialize import union_graph


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.casefold().split())


@dataclass
class Score:
    name: str
    expected: int = 0
    found: int = 0
    extracted: int = 0
    correct: int = 0
    missing: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    def add(self, other: "Score") -> None:
        self.expected += other.expected
        self.found += other.found
        self.extracted += other.extracted
        self.correct += other.correct
        self.missing += other.missing
        self.spurious += other.spurious


class _Index:
    """Extracted entities of one document, findable by IRI path or label."""

    def __init__(self, graph: Graph, doc_iri: URIRef):
        self.graph = graph
        self.entities: dict[str, str] = {}  # iri → class name
        for cls_name, cls in T.ENTITY_CLASSES.items():
            for subject in graph.subjects(RDF.type, cls):
                if (subject, T.mentionedIn, doc_iri) in graph:
                    self.entities[str(subject)] = cls_name
        self.aliases: dict[str, str] = {}  # expected key → IRI, for described programmes
        self.labels: dict[str, set[str]] = {}
        for iri in self.entities:
            names = {_norm(str(l)) for p in (RDFS.label, SKOS.altLabel) for l in graph.objects(URIRef(iri), p)}
            self.labels[iri] = names

    def resolve(self, key: str, cls: str | None = None) -> set[str]:
        if _norm(key) in self.aliases:
            return {self.aliases[_norm(key)]}
        if "/" in key and not key.startswith("http") and " " not in key:
            iri = str(T.ID[key])
            return {iri} if iri in self.entities and (cls is None or self.entities[iri] == cls) else set()
        wanted = _norm(key)
        return {iri for iri, names in self.labels.items()
                if wanted in names and (cls is None or self.entities[iri] == cls)}


def _described_programmes(graph: Graph, doc_iri: URIRef) -> set[str]:
    rule = T.ID["rule/described-programme"]
    out = set()
    for statement in graph.subjects(RDF.predicate, T.mentionedIn):
        subject = graph.value(statement, RDF.subject)
        if graph.value(statement, RDF.object) != doc_iri:
            continue
        if any(graph.value(a, T.rule) == rule for a in graph.subjects(T.OA.hasBody, statement)):
            out.add(str(subject))
    return out


def _relations(graph: Graph, doc_iri: URIRef) -> set[tuple[str, str, str]]:
    out = set()
    for statement in graph.subjects(RDF.type, T.Statement):
        predicate = graph.value(statement, RDF.predicate)
        if predicate == T.mentionedIn:
            continue
        annotations = list(graph.subjects(T.OA.hasBody, statement))
        if not any((a, T.PREFIXES["prov"].wasDerivedFrom, doc_iri) in graph for a in annotations):
            continue
        out.add((str(graph.value(statement, RDF.subject)), str(predicate).rsplit("#", 1)[1],
                 str(graph.value(statement, RDF.object))))
    return out


def score_document(path: Path, expected: dict, lexicon: Lexicon) -> tuple[Score, Score]:
    result = run([path], lexicon)
    graph = union_graph(result.dataset)
    doc_iri = T.ID[f"document/{result.documents[0].doc_id}"]
    index = _Index(graph, doc_iri)
    entities, relations = Score(path.name), Score(path.name)

    matched: set[str] = set()
    described = _described_programmes(graph, doc_iri)
    for cls, key in expected.get("entities", []):
        hits = index.resolve(str(key), cls)
        if not hits and cls == "programme" and len(described - matched) == 1:
            # An unnamed programme has no name to match: any one programme the extractor
            # described (rather than named) in this document stands for it.
            hits = described - matched
            index.aliases[_norm(str(key))] = next(iter(hits))
        entities.expected += 1
        if hits:
            entities.found += 1
            matched |= hits
        else:
            entities.missing.append(f"{cls} {key}")
    for cls, key in expected.get("acceptable", []):
        matched |= index.resolve(str(key), cls)
    entities.extracted = len(index.entities)
    entities.correct = len(matched & set(index.entities))
    entities.spurious = sorted(f"{index.entities[i]} {i.rsplit('/', 1)[1]}" for i in set(index.entities) - matched)

    extracted = _relations(graph, doc_iri)
    good: set[tuple[str, str, str]] = set()
    for kind in ("relations", "acceptable_relations"):
        for subject, predicate, obj in expected.get(kind, []):
            candidates = {(s, predicate, o) for s in index.resolve(str(subject)) for o in index.resolve(str(obj))}
            hit = candidates & extracted
            if kind == "relations":
                relations.expected += 1
                if hit:
                    relations.found += 1
                else:
                    relations.missing.append(f"{subject} {predicate} {obj}")
            good |= hit
    relations.extracted = len(extracted)
    relations.correct = len(good)
    relations.spurious = sorted(f"{s.rsplit('/', 1)[1]} {p} {o.rsplit('/', 1)[1]}" for s, p, o in extracted - good)
    return entities, relations


def score_folder(folder: Path, lexicon: Lexicon) -> list[tuple[Score, Score]]:
    scores = []
    for text in sorted(folder.glob("*.txt")):
        expected_file = text.with_suffix(".expected.yaml")
        if expected_file.exists():
            scores.append(score_document(text, yaml.safe_load(expected_file.read_text(encoding="utf-8")), lexicon))
    return scores


def score_seeds(seeds: Path, expected_file: Path, lexicon: Lexicon) -> list[tuple[Score, Score]]:
    expectations = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    return [score_document(seeds / name, spec, lexicon) for name, spec in sorted(expectations.items())]


def total(scores: list[tuple[Score, Score]], which: int, name: str) -> Score:
    out = Score(name)
    for pair in scores:
        out.add(pair[which])
    return out
