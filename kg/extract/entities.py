"""Entity recognition: reference labels (with morphology), acronym definitions, quoted names, named phrases."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg import terms as T
from kg.extract.candidates import Candidate, slugify
from kg.extract.grammar import UPPER as _UPPER, grammar_of
from kg.extract.lexicon import Gazetteer, Lexicon
from kg.extract.quoted import QuotedNames
from kg.extract.rules import Rule, declare
from kg.extract.tokens import (CYRILLIC_WORD, acronym_long_form, adjacent, capitalised_name_start, care_genitive,
                               compound_start, english_name_suffix, genitive_tail, is_adjective, is_function_word,
                               kazakh_facility_name, number_sign, opens_sentence, surname_pattern, unit_word)
from kg.model import EntityRecord
from kg.text.morph import ru_nominative, tokenize
from kg.text.segment import Segment, detect_language

ACRONYM_DEFINITION = declare(
    "acronym-definition",
    "A name followed by its acronym in parentheses ('… (далее – НТМС)'); the head noun gives the "
    "class.")
NAME_AFTER_ORGANISATION_WORD = declare(
    "named-organisation-after-class-word",
    "A capitalised name after an organisation word ('software firm X').", makes_names=True)
NAMED_FACILITY_HEAD_NOUN = declare(
    "named-facility-head-noun",
    "A capitalised English name around a facility head noun (Centre, Hospital, Clinic).", makes_names=True)
NAMED_FUNDER_HEAD_NOUN = declare(
    "named-funder-head-noun",
    "A capitalised English name around an organisation head noun (Ministry, Fund, Agency).", makes_names=True)
NAMED_PROGRAMME_HEAD_NOUN = declare(
    "named-programme-head-noun",
    "A capitalised English name around a programme head noun (Network, Programme).", makes_names=True)
_HEAD_NOUN_NAME = {"programme": NAMED_PROGRAMME_HEAD_NOUN, "funder": NAMED_FUNDER_HEAD_NOUN,
                   "facility": NAMED_FACILITY_HEAD_NOUN}

# A quote right after a programme's class words: they are the quoted name's, no name of their own.
_QUOTE_NEXT = re.compile(r"\s*[«“\"]")


class EntityFinder(QuotedNames):
    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self.grammar = grammar_of(lexicon)
        self.gaz = lexicon.gazetteer
        self._keyed: tuple[object, list[frozenset[str]], frozenset[str]] = ((), [], frozenset())
        self.heads = lexicon.heads
        self.org_modifiers = {str(m).lower() for m in lexicon.section("organisation_centre_modifiers")}
        self.facility_modifiers = {str(m).lower() for m in lexicon.section("facility_centre_modifiers")}
        self._disciplines = re.compile("(?:" + ("|".join(map(re.escape, lexicon.section(
            "described_facilities", "ru_discipline_endings") or [])) or "(?!)") + ")$")
        self.non_care_modifiers = frozenset().union(*(lexicon.key_of(str(m))
                                                      for m in lexicon.section("non_care_centre_modifiers") or []))
        self.subunits = {str(m).lower() for m in lexicon.section("subunit_words")}
        self.legal_forms = {str(m).lower().rstrip(".") for m in lexicon.section("legal_forms")}
        self.region_words = {str(m).lower() for m in lexicon.section("region_words")}
        self.unit_words = {str(m).lower() for m in lexicon.section("settlements").get("kk_unit_words") or []}
        self.seats = {str(m).lower() for m in lexicon.section("settlements").get("kk_seat_after") or []}
        self.adjectival_heads = {str(m).lower() for m in lexicon.section("adjectival_heads") or []}
        self.org_triggers = {str(m).lower() for m in lexicon.section("organisation_triggers")} | {
            str(m) for m in lexicon.section("organisation_triggers")}
        self.evaluative = {str(m).lower() for m in lexicon.section("evaluative_words")}
        self.acronym_programme_words = frozenset(str(w) for w in lexicon.section("acronym_programme_words") or [])
        self.unit_levels = frozenset(str(w) for w in (lexicon.section("described_facilities", "unit_levels") or {}).get("ru") or [])
        self.organisation_acts = frozenset(str(m) for m in (lexicon.section("organisation_acts") or {}).get("ru") or [])
        self.events = {str(m).lower() for m in lexicon.section("programme_references").get("events") or []}
        self._kinds_of = {str(m).lower() for m in lexicon.section("described_facilities", "en_kinds") or [] if "'" in str(m)}
        self.surname = surname_pattern(lexicon.section("settlements", "surname_endings") or [])
        self.system_kinds = frozenset(k for w in lexicon.section("programme_references", "system_modifiers") or []
                                       for k in lexicon.key_of(str(w)))
        self.system_heads = frozenset(str(w) for w in (lexicon.section("programme_references", "systems") or {}).get("en", []))
        english_triggers = sorted(lexicon.section("programme_triggers").get("en", []), key=len, reverse=True)
        self.described_pattern = re.compile(_DESCRIBED_TEMPLATE.format(triggers="|".join(map(re.escape, english_triggers))))

    # -- helpers -------------------------------------------------------------------
    def keys(self, tokens: Sequence[tuple[int, int, str]]) -> list[frozenset[str]]:
        # Both gazetteers ask for the same sentence's keys in turn (tokenize returns the same tuple).
        if tokens is not self._keyed[0]:
            keys = [self.lex.key_of(t) for _, _, t in tokens]
            self._keyed = (tokens, keys, frozenset().union(*keys))
        return self._keyed[1]

    def key_union(self, tokens: Sequence[tuple[int, int, str]]) -> frozenset[str]:
        """Every key of every word of the sentence: one set test tells a word loop it would find nothing."""
        self.keys(tokens)
        return self._keyed[2]

    def head_class(self, words: list[str]) -> tuple[str | None, int]:
        """Class and index of the first head noun among ``words`` (lemmas and stems tried)."""
        lowered = " ".join(w.lower() for w in words)
        for i, word in enumerate(words):
            for key in sorted(self.lex.key_of(word)):
                cls = self.heads.get(key)
                if cls:
                    centre = self.centre_class(cls, words)
                    return (centre, i) if centre is not None else (None, -1)
        for phrase, cls in self.heads.items():
            if " " in phrase and phrase in lowered:
                return cls, len(words) - 1
        return None, -1

    def centre_class(self, cls: str, words: list[str]) -> str | None:
        """What a facility head's phrase names: an organisation ('научный центр …'), nothing we record (a
        centre for shopping, sport or leisure, or a seat of government: 'ойын-сауық орталығы', 'административный
        центр'), or a facility."""
        if cls != "facility":
            return cls
        if self._organisation_centre(words):
            return "funder"
        keys = set().union(*(self.lex.key_of(w) for w in words)) if words else set()
        # 'центр спортивной медицины' is a place of care all the same
        return None if keys & self.non_care_modifiers and not keys & self.facility_modifiers else cls

    def care_genitive(self, text: str, tokens: Sequence[tuple[int, int, str]], i: int) -> tuple[list[str], int]:
        """The genitive of care after the head at ``i`` ('центра гемодиализа'), and where it ends (tokens.care_genitive)."""
        return care_genitive(text, tokens, i, lambda w: bool(self.lex.key_of(w) & self.facility_modifiers
                                                             or self._disciplines.search(w)))

    def _organisation_centre(self, words: list[str]) -> bool:
        """A centre is an organisation when an organisational word qualifies it and no word
        of medical care does ('Centre for Neurosurgery' is a hospital, 'научный центр
        развития здравоохранения' is not)."""
        keys = set().union(*(self.lex.key_of(w) for w in words)) if words else set()
        # whole words only: 'Village Health Centre' holds no 'e-health'
        joined = f"-{'-'.join(words).lower()}-"
        org = bool(keys & self.org_modifiers) or any(f"-{m}-" in joined for m in self.org_modifiers if "-" in m)
        return org and not keys & self.facility_modifiers

    def _known_organisation_at(self, tokens: list[tuple[int, int, str]], left: int, head: int) -> int:
        """How many tokens from ``left`` name an organisation the reference data knows, leaving at
        least a word before the head ('World Bank', not 'World Bank Project')."""
        length, entries = self.gaz.longest(self.keys(tokens), left)
        return length if entries and left + length < head and all("/funder/" in e.iri for e in entries) else 0

    def _is_place_name(self, word: str) -> bool:
        _, entries = self.gaz.longest([self.lex.key_of(word)], 0)
        return any("/country/" in e.iri or "/region/" in e.iri for e in entries)

    def new_record(self, cls: str, label: str, lang: str, alt: tuple[str, ...] = ()) -> EntityRecord:
        bare = self._without_legal_form(label)
        if bare != label:
            alt, label = alt + (label,), bare
        iri = f"{T.ID}{cls}/{slugify(label, self.lex)}"
        record = EntityRecord(iri=iri, cls=cls, labels={lang: label})
        record.alt_labels.update((a, lang) for a in alt)
        return record

    def _without_legal_form(self, label: str) -> str:
        """'Tunuk Vision LLC' → 'Tunuk Vision', 'ТОО «Сарыарка»' → 'Сарыарка'."""
        words = label.split()
        while len(words) > 1 and words[-1].lower().rstrip(".,") in self.legal_forms:
            words.pop()
        while len(words) > 1 and words[0].lower().rstrip(".,") in self.legal_forms:
            words.pop(0)
        return " ".join(words).strip("«»“”\"")  if len(words) != len(label.split()) else label

    # -- finders -------------------------------------------------------------------
    def gazetteer(self, seg: Segment, gaz: Gazetteer, rule: Rule, priority: int) -> list[Candidate]:
        tokens = tokenize(seg.norm)
        keys = self.keys(tokens)
        out, i = [], 0
        starts = gaz.first_keys
        if self.key_union(tokens).isdisjoint(starts):
            i = len(tokens)  # no label starts with any word of the sentence: most sentences
        while i < len(tokens):
            if keys[i].isdisjoint(starts):  # no label starts with this word: most words of a text
                i += 1
                continue
            length, entries = gaz.longest(keys, i)
            first = tokens[i][2]
            entries = [e for e in entries if not e.needs_capital or first[:1].isupper()]
            if length == 1 and entries and self.lex.names_currency(keys, i):
                entries = []
            if length and entries:
                out.append(Candidate(None, entries, tokens[i][0], tokens[i + length - 1][1], rule, priority))
                if length > 1 and not any("/country/" in e.iri or "/region/" in e.iri for e in entries):
                    out.extend(self._inner_places(gaz, keys, tokens, i + 1, i + length, rule, priority))
                i += length
            else:
                i += 1
        return out + self._shared_region_head(gaz, keys, tokens, seg.norm, rule)

    def _shared_region_head(self, gaz: Gazetteer, keys: list[frozenset[str]], tokens: list[tuple[int, int, str]],
                            text: str, rule: Rule) -> list[Candidate]:
        """'Issyk-Kul and Talas regions', 'Ош және Шу облыстарындағы', 'Ақмола, Ақтөбе, …, Қарағанды
        облыстарын': each name of a list before a plural region word is a region (not the city of the
        same name)."""
        out = []
        if self.region_words.isdisjoint(self.key_union(tokens)):
            return out
        for j, key_set in enumerate(keys):
            if j < 3 or self.region_words.isdisjoint(key_set):
                continue
            # The plural ('облыстарын') keys as the singular citation form does ('облысы' → 'облы').
            key_set = key_set | frozenset().union(*(self.lex.key_of(w + ending) for w in key_set & self.region_words
                                                    for ending in ("", "ы", "і")))
            end = j  # the list's last name ends right before the region word
            while end > 0:
                start = end - 1
                while start > 0 and tokens[start - 1][2][:1].isupper() and adjacent(text, tokens[start - 1], tokens[start]):
                    start -= 1
                if not tokens[start][2][:1].isupper():
                    break
                synthetic = keys[start:end] + [key_set]
                length, entries = gaz.longest(synthetic, 0)
                regions = [e for e in entries if "/region/" in e.iri]
                if length == len(synthetic) and regions:
                    # the last name takes the region word with it ('Қарағанды облыстарын', 'Talas regions')
                    last = tokens[j][1] if end == j else tokens[end - 1][1]
                    out.append(Candidate(None, regions, tokens[start][0], last, rule, 4))
                elif not (length == len(synthetic) and regions):
                    break
                # on to the name before: ', X', ' and X', ' мен X', ' және X'
                if start >= 1 and text[tokens[start - 1][1]:tokens[start][0]].strip() == ",":
                    end = start
                elif start >= 2 and tokens[start - 1][2].lower() in {"and", "и", "және", "мен"}:
                    end = start - 1
                else:
                    break
        return out

    def _inner_places(self, gaz: Gazetteer, keys: list[frozenset[str]], tokens: list[tuple[int, int, str]],
                      start: int, end: int, rule: Rule, priority: int) -> list[Candidate]:
        """'Ministry of Health of Turkmenistan' also mentions Turkmenistan."""
        out = []
        for j in range(start, end):
            length, entries = gaz.longest(keys[:end], j)
            places = [e for e in entries if "/country/" in e.iri or "/region/" in e.iri]
            if length and places and tokens[j][2][:1].isupper():
                out.append(Candidate(None, places, tokens[j][0], tokens[j + length - 1][1], rule, priority))
        return out

    def acronyms(self, seg: Segment, known: list[Candidate]) -> tuple[list[Candidate], dict[str, object]]:
        """'Национальная телемедицинская сеть (далее - НТМС)': a new entity with the acronym as
        alias, or an alias for the reference entity that ends right before the parenthesis."""
        found: list[Candidate] = []
        aliases: dict[str, object] = {}
        for match in self.grammar.acronym_definition.finditer(seg.norm):
            acr = match.group("acr")
            before = seg.norm[: match.start()].rstrip()
            ref = next((c for c in known if c.end == len(before)), None)
            if ref is not None:
                aliases[acr] = ref
                continue
            span = acronym_long_form(before, acr)
            if span is None:
                continue
            # 'The Turkish International Cooperation Agency (TİKA)': a long form the reference data does not
            # list, of an acronym it does, is that entity under another name
            inside = next((c for c in known if match.start() < c.start and c.end < match.end() and c.record is None), None)
            if inside is not None:
                found.append(Candidate(None, inside.entries, span, len(before), ACRONYM_DEFINITION, 3))
                continue
            words = [t for _, _, t in tokenize(before[span:])]
            cls, head = self.head_class(words)
            if cls is None:
                # 'Қашықтағы диабет мониторингі (ҚДМ) бағдарламасы': the class word follows.
                following = [t for _, _, t in tokenize(seg.norm[match.end():match.end() + 30])][:1]
                cls = next((c for c in map(self._class_word, following) if c), None) or (
                    "programme" if self.acronym_programme_words.intersection(following) else None)  # '(LHSS) activity'
                if cls == "programme" and seg.lang == "en":
                    span = self._title_words_before(before, span, known)
                    words = [t for _, _, t in tokenize(before[span:])]
                head = len(words) - 1
            if cls is None:
                continue
            lang = detect_language(" ".join(words))
            label = self.citation_form(words, head, lang)
            record = self.new_record(cls, label, lang, (acr,))
            cand = Candidate(record, [], span, len(before), ACRONYM_DEFINITION, 3)
            found.append(cand)
            aliases[acr] = cand
        return found, aliases

    def _title_words_before(self, text: str, start: int, known: list[Candidate], most: int = 3) -> int:
        """'Enhancing Primary Health Care (PHC) project': an English title's first words may stand before the
        words its acronym spells; capitalised words right before them belong to the name, up to a determiner,
        an owner ('SDC's'), a name found already or a class word."""
        tokens = tokenize(text[:start])
        for _ in range(most):
            if not tokens or text[tokens[-1][1]:start] != " ":
                break
            t_start, t_end, word = tokens[-1]
            if not word[:1].isupper() or word.lower() in self.grammar.determiners or word.endswith(("'s", "’s")) \
                    or any(c.start < t_end and t_start < c.end for c in known) or self._class_word(word):
                break
            start, tokens = t_start, tokens[:-1]
        return start

    def citation_form(self, words: list[str], head: int, lang: str) -> str:
        if lang == "ru":
            nominal = ru_nominative(words[: head + 1])
            if nominal:
                return " ".join(nominal + words[head + 1:])
        if lang == "kk" and words:
            last = words[-1]
            # a head in its own form ends like a case ('емхана', 'аурухана' are not 'емха' + 'на')
            suffix = "" if last.lower() in self.heads else next(
                (s for s in self.grammar.kazakh_case_endings if last.lower().endswith(s)), "")
            # The first ending that fits decides: 'қордан' is 'қор' + 'дан', never 'қорда' + 'н'.
            if suffix and len(last) - len(suffix) >= (3 if len(suffix) >= 3 else 4):
                words = words[:-1] + [last[: -len(suffix)]]
        return " ".join(words)

    def _class_word(self, word: str) -> str | None:
        keys = self.lex.key_of(word)
        if keys & self.lex.programme_triggers:
            return "programme"
        if keys & self.org_triggers or word in self.org_triggers:
            return "funder"
        for key in sorted(keys):
            if self.heads.get(key) == "facility":
                return "facility"
        return None

    def organisation_names(self, seg: Segment, firm: list[Candidate]) -> list[Candidate]:
        """'software firm Pamir Data Labs', 'company Uzmed': a capitalised name after an
        organisation word."""
        out: list[Candidate] = []
        tokens = tokenize(seg.norm)
        if self.org_triggers.isdisjoint(self.key_union(tokens)) and self.org_triggers.isdisjoint([t[2] for t in tokens]):
            return out  # no organisation word, as written or in any form: most sentences
        for start, end, word in tokens:
            inflected = word not in self.org_triggers
            if not word.islower() or (inflected and self.lex.key_of(word).isdisjoint(self.org_triggers)):
                continue
            name = NAME_AFTER_CUE.match(seg.norm, end)
            opening = seg.norm[end:name.start("name")].strip() if name else ""
            if not name or opening not in ("", "«", "“", '"'):
                continue
            n_start, n_end = name.span("name")
            label = seg.norm[n_start:n_end].rstrip(".,;:")
            if label[:1].isascii():  # 'компании MedLine Systems Республики Корея': the name ends where the script changes
                label = re.split(r"\s+(?=[А-ЯЁӘІҢҒҮҰҚӨҺ])", label, maxsplit=1)[0]
            elif inflected and not opening:
                continue  # 'директор фонда Айгуль Серікова': an inflected word before a plain Cyrillic name is a title
            n_end = n_start + len(label)
            if re.search(r"[^\W\d_]", label) and not any(c.start < n_end and n_start < c.end for c in firm):  # 'қоры 1 млрд': no name
                record = self.new_record("funder", label, detect_language(label))
                out.append(Candidate(record, [], n_start, n_end, NAME_AFTER_ORGANISATION_WORD, 2))
        return out

    def named_phrases(self, seg: Segment) -> list[Candidate]:
        """English capitalised names around a head noun: 'Republican Perinatal Centre',
        'Centre for Neurosurgery', 'House of Health'."""
        if seg.lang != "en":
            return []
        tokens = tokenize(seg.norm)
        out = []
        i = 0
        while i < len(tokens):
            word = tokens[i][2]
            cls = self._english_head(tokens, i, seg.norm) if word[:1].isupper() else None
            if cls is None:
                i += 1
                continue
            left = i
            while left > 0 and adjacent(seg.norm, tokens[left - 1], tokens[left]):
                prev = tokens[left - 1][2]
                if prev.endswith(("'s", "’s")) and (self._is_place_name(prev[:-2]) or (
                        cls == "programme" and prev[:1].isupper() and prev.lower().replace("’", "'") not in self._kinds_of)):
                    break  # "Uzbekistan's …", "USAID’s … Project": the owner ("Children's" is a kind, in the name)
                # a title with its acronym; 'Eliminating Tuberculosis in Central Asia Activity': a programme's title may hold 'in'
                joiners = ("and", "for", "of") if word.lower() not in self.heads else (
                    ("and", "in") if self.heads[word.lower()] == "programme" else ("and",))
                # 'Health-2 Project': a number hyphened to a capitalised word ('VIP-3', all capitals, is an acronym's)
                hyphened = prev.isdigit() and left >= 2 and seg.norm[tokens[left - 2][1]:tokens[left - 1][0]] == "-" \
                    and tokens[left - 2][2][:1].isupper() and tokens[left - 2][2][1:].islower()
                if prev[:1].isupper() or hyphened or (prev.lower() in joiners and left >= 2 and tokens[left - 2][2][:1].isupper()):
                    left -= 1
                elif prev.isdigit() and (sign := _NUMBER_SIGN.search(seg.norm, 0, tokens[left - 1][0])):
                    # 'Dushanbe No. 14 Health Center', 'the #3 City Polyclinic': the number is the name's
                    left -= 2 if sign.group(1) else 1
                    if left == 0 or not adjacent(seg.norm, tokens[left - 1], tokens[left]) \
                            or not tokens[left - 1][2][:1].isupper():
                        break
                else:
                    break
            while left < i and tokens[left][2].lower() in {"the", "and", "a", "an", "in"}:
                left += 1
            left = self._branch_start(seg.norm, tokens, left)
            # 'the USAID Quality Health Care Project': the owner, then the name; in running text only (a
            # headline's capitals make a verb look like a name: 'USAID Launches New … Project'), a sentence's
            # capitalised article too ('The USAID Healthy Lungs Program works …')
            if cls == "programme" and left > 0 and (tokens[left - 1][2].islower()
                                                   or tokens[left - 1][2] in ("The", "A", "An")):
                left += self._known_organisation_at(tokens, left, i)
            right = i + 1
            while (right + 1 < len(tokens) and tokens[right][2].lower() in ("for", "of")
                   and tokens[right + 1][2][:1].isupper() and adjacent(seg.norm, tokens[right - 1], tokens[right])):
                right += 2
                while right < len(tokens) and adjacent(seg.norm, tokens[right - 1], tokens[right]) and (
                        tokens[right][2][:1].isupper() or (
                        tokens[right][2].lower() == "and" and right + 1 < len(tokens) and tokens[right + 1][2][:1].isupper())):
                    right += 1
            right = english_name_suffix(seg.norm, tokens, right)
            # A lone sentence-initial head ('Centre for …' at the start) still needs a modifier.
            if right - left < 2:
                i += 1
                continue
            start, end = tokens[left][0], tokens[right - 1][1]
            if tokens[left][2].isdigit() and (sign := _NUMBER_SIGN.search(seg.norm, 0, start)):
                start = sign.start()  # '#3 City Polyclinic'
            if cls == "programme" and (right == i + 1 and _QUOTE_NEXT.match(seg.norm, end) or right < len(tokens) and (
                    tokens[right][2].lower() in self.events or tokens[right][2].lower() in self.lex.person_titles)):
                i += 1
                continue  # 'the National Programme “Salamatty Kazakhstan”' (class words), 'the Final Project Conference',
                # 'Senior Program Officer', 'National Programme Coordinator': a person's title
            label = seg.norm[start:end]
            words = [t for _, _, t in tokens[left:right]]
            centre = self.centre_class(cls, words)
            if centre is None:
                i = right
                continue
            cls = centre
            out.append(Candidate(self.new_record(cls, label, "en"), [], start, end, _HEAD_NOUN_NAME[cls], 2))
            i = right
        return out

    def russian_phrases(self, seg: Segment) -> list[Candidate]:
        """'Национальным научным центром развития здравоохранения им. С. Каирбековой':
        capitalised adjectives, a head noun, and a genitive tail; the label is put back into
        the nominative."""
        if seg.lang != "ru":
            return []
        tokens = tokenize(seg.norm)
        out = []
        for i, (_, _, word) in enumerate(tokens):
            cls = self.heads.get(self.lex.morph.ru_lemma(word.lower()))
            if cls is None or not CYRILLIC_WORD.match(word):
                continue
            left = i
            while left > 0 and adjacent(seg.norm, tokens[left - 1], tokens[left]):
                step = compound_start(seg.norm, tokens, left - 1)
                if not is_adjective(seg.norm[tokens[step][0]:tokens[left - 1][1]]):
                    break
                left = step
            while left < i and not tokens[left][2][:1].isupper():
                left += 1  # 'текущую Программу повышения …': the name starts at its first capital
            if left < i and is_function_word(tokens[left][2]):
                left += 1  # 'Это Международный центр …': a sentence's pronoun is no part of the name
            first = tokens[left][2]
            right = genitive_tail(seg.norm, tokens, i + 1)
            # Capitals at the start of a sentence say nothing: 'Пилотный проект' is no name; a tail
            # that names a place or a person does ('Центр общеврачебной практики Алайского района').
            named_tail = right - i > 2 and any(t[:1].isupper() for _, _, t in tokens[i + 1:right])
            if not first[:1].isupper() or (left == 0 and (cls == "programme" or (left == i and not named_tail))):
                continue
            words = [t for _, _, t in tokens[left:right]]
            describing = [w for w in words[:i - left] if self.lex.morph.ru_lemma(w.lower()) not in self.evaluative]
            if cls == "programme" and right == i + 1 and _QUOTE_NEXT.match(seg.norm, tokens[i][1]):
                continue  # 'Национального проекта «Модернизация …»': the quoted name's class words
            if left == 0 and cls == "facility" and right == i + 1 and describing and all(
                    self.lex.morph.ru_lemma(w.lower()) in self.unit_levels for w in describing):
                continue  # 'Областная больница получила …': the province's hospital, a kind the unit rule reads
            if not describing and right == i + 1 and (cls == "programme" or left == 0 or left == i):
                # 'Проект', 'Совместный проект', 'Новая больница': a kind of thing, not a name; 'одобрено
                # Банком': the head alone stands for an organisation named before
                continue
            nominal = ru_nominative([t for _, _, t in tokens[left:i + 1]])
            head_phrase = " ".join(nominal) if nominal else seg.norm[tokens[left][0]:tokens[i][1]]
            tail = seg.norm[tokens[i][1]:tokens[right - 1][1]] if right > i + 1 else ""
            label = head_phrase + tail
            centre = self.centre_class(cls, words)
            if centre is None:
                continue
            cls = centre
            record = self.new_record(cls, label, "ru")
            out.append(Candidate(record, [], tokens[left][0], tokens[right - 1][1], _HEAD_NOUN_NAME[cls], 2))
        return out

    def kazakh_phrases(self, seg: Segment) -> list[Candidate]:
        """'Көкшетау облыстық ауруханасымен': Kazakh names end in their head noun; the name
        starts at the nearest capitalised word before it."""
        if seg.lang != "kk":
            return []
        tokens = tokenize(seg.norm)
        out = []
        for i, (_, _, word) in enumerate(tokens):
            stems = self.lex.morph.kk_stems(word.lower())
            cls = next((self.heads[s] for s in sorted(stems, key=len, reverse=True) if s in self.heads), None)
            # 'орталық аудандық аурухана': 'орталық' is 'central' there, the head comes later
            if cls is None or (word.lower() in self.adjectival_heads and any(
                    self.heads.get(s) == "facility" for _, _, w in tokens[i + 1:i + 3] if w.islower()
                    for s in self.lex.morph.kk_stems(w.lower()))):
                continue
            left = i
            while left > 0 and i - left < 4 and adjacent(seg.norm, tokens[left - 1], tokens[left]) \
                    and not tokens[left][2][:1].isupper() and not number_sign(seg.norm, tokens[left]):
                if tokens[left - 1][2][:1].isdigit() and not number_sign(seg.norm, tokens[left - 1]):
                    break  # 'COVID-19 кезінде 120 аурухана': a count, not part of a name
                left -= 1
            # 'YDA Group компаниясы', 'Қазақстан Республикасы Денсаулық сақтау министрлігі': every
            # capitalised word before the first one belongs to the name too
            left = capitalised_name_start(seg.norm, tokens, left, i, self.unit_words)
            # ('Қызылорда облысы' ends in -да but is a name: the unit word after it takes the case)
            if any(self.grammar.kazakh_locative_word.search(tokens[k][2].lower())
                   and tokens[k + 1][2].lower() not in self.unit_words for k in range(left, i)):
                continue  # 'Есбол ауылында амбулатория', 'Бішкектегі жаңа аурухана': a place, then a kind
            if cls == "facility" and any(t[2][:1].isupper() and self.surname.search(t[2]) and not self._is_place_name(t[2])
                                         for t in tokens[left:i]):  # 'Қонаев қалалық ауруханасы': a town named after a man
                continue  # 'Серік Ахметовтер аудандық ауруханаға …': the people who gave, not a name
            numbered = number_sign(seg.norm, tokens[left])
            if re.search(r"[»”\"]\s*$", seg.norm[:tokens[left][0]]):
                continue  # '«Ала-Тоо Дата» IT-компаниясы': the class word of a quoted name
            # A sentence-initial capital says nothing; neither does a plural (a class of things).
            # ... but a place with its unit word does ('Алматы облысы Денсаулық сақтау басқармасы')
            opens = opens_sentence(seg.norm, tokens, left) and not (left < i and unit_word(tokens[left + 1][2], self.unit_words)) and not (
                cls == "facility" and kazakh_facility_name([t[2] for t in tokens[left:i + 1]], self.evaluative))
            if (not (tokens[left][2][:1].isupper() or numbered) or left == i or (opens and not numbered)
                    or self.grammar.kazakh_plural.search(word.lower())):
                continue
            words = [t for _, _, t in tokens[left:i + 1]]
            label = self.citation_form(words, len(words) - 1, "kk")
            if cls == "funder" and all(w.isascii() for w in words[:-1]) and self._class_word(word) == "funder":
                label = " ".join(words[:-1])  # 'YDA Group компаниясы' is YDA Group
            start = tokens[left][0] - (len(numbered) if numbered else 0)
            if numbered:
                label = numbered + label
            centre = self.centre_class(cls, words)
            if centre is None:
                continue
            cls = centre
            if cls == "facility" and i and tokens[i - 1][2].lower() in self.seats:
                continue
            record = self.new_record(cls, label, "kk")
            out.append(Candidate(record, [], start, tokens[i][1], _HEAD_NOUN_NAME[cls], 2))
        return out

    def _branch_start(self, text: str, tokens: list[tuple[int, int, str]], left: int) -> int:
        """'Tashkent regional branch of the <Centre>': the branch is the facility."""
        if left >= 3 and [t[2].lower() for t in tokens[left - 2:left]] == ["of", "the"] \
                and tokens[left - 3][2].lower() in self.subunits:
            start = left - 3
            while start > 0 and left - start < 7 and adjacent(text, tokens[start - 1], tokens[start]):
                start -= 1
                if tokens[start][2][:1].isupper():
                    return start
        return left

    def _english_head(self, tokens: list[tuple[int, int, str]], i: int, text: str) -> str | None:
        word = tokens[i][2].lower()
        if word in self.heads and word.isascii():
            return self.heads[word]
        # 'Grant Assistance for Grassroots Human Security Projects (GGP)': a plural head is a name's
        # only where the name is given an acronym
        if word[-1:] == "s" and self.heads.get(word[:-1]) == "programme" and _ACRONYM_NEXT.match(text, tokens[i][1]):
            return "programme"
        if i + 2 < len(tokens) and word in self.lex.head_openers:
            phrase = " ".join(t[2].lower() for t in tokens[i:i + 3])
            if phrase in self.heads:
                return self.heads[phrase]
        # 'Integrated Medical Information System': a system the word before says is one of information
        if i > 0 and word in self.system_heads and tokens[i - 1][2][:1].isupper() \
                and self.lex.key_of(tokens[i - 1][2]) & self.system_kinds:
            return "programme"
        # 'Tashkent Maternity Complex No. 7': a two-word head, its first word capitalised with the name
        if i > 0 and word.isascii() and tokens[i - 1][2][:1].isupper() and text[tokens[i - 1][1]:tokens[i][0]] == " ":
            return self.heads.get(f"{tokens[i - 1][2].lower()} {word}")
        return None


_ACRONYM_NEXT = re.compile(r"\s*\([A-Z]{2,8}\)")
_NUMBER_SIGN = re.compile(r"(?:\b(No)\.?|#|№)\s?$")  # before a number inside an English name
NAME_AFTER_CUE = re.compile(
    rf"\s*(?:the\s+|компани\w+\s+)?[«“\"]?(?P<name>[{_UPPER}0-9][\w’'.&-]*(?:\s+(?:of\s+|for\s+|and\s+|&\s+)?[{_UPPER}][\w’'.&-]*){{0,5}})")
_DESCRIBED_TEMPLATE = (
    r"(?:(?P<owner>\b[A-Z][\w-]+(?:’s|'s))\s+|\b(?:[Aa]n?|[Tt]he)\s+)"
    r"(?P<mods>(?:[\w-]+\s+){{1,5}}?)(?P<trigger>{triggers})\b(?!-)")
