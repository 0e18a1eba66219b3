"""Entity recognition: reference labels (with morphology), acronym definitions, quoted
programme names, named phrases with a head noun, and descriptions of unnamed programmes."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ..lexicon import EntityRecord, Gazetteer, LabelEntry, Lexicon
from ..model import Mention
from ..morph import ru_nominative, tokenize
from ..segment import Segment, detect_language

_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t",
     "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia", "a", "g", "q", "ng", "o", "u",
     "u", "h", "i"],
))
_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_ACRONYM_DEF = re.compile(
    r"\(\s*(?:далее\s*[-–—]?\s*|hereinafter\s*(?:referred to as\s*)?|бұдан әрі\s*[-–—]?\s*)?"
    rf"(?P<acr>[{_UPPER}][{_UPPER}0-9]{{1,9}})\s*\)"
)
_QUOTED = re.compile(r"«(?P<a>[^«»]{2,90})»|“(?P<b>[^“”]{2,90})”|„(?P<c>[^„“”]{2,90})[“”]|\"(?P<d>[^\"]{2,90})\"")
_DOMAIN = re.compile(r"\b[A-Za-z][\w-]*\.(?:kz|kg|uz|tj|tm|ru|com|org|net|gov|health)\b")
_KK_CASE = ("ның", "нің", "дың", "дің", "тың", "тің", "ндағы", "ндегі", "нда", "нде", "на", "не", "ны", "ні", "н")


def slugify(label: str, lexicon: Lexicon) -> str:
    """A readable ASCII slug; domain words are glossed to English so that one entity named in
    several languages gets one IRI."""
    parts = []
    for _, _, token in tokenize(label):
        gloss = lexicon.gloss(token)
        word = gloss or token.lower()
        word = "".join(_TRANSLIT.get(c, c) for c in word)
        word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
        word = re.sub(r"[^a-z0-9]+", "-", word.replace("’", "").replace("'", "")).strip("-")
        if word:
            parts.append(word)
    return "-".join(parts)[:80].strip("-") or "unnamed"


@dataclass
class _Candidate:
    record: EntityRecord | None  # None: a reference entity chosen from `entries`
    entries: list[LabelEntry]
    start: int
    end: int
    rule: str
    priority: int


class EntityFinder:
    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self.gaz = lexicon.gazetteer
        self.heads = lexicon.heads
        self.org_modifiers = {str(m).lower() for m in lexicon.section("organisation_centre_modifiers")}
        self.connectors = {str(c).lower() for c in lexicon.section("name_connectors")}

    # -- helpers -------------------------------------------------------------------
    def keys(self, tokens: list[tuple[int, int, str]]) -> list[frozenset[str]]:
        return [self.lex.key_of(t) for _, _, t in tokens]

    def head_class(self, words: list[str]) -> tuple[str | None, int]:
        """Class and index of the first head noun among ``words`` (lemmas and stems tried)."""
        lowered = " ".join(w.lower() for w in words)
        for i, word in enumerate(words):
            for key in sorted(self.lex.key_of(word)):
                cls = self.heads.get(key)
                if cls:
                    if cls == "facility" and self._organisation_centre(words):
                        return "funder", i
                    return cls, i
        for phrase, cls in self.heads.items():
            if " " in phrase and phrase in lowered:
                return cls, len(words) - 1
        return None, -1

    def _organisation_centre(self, words: list[str]) -> bool:
        keys = set().union(*(self.lex.key_of(w) for w in words)) if words else set()
        return bool(keys & self.org_modifiers)

    def new_record(self, cls: str, label: str, lang: str, alt: tuple[str, ...] = ()) -> EntityRecord:
        iri = f"https://w3id.org/telemed-kg/id/{cls}/{slugify(label, self.lex)}"
        record = EntityRecord(iri=iri, cls=cls, labels={lang: label})
        record.alt_labels.update((a, lang) for a in alt)
        return record

    # -- finders -------------------------------------------------------------------
    def gazetteer(self, seg: Segment, gaz: Gazetteer, rule: str, priority: int) -> list[_Candidate]:
        tokens = tokenize(seg.norm)
        keys = self.keys(tokens)
        out, i = [], 0
        while i < len(tokens):
            length, entries = gaz.longest(keys, i)
            first = tokens[i][2]
            entries = [e for e in entries if not e.needs_capital or first[:1].isupper()]
            if length and entries:
                out.append(_Candidate(None, entries, tokens[i][0], tokens[i + length - 1][1], rule, priority))
                i += length
            else:
                i += 1
        return out

    def acronyms(self, seg: Segment, known: list[_Candidate]) -> tuple[list[_Candidate], dict[str, object]]:
        """'Национальная телемедицинская сеть (далее - НТМС)': a new entity with the acronym as
        alias, or an alias for the reference entity that ends right before the parenthesis."""
        found: list[_Candidate] = []
        aliases: dict[str, object] = {}
        for match in _ACRONYM_DEF.finditer(seg.norm):
            acr = match.group("acr")
            before = seg.norm[: match.start()].rstrip()
            ref = next((c for c in known if c.end == len(before)), None)
            if ref is not None:
                aliases[acr] = ref
                continue
            span = _long_form(before, acr)
            if span is None:
                continue
            words = [t for _, _, t in tokenize(before[span:])]
            cls, head = self.head_class(words)
            if cls is None:
                continue
            lang = detect_language(" ".join(words))
            label = self._citation_form(words, head, lang)
            record = self.new_record(cls, label, lang, (acr,))
            cand = _Candidate(record, [], span, len(before), "acronym-definition", 3)
            found.append(cand)
            aliases[acr] = cand
        return found, aliases

    def _citation_form(self, words: list[str], head: int, lang: str) -> str:
        if lang == "ru":
            nominal = ru_nominative(words[: head + 1])
            if nominal:
                return " ".join(nominal + words[head + 1:])
        if lang == "kk" and words:
            last = words[-1]
            for suffix in _KK_CASE:
                if last.lower().endswith(suffix) and len(last) - len(suffix) >= 4:
                    words = words[:-1] + [last[: -len(suffix)]]
                    break
        return " ".join(words)

    def quoted_programmes(self, seg: Segment) -> list[_Candidate]:
        out = []
        triggers = self.lex.programme_triggers
        for match in _QUOTED.finditer(seg.norm):
            name = next(g for g in match.groups() if g is not None).strip()
            before = [t for _, _, t in tokenize(seg.norm[max(0, match.start() - 60): match.start()])][-3:]
            after = [t for _, _, t in tokenize(seg.norm[match.end(): match.end() + 30])][:2]
            if not any(self.lex.key_of(w) & triggers for w in before + after):
                continue
            if not name[:1].isupper() and not name[:1].isdigit():
                continue
            record = self.new_record("programme", name, detect_language(name))
            out.append(_Candidate(record, [], match.start(), match.end(), "quoted-programme-name", 4))
        return out

    def platforms(self, seg: Segment) -> list[_Candidate]:
        out = []
        triggers = self.lex.programme_triggers
        for match in _DOMAIN.finditer(seg.norm):
            near = [t for _, _, t in tokenize(seg.norm[max(0, match.start() - 25): match.end() + 25])]
            if any(self.lex.key_of(w) & triggers for w in near):
                record = self.new_record("programme", match.group(), "en")
                out.append(_Candidate(record, [], match.start(), match.end(), "platform-domain-name", 4))
        return out

    def named_phrases(self, seg: Segment) -> list[_Candidate]:
        """English capitalised names around a head noun: 'Republican Perinatal Centre',
        'Centre for Neurosurgery', 'House of Health'."""
        if seg.lang != "en":
            return []
        tokens = tokenize(seg.norm)
        out = []
        i = 0
        while i < len(tokens):
            word = tokens[i][2]
            cls = self._english_head(tokens, i)
            if cls is None or not word[:1].isupper():
                i += 1
                continue
            left = i
            while left > 0 and _adjacent(seg.norm, tokens[left - 1], tokens[left]):
                prev = tokens[left - 1][2]
                if prev[:1].isupper() or (prev.lower() == "and" and left >= 2 and tokens[left - 2][2][:1].isupper()):
                    left -= 1
                else:
                    break
            while left < i and tokens[left][2].lower() in {"the", "and", "a", "an"}:
                left += 1
            right = i + 1
            while (right + 1 < len(tokens) and tokens[right][2].lower() in ("for", "of")
                   and tokens[right + 1][2][:1].isupper() and _adjacent(seg.norm, tokens[right - 1], tokens[right])):
                right += 2
                while right < len(tokens) and _adjacent(seg.norm, tokens[right - 1], tokens[right]) and (
                        tokens[right][2][:1].isupper() or (
                        tokens[right][2].lower() == "and" and right + 1 < len(tokens) and tokens[right + 1][2][:1].isupper())):
                    right += 1
            # A lone sentence-initial head ('Centre for …' at the start) still needs a modifier.
            if right - left < 2:
                i += 1
                continue
            start, end = tokens[left][0], tokens[right - 1][1]
            label = seg.norm[start:end]
            words = [t for _, _, t in tokens[left:right]]
            if cls == "facility" and self._organisation_centre(words):
                cls = "funder"
            out.append(_Candidate(self.new_record(cls, label, "en"), [], start, end, f"named-{cls}-head-noun", 2))
            i = right
        return out

    def _english_head(self, tokens: list[tuple[int, int, str]], i: int) -> str | None:
        word = tokens[i][2].lower()
        if word in self.heads and not any(c.isascii() is False for c in word):
            return self.heads[word]
        if i + 2 < len(tokens):
            phrase = " ".join(t[2].lower() for t in tokens[i:i + 3])
            if phrase in self.heads:
                return self.heads[phrase]
        return None


def _adjacent(text: str, left: tuple[int, int, str], right: tuple[int, int, str]) -> bool:
    """Two tokens belong to one name only if nothing but spaces stands between them."""
    return not text[left[1]:right[0]].strip()


def _long_form(before: str, acronym: str) -> int | None:
    """Schwartz & Hearst (2003): the shortest stretch before the parenthesis in which the
    acronym's letters occur in order, the first one starting a word. Returns its start."""
    letters = [c.lower() for c in acronym if c.isalnum()]
    words = list(re.finditer(r"\S+", before))
    max_words = min(len(letters) + 5, len(letters) * 2)
    text = before.lower()
    ai = len(letters) - 1
    pos = len(text) - 1
    while ai >= 0:
        char = letters[ai]
        while pos >= 0 and (text[pos] != char or (ai == 0 and pos > 0 and text[pos - 1].isalnum())):
            pos -= 1
        if pos < 0:
            return None
        ai -= 1
        pos -= 1
    start = pos + 1
    used = sum(1 for w in words if w.end() > start)
    if used > max_words or used == 0:
        return None
    return start


