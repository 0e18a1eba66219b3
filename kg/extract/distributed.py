"""Facilities a text counts out over places: a plural kind of facility shared by a list of places is
one facility in each place. 'Медицинские пункты появятся: - с.Кумсай, …; - с.Акбулак, …', 'Шардара,
Келес және Созақ аудандық орталық ауруханалары', 'Тасты, Бадам және Ақжар ауылдарында ФАП ашылды',
'№2, №5 және №7 емханалар'. A reader writes each down as a place of care of its own; the text names
none of them, so each facility's mention is the words of its place (or its number), and its label
says the kind and the place.

The kinds are the lexicon's `described_facilities` heads; this module holds where the list stands
in each language."""

from __future__ import annotations

import re

from kg.extract.candidates import Candidate, candidate_class
from kg.extract.entities import EntityFinder
from kg.extract.facilities import kazakh_possessive
from kg.extract.tokens import plural_adjective, plural_noun
from kg.extract.rules import declare
from kg.extract.tokens import is_adjective, letter_words
from kg.text.morph import ru_nominative
from kg.text.segment import Segment

FACILITY_PER_PLACE = declare(
    "facility-per-listed-place",
    "A plural kind of facility shared by a list of places or numbers is one facility in each: "
    "'медицинские пункты: - с.Кумсай, - с.Акбулак', 'Шардара, Келес аудандық орталық ауруханалары', "
    "'Тасты, Бадам ауылдарында ФАП', '№2, №5 және №7 емханалар'. The mention is the place or the number.")

FACILITY_PER_UNIT = declare(
    "facility-per-listed-unit",
    "Names listed before their unit word in the plural genitive, then one facility ('Абай, Осакаров және Қарқаралы "
    "аудандарының орталық аудандық ауруханасы'): one facility of that kind in each. The mention is the name.")

DISTRICT_OF_FACILITY = declare(
    "named-district-of-facility",
    "A name listed before a Kazakh unit adjective and a facility ('Шардара, Келес аудандық ауруханалары': "
    "'of the district') names that district or town ('Келес ауданы').", makes_names=True)

_KK_KIND = re.compile(r"[а-яәғқңөұүһі-]+(?:лық|лік|дық|дік|тық|тік)$")
_KK_PLURAL_HEAD = re.compile(r"(?:лар|лер|дар|дер|тар|тер)(?:ы|і|ын|ін|ына|іне|ында|інде|ға|ге|да|де|ға)?$")
_KK_NAME = r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w.’'-]*"
_KK_JOIN = r"(?:\s*,\s*|\s+(?:және|мен|бен|пен)\s+)"
_NUMBERED = re.compile(r"№\s?\d+")


def distributed_facilities(finder: EntityFinder, seg: Segment, taken: list[Candidate]) -> list[Candidate]:
    if seg.lang == "ru":
        return _russian(finder, seg, taken)
    if seg.lang == "kk":
        return (_kazakh_names(finder, seg, taken) + _kazakh_places(finder, seg, taken) + _kazakh_numbers(finder, seg)
                + _kazakh_units(finder, seg))
    return []


def _heads(finder: EntityFinder, lang: str) -> tuple[str, ...]:
    section = finder.lex.section("described_facilities") or {}
    return tuple(str(w) for w in (section.get("heads") or {}).get(lang, ()))


def _new(finder: EntityFinder, label: str, lang: str, start: int, end: int) -> Candidate:
    return Candidate(finder.new_record("facility", label, lang), [], start, end, FACILITY_PER_PLACE, 2)


def _villages(taken: list[Candidate], finder: EntityFinder) -> list[Candidate]:
    """Places the document made that are no district or region ('Иргизского района' holds a village)."""
    units = finder.lex.memo("not_village_keys", lambda: {
        k for w in finder.lex.section("described_facilities", "not_village") or [] for k in finder.lex.key_of(str(w))})
    return sorted((c for c in taken if c.record is not None and candidate_class(c) == "region"
                   and not any(finder.lex.key_of(label.split()[-1]) & units for label in c.record.labels.values())),
                  key=lambda c: c.start)


