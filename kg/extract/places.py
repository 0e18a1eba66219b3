"""Districts, towns and villages the reference data does not list, made regions of the document
by the word that classifies them: 'Исатай ауданы', 'Азғыр, Жасталап және Арна ауылдарында',
'Тонского и Алайского районов', 'в селе Кызыл-Суу', 'Suzak district', and in English also a bare
name placed in a known region ('in Suzak in the Jalal-Abad region', 'Kochkor-Ata, Jalal-Abad region').

The words are the lexicon's `settlements`; this module holds where the name stands in each language."""

from __future__ import annotations

import re

from kg.extract.grammar import grammar_of
from kg.extract.lexicon import Lexicon
from kg.extract.rules import declare
from kg.text.morph import ru_nominative, tokenize
from kg.text.segment import Segment
from kg.extract.candidates import Candidate, is_place
from kg.extract.cues import Prefiltered
from kg.extract.entities import EntityFinder

NAMED_SETTLEMENT = declare(
    "named-settlement",
    "A district, town or village named by its class word ('Исатай ауданы', 'Тонский район', 'в "
    "селе Кызыл-Суу', 'Alai district'), also each name of a list that shares the word.", makes_names=True)
SETTLEMENT_IN_REGION = declare(
    "settlement-in-region",
    "A name placed in a known region ('in Suzak in the Jalal-Abad region').")
LISTED_PLACE = declare(
    "named-place-in-list",
    "Each capitalised name of a list that a plural place word opens ('in the cities of Gulistan, Shirin "
    "and Yangiyer'), that brackets give a known region ('Syrdarya region (Akaltyn, Bayavut, …)') or that a "
    "colon after one announces, dates before the names allowed ('visits these stations: 2 May – Aral, 4 May – …').",
    makes_names=True)

Token = tuple[int, int, str]
# 'the cities of', 'districts of', or a known region's opening bracket: a list of places follows.
_EN_LIST_OPENER = re.compile(r"\b(?:cities|towns|villages|districts|settlements|regions|provinces) of\s+$", re.IGNORECASE)
_EN_LIST_OPENER_WORDS = re.compile(_EN_LIST_OPENER.pattern[:-4], re.IGNORECASE)  # the same, anywhere

_CAPITAL = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]")
# one item of an announced list: an optional date ('2-3 қыркүйек –', '12 мая —'), then a name of one or two
# capitalised words, then a comma, a semicolon, a conjunction or the end
_LIST_ITEM = re.compile(r"(?:^|[,;]\s*|\s+(?:және|и|and)\s+)(?:\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+[^\W\d_]+\s*[–—-]\s*)?"
                        r"(?P<name>[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w’'-]+(?:\s+[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w’'-]+)?)(?=\s*(?:[,;.)]|$|\s+(?:және|и|and)\s))")
_RU_ADJECTIVE_ENDINGS = ("ский", "ского", "ском", "скому", "ским", "ских", "цкий", "цкого", "цком", "ская", "ской",
                         "ный", "ного", "ном", "ное")


# a plural ending anywhere after the stem of a head: 'ауылдарындағы', 'аудандары'
_KK_PLURAL_INSIDE = re.compile(r"\w{3,}(?:лар|лер|дар|дер|тар|тер)")