def merge_candidates(cands: list[_Candidate]) -> list[_Candidate]:
    """Drop a candidate whose span another of higher priority covers, and exact duplicates."""
    cands = sorted(cands, key=lambda c: (-c.priority, c.start, -(c.end - c.start)))
    kept: list[_Candidate] = []
    for cand in cands:
        # A pattern-made name must not swallow a known organisation or facility.
        if cand.rule.startswith("named-") and any(
                k.record is None and not _is_place(k) and k.start < cand.end and cand.start < k.end for k in kept):
            continue
        clash = any(k.start <= cand.start and cand.end <= k.end and (k.priority > cand.priority or
                    (k.start, k.end) == (cand.start, cand.end)) for k in kept)
        # Places inside a name stay mentions of their own ('Цифровой Казахстан' still names KZ).
        if clash and not (cand.record is None and _is_place(cand)):
            continue
        kept.append(cand)
    return sorted(kept, key=lambda c: (c.start, c.end))


def _is_place(cand: _Candidate) -> bool:
    return any("/country/" in e.iri or "/region/" in e.iri for e in cand.entries)


def choose_entry(cand: _Candidate, lexicon: Lexicon, context_country: str | None) -> str | None:
    """Pick the reference entity for a label shared by several (the generic 'Ministry of
    Health' of each country): the one of the context country, else none."""
    iris = sorted({e.iri for e in cand.entries})
    if len(iris) == 1:
        return iris[0]
    matching = [i for i in iris if lexicon.entities[i].country == context_country]
    return matching[0] if len(matching) == 1 else None


def country_of(iri: str, lexicon: Lexicon, local: dict[str, EntityRecord] | None = None) -> str | None:
    seen = set()
    while iri and iri not in seen:
        seen.add(iri)
        record = lexicon.entities.get(iri) or (local or {}).get(iri)
        if record is None:
            return None
        if record.cls == "country":
            return record.iri
        iri = record.located_in or (record.country if record.cls != "funder" else None)
    return None


def dominant(counter: Counter[str], share: float = 0.4) -> str | None:
    if not counter:
        return None
    (top, count), *_ = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return top if count >= share * sum(counter.values()) else None


def to_mention(cand: _Candidate, iri: str, seg: Segment) -> Mention:
    start, end = seg.span(cand.start, cand.end)
    return Mention(iri, start, end, seg.index, cand.start, cand.end, cand.rule)
