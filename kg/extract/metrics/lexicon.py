"""The ``metrics`` section of ``ontology/lexicon.yaml``, read once per lexicon and normalised for
matching: scale words, currencies, bound cues, number words, month names, period cues, the
indicator glossary, breakdown cues and the grammar words the readers rely on."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from kg.extract.lexicon import Lexicon
from kg.text.segment import KAZAKH_LETTERS
from kg.extract.metrics.words import Tok, _en_singular, _ru_lemma, _ru_lemmas


def _words(items: Iterable[Any]) -> list[str]:
    return [str(item).lower() for item in items or []]


class MetricLexicon:
    """The ``metrics`` section of the lexicon, normalised for matching."""

    def __init__(self, lexicon: Lexicon):
        cfg = lexicon.section("metrics")
        self.lex = lexicon
        self.scales = {str(k).lower().rstrip("."): Decimal(str(v)) for k, v in cfg.get("scales", {}).items()}
        currencies = {str(k).lower(): str(v) for k, v in cfg.get("currencies", {}).items()}
        self.currency_symbols = {k: v for k, v in currencies.items() if not k[:1].isalpha() or k.endswith("$")}
        self.currency_codes = {k: v for k, v in currencies.items() if k.isascii() and k.isalpha() and len(k) == 3}
        self.currency_words = sorted(((tuple(k.split()), v) for k, v in currencies.items() if k[:1].isalpha()),
                                     key=lambda kv: -len(kv[0]))
        self.percent = [tuple(p.split()) for p in _words(cfg.get("percent_words"))]
        self.number_words = {lang: {str(w).lower(): Decimal(str(v)) for w, v in words.items()}
                             for lang, words in (cfg.get("number_words") or {}).items()}
        self.number_word_min = Decimal(str(cfg.get("number_word_min", 2)))
        self.number_suffixes = set(_words(cfg.get("number_suffixes")))
        self.genitive_suffixes = tuple(_words(cfg.get("genitive_suffixes")))
        bounds = cfg.get("bounds") or {}
        self.bounds_before = self._phrases(bounds.get("before") or {})
        self.bounds_after = self._phrases(bounds.get("after") or {})
        changes = cfg.get("change_words") or {}
        self.change_words = {w for words in changes.values() for w in _words(words)}
        self.delta_preps = set(_words(cfg.get("delta_prepositions")))
        self.range_openers = [tuple(p.split()) for p in _words(cfg.get("range_openers"))]
        self.range_joiners = set(_words(cfg.get("range_joiners")))
        self.clause_breaks = [str(b).lower() for b in cfg.get("clause_breaks") or []]
        self.not_after = set(_words(cfg.get("not_quantity_after")))
        self.not_before = set(_words(cfg.get("not_quantity_before")))
        self.age_after = set(_words(cfg.get("age_after")))
        self.months = {str(k).lower(): int(v) for k, v in (cfg.get("months") or {}).items()}
        period = cfg.get("period") or {}
        self.year_min, self.year_max = int(period.get("year_min", 1900)), int(period.get("year_max", 2100))
        self.year_words = set(_words(period.get("year_words")))
        self.decade_endings = tuple(_words(period.get("decade_endings")))
        self.target_words = set(_words(period.get("target_words")))
        self.since_words = set(_words(period.get("since_words")))
        self.relative = {kind: [tuple(p.split()) for p in _words(period.get(kind))]
                         for kind in ("this_year", "last_year", "as_of_document")}
        self.skip = [tuple(p.split()) for p in _words(cfg.get("indicator_skip"))]
        self.skip_longest_first = sorted(self.skip, key=len, reverse=True)
        self.stop = set(_words(cfg.get("indicator_stop")))
        self.discourse = set(_words(cfg.get("discourse_nouns")))
        self.classifiers = set(_words(cfg.get("classifier_nouns")))
        self.vacuous = set(_words(cfg.get("vacuous_measures")))
        self.measures = set(_words(cfg.get("measure_nouns")))
        self.verb_indicators: dict[str, str] = {}
        self.verb_labels: dict[str, dict[str, str]] = {}
        for key, spec in (cfg.get("verb_indicators") or {}).items():
            self.verb_labels[str(key)] = {str(k): str(v) for k, v in (spec.get("labels") or {}).items()}
            for word in _words(spec.get("words")):
                self.verb_indicators[word] = str(key)
        self.purpose = set(_words(cfg.get("purpose_prepositions")))
        self.anaphora = {str(cls): set(_words(words)) for cls, words in (cfg.get("anaphora") or {}).items()}
        self.subject_roles = {str(kind): set(_words(words)) for kind, words in (cfg.get("subject_roles") or {}).items()}
        self.change_labels = {str(k): str(v) for k, v in (cfg.get("change_labels") or {}).items()}
        self.glossary = {tuple(str(k).lower().split()): str(v) for k, v in (cfg.get("indicators") or {}).items()}
        self.max_phrase = max((len(k) for k in self.glossary), default=1)
        self.glossary_by_length: dict[int, list[tuple[str, ...]]] = {}  # in glossary order
        for key in self.glossary:
            self.glossary_by_length.setdefault(len(key), []).append(key)
        self.modifiers = {str(k).lower(): str(v) for k, v in (cfg.get("modifiers") or {}).items()}
        self.unspecified = {str(k): str(v) for k, v in (cfg.get("unspecified") or {}).items()}
        self.plurals = {str(k).lower(): str(v) for k, v in (cfg.get("english_plurals") or {}).items()}
        breakdown = cfg.get("breakdown") or {}
        self.parts_follow = [tuple(p.split()) for p in _words(breakdown.get("parts_follow"))]
        self.total_first = [tuple(p.split()) for p in _words(breakdown.get("total_first"))]
        self.part_first = [tuple(p.split()) for p in _words(breakdown.get("part_first"))]
        self.continuation = [tuple(p.split()) for p in _words(breakdown.get("continuation"))]
        self.distribution = _words(breakdown.get("distribution"))
        self.all_words = set(_words(breakdown.get("all_words")))
        self.remainder = [tuple(p.split()) for p in _words(breakdown.get("remainder_words"))]
        self.total_row_words = set(_words(breakdown.get("total_row_words")))
        grammar = cfg.get("grammar") or {}
        self.prepositions = set(_words(grammar.get("prepositions")))
        self.locative = set(_words(grammar.get("locative")))
        self.kk_locative = tuple(_words(grammar.get("kazakh_locative_endings")))
        self.kk_adjective = tuple(_words(grammar.get("kazakh_adjective_endings")))
        self.kk_verb = tuple(_words(grammar.get("kazakh_verb_endings")))
        self.en_verb = tuple(_words(grammar.get("english_verb_endings")))
        conjunctions = grammar.get("conjunctions") or {}
        self.conjunctions = {w: str(kind) for kind, words in conjunctions.items() for w in _words(words)}
        self.determiners = set(_words(grammar.get("determiners")))
        self.reference_fillers = set(_words(grammar.get("reference_fillers")))
        self.from_words = set(_words(grammar.get("from_words")))
        self.to_words = set(_words(grammar.get("to_words")))
        self.backward_skip = set(_words(grammar.get("backward_skip")))
        self.partitive = _words(grammar.get("partitive"))
        self.owner_links = _words(grammar.get("owner_links"))
        self.place_nouns = _words(grammar.get("place_nouns"))
        self.dateline = _words(grammar.get("dateline_abbreviations"))
        self.purpose_joiners = {str(k): str(v) for k, v in (grammar.get("purpose_joiners") or {}).items()}
        self.forms = lru_cache(maxsize=100_000)(self._forms)
        self._longest_first = lru_cache(maxsize=100_000)(self._sorted_forms)

    @staticmethod
    def _phrases(spec: dict[str, Any]) -> list[tuple[tuple[str, ...], str]]:
        out = [(tuple(p.split()), bound) for bound, phrases in spec.items() for p in _words(phrases)]
        return sorted(out, key=lambda item: -len(item[0]))

    def _forms(self, word: str) -> frozenset[str]:
        """Every form a text word matches lexicon words under: itself, its Russian lemma, its
        Kazakh stems, its English singular."""
        low = word.lower().strip("'’")
        low = re.sub(r"[’']s$", "", low)  # English possessive: "the programme’s patients"
        forms = {low}
        if re.search(r"[\u0400-\u04ff]", low):
            forms.update(self.lex.morph.kk_stems(low))
            if not any(c in KAZAKH_LETTERS for c in low):
                forms.add(_ru_lemma(low, self.lex))
                forms.update(_ru_lemmas(low))
        elif low.isascii():
            forms.add(_en_singular(low))
        return frozenset(forms)

    def starts(self, toks: Sequence[Tok]) -> frozenset[str]:
        """The words a lexicon phrase may open with to match at ``toks[0]`` (its forms, its lower
        case; none without a token): phrases opening otherwise are not tried."""
        return self.forms(toks[0].text) | {toks[0].low} if toks else frozenset()

    def _sorted_forms(self, word: str) -> tuple[str, ...]:
        return tuple(sorted(self.forms(word), key=len, reverse=True))

    def in_set(self, word: str, words: set[str] | dict[str, Any]) -> str | None:
        # The forms of a word, longest first, are worked out once per word form: sorting them
        # at each of the many lookups per token cost more than the lookups.
        for form in self._longest_first(word):
            if form in words:
                return form
        return None


_CACHE: dict[int, MetricLexicon] = {}


def metric_lexicon(lexicon: Lexicon) -> MetricLexicon:
    cached = _CACHE.get(id(lexicon))
    if cached is None or cached.lex is not lexicon:
        cached = _CACHE[id(lexicon)] = MetricLexicon(lexicon)
    return cached