class Settlements:
    def __init__(self, lexicon: Lexicon):
        section = lexicon.section("settlements")
        self.lex = lexicon
        self.grammar = grammar_of(lexicon)
        # key → the citation form of the head word in its language ('аудан' → 'ауданы').
        self.heads: dict[str, dict[str, str]] = {}
        # 'елді мекені' is a settlement, 'мекені' alone is not: the last word heads only after the first
        compounds = [str(w).split() for w in section.get("kk_compound_heads") or []]
        self.compound_heads = {lexicon.morph.label_key(last, "kk"): (first, last) for first, last in compounds}
        for lang, words in (section.get("heads") or {}).items():
            self.heads[lang] = {lexicon.morph.label_key(str(w), lang): str(w) for w in words}
        self.name_after = {lexicon.morph.label_key(str(w), "ru") for w in section.get("name_after", [])}
        self.en_prefixes = {str(w).lower() for w in section.get("en_name_prefixes", [])}
        # numbers are no names either: 'Үш ауылдың қуанышы' is three villages
        numbers = {str(w).lower() for words in (lexicon.section("metrics", "number_words") or {}).values() for w in words}
        self.not_names = {str(w).lower() for w in section.get("not_names", [])} | numbers
        self.town_heads = {str(w) for w in section.get("town_heads") or []}
        # asked of every sentence: an automaton pass for the openers' words first
        self.list_openers = {lang: Prefiltered(re.compile(r"\b(?:" + "|".join(re.escape(str(w)) for w in words)
                                                          + r")\w*(?:\s+\w+){0,3}\s*(?P<open>[:(])\s*", re.IGNORECASE))
                             for lang, words in (section.get("list_openers") or {}).items()}
        self.kk_not_name_endings = tuple(str(w) for w in section.get("kk_not_name_endings") or [])
        self.surname_endings = tuple(str(w) for w in section.get("surname_endings") or [])
        self.en_heads_first = {str(w) for w in section.get("en_heads_first") or []}
        # a name that ends in its own place word closes a list: 'Osh and Talas Oblasts and Alamedin district'
        self.place_words = {str(w).lower() for ws in (section.get("heads") or {}).values() for w in ws} \
            | {str(w).lower() for w in lexicon.section("region_words") or []}
        # 'с.Нура', 'пос. Жайрем': a Russian settlement word shortened, the name right after its period
        self.abbreviations = {str(a): str(w) for a, w in (section.get("ru_abbreviations") or {}).items()}
        # ... of which the name after a town's word declines ('в г. Державинске' is Державинск)
        self.declined_after = frozenset(str(w) for w in section.get("ru_declined_after") or [])
        # a list of places ends at a class word ('районах А и Б, Центром борьбы с …'): an organisation's name starts
        self.class_heads = frozenset(str(w).lower() for words in (lexicon.section("heads") or {}).values() for w in words)

    def find(self, seg: Segment, finder: EntityFinder, cands: list[Candidate]) -> list[Candidate]:
        """New candidates; reference places the new names cover are dropped from ``cands`` in place."""
        tokens = tokenize(seg.norm)
        out: list[Candidate] = []
        heads = self.heads.get(seg.lang, {})
        token_keys = finder.keys(tokens)  # the gazetteer's, for the same sentence
        words = finder.key_union(tokens)
        # most sentences hold no settlement word, whole or shortened: nothing for the word loop to find
        headless = heads.keys().isdisjoint(words) \
            and (seg.lang != "kk" or self.compound_heads.keys().isdisjoint(words)) \
            and (seg.lang != "ru" or self.abbreviations.keys().isdisjoint([t[2] for t in tokens]))
        for i, (_, _, word) in enumerate(() if headless else tokens):
            keys = token_keys[i]
            # the first of them in sorted order, as a walk would meet it; most words are none
            found = () if heads.keys().isdisjoint(keys) else heads.keys() & keys
            head = heads[min(found)] if found else None
            abbreviated = seg.lang == "ru" and word in self.abbreviations and seg.norm.startswith(".", tokens[i][1]) \
                and not (i > 0 and tokens[i - 1][2].isdigit())  # '2020 г. Минздрав': a year, not a town
            if abbreviated:
                head = self.abbreviations[word]
                keys = self.lex.key_of(head)
            at = i
            if seg.lang == "kk" and i > 0:  # 'шағын ауданында' is one head, though 'ауданы' is one alone
                found = self.compound_heads.keys() & keys
                compound = self.compound_heads[min(found)] if found else None
                if compound is not None and tokens[i - 1][2].lower() == compound[0]:
                    at, head = i - 1, " ".join(compound)  # 'Ақжар елді мекенінде'
            if head is None:
                continue
            if seg.lang == "en" and word.islower() and head in self.en_heads_first and i > 0 \
                    and tokens[i - 1][2].lower() == "the":
                out += self._english_named_after(seg, tokens, i, head, finder, cands)
                continue  # 'the village Kara-Jygach', 'the town of Nurek': the name follows its word
            if i + 1 < len(tokens) and _CAPITAL.match(tokens[i + 1][2]) and seg.norm[tokens[i][1]:tokens[i + 1][0]] == " " \
                    and seg.lang == "en":
                continue  # 'Vose District Central Hospital': part of a longer name
            after_names = seg.lang == "ru" and (keys & self.name_after or (
                i + 1 < len(tokens) and _CAPITAL.match(tokens[i + 1][2])
                and not tokens[i + 1][2].lower().endswith(_RU_ADJECTIVE_ENDINGS)
                # 'в Кубодиёнском районе Хатлона': the name stands before its head, the province after it
                and not (i > 0 and _CAPITAL.match(tokens[i - 1][2]) and tokens[i - 1][2].lower().endswith(_RU_ADJECTIVE_ENDINGS))))
            if after_names:  # 'в селе Кызыл-Суу', 'в районах Шурообод, Хамадони и Мургаб'
                names = [(a, b) for a, b in self._names_after(seg.norm, tokens, i)
                         if not any(c.start < tokens[b][1] and tokens[a][0] < c.end for c in cands)]
            else:
                names = self._names_before(seg.norm, tokens, at, seg.lang)
            for n, (first, last) in enumerate(names):
                label = self._label(seg, tokens, first, last, head, keys & self.name_after or after_names)
                if label is None:
                    continue
                # The bare name is how a reader writes a village ('Ақкемер', 'Кызыл-Суу'); a Russian
                # adjective before its head ('Тонского района') has no bare form.
                bare = seg.norm[tokens[first][0]:tokens[last][1]]
                if head in self.town_heads and len(self.lex.regions_named([t[2] for t in tokens[first:last + 1]])) == 1:
                    continue  # 'Kochkor town': the reference data knows the name alone as one place
                alt = (bare,) if (seg.lang != "ru" or after_names) and bare != label else ()
                record = finder.new_record("region", label, seg.lang, alt)
                # The mention takes its head where the head stands beside it ('Исатай ауданы',
                # 'Тонского района', 'селе Кызыл-Суу'): its case ending places it.
                start, end = tokens[first][0], tokens[last][1]
                if after_names and n == 0:
                    start = tokens[i][0]
                elif not after_names and n == len(names) - 1:
                    end = tokens[i][1]
                out.append(Candidate(record, [], start, end, NAMED_SETTLEMENT, 5))
        if seg.lang == "en":
            out += self._placed_in_region(seg, tokens, finder, cands + out)
            out += self._listed(seg, tokens, finder, cands + out)
        out += self._announced(seg, finder, cands + out)
        out += self._bracketed_parent(seg, tokens, finder, cands + out)
        for new in out:
            cands[:] = [c for c in cands if not (is_place(c) and c.record is None
                                                  and new.start <= c.start and c.end <= new.end + 1)]
        return out

    def _names_before(self, text: str, tokens: list[Token], i: int, lang: str) -> list[tuple[int, int]]:
        """(first, last) token of each capitalised name right before the head, with the names
        listed before it ('Азғыр, Жасталап және Арна ауылдарында')."""
        names: list[tuple[int, int]] = []
        last = i - 1
        if last < 0 or text[tokens[last][1]:tokens[i][0]] != " ":
            return names
        # Russian names are one adjective, hyphens apart ('Джети-Огузского'); others may be several words,
        # or an initial and a name ('М.Әуезов ауылы').
        gaps = ("-",) if lang == "ru" else (" ", "-", ".")
        plural = lang == "kk" and _KK_PLURAL_INSIDE.search(tokens[i][2].lower()) is not None
        conjoined = False
        while last >= 0 and _CAPITAL.match(tokens[last][2]):
            if names and re.sub(r"s$", "", tokens[last][2].lower()) in self.place_words:
                break  # the list before was a list of its own
            first = last
            while first > 0 and _CAPITAL.match(tokens[first - 1][2]) and text[tokens[first - 1][1]:tokens[first][0]] in gaps \
                    and tokens[first - 1][2].lower() not in self.not_names \
                    and not (lang == "kk" and tokens[first - 1][2].endswith(self.surname_endings)) \
                    and not tokens[first - 1][2].endswith(("’s", "'s")):
                first -= 1  # "the Region’s Kochkor town": the possessor holds the town, it is not its name
            if lang == "kk" and first == 0 < last and text[tokens[0][1]:tokens[1][0]] == " ":
                first = 1  # 'Енді Сарыбел ауылы': the capital of a sentence's first word is no evidence
            word = tokens[first][2]
            if not _CAPITAL.match(word) or (word.isupper() and len(word) > 1) or word.lower() in self.not_names:
                break
            if lang == "ru" and not tokens[last][2].lower().endswith(_RU_ADJECTIVE_ENDINGS):
                break  # 'Тонского района': a Russian district is named by the adjective before the head
            if lang == "kk" and tokens[last][2].lower().endswith(self.kk_not_name_endings):
                break
            if names and first >= 1 and tokens[first - 1][2].lower() in self.place_words:
                break  # 'the village Kara-Jygach, Sokuluk rayon': that name has its own place word
            names.insert(0, (first, last))
            # 'Алдымен, Көктөбе елді мекенінде': one place; a list takes the plural, or a singular head
            # after a list its conjunction closes ('Ақсу, Жаңатұрмыс және Қайнар ауылындағы')
            if lang == "kk" and not plural and not (conjoined or self._conjoined_before(text, tokens, first)):
                break
            if first >= 1 and text[tokens[first - 1][1]:tokens[first][0]].strip() == ",":
                last = first - 1
            elif self._conjoined_before(text, tokens, first):
                last, conjoined = first - 2, True
            else:
                break
        if lang == "kk" and plural and len(names) == 1 and names[0][0] == 0:
            return []  # a sentence's first word alone before plural villages is no list of names
        return names

    def _conjoined_before(self, text: str, tokens: list[Token], first: int) -> bool:
        """Whether a conjunction joins the name starting at ``first`` to a capitalised name before it."""
        return first >= 2 and tokens[first - 1][2].lower() in self.grammar.and_words \
            and _CAPITAL.match(tokens[first - 2][2]) is not None \
            and self.grammar.and_join.match(text[tokens[first - 2][1]:tokens[first][0]]) is not None

    def _names_after(self, text: str, tokens: list[Token], i: int) -> list[tuple[int, int]]:
        """'в селе Кызыл-Суу', 'в районах Шурообод, Хамадони, Н. Хусрав и Мургаб': names after a
        Russian settlement word."""
        names: list[tuple[int, int]] = []
        first = i + 1
        gap = text[tokens[i][1]:tokens[first][0]] if first < len(tokens) else ""
        if gap.startswith(".") and tokens[i][2] in self.abbreviations:
            gap = gap[1:]  # 'с.Нура', 'с. Нура'
        while first < len(tokens) and _CAPITAL.match(tokens[first][2]) and gap.strip() in ("", ",", "и", ", и") \
                and self.lex.morph.ru_lemma(tokens[first][2].lower()) not in self.class_heads:
            if names and tokens[first][2].lower().endswith(_RU_ADJECTIVE_ENDINGS):
                break  # 'с.Нура, Иргизского района': the district the village is in, not another village
            last = first
            while last + 1 < len(tokens) and _CAPITAL.match(tokens[last + 1][2]) \
                    and text[tokens[last][1]:tokens[last + 1][0]] in ("-", ". ", "."):
                last += 1  # 'Кызыл-Суу', 'Н. Хусрав'
            names.append((first, last))
            nxt = last + 1
            if nxt < len(tokens) and tokens[nxt][2].lower() == "и":
                nxt += 1
            if nxt >= len(tokens):
                break
            gap = text[tokens[last][1]:tokens[nxt][0]]
            if not re.fullmatch(r"\s*,\s*(?:и\s*)?|\s+(?:и\s+)?", gap) or gap == " " and tokens[last + 1][2].lower() != "и":
                break
            first = nxt
        return names

    def _english_named_after(self, seg: Segment, tokens: list[Token], i: int, head: str, finder: EntityFinder,
                             taken: list[Candidate]) -> list[Candidate]:
        """'the village Kara-Jygach', 'the town of Nurek': one capitalised name (hyphens joining its
        parts) right after the settlement word, labelled as a reader writes it ('Kara-Jygach village')."""
        first = i + 1 + (1 if i + 1 < len(tokens) and tokens[i + 1][2] == "of" else 0)
        if first >= len(tokens) or not _CAPITAL.match(tokens[first][2]) \
                or seg.norm[tokens[first - 1][1]:tokens[first][0]] != " " or tokens[first][2].lower() in self.not_names:
            return []
        last = first
        while last + 1 < len(tokens) and _CAPITAL.match(tokens[last + 1][2]) and seg.norm[tokens[last][1]:tokens[last + 1][0]] == "-":
            last += 1
        if any(c.start < tokens[last][1] and tokens[first][0] < c.end for c in taken):
            return []  # a place the reference data or another rule already knows
        bare = seg.norm[tokens[first][0]:tokens[last][1]]
        record = finder.new_record("region", f"{bare} {head}", seg.lang, (bare,))
        return [Candidate(record, [], tokens[i][0], tokens[last][1], NAMED_SETTLEMENT, 5)]

    def _label(self, seg: Segment, tokens: list[Token], first: int, last: int, head: str,
               name_after: frozenset[str]) -> str | None:
        name = seg.norm[tokens[first][0]:tokens[last][1]]
        if seg.lang == "ru":
            if name_after and head in self.declined_after and "-" not in name:
                return " ".join(ru_nominative(name.split()) or name.split())  # 'в г. Державинске': a town declines
            if name_after:
                return name  # 'в селе Кызыл-Суу', 'районах Шурообод': the name as the text gives it
            words = name.split()
            nominal = ru_nominative(words + [head]) if name.lower().endswith(_RU_ADJECTIVE_ENDINGS) else None
            return " ".join(nominal) if nominal else name
        if seg.lang == "en":
            return f"{name} {head}"
        return f"{name} {head}"

    def _placed_in_region(self, seg: Segment, tokens: list[Token], finder: EntityFinder,
                          taken: list[Candidate]) -> list[Candidate]:
        """'in Suzak in the Jalal-Abad region', 'at a centre in Kochkor-Ata, Jalal-Abad region'."""
        out = []
        regions = [c for c in taken if c.record is None and any("/region/" in e.iri for e in c.entries)]
        if not regions:
            return []  # a settlement is found only before a known region
        for i, (start, end, word) in enumerate(tokens):
            if i == 0 or tokens[i - 1][2].lower() not in self.en_prefixes or not _CAPITAL.match(word):
                continue
            if any(c.start < end and start < c.end for c in taken):
                continue
            last = i
            while last + 1 < len(tokens) and seg.norm[tokens[last][1]:tokens[last + 1][0]] == "-" \
                    and _CAPITAL.match(tokens[last + 1][2]):
                last += 1
            after = seg.norm[tokens[last][1]:]
            link = re.match(r",\s*|\s+in\s+(?:the\s+)?", after)
            if not link:
                continue
            at = tokens[last][1] + link.end()
            if any(r.start == at for r in regions):
                label = seg.norm[start:tokens[last][1]]
                record = finder.new_record("region", label, "en")
                out.append(Candidate(record, [], start, tokens[last][1], SETTLEMENT_IN_REGION, 5))
        return out

    def _listed(self, seg: Segment, tokens: list[Token], finder: EntityFinder,
                taken: list[Candidate]) -> list[Candidate]:
        """The names of a list of places the reference data does not know: after 'the cities of',
        or in brackets right after a known region (the names the list shares with the reference
        data stay theirs). A list needs two names or more, each of one or two capitalised words."""
        text = seg.norm
        regions = [c for c in taken if is_place(c)]
        out: list[Candidate] = []
        # no opener anywhere in the sentence, none at the end of any part of it
        opener = _EN_LIST_OPENER_WORDS.search(text) is not None
        if not opener and "(" not in text:
            return []  # a list starts at an opener or a bracket
        for i, (start, _, _) in enumerate(tokens):
            if not opener and text[start - 1:start] != "(":
                continue
            before = text[:start]
            bracket = before.endswith("(") and any(r.end == len(before.rstrip("( ")) for r in regions)
            if not (bracket or (_EN_LIST_OPENER.search(before) and (i == 0 or not _CAPITAL.match(tokens[i - 1][2])))):
                continue
            names, k = [], i
            while k < len(tokens) and _CAPITAL.match(tokens[k][2]) and tokens[k][2].lower() not in self.not_names:
                last = k
                if last + 1 < len(tokens) and _CAPITAL.match(tokens[last + 1][2]) \
                        and text[tokens[last][1]:tokens[last + 1][0]] in (" ", "-"):
                    last += 1
                if last + 1 < len(tokens) and _CAPITAL.match(tokens[last + 1][2]) \
                        and text[tokens[last][1]:tokens[last + 1][0]] == " ":
                    break  # 'Aga Khan Health Service': a longer name, an organisation's, ends the list
                if last == k and len(tokens[k][2]) == 1:
                    break  # '(AKHS,T)': an acronym's letter is no place
                names.append((k, last))
                gap = re.match(r",\s*(?:and\s+)?|\s+and\s+", text[tokens[last][1]:])
                if gap is None:
                    break
                k = next((j for j in range(last + 1, len(tokens)) if tokens[j][0] >= tokens[last][1] + gap.end()),
                         len(tokens))
            closes = re.match(r"\s*[);]", text[tokens[names[-1][1]][1]:]) if names else None
            if len(names) < 2 or (bracket and closes is None):
                continue
            for first, last in names:
                a, b = tokens[first][0], tokens[last][1]
                if any(c.start < b and a < c.end for c in taken + out):
                    continue
                record = finder.new_record("region", text[a:b], "en")
                out.append(Candidate(record, [], a, b, LISTED_PLACE, 5))
        return out

    def _announced(self, seg: Segment, finder: EntityFinder, taken: list[Candidate]) -> list[Candidate]:
        """'… мына станцияларға барады: 2-3 қыркүйек – Арал, 4-5 қыркүйек – Жосалы': the names of a list a
        plural place word and a colon announce, each after its date if it has one; two names or more."""
        opener = self.list_openers.get(seg.lang)
        match = opener.search(seg.norm) if opener is not None else None
        if match is None:
            return []
        rest = seg.norm[match.end():]
        if match.group("open") == "(":  # 'пилотных районов проекта (Нурек, Шахринав и Рогун)'
            if ")" not in rest:
                return []
            rest = rest[:rest.index(")")]
        items = list(_LIST_ITEM.finditer(rest))
        names = [m for m in items if m.group("name").lower() not in self.not_names]
        if len(names) < 2:
            return []
        out = []
        for item in names:
            a, b = match.end() + item.start("name"), match.end() + item.end("name")
            if any(c.start < b and a < c.end for c in taken):
                continue
            record = finder.new_record("region", seg.norm[a:b], seg.lang)
            out.append(Candidate(record, [], a, b, LISTED_PLACE, 5))
        return out

    def _bracketed_parent(self, seg: Segment, tokens: list[Token], finder: EntityFinder,
                          taken: list[Candidate]) -> list[Candidate]:
        """A line of a list that names places, then the district they are in, in brackets
        ('Жалғызағаш және Қайнар (Ескелді ауданы)', 'Suzak and Bazar-Korgon (Jalal-Abad region)'): the
        names are places. Only at the start of a segment or after a colon, where a list item stands."""
        text = seg.norm
        out: list[Candidate] = []
        for parent in taken:
            if not is_place(parent) and not (parent.record is not None and parent.record.cls == "region"):
                continue
            if not (text[:parent.start].rstrip().endswith("(") and text[parent.end:].lstrip().startswith(")")):
                continue
            opening = text[:parent.start].rstrip()[:-1].rstrip()
            names = self._names_ending_at(text, tokens, len(opening))
            if not names or re.search(r"[^\s:–—-]", text[:tokens[names[0][0]][0]].rsplit(":", 1)[-1]):
                continue  # the list must be all there is before the bracket, or follow a colon
            for first, last in names:
                a, b = tokens[first][0], tokens[last][1]
                if not any(c.start < b and a < c.end for c in taken + out):
                    out.append(Candidate(finder.new_record("region", text[a:b], seg.lang), [], a, b, LISTED_PLACE, 5))
        return out

    def _names_ending_at(self, text: str, tokens: list[Token], end: int) -> list[tuple[int, int]]:
        """(first, last) tokens of the capitalised names of a list that ends at ``end``, joined by
        commas or 'and' words."""
        last = next((k for k in range(len(tokens) - 1, -1, -1) if tokens[k][1] <= end), None)
        names: list[tuple[int, int]] = []
        while last is not None and last >= 0 and _CAPITAL.match(tokens[last][2]) \
                and tokens[last][2].lower() not in self.not_names:
            first = last
            if first > 0 and _CAPITAL.match(tokens[first - 1][2]) and text[tokens[first - 1][1]:tokens[first][0]] == "-":
                first -= 1
            names.insert(0, (first, last))
            gap_start = tokens[first - 1][1] if first > 0 else 0
            gap = text[gap_start:tokens[first][0]]
            if first > 0 and gap.strip() == ",":
                last = first - 1
            elif first > 1 and tokens[first - 1][2].lower() in self.grammar.and_words:
                last = first - 2
            else:
                break
        return names
