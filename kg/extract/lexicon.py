"""Load the extractor's knowledge: ``lexicon.yaml`` (words and patterns) and
``reference.ttl`` (entities known beyond any text), and index their labels for matching."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from collections.abc import Callable
from typing import Any, TypeVar

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg import paths
from kg import terms as T
from kg.errors import ConfigError
from kg.model import EntityRecord
from kg.extract.cues import PatternFilter, Prefiltered
from kg.extract.rules import Rule
from kg.text.morph import Morphology, tokenize
from kg.io.turtlefile import Problem, TurtleFile, raise_first, read_turtle
from kg.io.yamlfile import read_yaml

T_ = TypeVar("T_")
CLASS_NAMES = {v: k for k, v in T.ENTITY_CLASSES.items()}
# Generated beside reference.ttl by scripts/make_countries.py: the rest of the world's countries
# and their governments, read after the hand-written file.
COUNTRIES_FILE = "countries.ttl"


@dataclass(frozen=True)
class LabelEntry:
    iri: str
    lang: str
    label: str
    needs_capital: bool


@dataclass(frozen=True)
class RelationCue:
    rule: Rule
    predicate: str
    org: str  # after | before | subject
    pattern: re.Pattern[str]
    donor_predicate: str | None = None  # the predicate instead when the organisation is a funding type
    new_names: bool = True  # whether a capitalised name at the cue becomes an organisation
    neighbours_pay: bool = False  # whether another country of the region the cue names pays ('Uzbekistan built …')


class Gazetteer:
    """A trie over label token keys; longest match wins."""

    def __init__(self) -> None:
        self._root: dict[str, Any] = {}
        self._first: frozenset[str] | None = None

    def add(self, keys: list[str], entry: LabelEntry) -> None:
        node = self._root
        for key in keys:
            node = node.setdefault(key, {})
        node.setdefault("\0", []).append(entry)
        self._first = None

    @property
    def first_keys(self) -> frozenset[str]:
        """The keys a label can start with."""
        if self._first is None:
            self._first = frozenset(self._root)
        return self._first

    def longest(self, token_keys: list[frozenset[str]], start: int) -> tuple[int, list[LabelEntry]]:
        """(number of tokens matched, entries) of the longest label starting at ``start``."""
        best: tuple[int, list[LabelEntry]] = (0, [])
        frontier = [(self._root, start)]
        while frontier:
            node, pos = frontier.pop()
            if "\0" in node and pos - start > best[0]:
                best = (pos - start, node["\0"])
            if pos < len(token_keys):
                for key in token_keys[pos]:
                    child = node.get(key)
                    if child is not None:
                        frontier.append((child, pos + 1))
        return best


@dataclass
class Lexicon:
    data: dict[str, Any]
    entities: dict[str, EntityRecord]
    fingerprint: str
    morph: Morphology = field(repr=False)
    # Country adjective key ('french', 'казахстанский') → country IRI.
    adjectives: dict[str, str] = field(default_factory=dict)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, name: str, make: Callable[[], T_]) -> T_:
        """What an extractor derives from the lexicon once (word sets, compiled patterns), kept with it."""
        if name not in self._memo:
            self._memo[name] = make()
        return self._memo[name]

    def prefiltered(self, name: str, make: Callable[[], re.Pattern[str]]) -> Prefiltered:
        """``memo`` of a pattern asked of every sentence, behind the automaton prefilter of
        kg/extract/cues.py (the sentences holding none of the strings its matches need are not searched)."""
        return self.memo(name, lambda: Prefiltered(make()))

    # --- shortcuts into the YAML -------------------------------------------------------
    def section(self, *keys: str) -> Any:
        node: Any = self.data
        for key in keys:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        return node

    @cached_property
    def glossary(self) -> dict[str, str]:
        return {str(k).lower(): str(v) for k, v in self.section("glossary").items()}

    @cached_property
    def heads(self) -> dict[str, str]:
        """head word (lower case) → class name."""
        out: dict[str, str] = {}
        for cls, words in self.section("heads").items():
            for word in words:
                out.setdefault(str(word).lower(), cls)
        return out

    @cached_property
    def head_openers(self) -> frozenset[str]:
        """First words of the three-word heads: only at one of them is a three-word phrase worth
        joining to look it up."""
        return frozenset(k.split(" ")[0] for k in self.heads if k.count(" ") == 2)

    @cached_property
    def programme_triggers(self) -> frozenset[str]:
        return frozenset(str(w).lower() for words in self.section("programme_triggers").values() for w in words)

    @cached_property
    def any_relation_cue(self) -> re.Pattern[str]:
        """One pattern for every cue: whether a sentence has one (the filter's candidates are asked one by one)."""
        return re.compile("|".join(f"(?:{cue.pattern.pattern})" for cue in self.relation_cues), re.IGNORECASE)

    def has_relation_cue(self, text: str) -> bool:
        """Whether any cue occurs in a sentence; asked by entity finding and again by relations,
        so the answer is kept for the sentences of the current documents."""
        return bool(self.cues_in(text))

    def cues_in(self, text: str) -> list[RelationCue]:
        """The relation cues that may occur in a sentence, in lexicon order (those whose required
        strings it holds, kg/extract/cues.py: every cue that occurs is among them); none when no
        cue occurs. Kept for the sentences of the current documents, like ``has_relation_cue``."""
        seen = self._memo.setdefault("cue_sentences", {})
        if text not in seen:
            if len(seen) > 4096:
                seen.clear()
            maybe = [self.relation_cues[i] for i in self.cue_filter.candidates(text)]
            seen[text] = maybe if any(cue.pattern.search(text) for cue in maybe) else []
        return seen[text]

    @cached_property
    def cue_filter(self) -> PatternFilter:
        return PatternFilter([cue.pattern for cue in self.relation_cues])

    @cached_property
    def relation_cues(self) -> list[RelationCue]:
        cues = []
        for item in self.data.get("relation_cues", []):
            rule = Rule(item["id"], f"Relation cue for tm:{item['predicate']} (organisation {item['org']} the cue): "
                                    f"{item['pattern']}")
            cues.append(RelationCue(rule, item["predicate"], item["org"],
                                    re.compile(item["pattern"], re.IGNORECASE), item.get("donor_predicate"),
                                    bool(item.get("new_names", True)), bool(item.get("neighbours_pay", False))))
        return cues

    @cached_property
    def gazetteer(self) -> Gazetteer:
        gaz = Gazetteer()
        for entity in self.entities.values():
            labels = {(label, lang) for lang, label in entity.labels.items()} | entity.alt_labels
            for label, lang in sorted(labels):
                tokens = [t for _, _, t in tokenize(label)]
                if not tokens:
                    continue
                keys = [self.morph.label_key(t, lang) for t in tokens]
                if len(keys) == 1 and len(keys[0]) < 4 and keys[0] != tokens[0].lower() and not keys[0].startswith("="):
                    # a one-word name whose lemma is a short common stem ('Денов' → 'ден', 'Того' → 'тот')
                    # would be found in every word with that stem: it is found as written
                    keys = [tokens[0].lower()]
                # Reporters write an institution's common head in lower case ('министерство
                # здравоохранения Узбекистана', 'the government of Japan'); a one-word label keeps
                # its capital, or every 'fund' would be one.
                needs_capital = label[:1].isupper() and not (
                    len(tokens) > 1 and self.heads.get(tokens[0].lower()) == "funder")
                gaz.add(keys, LabelEntry(entity.iri, lang, label, needs_capital))
        return gaz


    @cached_property
    def home_countries(self) -> frozenset[str]:
        """IRIs of the countries the corpus is about (lexicon `home_countries`)."""
        codes = set(self.section("home_countries") or [])
        return frozenset(e.iri for e in self.entities.values() if e.cls == "country" and e.iso_code in codes)

    @cached_property
    def currency_words(self) -> frozenset[str]:
        return frozenset(str(c).lower() for c in self.section("metrics", "currencies"))

    @cached_property
    def currency_pairs(self) -> tuple[tuple[str, str], ...]:
        """Two-word currency names ('доллар сша'), for telling a currency from its country."""
        words = (str(c).lower().split() for c in self.section("metrics", "currencies"))
        return tuple(sorted((w[0], w[1]) for w in words if len(w) == 2))

    def names_currency(self, keys: list[frozenset[str]], i: int) -> bool:
        """'долларов США', 'АҚШ доллары': the word at ``i`` (of a sentence's word keys) is part of a currency's name."""
        before = keys[i - 1] if i else frozenset()
        after = keys[i + 1] if i + 1 < len(keys) else frozenset()
        return any((first in before and second in keys[i]) or (first in keys[i] and second in after)
                   for first, second in self.currency_pairs)

    @cached_property
    def owner_words(self) -> frozenset[str]:
        """Who runs a programme ('state', 'government'), never its name ('the State program for …')."""
        return frozenset(str(w) for w in self.section("owner_words") or [])

    @cached_property
    def person_titles(self) -> frozenset[str]:
        """Titles a person holds ('minister', 'аким', 'әкімі'): a name with one is nobody's organisation,
        and a place after one names whose official speaks."""
        return frozenset(str(w) for w in self.section("person_titles") or [])

    @cached_property
    def governments(self) -> dict[str, str]:
        """Country IRI → the IRI of its government as a donor."""
        out: dict[str, str] = {}
        # The government itself before its agencies (JICA, GIZ, USAID are donor-government too).
        for e in sorted(self.entities.values(), key=lambda e: ("/government-of-" not in e.iri, e.iri)):
            if e.org_type == "donor-government" and e.country:
                out.setdefault(e.country, e.iri)
        return out

    @cached_property
    def neighbour_governments(self) -> dict[str, str]:
        """Home country IRI → its government: a donor in an article about another country of the region
        ('Казахстан профинансировал строительство больниц в Таджикистане')."""
        return {e.country: e.iri for e in sorted(self.entities.values(), key=lambda e: e.iri)
                if e.org_type == "national-government" and e.country in self.home_countries
                and "/government-of-" in e.iri}

    def regions_named(self, words: list[str]) -> set[str]:
        """The regions of the reference data one of whose labels is exactly ``words`` (any inflected form)."""
        length, entries = self.gazetteer.longest([self.key_of(w) for w in words], 0)
        return {e.iri for e in entries if "/region/" in e.iri} if length == len(words) else set()

    @cached_property
    def key_of(self) -> Callable[[str], frozenset[str]]:
        """token → the keys it can match under: the morphology's kept lookup itself, called a million
        times a thousand documents, without a method of this class around it."""
        return self.morph.keys

    def gloss(self, token: str) -> str | None:
        for candidate in self.morph.gloss_candidates(token):
            if candidate in self.glossary:
                return self.glossary[candidate]
        return None


def _load_yaml(path: Path) -> dict[str, Any]:
    data, _ = read_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    for item in data.get("relation_cues", []) or []:
        if not isinstance(item, dict) or not {"id", "predicate", "org", "pattern"} <= item.keys():
            raise ConfigError(f"{path}: relation cue {item!r} needs id, predicate, org and pattern")
        if item["predicate"] not in T.RELATIONS or item.get("donor_predicate", item["predicate"]) not in T.RELATIONS:
            raise ConfigError(f"{path}: relation cue {item['id']}: unknown predicate {item['predicate']!r}")
        try:
            re.compile(item["pattern"])
        except re.error as exc:
            raise ConfigError(f"{path}: relation cue {item['id']}: bad pattern: {exc}") from exc
    return data


def _load_reference(paths: list[Path]) -> tuple[dict[str, EntityRecord], dict[str, str]]:
    """Entities of the reference files; an entity described in an earlier file wins (the
    hand-written reference.ttl before the generated countries.ttl)."""
    files = [read_turtle(path) for path in paths]
    known = {s for f in files for cls in CLASS_NAMES for s in f.graph.subjects(RDF.type, cls)}
    for reference in files:
        _check_reference(reference, known)
    entities: dict[str, EntityRecord] = {}
    adjectives: dict[str, str] = {}
    for reference in files:
        _read_entities(reference.graph, entities, adjectives)
    return entities, adjectives


def _read_entities(graph: Graph, entities: dict[str, EntityRecord], adjectives: dict[str, str]) -> None:
    for cls_iri, cls_name in CLASS_NAMES.items():
        for subject in sorted(graph.subjects(RDF.type, cls_iri)):
            if str(subject) in entities:
                continue
            record = EntityRecord(iri=str(subject), cls=cls_name, reference=True)
            for label in graph.objects(subject, SKOS.prefLabel):
                if isinstance(label, Literal) and label.language:
                    record.labels[label.language] = str(label)
            for label in graph.objects(subject, SKOS.altLabel):
                if isinstance(label, Literal):
                    record.alt_labels.add((str(label), label.language or "en"))
            record.iso_code = _first_str(graph, subject, T.isoCode)
            record.org_type = _first_str(graph, subject, T.orgType)
            located = graph.value(subject, T.locatedIn)
            record.located_in = str(located) if isinstance(located, URIRef) else None
            country = graph.value(subject, T.country)
            record.country = str(country) if isinstance(country, URIRef) else None
            if cls_name == "country" and record.iso_code:
                record.country = record.iri
            for adjective in graph.objects(subject, T.adjective):
                adjectives[str(adjective).lower()] = str(subject)
            entities[record.iri] = record


def _check_reference(reference: TurtleFile, known: set[URIRef] | None = None) -> None:
    """What the extractor relies on, each mistake reported at its line: one known class per
    entity (else it is silently ignored), one preferred label per language (else which one wins
    is arbitrary), and places and countries that point at entities of the file (the build
    describes a place's ancestors so that tm:locatedIn never dangles)."""
    graph = reference.graph
    classes = ", ".join(reference.short(c) for c in CLASS_NAMES)
    problems: list[Problem] = []
    subjects = sorted({s for s in graph.subjects() if isinstance(s, URIRef)})
    entity_iris = {s for s in subjects if any(c in CLASS_NAMES for c in graph.objects(s, RDF.type))} | (known or set())
    for subject in subjects:
        name = reference.short(subject)
        types = sorted(graph.objects(subject, RDF.type))
        known = [t for t in types if t in CLASS_NAMES]
        unknown = [t for t in types if isinstance(t, URIRef) and t.startswith(T.TM) and t not in CLASS_NAMES]
        if unknown:
            problems.append(Problem(f"{name} has an unknown class {reference.short(unknown[0])} (one of {classes})",
                                    unknown[0], subject))
        elif not types:
            problems.append(Problem(f"{name} has no class (a {classes})", subject, as_subject=True))
        elif len(known) > 1:
            problems.append(Problem(f"{name} has more than one class: "
                                    f"{', '.join(reference.short(k) for k in known)}", known[1], subject))
        if not known:
            continue
        by_lang: dict[str, list[Literal]] = {}
        for label in sorted(graph.objects(subject, SKOS.prefLabel)):
            if isinstance(label, Literal) and label.language:
                by_lang.setdefault(label.language, []).append(label)
        if not by_lang:
            problems.append(Problem(f"{name} has no language-tagged skos:prefLabel (e.g. \"Name\"@en)",
                                    subject, as_subject=True))
        for lang, labels in sorted(by_lang.items()):
            if len(labels) > 1:
                problems.append(Problem(f"{name} has {len(labels)} skos:prefLabel in @{lang} "
                                        f"({', '.join(repr(str(l)) for l in labels)}); one is allowed, "
                                        f"the others go in skos:altLabel", labels[1], subject))
        for predicate in (T.locatedIn, T.country):
            for target in graph.objects(subject, predicate):
                if not isinstance(target, URIRef) or target not in entity_iris:
                    what = reference.short(target) if isinstance(target, URIRef) else target.n3()
                    problems.append(Problem(f"{name} {reference.short(predicate)} {what}: not an entity of this file",
                                            target, subject))
    raise_first(reference, problems)


def _first_str(graph: Graph, subject: URIRef, predicate: URIRef) -> str | None:
    value = graph.value(subject, predicate)
    return str(value) if value is not None else None


def load_lexicon(lexicon_path: Path | None = None, reference_path: Path | None = None) -> Lexicon:
    lexicon_path = lexicon_path or paths.lexicon_file()
    reference_path = reference_path or paths.reference_file()
    data = _load_yaml(lexicon_path)
    sources = [reference_path] + [p for p in [reference_path.parent / COUNTRIES_FILE] if p.is_file()]
    entities, adjectives = _load_reference(sources)
    morphology = data.get("morphology", {})
    morph = Morphology(
        morphology.get("kazakh_suffixes", []),
        int(morphology.get("kazakh_min_stem", 3)),
        morphology.get("english_suffixes", []),
    )
    digest = hashlib.sha256()
    for source in (lexicon_path, *sources):
        digest.update(source.read_bytes())
    lexicon = Lexicon(data=data, entities=entities, fingerprint=digest.hexdigest()[:16], morph=morph)
    for adjective, country in adjectives.items():
        for key in morph.keys(adjective):
            lexicon.adjectives.setdefault(key, country)
    return lexicon