def _russian(finder: EntityFinder, seg: Segment, taken: list[Candidate]) -> list[Candidate]:
    """'Фельдшерско-акушерские пункты появятся в следующих сёлах: - с.Нура, Иргизского района, - с.Ногайты':
    the villages after a colon that follows a plural kind, each up to the next plural kind."""
    villages = _villages(taken, finder)
    if not villages:
        return []  # each facility stands on a village's words: without one, no need to read the kinds
    heads = set(_heads(finder, "ru"))
    kinds = (finder.lex.section("described_facilities") or {}).get("kind_required") or {}
    # hyphenated words whole: 'фельдшерско-акушерские пункты'
    tokens = letter_words(seg.norm)
    phrases: list[tuple[int, str]] = []  # (end of the phrase, its singular label)
    for i, (_, end, word) in enumerate(tokens):
        lemma = finder.lex.morph.ru_lemma(word.lower())
        if not word.islower() or lemma not in heads:
            continue
        first = i
        while first > 0 and i - first < 3 and seg.norm[tokens[first - 1][1]:tokens[first][0]] == " " \
                and is_adjective(tokens[first - 1][2]):
            first -= 1
        phrase = [t[2] for t in tokens[first:i + 1]]
        # 'амбулатории' may be one or many: 'новые врачебные амбулатории' are many
        if not plural_noun(word) and not any(plural_adjective(w) for w in phrase[:-1]):
            continue
        lemmas = {finder.lex.morph.ru_lemma(w.lower()) for w in phrase[:-1]}
        if first == i or (lemma in kinds and not lemmas & {str(k) for k in kinds[lemma]}):
            continue  # 'больницы' alone is any; 'пункты' only as 'медицинские пункты'
        singular = ru_nominative(phrase, number="sing") or phrase
        phrases.append((end, " ".join(w.lower() for w in singular
                                      if finder.lex.morph.ru_lemma(w.lower()) not in finder.evaluative)))
    out = []
    for n, (end, label) in enumerate(phrases):
        until = phrases[n + 1][0] if n + 1 < len(phrases) else len(seg.norm)
        colon = seg.norm.find(":", end, until)
        if colon < 0:
            continue
        for village in (v for v in villages if colon < v.start < until):
            place = seg.norm[village.start:village.end]
            out.append(_new(finder, f"{label} в {place}", "ru", village.start, village.end))
    return out or _russian_villages(finder, seg, villages, phrases)


def _russian_villages(finder: EntityFinder, seg: Segment, villages: list[Candidate],
                      phrases: list[tuple[int, str]]) -> list[Candidate]:
    """'новые врачебные амбулатории появятся в селах Жайсан и Караой', 'в сёлах Бирлик, Талдысай и Акшат
    возводятся три медицинских пункта': a plural kind in the clause of villages a plural settlement word
    lists is one facility in each."""
    settlements = finder.lex.memo("ru_settlement_words", lambda: frozenset(
        str(w) for w in ((finder.lex.section("described_facilities") or {}).get("settlement_words") or {}).get("ru", [])))

    def settlement_word(word: str) -> bool:
        return plural_noun(word) and finder.lex.morph.ru_lemma(word.lower()) in settlements

    out = []
    for group in (g for g in _joined(villages, seg.norm, r"\s*,\s*|\s+и\s+") if len(g) > 1):
        # the settlement word opens the first village's mention ('сёлах Бирлик') or stands right before it
        first = seg.norm[group[0].start:group[0].end].split()[0]
        word = re.search(r"([^\W\d_]+)\s+$", seg.norm[max(0, group[0].start - 20):group[0].start])
        if not settlement_word(first) and (word is None or not settlement_word(word.group(1))):
            continue
        clause = [label for end, label in phrases
                  if not re.search(r"[.;:]", seg.norm[min(end, group[0].start):max(end, group[-1].end)])]
        if len(clause) != 1:
            continue
        for village in group:
            name = " ".join(w for w in seg.norm[village.start:village.end].split() if not settlement_word(w))
            out.append(_new(finder, f"{clause[0]} в {name}", "ru", village.start, village.end))
    return out


def _kk_head_pattern(finder: EntityFinder) -> str:
    return "|".join(re.escape(h) for h in sorted(_heads(finder, "kk"), key=len, reverse=True))


def _kazakh_names(finder: EntityFinder, seg: Segment, taken: list[Candidate]) -> list[Candidate]:
    """'Шардара, Келес және Созақ аудандық орталық ауруханалары': names listed before kind words and a
    plural head; each is '<name> <kinds> <head>ы'."""
    pattern = finder.lex.memo("kk_distributed_names", lambda: re.compile(
        rf"(?P<names>{_KK_NAME}(?:{_KK_JOIN}{_KK_NAME})+)(?P<kinds>(?:\s+[а-яәғқңөұүһі-]+(?:лық|лік|дық|дік|тық|тік)){{1,3}})"
        rf"\s+(?P<head>{_kk_head_pattern(finder)})(?P<ending>[а-яәғқңөұүһі]*)"))
    units = {str(a): str(h) for a, h in ((finder.lex.section("described_facilities") or {}).get("kk_unit_adjectives") or {}).items()}
    out = []
    for match in pattern.finditer(seg.norm):
        if not _KK_PLURAL_HEAD.search(match.group("head") + match.group("ending")):
            continue
        kinds = match.group("kinds").split()
        head = kazakh_possessive(match.group("head"))
        unit = next((units[k] for k in kinds if k in units), None)
        for name in re.finditer(_KK_NAME, match.group("names")):
            start, end = match.start("names") + name.start(), match.start("names") + name.end()
            label = " ".join([name.group()] + kinds + [head])
            out.append(_new(finder, label, "kk", start, end))
            if unit is not None and not any(c.start <= start and end <= c.end and candidate_class(c) in ("region", "country")
                                            for c in taken):
                record = finder.new_record("region", f"{name.group()} {unit}", "kk", (name.group(),))
                out.append(Candidate(record, [], start, end, DISTRICT_OF_FACILITY, 2))
    return out


