"""Score extraction against hand-written expectations (tests/data/*/…expected.yaml).

An expected entity is ``[class, key]`` where key is an IRI path under ``id/`` (reference
entities) or a label in any language; an expected relation is ``[subject, predicate, object]``
with the same keys. Precision counts every extracted entity and asserted relation that is
neither expected nor listed under ``acceptable``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from decimal import Decimal
from pathlib import Path

import networkx as nx
import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg import terms as T
from kg.extract.candidates import country_of
from kg.extract.implied import IMPLIED_PROGRAMME
from kg.extract.programmes import DESCRIBED_PROGRAMME, INTRODUCED_PROGRAMME
from kg.extract.lexicon import Lexicon
from kg.build.pipeline import build_graph
from kg.text.script import latin_words_in_cyrillic
from kg.rdf.convert import union_graph


# Rules that make a programme the text describes but does not name.
_UNNAMED_RULES = (DESCRIBED_PROGRAMME.id, INTRODUCED_PROGRAMME.id, IMPLIED_PROGRAMME.id)


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

    def expect(self, found: bool, what: str) -> None:
        """One expected item, found or missing."""
        self.expected += 1
        if found:
            self.found += 1
        else:
            self.missing.append(what)

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
    rules = {T.ID[f"rule/{name}"] for name in _UNNAMED_RULES}
    out = set()
    for statement in graph.subjects(RDF.predicate, T.mentionedIn):
        subject = graph.value(statement, RDF.subject)
        if graph.value(statement, RDF.object) != doc_iri:
            continue
        if any(graph.value(a, T.rule) in rules for a in graph.subjects(T.OA.hasBody, statement)):
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
    result = build_graph([path], lexicon)
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
    stated: set[tuple[str, str, str]] = set()
    for kind in ("relations", "acceptable_relations"):
        for subject, predicate, obj in expected.get(kind, []):
            subjects, objects = index.resolve(str(subject)), index.resolve(str(obj))
            hit = {(s, predicate, o) for s in subjects for o in objects} & extracted
            if kind == "relations":
                relations.expect(bool(hit), f"{subject} {predicate} {obj}")
            good |= hit
            # a place the reader names by its IRI counts even where the graph lacks it
            places = objects or ({str(T.ID[str(obj)])} if str(obj).startswith("region/") else set())
            stated |= {(s, predicate, o) for s in subjects for o in places}
    # as for the real articles (``_entailed_by_gold``): a facility the reader puts in a place is in that
    # place's country too, judged right, never required
    good |= {(s, p, country) for s, p, o in stated if p == "locatedIn" and "/facility/" in s
             and (country := country_of(o, lexicon)) is not None} & extracted
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


# --------------------------------------------------------------------------------------------
# Real published articles: gold facts written by a reader who never saw the extractor's output
# (benchmarks/realtext/gold/*.gold.yaml). Names are written as the text names them, so they are
# matched leniently: inflection (a shared stem per word), alternatives joined by ' | ', and a
# '*' name for a programme the text describes but does not name.

_GAP = re.compile(r"[\W_]+")
_THE = {"the", "a", "an"}


# The extractor labels a programme it describes with the document's country ('… in Kazakhstan',
# '… (Қазақстан)'); a reader's name for it has no such suffix.
_COUNTRY_SUFFIX = re.compile(r"\s*\([^()]*\)$|\s+in\s+[A-Z][\w’' -]*$")


def _words(name: str) -> list[str]:
    # a Kazakh name may be written in either script ('Aral aýdany', 'Арал ауданы'): both sides are
    # compared through the same Cyrillic letters
    name = latin_words_in_cyrillic(_COUNTRY_SUFFIX.sub("", name.strip()))
    return [w for w in _GAP.sub(" ", _norm(name).replace("ё", "е")).split() if w not in _THE]


def _stem_equal(a: str, b: str) -> bool:
    """Two word forms of one word: equal, or sharing a stem of at least four letters that covers
    all but the ending of both ('ошская'/'ошской', 'облысы'/'облысында')."""
    if a == b:
        return True
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common >= 4 and len(a) - common <= 4 and len(b) - common <= 4 or (
        common >= 3 and min(len(a), len(b)) <= 5 and max(len(a), len(b)) - common <= 3 and min(len(a), len(b)) - common <= 1)


def _same_words(a: list[str], b: list[str]) -> bool:
    return len(a) == len(b) and all(_stem_equal(x, y) for x, y in zip(a, b))


def _contains(long: list[str], short: list[str]) -> bool:
    return any(_same_words(long[i:i + len(short)], short) for i in range(len(long) - len(short) + 1))


def _shared_words(a: str, b: str) -> int:
    return sum(1 for x in _words(a) if any(_stem_equal(x, y) for y in _words(b)))


def names_match(gold: str, label: str, cls: str) -> bool:
    """Places must be the same words (Osh is not Osh Region); other names may add or drop words
    around a shared core of two or more ('Joint Digital Health Programme' in a longer label)."""
    for alternative in gold.split("|"):
        g, l = _words(alternative), _words(label)
        if not g or not l:
            continue
        if _same_words(g, l):
            return True
        if cls not in ("country", "region") and min(len(g), len(l)) >= 2 and (_contains(l, g) or _contains(g, l)):
            return True
    return False


@dataclass
class RealScores:
    """Counts over one article or a set; each score is found/expected and correct/extracted."""
    entities: Score
    relations: Score
    metric_values: Score
    metric_subjects: Score

    @classmethod
    def empty(cls, name: str) -> "RealScores":
        return cls(Score(name), Score(name), Score(name), Score(name))

    def add(self, other: "RealScores") -> None:
        for mine, theirs in zip(self.parts(), other.parts()):
            mine.add(theirs)

    def parts(self) -> tuple[Score, Score, Score, Score]:
        return self.entities, self.relations, self.metric_values, self.metric_subjects


def _entity_labels(graph: Graph) -> dict[str, tuple[str, list[str]]]:
    """Every entity of the graph: IRI → (class name, labels in any language)."""
    out = {}
    for cls_name, cls in T.ENTITY_CLASSES.items():
        for subject in graph.subjects(RDF.type, cls):
            out[str(subject)] = (cls_name, sorted({str(o) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
                                                  for o in graph.objects(subject, p)}))
    return out


class _DocumentView:
    """What the built graph says about one document: its entities, relations and metrics. Entities
    the document does not mention (its country, known from its places) still answer for the ends of
    its relations and the subjects of its numbers."""

    def __init__(self, graph: Graph, doc_iri: URIRef, everything: dict[str, tuple[str, list[str]]] | None = None):
        self.everything = everything if everything is not None else _entity_labels(graph)
        self.entities: dict[str, str] = {}
        self.labels: dict[str, list[str]] = {}
        for iri, (cls_name, labels) in self.everything.items():
            if (URIRef(iri), T.mentionedIn, doc_iri) in graph:
                self.entities[iri] = cls_name
                self.labels[iri] = labels
        self.unnamed = {iri for iri in self.entities if self.entities[iri] == "programme"
                        and _mention_rules(graph, URIRef(iri), doc_iri) & set(_UNNAMED_RULES)}
        # The build does not write the reference data's tm:country, so governments' countries come from it
        self.country_of_funder = {str(s): str(o) for s, o in graph.subject_objects(T.country)} | _government_countries()
        self.relations = _relations(graph, doc_iri)
        self.metrics: list[tuple[Decimal, str | None]] = []
        for metric in graph.subjects(RDF.type, T.Metric):
            if (metric, T.PREFIXES["prov"].wasDerivedFrom, doc_iri) in graph:
                value = graph.value(metric, T.value)
                about = graph.value(metric, T.about)
                if value is not None:
                    self.metrics.append((Decimal(str(value)), str(about) if about is not None else None))
        self.metrics.sort(key=lambda m: (m[0], m[1] or ""))

    def resolve(self, name: str, cls: str | None, aliases: dict[str, set[str]]) -> set[str]:
        if name in aliases:
            return aliases[name]
        return {iri for iri, labels in self.labels.items()
                if (cls is None or self.entities[iri] == cls)
                and any(names_match(name, label, self.entities[iri]) for label in labels)}

    def listed_region(self, name: str, text: str) -> set[str]:
        """A province or district the text names bare in a list its plural region word closes ('East Kazakhstan,
        Almaty and Kyzylorda regions', 'в Макатском и Жылыойском районах'): the reader writes 'Almaty', the graph
        has Almaty Region. A bare name anywhere else is the town ('Osh is not Osh Region')."""
        hits: set[str] = set()
        for alternative in (a.strip() for a in name.split("|")):
            if alternative and re.search(rf"(?<!\w){re.escape(alternative)}(?!\w)[^.;\n]{{0,80}}?{_PLURAL_REGION_WORDS}", text):
                hits |= {iri for iri, labels in self.labels.items() if self.entities[iri] == "region" and any(
                    names_match(f"{alternative} {word}", label, "region") for word in _REGION_WORDS for label in labels)}
        return hits

    def resolve_anywhere(self, name: str, cls: str | None) -> set[str]:
        return {iri for iri, (c, labels) in self.everything.items()
                if (cls is None or c == cls) and any(names_match(name, label, c) for label in labels)}


_PLURAL_REGION_WORDS = (r"\b(?:regions|oblasts|provinces|velayats|districts|etraps|областях|областей|областям|областями"
                        r"|велаятах|велаятов|районах|районов|районам|районами|этрапах|этрапов|облыстар\w*|облыстарын\w*"
                        r"|аудандар\w*)\b")
_REGION_WORDS = ("region", "oblast", "province", "velayat", "district", "etrap", "область", "облысы", "велаят", "район",
                 "этрап", "ауданы")


def _mention_rules(graph: Graph, entity: URIRef, doc_iri: URIRef) -> set[str]:
    rules = set()
    for statement in graph.subjects(RDF.subject, entity):
        if graph.value(statement, RDF.predicate) == T.mentionedIn and graph.value(statement, RDF.object) == doc_iri:
            for annotation in graph.subjects(T.OA.hasBody, statement):
                rule = graph.value(annotation, T.rule)
                if rule is not None:
                    rules.add(str(rule).rsplit("/", 1)[1])
    return rules


def score_real_document(graph: Graph, doc_iri: URIRef, gold: dict, name: str,
                        everything: dict[str, tuple[str, list[str]]] | None = None, text: str = "") -> RealScores:
    """``text``: the article's, when at hand, for the provinces a list names bare (``listed_region``)."""
    view = _DocumentView(graph, doc_iri, everything)
    scores = RealScores.empty(name)
    aliases: dict[str, set[str]] = {}  # gold name → the IRIs it matched (a '*' programme: the one chosen)
    classes: dict[str, str] = {}
    matched: set[str] = set()
    rows = [(row, True) for row in gold.get("entities") or []] + [(row, False) for row in gold.get("acceptable") or []]
    described: list[tuple[str, str, bool]] = []  # the '*' rows, aligned once every named row is resolved
    for (cls, key), required in rows:
        key = str(key)
        classes[key] = cls
        if key.startswith("*"):
            described.append((cls, key, required))
            continue
        hits = view.resolve(key, cls, aliases) or (view.listed_region(key, text) if cls == "region" and text else set())
        if hits:
            aliases.setdefault(key, hits)
        if required:
            scores.entities.expect(bool(hits), f"{cls} {key}")
        # a donor country and its government are one funder ('Turkey donated …'), as for relations below
        matched |= hits | ({f for f, c in view.country_of_funder.items() if c in hits} if cls == "country" else set())
    chosen = _align_described(view, gold, [key for cls, key, _ in described if cls == "programme"], matched, aliases)
    for cls, key, required in described:
        hits = {chosen[key]} if key in chosen else set()
        if hits:
            aliases.setdefault(key, hits)
        if required:
            scores.entities.expect(bool(hits), f"{cls} {key}")
        matched |= hits
    scores.entities.extracted = len(view.entities)
    scores.entities.correct = len(matched & set(view.entities))
    scores.entities.spurious = sorted(f"{view.entities[i]} {i.rsplit('/', 1)[1]}" for i in set(view.entities) - matched)

    def ends(key: str) -> set[str]:
        hits = aliases[key] if key in aliases else view.resolve(key, classes.get(key), aliases) if not key.startswith("*") else set()
        if not hits and not key.startswith("*") and classes.get(key) == "country":
            hits = view.resolve_anywhere(key, "country")
        # A donor country and its government are one funder: 'contributions from Spain'.
        return hits | {f for f, c in view.country_of_funder.items() if c in hits}

    good: set[tuple[str, str, str]] = set()
    for kind in ("relations", "acceptable_relations"):
        for subject, predicate, obj in gold.get(kind) or []:
            hit = {(s, predicate, o) for s in ends(str(subject)) for o in ends(str(obj))} & view.relations
            if kind == "relations":
                scores.relations.expect(bool(hit), f"{subject} {predicate} {obj}")
            good |= hit
    good |= (_entailed_by_gold(gold, ends, classes, name) | _true_by_reference(view.relations)) & view.relations
    scores.relations.extracted = len(view.relations)
    scores.relations.correct = len(good & view.relations)
    scores.relations.spurious = sorted(f"{s.rsplit('/', 1)[1]} {p} {o.rsplit('/', 1)[1]}" for s, p, o in view.relations - good)

    remaining = list(view.metrics)
    for value, subject in gold.get("metrics") or []:
        wanted = Decimal(str(value))
        scores.metric_values.expected += 1
        found = [m for m in remaining if m[0] == wanted]
        if not found:
            scores.metric_values.missing.append(f"{value} ({subject})")
            continue
        scores.metric_values.found += 1
        if subject in (None, "~"):
            remaining.remove(found[0])
            continue
        subjects = ends(str(subject))
        right = [m for m in found if m[1] in subjects]
        scores.metric_subjects.expected += 1
        scores.metric_subjects.extracted += 1
        if right:
            scores.metric_subjects.found += 1
            scores.metric_subjects.correct += 1
            remaining.remove(right[0])
        else:
            scores.metric_subjects.missing.append(f"{value} about {subject}, extracted about "
                                                  f"{found[0][1].rsplit('/', 1)[1] if found[0][1] else 'nothing'}")
            remaining.remove(found[0])
    gold_values = {Decimal(str(v)) for v, _ in gold.get("metrics") or []}
    scores.metric_values.extracted = len(view.metrics)
    scores.metric_values.correct = sum(1 for v, _ in view.metrics if v in gold_values)
    scores.metric_values.spurious = sorted(f"{v} ({(a or '/nothing').rsplit('/', 1)[1]})" for v, a in view.metrics
                                           if v not in gold_values)
    return scores


def _align_described(view: _DocumentView, gold: dict, keys: list[str], matched: set[str],
                     aliases: dict[str, set[str]]) -> dict[str, str]:
    """The reader's programmes described, not named ('*' rows), each paired with one programme of
    the graph that no named row took: the pairing that agrees best over all of them at once, so
    that the first '*' row does not take the programme a later one describes. A pair agrees by
    the reader's relations and numbers it makes true, then by shared words; a programme the
    extractor made from a description is preferred to one it named."""
    named_gold = [str(k) for c, k in gold.get("entities") or [] if c == "programme" and not str(k).startswith("*")]
    candidates = sorted(view.unnamed - matched) + sorted(
        iri for iri in view.entities if view.entities[iri] == "programme" and iri not in matched
        and iri not in view.unnamed and not any(names_match(k, l, "programme") for k in named_gold for l in view.labels[iri]))
    if not keys or not candidates:
        return {}

    def other_end(name: str) -> set[str]:
        return set() if name.startswith("*") else aliases.get(name) or view.resolve(name, None, aliases)

    def relations_made_true(kind: str, key: str, iri: str) -> int:
        return sum(1 for s, p, o in gold.get(kind) or []
                   if str(s) == key and any((iri, p, e) in view.relations for e in other_end(str(o)))
                   or str(o) == key and any((e, p, iri) in view.relations for e in other_end(str(s))))

    pairing = nx.Graph()
    for key in keys:
        for iri in candidates:
            numbers = sum(1 for value, subject in gold.get("metrics") or []
                          if str(subject) == key and (Decimal(str(value)), iri) in view.metrics)
            words = max((_shared_words(key[1:], label) for label in view.labels[iri]), default=0)
            # In the order the figures weigh: required relations (the headline), numbers' subjects,
            # then relations only judged right, words and the kind of programme breaking ties.
            weight = (10_000 * relations_made_true("relations", key, iri) + 1_000 * numbers
                      + 100 * relations_made_true("acceptable_relations", key, iri) + 10 * words
                      + (5 if iri in view.unnamed else 0) + 1)
            pairing.add_edge(("gold", key), ("graph", iri), weight=weight)
    pairs = nx.max_weight_matching(pairing, maxcardinality=True)
    return {a[1]: b[1] for edge in pairs for a, b in (sorted(edge),)}


_WHERE = ("operatesIn", "locatedIn")


def _entailed_by_gold(gold: dict, ends: Callable[[str], set[str]], classes: dict[str, str],
                      name: str) -> set[tuple[str, str, str]]:
    """Relations the reader's rows imply without writing them, judged right, never required: a
    programme in a district operates in the district's region and country; a programme operates
    where its facility is; a facility in a town is in the town's country. What contains a place
    comes from the reference data and the reader's own place-in-place rows; a place neither
    knows is in the country the reader filed the article under (the id's 'kk_kz_…')."""
    rows = [(s, p, o) for kind in ("relations", "acceptable_relations") for s, p, o in gold.get(kind) or []]
    resolved = [(s, p, o) for subject, p, obj in rows for s in ends(str(subject)) for o in ends(str(obj))]
    parents: dict[str, set[str]] = {}
    for subject, p, obj in rows:
        if p == "locatedIn" and classes.get(str(subject)) in ("region", "country"):
            for s in ends(str(subject)):
                parents.setdefault(s, set()).update(ends(str(obj)))
    reference = _reference_parents()
    document_country = T.ID[f"country/{name.split('_')[1].upper()}"] if name.count("_") >= 2 else None

    def above(place: str) -> set[str]:
        seen: set[str] = set()
        todo = [place]
        while todo:
            here = todo.pop()
            for parent in parents.get(here, set()) | ({reference[here]} if here in reference else set()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        if document_country and not any("/country/" in p for p in seen | {place}):
            seen.add(str(document_country))
        return seen

    out = set()
    located = {(s, o) for s, p, o in resolved if p == "locatedIn"}
    for s, p, o in resolved:
        wheres = [(p, o)] if p in _WHERE else [("operatesIn", q) for f, q in located if f == o] \
            if p == "involvesFacility" else []
        for predicate, place in wheres:
            out |= {(s, predicate, place)} | {(s, predicate, a) for a in above(place)}
    return out


def _true_by_reference(relations: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """A known place in a place that holds it by the reference data ('Osh locatedIn Kyrgyzstan'): true
    whatever the reader wrote down, never required (readers do not write down what every atlas says)."""
    reference = _reference_parents()
    out = set()
    for s, p, o in relations:
        here, seen = s, {s}
        while p == "locatedIn" and here in reference and reference[here] not in seen:
            here = reference[here]
            seen.add(here)
            if here == o:
                out.add((s, p, o))
                break
    return out


@cache
def _reference_parents() -> dict[str, str]:
    """A known place and the place the reference data puts it in."""
    from kg.extract.lexicon import load_lexicon

    return {iri: record.located_in for iri, record in load_lexicon().entities.items() if record.located_in}


@cache
def _government_countries() -> dict[str, str]:
    """A government of the reference data and its country: 'Government of Japan' is Japan as a donor."""
    from kg.extract.lexicon import load_lexicon

    return {iri: record.country for iri, record in load_lexicon().entities.items()
            if record.country and record.org_type in _GOVERNMENT_TYPES}


_GOVERNMENT_TYPES = ("donor-government", "national-government")


def score_real_corpus(graph_path: Path, gold_dir: Path, texts: Path | None = None) -> dict[str, RealScores]:
    """Score a built graph (TriG) of a corpus against the gold file of each of its documents; ``texts``: the
    folder of the articles, to read the provinces a list names bare."""
    from kg.rdf.load import load_rdflib

    graph = union_graph(load_rdflib(graph_path))
    everything = _entity_labels(graph)
    out = {}
    for gold_file in sorted(gold_dir.glob("*.gold.yaml")):
        doc_id = gold_file.name[: -len(".gold.yaml")]
        doc_iri = T.ID[f"document/{doc_id}"]
        if (doc_iri, RDF.type, T.Document) not in graph:
            continue
        gold = yaml.safe_load(gold_file.read_text(encoding="utf-8")) or {}
        article = texts / f"{doc_id}.txt" if texts is not None else None
        text = article.read_text(encoding="utf-8") if article is not None and article.exists() else ""
        out[doc_id] = score_real_document(graph, doc_iri, gold, doc_id, everything, text)
    return out
