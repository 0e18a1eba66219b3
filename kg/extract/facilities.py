"""Facilities the text describes by their size instead of naming them: 'a 300-bed infectious
diseases hospital', 'инфекционная больница на 300 мест', '570 орындық көпбейінді аурухана'. A reader
takes such a phrase for one place; without a capacity 'a district hospital' is only a kind.

The words are in the lexicon's `described_facilities` section; this module holds where the
capacity stands in each language."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.candidates import Candidate, candidate_class
from kg.extract.cues import PatternFilter
from kg.extract.entities import NAMED_FACILITY_HEAD_NOUN, NAMED_PROGRAMME_HEAD_NOUN, EntityFinder
from kg.extract.grammar import grammar_of
from kg.extract.implied import reports_act
from kg.extract.lexicon import Lexicon
from kg.extract.rules import declare
from kg.extract.tokens import adjacent, is_adjective, plural_adjective, plural_noun
from kg.model import EntityRecord
from kg.text.morph import parse, ru_nominative, tokenize
from kg.text.segment import Segment

DESCRIBED_FACILITY = declare(
    "described-facility",
    "A facility described by its capacity rather than named ('a 300-bed infectious diseases hospital', "
    "'больница на 300 мест', '570 орындық аурухана').")

_NUMBER = r"\d+(?:[ \u00a0,]\d{3})*"
# What a kind-giving Kazakh word ends in: 'дәрігерлік', 'аудандық', 'көпбейінді', 'облыстық', 'жаңа'
_KK_ADJECTIVE = re.compile(r"(?:лық|лік|дық|дік|тық|тік|ғы|гі|лы|лі|ды|ді|ты|ті|тын|тін|дағы|дегі)$")
# 'в городе Кулябе', 'в селе …': the word the place's name follows, left out of a facility's label
_SETTLEMENT_WORD = r"(?:городе\s+|селе\s+|районе\s+)?"
_KK_VOICED = {"қ": "[қғ]", "к": "[кг]", "п": "[пб]"}
_KK_PLURAL = re.compile(r"(?:лар|лер|дар|дер|тар|тер)")
_KK_PLURAL_PLACE = re.compile(r"(?:лар|лер|дар|дер|тар|тер)[ыі]?н?(?:да|де|та|те|дағы|дегі|тағы|тегі)$")
# A word that joins or introduces phrases never describes a facility: 'a hospital for 300 patients and an
# oncological clinic' is two facilities, not a '300 patients and oncological clinic'.
_EN_NOT_MODIFIER = r"(?!(?:and|or|but|for|with|to|in|at|of|by|from|on|as|were|was|is|are)\b)"


def kazakh_head_pattern(heads: tuple[str, ...] | list[str]) -> str:
    """Alternatives for Kazakh head words, longest first: a last қ, к or п voices before a vowel ('орталық' →
    'орталығы'; 'пункт' stays)."""
    return "|".join(re.escape(w[:-1]) + _KK_VOICED.get(w[-1], re.escape(w[-1]))
                    for w in sorted(heads, key=len, reverse=True)) or "(?!)"


@dataclass(frozen=True)
class FacilityWords:
    heads: dict[str, tuple[str, ...]]
    capacity: dict[str, tuple[str, ...]]
    english: re.Pattern[str]
    english_sized_after: re.Pattern[str]
    kazakh: re.Pattern[str]
    kazakh_after_place: re.Pattern[str]  # '… көпсалалы облыстық медициналық орталық' after a located place
    kazakh_after_gap: re.Pattern[str]
    new: dict[str, tuple[str, ...]]  # 'новая больница' is the one the article is about, once it is placed
    kind_required: dict[str, frozenset[str]]  # 'комплекс' is a facility only as a 'медицинский комплекс'
    russian_works: re.Pattern[str]  # 'строительство', 'ремонт': works on the facility named after
    mobile: frozenset[str]
    schools: frozenset[str]
    english_named: re.Pattern[str]  # 'the Presnovska district hospital': a name, kind words, a lower-case head
    english_placed: re.Pattern[str]  # 'a feldsher-midwife station in the village X': a kind of post, then where
    en_kinds: frozenset[str]
    ru_acronyms: re.Pattern[str]  # 'ФАП', 'ФАПе': a post's kind in capitals, with its case ending
    ru_settlement: re.Pattern[str]  # 'в селе ', 'в посёлке ' right before a place's name
    self_kinded_ru: frozenset[str]
    openings: re.Pattern[str]  # 'открыли больницу в селе X': the hospital the article reports is new
    built: re.Pattern[str]  # works or an opening: 'жаңа емхана салынды' is the one built
    kk_time: frozenset[str]  # 'биыл', 'жақында': words of time a place and its facility may stand around
    kazakh_size_after_place: re.Pattern[str]  # 'ауылындағы бір ауысымда 20 адам қабылдайтын …': a size before the kind
    kk_village: re.Pattern[str]  # 'ауылында', 'кентінде', 'елді мекенінде': a village or a town, not a city
    english_numbered: re.Pattern[str]  # 'family polyclinic No. 17': kind words, the head, its number
    kk_levels: frozenset[str]  # 'облыстық', 'аудандық': the level that runs a facility
    ru_place_word: str  # 'городе ', 'г.', 'селе ' between 'в' and a facility's place (optional)
    ru_in_village: re.Pattern[str]  # ' в селе ': the place is a village, where one hospital is the hospital

    @classmethod
    def of(cls, lexicon: Lexicon) -> "FacilityWords":
        section = lexicon.section("described_facilities") or {}
        heads = {lang: tuple(str(w) for w in words) for lang, words in (section.get("heads") or {}).items()}
        capacity = {lang: tuple(str(w) for w in words) for lang, words in (section.get("capacity") or {}).items()}

        def alternatives(words: tuple[str, ...]) -> str:
            return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"

        def kazakh_heads() -> str:
            return kazakh_head_pattern(heads.get("kk", ()))

        english = re.compile(rf"(?<![\w.,]){_NUMBER}(?:-\s?|\s)(?:{alternatives(capacity.get('en', ()))})s?\b"
                             rf"(?P<mods>(?:\s+{_EN_NOT_MODIFIER}(?:[a-z][\w'’-]*|[A-Z]{{2,5}})){{0,4}}?)"  # 'TB' in '150-bed TB hospital'
                             rf"\s+(?P<head>{alternatives(heads.get('en', ()))})\b")
        # 'the regional cardiology hospital, designed for 180 beds': the size after the head
        english_sized_after = re.compile(
            rf"(?<![\w'’-])(?P<mods>(?:{_EN_NOT_MODIFIER}[A-Za-z][\w'’-]*\s+){{1,4}})(?P<head>{alternatives(heads.get('en', ()))})\b,?\s+"
            rf"(?:(?:designed|built|planned|intended)\s+)?(?:for|with)\s+{_NUMBER}\s+(?:{alternatives(capacity.get('en', ()))})s?\b")
        kazakh = re.compile(rf"(?<![\w.,]){_NUMBER}\s+(?:{alternatives(capacity.get('kk', ()))})"
                            rf"(?P<mods>(?:\s+[а-яәғқңөұүһі]+){{0,3}}?)\s+(?P<head>{kazakh_heads()})(?P<tail>\w*)"
                            rf"(?:\s+(?P<head2>{kazakh_heads()})\w*)?")
        # 'Ақтерек ауылында да биыл бір ауысымда 20 адам қабылдайтын …': 'also', a word of time, a size
        kazakh_size_after_place = re.compile(
            rf"(?:\s+(?:да|де|та|те|{alternatives(tuple(str(w) for w in section.get('kk_time') or ()))}))*"
            rf"(?P<size>(?:\s+бір\s+ауысымда)?\s+{_NUMBER}\s+(?:{alternatives(capacity.get('kk', ()))})(?=\s))?")
        # greedy: the head is the last one ('көпбейінді аудандық орталық аурухана', not '… орталық')
        kazakh_after_place = re.compile(r"((?:\s+[а-яәғқңөұүһі-]+){0,4})\s+"
                                        rf"({kazakh_heads()})[а-яәғқңөұүһі]*")
        # 'Қарасу ауылында бұл қаражат көпбейінді аудандық ауруханаға': other words first, then
        # at least two kind-giving words right before the head
        kind = rf"[а-яәғқңөұүһі-]+{_KK_ADJECTIVE.pattern.rstrip('$')}(?![а-яәғқңөұүһі])"
        kazakh_after_gap = re.compile(rf"((?:\s+[а-яәғқңөұүһі]+){{1,4}}?)((?:\s+{kind}){{2,3}})\s+"
                                      rf"({kazakh_heads()})[а-яәғқңөұүһі]*")
        new = {lang: tuple(str(w) for w in words) for lang, words in (section.get("new") or {}).items()}
        kinds = {str(h): frozenset(str(w) for w in ws) for h, ws in (section.get("kind_required") or {}).items()}
        works = re.compile("|".join(str(w) for w in section.get("works_before", {}).get("ru", [])) or "(?!)")
        english_named = re.compile(
            rf"(?<![\w'’-])(?P<name>[A-Z][a-z][\w'’-]+)\s+(?P<kinds>(?:(?:{alternatives(tuple(section.get('en_kinds') or ()))})"
            rf"\s+){{0,3}})(?P<head>{alternatives(heads.get('en', ()))})\b")
        self_kinded = {lang: tuple(str(w) for w in ws) for lang, ws in (section.get("self_kinded") or {}).items()}
        settlements = {lang: tuple(str(w) for w in ws) for lang, ws in (section.get("settlement_words") or {}).items()}
        english_placed = re.compile(
            rf"(?<![\w'’-])(?P<mods>(?:(?:[a-z][\w'’-]*|[A-Z]{{2,4}})\s+){{0,3}}?)"  # 'a new TB hospital in X'
            rf"(?P<head>{alternatives(heads.get('en', ()) + self_kinded.get('en', ()))})(?P<acronym>\s+\([A-Z]{{2,6}}\))?"
            # 'a clinic was opened in the village X': what happened to it may stand before where it is
            rf"(?P<done>\s+(?:was|were|has been|have been|will be|is|are)(?:\s+(?:newly|officially|recently))?"
            rf"\s+(?:{alternatives(tuple(section.get('en_done') or ()))}))?"
            rf"\s+(?P<prep>(?:in|at|of)\s+)(?:the\s+)?(?P<where>)(?:(?:{alternatives(settlements.get('en', ()))})\s+(?:of\s+)?)?(?=[A-Z])")
        place_words = {k: [str(w) for w in ws] for k, ws in (section.get("ru_place_words") or {}).items()}
        place_words = {"town": place_words.get("town", []), "village": place_words.get("village", [])}
        acronyms = [w for w in self_kinded.get("ru", ()) if w.isupper()]
        ru_acronyms = re.compile(rf"(?:{alternatives(tuple(acronyms))})(?:а|у|е|ом|ы|ов|ам|ах)?")
        # 'село' → 'селе', 'посёлок' → 'посёлке' (the vowel before the last consonant drops)
        ru_forms = "|".join(rf"{re.escape(w[:-1])}\w{{0,2}}" if w[-1] in "оаяе" else
                            rf"{re.escape(w[:-2])}(?:{re.escape(w[-2])})?{re.escape(w[-1])}\w{{0,2}}" if w[-2:] in ("ок", "ёк", "ек")
                            else rf"{re.escape(w)}\w{{0,2}}" for w in settlements.get("ru", ())) or "(?!)"
        ru_settlement = re.compile(rf"(?:^|\s)во?\s+(?:{ru_forms})\s+$", re.IGNORECASE)
        return cls(heads, capacity, english, english_sized_after, kazakh, kazakh_after_place, kazakh_after_gap, new,
                   kinds, works, frozenset(str(w) for w in section.get("mobile") or []),
                   frozenset(str(w) for w in section.get("schools") or []), english_named, english_placed,
                   frozenset(str(w) for w in section.get("en_kinds") or ()) | frozenset(self_kinded.get("en", ())),
                   ru_acronyms, ru_settlement, frozenset(w for w in self_kinded.get("ru", ()) if not w.isupper()),
                   re.compile(str(lexicon.section("programme_references").get("openings") or "(?!)"), re.IGNORECASE),
                   re.compile("|".join(f"(?:{lexicon.section('programme_references').get(k)})" for k in ("works", "openings")
                                       if lexicon.section("programme_references").get(k)) or "(?!)", re.IGNORECASE),
                   frozenset(str(w) for w in section.get("kk_time") or ()), kazakh_size_after_place,
                   re.compile(r"(?<!\w)(?:" + ("|".join(re.escape(str(w)[:-1]) for w in
                                                     lexicon.section("settlements", "kk_village_heads") or []) or "(?!)")
                              + ")", re.IGNORECASE),
                   re.compile(rf"(?<![\w'’-])(?P<mods>(?:{_EN_NOT_MODIFIER}[a-z][\w'’-]*\s+){{0,3}})"
                              rf"(?P<head>{alternatives(heads.get('en', ()))})\s+(?:No\.?|№|#)\s?\d+\b"),
                   frozenset(str(w) for w in (section.get("unit_levels") or {}).get("kk", ())),
                   # a word is followed by a space, an abbreviation may not be ('г.Ош')
                   "(?:" + "|".join(re.escape(w) + (r"\s?" if w.endswith(".") else r"\s+") for w in
                                    place_words["town"] + place_words["village"]) + ")?",
                   re.compile(rf"^\s+во?\s+(?:{alternatives(tuple(place_words['village']))})\s"))


def described_facilities(finder: EntityFinder, seg: Segment, taken: list[Candidate],
                         where: EntityRecord | None = None) -> list[Candidate]:
    """``where``: the place the passage is about (its province, else its country), which tells one province's
    (or country's) 'district hospital' from another's."""
    words = finder.lex.memo("facility_words", lambda: FacilityWords.of(finder.lex))
    if seg.lang == "ru":
        found = _russian(finder, seg, words, taken)
    elif seg.lang in ("en", "kk"):
        pattern = words.english if seg.lang == "en" else words.kazakh
        found = _kazakh_placed(finder, seg, words, taken) if seg.lang == "kk" else []
        # every English pattern needs a head word ('hospital', 'FAP'): one automaton pass says which may match
        maybe = _english_filter(finder.lex, words).candidates(seg.norm) if seg.lang == "en" else [0]
        for match in pattern.finditer(seg.norm) if 0 in maybe else ():
            mods = [w for w in match.group("mods").split() if w.lower() not in finder.evaluative]
            head = _kk_head(match.group("head"), words) if seg.lang == "kk" else match.group("head")
            end = match.end()
            if seg.lang == "kk" and match.group("head2") and head in finder.adjectival_heads:
                mods, head = mods + [head], _kk_head(match.group("head2"), words)  # 'орталық аурухана': its kind
            elif seg.lang == "kk":
                end = match.end("tail")
            prefix = seg.norm[match.start():match.start("mods")]
            found.append((match.start(), end, " ".join([prefix] + mods + [head])))
        if seg.lang == "en":
            for match in words.english_sized_after.finditer(seg.norm) if 1 in maybe else ():
                mods = [w for w in match.group("mods").split() if w.lower() not in finder.evaluative]
                if any(w[:1].isupper() for w in mods[1:]) or (mods[:1] and mods[0][:1].isupper()
                                                              and seg.norm[:match.start()].strip()):
                    continue  # capitals inside: a name, read elsewhere; only a sentence's first word may have one
                if mods:
                    start = match.start("mods") + match.group("mods").index(mods[0])
                    mods[0] = mods[0][:1].lower() + mods[0][1:] if mods[0][1:].islower() else mods[0]
                    found.append((start, match.end("head"), " ".join(mods + [match.group("head")])))
            for match in words.english_named.finditer(seg.norm) if 2 in maybe else ():
                if match.group("name").lower() not in finder.evaluative and seg.norm[:match.start()].strip() \
                        and not (not match.group("kinds") and _a_donor_s(finder, match, taken)):
                    found.append((match.start(), match.end(), " ".join(match.group().split())))
            found.extend(_english_placed(seg, words, taken, found) if 3 in maybe else ())
            found.extend(_english_kinded(finder, seg, words, found, where))
            # 'family polyclinic No. 17', 'municipal clinic No.7': the number makes a kind one place
            for match in words.english_numbered.finditer(seg.norm) if 4 in maybe else ():
                if not any(s < match.end() and match.start() < e for s, e, *_ in found):
                    mods = [w for w in match.group("mods").split() if w.lower() not in finder.evaluative]
                    start = match.start("mods") + match.group("mods").index(mods[0]) if mods else match.start("head")
                    found.append((start, match.end(), " ".join(seg.norm[start:match.end()].split())))
    else:
        found = []
    out = []
    for start, end, label, *alt in _overlaps_joined(found):
        if any(c.start < end and start < c.end and c.record is not None and c.record.cls == "facility" for c in taken):
            continue  # already named: 'the 200-bed Republican Hospital'
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e, *_ in found):
            continue  # its size inside the description a place opens ('ауылындағы 20 адам қабылдайтын пункт')
        before = seg.norm[max(0, start - 20):start].split()[-1:]
        if finder.centre_class("facility", before + label.split()) is None:
            continue  # 'the administrative center of Talasskiy district', 'торговый центр на 300 мест'

        record = finder.new_record("facility", label, seg.lang, tuple(alt))
        out.append(Candidate(record, [], start, end, DESCRIBED_FACILITY, 2))
    return out


# A facility a sentence describes: its span, its label, then other labels it also goes by.
Described = tuple[int, int, str, *tuple[str, ...]]


def _overlaps_joined(found: list[Described]) -> list[Described]:
    """'a 40-bed maternity hospital in Ayni' read as '40-bed maternity hospital' and as 'maternity hospital in
    Ayni': descriptions that overlap, neither holding the other, are one facility, named by its name if one
    reads it ('the Jonvarsuz health center in …'), else by where it is (the later one), and also by the other."""
    joined = sorted(found, key=lambda f: (f[0], f[1]))
    out: list[Described] = []
    for item in joined:
        last = out[-1] if out else None
        if last is not None and item[0] < last[1] and last[0] < item[0] and last[1] < item[1]:
            first, second = (last, item) if last[2][:1].isupper() else (item, last)
            out[-1] = (last[0], item[1], first[2], *first[3:], second[2], *second[3:])
        else:
            out.append(item)
    return out


def _a_donor_s(finder: EntityFinder, match: re.Match[str], taken: list[Candidate]) -> bool:
    """'the Japan hospital', 'the Japanese hospital': a country's, an organisation's or a nationality's,
    not a name like 'the Zarbulak polyclinic'."""
    return any(c.start == match.start() and candidate_class(c) in ("country", "funder") for c in taken) \
        or bool(finder.lex.key_of(match.group("name")) & finder.lex.adjectives.keys())


def _english_filter(lexicon: Lexicon, words: FacilityWords) -> PatternFilter:
    return lexicon.memo("facility_english_filter", lambda: PatternFilter(
        [words.english, words.english_sized_after, words.english_named, words.english_placed,
         words.english_numbered]))


def _russian(finder: EntityFinder, seg: Segment, words: FacilityWords,
             taken: list[Candidate]) -> list[tuple[int, int, str]]:
    """'современная велаятская инфекционная больница на 300 мест', 'противотуберкулезная больница в
    Кулябе': adjectives, the head, then its capacity or the place it is in; the label is in the
    nominative without the evaluative words. A place makes one facility only with a kind-giving
    adjective ('больница в Кулябе' may be any of them)."""
    heads = set(words.heads.get("ru", ()))
    units = set(words.capacity.get("ru", ()))
    news = set(words.new.get("ru", ()))

    def new_word(phrase: list[str]) -> bool:
        if not plural_noun(phrase[-1]) and words.openings.search(seg.norm) is not None:
            return True  # 'открыли больницу в селе Хумдон': the one opened
        return any(finder.lex.morph.ru_lemma(w.lower()) in news for w in phrase[:-1])

    tokens = tokenize(seg.norm)
    out = []
    for i, (_, end, word) in enumerate(tokens):
        written: str | None = None  # the place as a label writes it, where the text puts words before it
        acronym = words.ru_acronyms.fullmatch(word) is not None
        # a sentence's first word is capitalised whatever it is ('Поликлиника на 250 мест построена …')
        if not acronym and (not (word.islower() or i == 0 and word[1:].islower())
                            or finder.lex.morph.ru_lemma(word.lower()) not in heads):
            continue
        first = i
        while first > 0 and i - first < 4:
            gap, before = seg.norm[tokens[first - 1][1]:tokens[first][0]], tokens[first - 1][2]
            if gap == "-" and first < i and (before.islower() or first == 1):
                first -= 1  # 'фельдшерско-акушерский': one adjective, two tokens
            elif gap == " " and (before.islower() or first == 1) and is_adjective(before):
                first -= 1
            else:
                break
        phrase = seg.norm[tokens[first][0]:end].split()
        nominal = ru_nominative(phrase) or phrase
        if acronym:  # 'ФАПе' → 'ФАП': the head in capitals, without its case ending
            nominal = nominal[:-1] + [re.sub(r"[а-яё]+$", "", word)]
        # a head that holds its kind ('ФАП', 'медпункт') is one post wherever it is placed
        self_kinded = acronym or finder.lex.morph.ru_lemma(word) in words.self_kinded_ru
        kept = [w for w in nominal[:-1] if finder.lex.morph.ru_lemma(w.lower()) not in finder.evaluative]
        lemmas = {finder.lex.morph.ru_lemma(w.lower()) for w in kept}
        required = words.kind_required.get(finder.lex.morph.ru_lemma(word))
        if (required is not None and not lemmas & required) or lemmas & words.mobile:
            continue  # 'спортивный комплекс в Оше' is no place of care, a 'мобильный комплекс' no place at all
        capacity = re.match(rf"\s+на\s+({_NUMBER})\s+([а-яё-]+)", seg.norm[end:])
        numbered = re.match(r"\s*№\s?\d+", seg.norm[end:])
        # 'центральная больница Файзабадского района', 'родильный дом района Х', 'больница города Х': a place
        # in the genitive right after the head is whose facility it is
        town = _TOWN_GENITIVE.match(seg.norm, end)
        owner = next((c for c in taken if town is not None and c.start == town.end() and _is_region(c)), None)
        # 'клиника Самаркандского медицинского института': a university's or institute's own clinic
        school = next((c for c in taken if c.start == end + 1 and seg.norm[end] == " " and c.record is not None
                       and c.record.cls == "funder" and _owned_by_school(finder, seg.norm[c.start:c.end], words)), None)
        if capacity is not None and finder.lex.morph.ru_lemma(capacity.group(2).lower()) in units:
            tail = capacity.end()
        elif owner is not None and (kept or self_kinded) and not any(plural_adjective(w) for w in phrase[:-1]):
            tail = owner.end - end
        elif school is not None and first == i and not plural_noun(word) and not _counted(tokens, i):
            out.append((tokens[first][0], school.end, nominal[-1] + seg.norm[end:school.end]))
            continue
        elif numbered is not None and (kept or self_kinded):  # 'детская больница №3 Ташкента', 'ЦСМ №1 города Ош'
            tail = numbered.end()
            # the city right after the number, or after 'города' ('№1 города Ош')
            gap = _TOWN_GENITIVE.match(seg.norm, end + tail)
            city = next((c for c in taken if gap is not None and c.start == gap.end() and _is_region(c)), None)
            tail = city.end - end if city is not None else tail
        else:
            place = _place_after(seg.norm, end, taken, words.ru_place_word)
            new = new_word(phrase)
            if place is None and new:  # 'Новую больницу планируется построить в городе Кулябе'
                place = _place_after(seg.norm, end, taken, words.ru_place_word, verbs=True)
            if place is None and kept and not any(plural_adjective(w) for w in phrase[:-1]):
                # 'В городе Кулябе начинается строительство областной онкологической больницы': works
                # on a facility of a stated kind, in the place the clause opened with
                before = _works_place_before(seg.norm, tokens[first][0], taken, words)
                if before is not None:
                    label = " ".join(kept + [nominal[-1]]) + " в " + seg.norm[before.start:before.end]
                    out.append((tokens[first][0], end, label))
                    continue
            if place is None and (kept or self_kinded) and not any(plural_adjective(w) for w in phrase[:-1]) \
                    and not plural_noun(word) and not _counted(tokens, first):
                # 'В селе Акжар построена врачебная амбулатория': the one village the sentence is in
                village = _village_of_sentence(seg.norm, taken, words)
                if village is not None:
                    out.append((tokens[first][0], end, " ".join(kept + [nominal[-1]]) + " " + village))
                    continue
            in_village = place is not None and not plural_noun(word) and words.ru_in_village.match(seg.norm[end:place])
            if place is None or not (kept or new or self_kinded or in_village) \
                    or any(plural_adjective(w) for w in phrase[:-1]):
                continue  # 'онкологических больниц в …' names several; 'больница в Кулябе' may be any of them
            tail = place - end
            # 'Городская поликлиника открылась в Оше': the verb between is no part of the label
            written = " " + _place_phrase(seg.norm, end, place) if re.match(r"\s+[а-яё]+\s+в", seg.norm[end:place]) else None
            if not kept:  # the new hospital the article is about: 'больница в Кулябе'; the place keeps its mention
                where = seg.norm[end:place].strip() if in_village else _place_phrase(seg.norm, end, place)
                care = finder.care_genitive(seg.norm, tokens, i)[0]
                out.append((tokens[first][0], end, " ".join([nominal[-1], *care, where])))  # 'центр гемодиализа в Оше'
                continue
        out.append((tokens[first][0], end + tail, " ".join(kept + [nominal[-1]]) + (written or seg.norm[end:end + tail])))
    # a capital only because the sentence starts there is not the label's
    return [(start, stop, label[:1].lower() + label[1:] if start == 0 and label[1:2].islower() else label)
            for start, stop, label in out]


# Between a facility and the town it belongs to: nothing, or the word 'город' ('больница города Дангара').
_TOWN_GENITIVE = re.compile(r" (?:города |г\. ?)?")


def _village_of_sentence(text: str, taken: list[Candidate], words: FacilityWords) -> str | None:
    """'в селе Акжар' when the sentence puts exactly one place after a village or town word."""
    placed = []
    for cand in taken:
        if not _is_region(cand):
            continue
        # the place's mention may hold its village word ('селе Акжар') or follow it
        head = re.match(r"\S+\s+", text[cand.start:cand.end])
        before = words.ru_settlement.search(text[:cand.start]) or (
            words.ru_settlement.search(text[:cand.start + head.end()]) if head is not None else None)
        if before is not None:
            phrase = text[before.start():cand.end].strip()
            placed.append(phrase[:2].lower() + phrase[2:])  # 'В селе Акжар' opening a sentence: 'в селе Акжар'
    return placed[0] if len(placed) == 1 else None


def _english_placed(seg: Segment, words: FacilityWords, taken: list[Candidate],
                    described: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """'a feldsher-midwife station (FAP) in the village X', 'the rural health centre in Y': one post of a
    stated kind in a named place; the label is its kind and where, without the article or 'new'."""
    out = []
    for match in words.english_placed.finditer(seg.norm):
        # the place's mention may hold its settlement word ('village Kara-Jygach') or follow it
        place = next((c for c in taken if c.start in (match.start("where"), match.end()) and _is_region(c)), None)
        head = match.group("head")
        kinds = [w for w in match.group("mods").split() if w in words.en_kinds]
        if place is None or not (kinds or head in words.en_kinds or words.built.search(seg.norm)
                                 and not any(s < match.end("head") and match.start("head") < e for s, e, *_ in described)):
            continue  # 'a hospital in Osh' may be any of them; the one built or opened there is one (if no size named it)
        start = match.start("mods") + match.group("mods").index(kinds[0]) if kinds else match.start("head")
        where = seg.norm[match.start("prep"):place.end]
        out.append((start, place.end, " ".join(kinds + [head]) + " " + where))
    return out


_THE_KINDED = re.compile(r"\b[Tt]he\s+(?P<mods>(?:[a-z][\w'’-]*\s+){1,3}?)(?P<head>[a-z]+)\b(?!['’-])")


def _english_kinded(finder: EntityFinder, seg: Segment, words: FacilityWords, described: list[tuple[int, int, str]],
                    where: EntityRecord | None) -> list[tuple[int, int, str, str]]:
    """'equipment for the regional children's hospital', 'the district hospital was renovated': one facility of
    a stated kind, definite, in a sentence that reports works, an opening or a delivery; the label is its kind."""
    out = []
    for match in _THE_KINDED.finditer(seg.norm):
        mods, head = match.group("mods").split(), match.group("head")
        if head not in words.heads.get("en", ()) or not all(m in words.en_kinds for m in mods) \
                or any(s < match.end() and match.start() < e for s, e, *_ in described):
            continue
        kind = " ".join(mods + [head])
        out.append((match.start("mods"), match.end(), f"{kind} ({where.label('en')})" if where else kind, kind))
    # the act last: its pattern is long, and most sentences have no such phrase to ask it for
    return out if out and reports_act(seg.norm, finder.lex) else []


def _owned_by_school(finder: EntityFinder, name: str, words: FacilityWords) -> bool:
    return bool({finder.lex.morph.ru_lemma(w.lower()) for w in name.split()} & words.schools)


def _counted(tokens: tuple[tuple[int, int, str], ...], i: int) -> bool:
    """'три клиники', '5 клиник': a number before the noun counts several."""
    before = tokens[i - 1][2] if i else ""
    return before.isdigit() or any(p.tag.POS == "NUMR" for p in parse(before.lower())[:1])


def _place_after(text: str, end: int, taken: list[Candidate], place_word: str, verbs: bool = False) -> int | None:
    """End of the known place right after 'в'/'во' at ``end`` ('… больница в Кулябе'); with ``verbs``,
    after up to two lower-case words and 'в (городе)' ('больницу планируется построить в городе Кулябе')."""
    gap = rf"(?:\s+[а-яё]+){{0,2}}?\s+во?\s+{_SETTLEMENT_WORD}" if verbs else rf"\s+во?\s+{place_word}"
    prep = re.match(gap, text[end:])
    if prep is None:
        return None
    # the place's mention may hold its settlement word ('селе Тавилдара') or follow it
    bare = re.match(r"\s+во?\s+", text[end:])
    starts = {end + prep.end()} | ({end + bare.end()} if bare is not None else set())
    for cand in taken:
        if cand.start in starts and _is_region(cand):
            return cand.end
    return None


def _works_place_before(text: str, start: int, taken: list[Candidate], words: FacilityWords) -> Candidate | None:
    """The place 'в (городе) X' that opens the clause whose works noun stands right before ``start``."""
    works = re.search(r"(?:^|\s)([а-яё]+)\s+$", text[:start])
    if works is None or not words.russian_works.fullmatch(works.group(1)):
        return None
    for cand in taken:
        gap = text[cand.end:works.start(1)]
        if cand.end <= works.start(1) and _is_region(cand) and re.fullmatch(r"(?:\s+[а-яё]+){0,2}\s*", gap) \
                and re.search(rf"(?:^|\s)во?\s+{_SETTLEMENT_WORD}$", text[:cand.start], re.IGNORECASE):
            return cand
    return None


def _place_phrase(text: str, end: int, place_end: int) -> str:
    """'в городе Кулябе' of 'больницу планируется построить в городе Кулябе': the place as the text puts it."""
    at = re.search(rf"\b(во?)\s+{_SETTLEMENT_WORD}(\S*)$", text[end:place_end])
    return f"{at.group(1)} {at.group(2)}" if at else text[end:place_end].strip()


def _is_region(cand: Candidate) -> bool:
    """A city, district or region, found by name or made by a pattern."""
    return candidate_class(cand) == "region"


def _is_region_after(taken: list[Candidate], start: int, end: int) -> bool:
    """Another place between ``start`` and ``end``: the facility belongs to that one."""
    return any(start <= c.start < end and _is_region(c) for c in taken)


def _kazakh_placed(finder: EntityFinder, seg: Segment, words: FacilityWords,
                   taken: list[Candidate]) -> list[Described]:
    """'Өскемендегі көпсалалы облыстық медициналық орталық': a place in the located case, then
    what kind of facility, then the head (its case ending dropped from the label)."""
    grammar = grammar_of(finder.lex)
    located_head = finder.lex.memo("kk_located_head", lambda: re.compile(r"\s+(?:" + ("|".join(map(
        re.escape, finder.lex.section("described_facilities").get("kk_located_heads") or [])) or "(?!)")
        + r")\w*?(?:да|де|та|те)(?:ғы|гі)?\b"))
    out = []
    for cand in taken:
        # 'Алматы қаласындағы …': a known city's mention is its name, the located head word follows it
        headed = located_head.match(seg.norm, cand.end) if cand.record is None else None
        place_end = headed.end() if headed is not None else cand.end
        place = seg.norm[cand.start:place_end]
        # 'Жайпақ ауылында дәрігерлік амбулатория … іске қосылды': the plain locative too, the label
        # in the located form a reader writes ('Жайпақ ауылындағы …')
        if not _is_region(cand) or not grammar.kazakh_locative.search(place):
            continue
        if _KK_PLURAL_PLACE.search(place):
            continue
        # 'Шоқысу ауылындағы бір ауысымда 20 адам қабылдайтын медициналық пункт': the place names it, not its size
        lead = words.kazakh_size_after_place.match(seg.norm, place_end)
        sized = lead.group("size") if lead is not None else None
        if sized and cand.record is None:
            continue  # in a city the reference data lists a size tells one hospital from another ('Қызылордада 200 төсектік …')
        following = words.kazakh_after_place.match(seg.norm, lead.end() if lead is not None else place_end)
        words_between = following.group(1).split() if following is not None else []
        # 'Х кентінде биыл жаңа емхана': a word of time stands between the place and its facility
        if words_between and words_between[0].lower() in words.kk_time:
            words_between = words_between[1:]
        # a speciality noun gives the kind as an adjective does ('Өскемендегі гематология орталығы'), unless
        # the level that runs the facility follows the province ('облыста облыстық балалар ауруханасы')
        nouns_kind = not words.kk_levels & {w.lower() for w in words_between}
        if following is None or not all(_KK_ADJECTIVE.search(w) or w in finder.evaluative
                                        or nouns_kind and w.lower() in finder.facility_modifiers for w in words_between):
            # 'Қарасу ауылында бөлінген қаражатқа көпбейінді аудандық ауруханаға': the place, the
            # money, then a facility whose kind is spelt out; one kind word alone is not enough
            if sized:
                continue  # a size, then more than kind words: the size's own description is the facility
            following = words.kazakh_after_gap.match(seg.norm, place_end)
            if following is None or _is_region_after(taken, place_end, following.start(2)):
                continue
            words_between = following.group(2).split()
        head_group = following.re.groups  # the head is both patterns' last group
        if _KK_PLURAL.match(seg.norm, following.end(head_group)):
            continue  # 'ауылдарында медициналық пункттер': many places, many posts
        head = _kk_head(following.group(head_group), words)
        kinds = [w for w in words_between if w not in finder.evaluative]
        # 'Х ауылында жаңа емхана салынды': the new one the article reports, once it is built or opened there
        # ... in a village or a town: in a city 'жаңа аурухана' may be any of several
        reported = any(w.lower() in words.new.get("kk", ()) for w in words_between) \
            and words.kk_village.search(place) is not None and words.built.search(seg.norm) is not None
        if not kinds and not head.isupper() and " " not in head and not reported:
            # 'Өскемендегі жаңа аурухана': any new hospital there; 'ауылындағы ФАП' and 'ауылында
            # фельдшерлік-акушерлік пункт' (a head that holds its kind) are one
            continue
        # the form a reader also writes: 'Қарасу көпбейінді … ауруханасы' (name, kind, possessive head)
        compact = " ".join(_place_name(place) + kinds + [kazakh_possessive(head)])
        if not grammar.kazakh_located.search(place):
            place = re.sub(r"(да|де|та|те)$", lambda m: m.group(1) + ("ғы" if m.group(1)[-1] == "а" else "гі"), place)
        label = " ".join([place] + kinds + [head])
        # after a gap the place stays a mention of its own: the sentence is also about the place
        start = following.start(2) + 1 if following.re is words.kazakh_after_gap else cand.start
        # the size is how another sentence may name it ('Түркістанда 200 орындық модульді аурухана')
        size = [" ".join(sized.split() + kinds + [head])] if sized else []
        out.append((start, following.end(), label, compact, *size))
    return out


def _kk_head(matched: str, words: FacilityWords) -> str:
    return kazakh_head_citation(matched, words.heads.get("kk", ()))


def kazakh_head_citation(matched: str, heads: tuple[str, ...] | list[str]) -> str:
    """'орталығ' (its last letter voiced before a case ending, as kazakh_head_pattern allows) → the lexicon's
    'орталық'."""
    return next((h for h in heads if len(h) == len(matched) and h[:-1] == matched[:-1]), matched)


_KK_BACK_VOWELS, _KK_VOWELS = set("аоұыя"), set("аоұыяәөүіеэиуюё")


def _place_name(place: str) -> list[str]:
    """'Қарасу ауылында' → ['Қарасу'], 'Түркістанда' → ['Түркістан']: the capitalised name alone."""
    words = place.split()
    names = [w for w in words if w[:1].isupper()]
    if not names:
        return words
    if len(names) == len(words):
        names[-1] = re.sub(r"(?:да|де|та|те)$", "", names[-1]) or names[-1]  # a bare name takes no -н-
    return names


def kazakh_possessive(head: str) -> str:
    """'аурухана' → 'ауруханасы', 'орталық' → 'орталығы': a compound name ends in the possessive."""
    if not head.islower():
        return head
    vowels = [c for c in head if c in _KK_VOWELS]
    back = not vowels or vowels[-1] in _KK_BACK_VOWELS
    if head[-1] in _KK_VOWELS:
        return head + ("сы" if back else "сі")
    stem = head[:-1] + {"қ": "ғ", "к": "г", "п": "б"}.get(head[-1], head[-1])
    return stem + ("ы" if back else "і")


def facilities_in_programme_names(finder: EntityFinder, seg: Segment, taken: list[Candidate]) -> list[Candidate]:
    """'The Project for Repair of Heating System of Kulob Maternity Hospital': an English programme
    titled after the facility it builds or repairs names that facility too. The capitalised words
    that end at the title's last facility head, two at least, are the facility's name; the programme
    keeps the whole title."""
    titles = [c for c in taken if c.rule == NAMED_PROGRAMME_HEAD_NOUN] if seg.lang == "en" else []
    sentence = tokenize(seg.norm) if titles else []
    out = []
    for cand in titles:
        tokens = [t for t in sentence if cand.start <= t[0] and t[1] <= cand.end]
        for i in range(len(tokens) - 1, 0, -1):
            if not tokens[i][2][:1].isupper() or finder.heads.get(tokens[i][2].lower()) != "facility":
                continue
            left = i
            while left > 0 and tokens[left - 1][2][:1].isupper() and adjacent(seg.norm, tokens[left - 1], tokens[left]):
                left -= 1
            if left > 0 and i > left:  # the title itself does not start at the facility
                start, end = tokens[left][0], tokens[i][1]
                record = finder.new_record("facility", seg.norm[start:end], "en")
                out.append(Candidate(record, [], start, end, NAMED_FACILITY_HEAD_NOUN, 2))
            break
    return out