def _kazakh_places(finder: EntityFinder, seg: Segment, taken: list[Candidate]) -> list[Candidate]:
    """'Тасты, Бадам және Ақжар ауылдарында ФАП ашылды': villages listed with a plural place word, then
    a facility's head within a few words; each is '<village> ауылындағы <head>'."""
    pattern = finder.lex.memo("kk_distributed_head", lambda: re.compile(
        rf"(?:\s+[а-яәғқңөұүһі-]+){{0,4}}?\s+(?P<head>{_kk_head_pattern(finder)})"))
    villages = [v for v in _villages(taken, finder) if v.rule.id in ("named-settlement", "named-place-in-list")]
    out = []
    for group in _joined(villages, seg.norm, _KK_JOIN):
        last = group[-1]
        plural_place = re.search(r"(?:лар|лер|дар|дер|тар|тер)\w*$", seg.norm[last.start:last.end])
        following = pattern.match(seg.norm, last.end)
        if len(group) < 2 or plural_place is None or following is None:
            continue
        kind = seg.norm[following.start("head"):following.end("head")]
        for village in group:
            name = seg.norm[village.start:village.end].split()[0]
            out.append(_new(finder, f"{name} ауылындағы {kind}", "kk", village.start, village.end))
    return out


def _kazakh_units(finder: EntityFinder, seg: Segment) -> list[Candidate]:
    """'Абай, Осакаров және Қарқаралы аудандарының орталық аудандық ауруханасы': names listed before their unit
    word in the plural genitive, then a facility; each is '<name> ауданының орталық аудандық ауруханасы'."""
    units: dict[str, str] = finder.lex.memo("kk_plural_genitive_units", lambda: {
        str(p): str(s) for p, s in ((finder.lex.section("described_facilities") or {}).get("kk_plural_genitive_units")
                                    or {}).items()})
    pattern = finder.lex.memo("kk_distributed_units", lambda: re.compile(
        rf"(?P<names>{_KK_NAME}(?:{_KK_JOIN}{_KK_NAME})+)\s+(?P<unit>{'|'.join(map(re.escape, units)) or '(?!)'})"
        rf"(?P<kinds>(?:\s+[а-яәғқңөұүһі-]+){{0,3}})\s+(?P<head>{_kk_head_pattern(finder)})(?P<ending>[а-яәғқңөұүһі]*)"))
    out = []
    for match in pattern.finditer(seg.norm):
        if _KK_PLURAL_HEAD.search(match.group("head") + match.group("ending")):
            continue  # each district's several hospitals: no one facility
        described = " ".join([units[match.group("unit")]] + match.group("kinds").split()
                             + [kazakh_possessive(match.group("head"))])
        for name in re.finditer(_KK_NAME, match.group("names")):
            start, end = match.start("names") + name.start(), match.start("names") + name.end()
            label = f"{name.group()} {described}"
            out.append(Candidate(finder.new_record("facility", label, "kk"), [], start, end, FACILITY_PER_UNIT, 2))
    return out


def _joined(places: list[Candidate], text: str, join: str) -> list[list[Candidate]]:
    """``places`` (in text order) grouped into runs the text joins with ``join`` ('А, Б және В')."""
    groups: list[list[Candidate]] = []
    for place in places:
        if groups and re.fullmatch(join, text[groups[-1][-1].end:place.start]):
            groups[-1].append(place)
        else:
            groups.append([place])
    return groups


def _kazakh_numbers(finder: EntityFinder, seg: Segment) -> list[Candidate]:
    """'№2, №5 және №7 емханалар': numbered facilities listed before one plural head."""
    pattern = finder.lex.memo("kk_distributed_numbers", lambda: re.compile(
        rf"(?P<numbers>№\s?\d+(?:{_KK_JOIN}№\s?\d+)+)\s+(?P<head>{_kk_head_pattern(finder)})(?P<ending>[а-яәғқңөұүһі]*)"))
    out = []
    for match in pattern.finditer(seg.norm):
        if not _KK_PLURAL_HEAD.search(match.group("head") + match.group("ending")):
            continue
        for number in _NUMBERED.finditer(match.group("numbers")):
            start, end = match.start("numbers") + number.start(), match.start("numbers") + number.end()
            out.append(_new(finder, f"{number.group()} {match.group('head')}", "kk", start, end))
    return out
