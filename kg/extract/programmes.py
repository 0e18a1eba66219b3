"""Programmes the text describes instead of naming, and later references to the programme a
passage is about: 'a $1 million telemedicine project' introduces one; 'The project will equip …',
'Проект реализуется …', 'Жоба … қаржыландыруымен' refer back to the last one named or introduced.

All words come from the lexicon's `programme_references` section; this module holds the
mechanism: where a description starts and ends in each language, and what is salient."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.lexicon import Lexicon

from kg.model import EntityRecord
from kg.extract.rules import declare
from kg.text.morph import parse, ru_nominative, tokenize
from kg.text.segment import Segment
from kg.extract.antecedents import ClassNouns, Salient
from kg.extract.candidates import Candidate, candidate_class
from kg.extract.cuenames import names_a_person
from kg.extract.entities import EntityFinder
from kg.extract.lists import announced_list, listed_line, listed_programmes, without_programme_words
from kg.extract.tokens import is_genitive, plural_adjective

DESCRIBED_PROGRAMME = declare(
    "described-programme",
    "An unnamed programme described by its country or funding ('Kazakhstan's rural telemedicine "
    "programme').")
INTRODUCED_PROGRAMME = declare(
    "introduced-programme",
    "An unnamed programme the text introduces by describing it ('a $1 million telemedicine "
    "project', 'пилотный проект по телемедицине', 'телемедицина жобасы'); labelled with the "
    "document's country.")
PROGRAMME_REFERENCE = declare(
    "programme-reference",
    "'the project', 'the initiative', 'It', 'проект', 'жоба': the programme last named or "
    "introduced before it.")
NAMED_PROGRAMME_AFTER_CLASS_WORD = declare(
    "named-programme-after-class-word",
    "Capitalised words right after a programme word name it ('a project FUTURE International – "
    "Uzbekistan').", makes_names=True)
DEFINED_PROGRAMME = declare(
    "named-programme-by-definition",
    "A name the sentence defines as a programme ('Kusanone — это грантовая программа …', 'CareNet is a "
    "national telemedicine programme'): the name is a programme's.", makes_names=True)

NAMED_FACILITY_PROJECT = declare(
    "named-facility-project",
    "A facility's name and then 'project' ('the Pavlodar Regional Hospital project'): the project "
    "about that facility.", makes_names=True)

Token = tuple[int, int, str]
# An amount right before a noun, one word between at most: '$2.6 million response', '€5m package'.
_AMOUNT_BEFORE = re.compile(r"(?:[$€£]\s?\d[\d.,]*(?:\s?(?:million|billion|thousand|m|bn))?|\d[\d.,]*\s?"
                            r"(?:million|billion|thousand)?\s?(?:USD|EUR|US dollars|dollars|euros))\s+(?:[a-z-]+\s+)?$")

_MONEY = re.compile(r"[$€£₸]|\d")
_KK_VERBAL_NOUN = re.compile(r"\w{2,}(?:[ыі]?у|ю)$")  # салу, жаңғырту, енгізу: the action a жоба is about
_SCALES = {"million", "billion", "thousand", "mln", "bn", "us"}


@dataclass(frozen=True)
class ProgrammeWords:
    nouns: frozenset[str]  # keys of words that stand for a programme (project, проект, жоба)
    domain: frozenset[str]  # keys that make a description one of a health programme
    definite: frozenset[str]  # English determiners that point back ('the', 'this', 'its')
    indefinite: frozenset[str]  # English determiners that introduce ('a', 'an')
    pronouns: frozenset[str]  # sentence-initial pronouns that stand for the programme ('It')
    not_programme_after: frozenset[str]  # 'проект закона' is a draft law, not a project
    stop: frozenset[str]  # words a description never runs across ('of', 'and', 'в', 'мен')
    qualifier_suffixes: tuple[str, ...]  # '-funded', '-backed': a description by who pays
    systems: frozenset[str]  # 'system', 'жүйе': a programme only with a kind-giving modifier
    system_modifiers: frozenset[str]
    frame: re.Pattern[str]  # 'in the framework of', 'в рамках' right before a programme's name
    money_nouns: frozenset[str]  # 'response', 'package': a programme when an amount qualifies it
    expletive: re.Pattern[str]  # 'It is planned that …': the pronoun stands for nothing
    title_joiners: frozenset[str]  # small words inside an English title ('of', 'through')

    @classmethod
    def of(cls, lexicon: Lexicon) -> "ProgrammeWords":
        section = lexicon.section("programme_references")

        def keys(name: str) -> frozenset[str]:
            values = section.get(name, [])
            words = [w for ws in values.values() for w in ws] if isinstance(values, dict) else list(values)
            return frozenset(k for w in words for k in lexicon.key_of(str(w)) | {str(w).lower()})

        return cls(keys("nouns"), keys("domain"), keys("definite"), keys("indefinite"), keys("pronouns"),
                   keys("not_programme_after"), frozenset(str(w).lower() for w in section.get("stop", [])),
                   tuple(str(s).lower() for s in section.get("qualifier_suffixes", [])), keys("systems"),
                   keys("system_modifiers"),
                   re.compile(r"\b(?:" + "|".join(re.escape(str(w)) for w in section.get("frame", [])) + r")"
                              r"(?:\s+the)?(?:\s+\w+){0,2}\s*[«“\"]?$", re.IGNORECASE),
                   keys("money_nouns"),
                   re.compile(r"\s+(?:" + "|".join(str(w) for w in section.get("expletive", [])) + r")\b", re.I)
                   if section.get("expletive") else re.compile(r"(?!)"),
                   frozenset(str(w) for w in section.get("title_joiners", [])))


def refer_to_programmes(segments: list[Segment], per_segment: dict[int, list[Candidate]], finder: EntityFinder,
                        local: dict[str, EntityRecord], country_label: dict[int, str | None]) -> dict[tuple[int, int], int]:
    """Add introduced programmes and references to ``per_segment`` in place (new records go into
    ``local``). Returns, for each reference (segment, start), the segment that named its programme."""
    words = finder.lex.memo("programme_words", lambda: ProgrammeWords.of(finder.lex))
    antecedents: dict[tuple[int, int], int] = {}
    salient: Salient | None = None
    class_nouns = ClassNouns(words.nouns, finder.lex.key_of)
    # A headline's 'project' is the one the article goes on to name, if it names any.
    names_programme = any(c.record is not None and c.record.cls == "programme" for cs in per_segment.values() for c in cs)
    list_open = False  # the previous line announced a list of programmes: '… the following projects:'
    for seg in segments:
        listed = listed_programmes(seg, words.nouns, finder, per_segment[seg.index])
        colon = announced_list(seg, words.nouns, finder)
        line = listed_line(seg, finder, per_segment[seg.index], 0 if list_open else colon)
        list_open = (line is not None or colon is not None) and seg.norm.rstrip()[-1:] in ":;,."
        listed += [line] if line is not None and not listed else []
        for cand in listed:
            local.setdefault(cand.record.iri, cand.record)  # type: ignore[union-attr]
            cand.record = local[cand.record.iri]  # type: ignore[union-attr]
        if listed:
            per_segment[seg.index] = sorted(per_segment[seg.index] + listed, key=lambda c: (c.start, c.end))
        cands = per_segment[seg.index]
        tokens = tokenize(seg.norm)
        named = sorted((c for c in cands if c.record is not None and c.record.cls == "programme"), key=lambda c: c.start)
        added: list[Candidate] = []
        if not named and without_programme_words(tokens, words, finder):  # most sentences: nothing below acts on them
            continue
        for i, (start, end, word) in enumerate(tokens):
            for cand in named:
                if cand.start < end and cand.record is not None and not _frame(seg.norm, cand.start, words):
                    salient = Salient(cand.record, seg.index)
                    class_nouns.named(seg, cand, salient)
            named = [c for c in named if c.start >= end]
            if any(c.start < end and start < c.end for c in cands + added):
                continue
            keys = finder.lex.key_of(word)
            if i == 0 and salient is not None and keys & words.pronouns and word[:1].isupper() \
                    and salient.last >= seg.index - 1 and seg.lang in ("en", "ru") \
                    and not words.expletive.match(seg.norm, end):
                added.append(Candidate(salient.record, [], start, end, PROGRAMME_REFERENCE, 1))
                antecedents[(seg.index, start)] = salient.segment
                continue
            if keys & words.systems and not _next_key(finder, tokens, i) & words.systems:
                system = _system(seg, tokens, i, words, finder, cands + added)
                if system is not None:
                    d_start, d_end, label = system
                    country = country_label.get(seg.index)
                    full = label if country is None else f"{label} in {country}" if seg.lang == "en" else f"{label} ({country})"
                    record = finder.new_record("programme", full, seg.lang)
                    record = local.setdefault(record.iri, record)
                    added.append(Candidate(record, [], d_start, d_end, INTRODUCED_PROGRAMME, 2))
                    # A system named in passing ('built an electronic prescription system for the
                    # ministry') does not take over from the programme the passage is about.
                    salient = salient or Salient(record, seg.index)
                continue
            # 'a combined $2.6 million response to COVID-19': the amount introduces it
            by_amount = bool(keys & words.money_nouns) and seg.kind != "heading" \
                and _AMOUNT_BEFORE.search(seg.norm[max(0, start - 40):start]) is not None
            if by_amount:
                keys = keys | words.nouns
            if not keys & words.nouns or _next_key(finder, tokens, i) & (words.not_programme_after | words.nouns):
                continue  # 'проект закона' is a draft; in 'pilot project' the head is the last noun
            if seg.lang in ("en", "kk") and _plural(word, seg.lang):
                continue  # 'digital projects', 'цифрлық жобалар': a kind of thing, not one programme
            works = _facility_before(seg, start, cands + added)
            if works is not None:  # 'the Pavlodar Regional Hospital project': a project about the facility
                record = finder.new_record("programme", seg.norm[works.start:end], seg.lang)
                record = local.setdefault(record.iri, record)
                added.append(Candidate(record, [], start, end, NAMED_FACILITY_PROJECT, 2))
                salient = Salient(record, seg.index)
                continue
            if _names_class_word(seg.norm, start, end, cands + added):
                continue  # 'the “Rural Health Connect” project', '«Сау Жүрек» бағдарламасы'
            name_span = _name_after(seg, tokens, i, cands + added, finder) \
                or _name_before(seg, tokens, i, words, finder, cands + added)
            if name_span is not None:  # 'a project FUTURE International – Uzbekistan to strengthen …'
                n_start, n_end = name_span
                record = finder.new_record("programme", seg.norm[n_start:n_end], seg.lang)
                record = local.setdefault(record.iri, record)
                added.append(Candidate(record, [], n_start, n_end, NAMED_PROGRAMME_AFTER_CLASS_WORD, 3))
                if not _frame(seg.norm, n_start, words):
                    salient = Salient(record, seg.index)
                continue
            found = _description(seg, tokens, i, words, finder, cands + added)
            if found is None:
                continue
            d_start, d_end, label, determiner, described = found
            introduce = described and (determiner in words.indefinite or salient is None or by_amount
                                       or (seg.lang == "en" and determiner is None and seg.kind == "heading"))
            if seg.kind == "heading" and names_programme:
                introduce = False
            elif not introduce and described and seg.lang == "ru" and salient is not None \
                    and _new_description(seg.norm[end:d_end], salient.record, finder):
                introduce = True  # 'в рамках программы … программы ЮНИСЕФ по профилактике': Russian has no 'a'
            if introduce:
                country = country_label.get(seg.index)
                if country is None:
                    continue
                full = f"{label} in {country}" if seg.lang == "en" else f"{label} ({country})"
                record = finder.new_record("programme", full, seg.lang)
                record = local.setdefault(record.iri, record)
                added.append(Candidate(record, [], d_start, d_end, INTRODUCED_PROGRAMME, 2))
                salient = Salient(record, seg.index)
            elif salient is not None and (seg.lang != "en" or determiner in words.definite):
                meant = class_nouns.antecedent(keys, salient)
                added.append(Candidate(meant.record, [], d_start, d_end, PROGRAMME_REFERENCE, 1))
                antecedents[(seg.index, d_start)] = meant.segment
                meant.seen = seg.index
                salient = meant  # what 'it' says next is about the programme just referred to
        for cand in named:
            if cand.record is not None and not _frame(seg.norm, cand.start, words):
                salient = Salient(cand.record, seg.index)
                class_nouns.named(seg, cand, salient)
        if added:
            per_segment[seg.index] = sorted(cands + added, key=lambda c: (c.start, c.end))
    return antecedents


def _new_description(tail: str, salient: EntityRecord, finder: EntityFinder) -> bool:
    """Whether what follows a Russian programme noun ('ЮНИСЕФ по профилактике') describes some other
    programme than the salient one: it names an owner and none of its words is in the salient's labels."""
    words = [w for _, _, w in tokenize(tail) if len(w) > 3 or w.isupper()]
    if not any(w[:1].isupper() for w in words):
        return False  # 'платформу по оказанию медицинских услуг' may well describe the salient one
    known = set().union(*(finder.lex.key_of(w) for label in salient.labels.values() for _, _, w in tokenize(label)))
    return not any(finder.lex.key_of(w) & known for w in words)


def _facility_before(seg: Segment, start: int, taken: list[Candidate]) -> Candidate | None:
    """An English facility name that ends one space before ``start``."""
    if seg.lang != "en":
        return None
    return next((c for c in taken if c.end + 1 == start and seg.norm[c.end] == " "
                 and candidate_class(c) == "facility"), None)


def _names_class_word(text: str, start: int, end: int, taken: list[Candidate]) -> bool:
    """Whether the word at start:end stands right beside a programme's name, as its class word."""
    for cand in taken:
        if cand.record is None or cand.record.cls != "programme" or cand.rule == PROGRAMME_REFERENCE:
            continue
        between = text[cand.end:start] if cand.end <= start else text[end:cand.start]
        if len(between) <= 40 and re.fullmatch(r"[\s«»“”\"'(),\w-]*", between) and len(between.split()) <= 3 \
                and (cand.end <= start or not between.strip()):
            return True
    return False


def _frame(text: str, start: int, words: ProgrammeWords) -> bool:
    """'in the framework of the GHPP programme', 'в рамках программы …': the larger programme the
    passage's own one belongs to; a later 'the project' is not about it."""
    return words.frame.search(text[max(0, start - 60):start]) is not None


def _next_key(finder: EntityFinder, tokens: list[Token], i: int) -> frozenset[str]:
    return finder.lex.key_of(tokens[i + 1][2]) if i + 1 < len(tokens) else frozenset()


def _description(seg: Segment, tokens: list[Token], i: int, words: ProgrammeWords, finder: EntityFinder,
                 taken: list[Candidate]) -> tuple[int, int, str, str | None, bool] | None:
    """(start, end, label, English determiner, whether it describes a health programme) of the
    phrase whose head is ``tokens[i]``."""
    text = seg.norm

    def free(k: int) -> bool:
        return not any(c.start < tokens[k][1] and tokens[k][0] < c.end for c in taken)

    def joined(a: int, b: int) -> bool:  # nothing but a space or a hyphen between two tokens
        return text[tokens[a][1]:tokens[b][0]].strip() in ("", "-")

    first, last = i, i
    determiner = None
    currencies = finder.lex.currency_words
    money = False
    if seg.lang == "en":
        k = i - 1
        while k >= 0 and i - k <= 5 and free(k) and (joined(k, k + 1) or _money_gap(text, tokens[k], tokens[k + 1])):
            low = tokens[k][2].lower()
            if low in words.definite or low in words.indefinite:
                determiner = low
                break
            if not (finder.lex.key_of(low) & (words.domain | words.nouns) or low in finder.evaluative
                    or low.endswith(words.qualifier_suffixes) or _MONEY.search(low) or low in _SCALES
                    or low in currencies):
                break  # 'launches telehealth project': a verb is no part of the description
            first = k
            k -= 1
        mods = [t[2] for t in tokens[first:i] if t[2].lower() not in finder.evaluative and not _MONEY.search(t[2])
                and t[2].lower() not in _SCALES and t[2].lower() not in currencies]
        # 'a 3.2 million USD project': an amount introduces a project as well as a kind does
        money = any(_MONEY.search(t[2]) for t in tokens[first:i]) and any(
            t[2].lower() in _SCALES or t[2].lower() in currencies for t in tokens[first:i])
        # 'a new project providing care for children': what it does may follow the noun
        post = _postmodifier(text, tokens, i, words, finder)
        if post is not None:
            last = post
        label = " ".join(mods + [tokens[i][2].lower()] + [t[2] for t in tokens[i + 1:last + 1]])
    elif seg.lang == "ru":
        k = i - 1
        while k >= 0 and i - k <= 3 and free(k) and joined(k, k + 1) and _ru_adjective(tokens[k][2]):
            first = k
            k -= 1
        tail_end, po = i, i + 1
        # 'программа ООН по снижению смертности': the owner's acronym between the noun and its 'по'
        if po + 1 < len(tokens) and not free(po) and tokens[po][2].isupper() and tokens[po + 1][2].lower() == "по" \
                and joined(i, po) and joined(po, po + 1):
            po += 1
        if po < len(tokens) and tokens[po][2].lower() == "по" and joined(po - 1, po):
            tail_end = po
            while tail_end + 1 < len(tokens) and tail_end - po < 3 and joined(tail_end, tail_end + 1) \
                    and tokens[tail_end + 1][2].lower() not in words.stop and free(tail_end + 1):
                tail_end += 1
            if tail_end == po:
                tail_end = i
            # '… по укреплению региональной безопасности в области здравоохранения': the field it is in
            field_of = [t[2].lower() for t in tokens[tail_end + 1:tail_end + 4]]
            if tail_end > i and len(field_of) == 3 and field_of[0] == "в" and field_of[1] in ("области", "сфере") \
                    and all(joined(k, k + 1) for k in range(tail_end, tail_end + 3)):
                tail_end += 3
        elif i + 1 < len(tokens) and joined(i, i + 1) and free(i + 1) and (
                _ru_action_noun(tokens[i + 1][2]) or (tokens[i + 1][2].islower() and is_genitive(tokens[i + 1][2])
                                                       and finder.lex.key_of(tokens[i + 1][2]) & words.domain)
                or _ru_domain_genitive_phrase(tokens, i + 1, words, finder)):
            # 'проект улучшения системы экстренной медицинской помощи', 'проект строительства больницы',
            # 'платформа здравоохранения'
            tail_end = i + 1
            while tail_end + 1 < len(tokens) and tail_end - i < 6 and joined(tail_end, tail_end + 1) \
                    and free(tail_end + 1) and tokens[tail_end + 1][2].islower() and is_genitive(tokens[tail_end + 1][2]):
                tail_end += 1
        last = tail_end
        head = [t[2] for t in tokens[first:i + 1]]
        nominal = ru_nominative(head) or head
        kept = [w for w in nominal[:-1] if finder.lex.morph.ru_lemma(w.lower()) not in finder.evaluative]
        label = " ".join(kept + [nominal[-1].lower()] + [t[2] for t in tokens[i + 1:last + 1]])
    else:
        k = i - 1
        # 'телемедицина жобасы', 'аурухана салу жобасы' (a verbal noun: building a hospital)
        while k >= 0 and i - k <= 4 and free(k) and joined(k, k + 1) and tokens[k][2].islower() \
                and (finder.lex.key_of(tokens[k][2]) & words.domain or tokens[k][2] in finder.evaluative
                     or (k == i - 1 and _KK_VERBAL_NOUN.search(tokens[k][2]))):
            first = k
            k -= 1
        label = " ".join([t[2] for t in tokens[first:i]] + [finder.citation_form([tokens[i][2].lower()], 0, "kk")])
    desc_words = [t[2] for t in tokens[first:last + 1] if t is not tokens[i]]
    described = money or any(finder.lex.key_of(w) & words.domain or w.lower().endswith(words.qualifier_suffixes)
                             for w in desc_words)
    return tokens[first][0], tokens[last][1], label, determiner, described


def _system(seg: Segment, tokens: list[Token], i: int, words: ProgrammeWords, finder: EntityFinder,
            taken: list[Candidate]) -> tuple[int, int, str] | None:
    """'medical information system', 'электронного документооборота система' read as 'система
    электронного документооборота', 'радиологиялық ақпараттық жүйе': a system of a stated kind."""
    text = seg.norm

    def free(k: int) -> bool:
        return not any(c.start < tokens[k][1] and tokens[k][0] < c.end for c in taken)

    def joined(a: int, b: int) -> bool:
        return text[tokens[a][1]:tokens[b][0]].strip() in ("", "-")

    if _plural(tokens[i][2], seg.lang) or (seg.lang == "ru" and i > 0 and plural_adjective(tokens[i - 1][2])):
        return None  # 'информационные системы', 'mobile apps': a kind of thing, not one system
    first, last = i, i
    k = i - 1
    # 'an e-register': the prefix is the kind ('electronic register')
    prefixed = i > 0 and tokens[i - 1][2] in ("e", "е") and text[tokens[i - 1][1]:tokens[i][0]] == "-" and free(i - 1)
    if prefixed:
        first, k = i - 1, i - 2
    while k >= 0 and i - k <= 4 and free(k) and joined(k, k + 1) and tokens[k][2].islower() \
            and tokens[k][2].lower() not in words.stop and _modifier(tokens[k][2], seg.lang, words, finder):
        first = k
        k -= 1
    if seg.lang == "ru":  # the kind follows: 'система электронного документооборота'
        while last + 1 < len(tokens) and last - i < 3 and joined(last, last + 1) and free(last + 1) \
                and tokens[last + 1][2].islower() and is_genitive(tokens[last + 1][2]):
            last += 1
    around = [t[2] for t in tokens[first:last + 1] if t is not tokens[i]]
    kind = [w for w in around if finder.lex.key_of(w) & words.system_modifiers or w.lower().startswith("e-")]
    if not kind and not prefixed:
        return None
    # keep only the words from the first kind-giving modifier on ('бірыңғай радиологиялық ақпараттық жүйе')
    while first < i and not (finder.lex.key_of(tokens[first][2]) & (words.system_modifiers | words.domain)) \
            and not (prefixed and first == i - 1):
        first += 1
    head = tokens[i][2].lower()
    span_start = tokens[first][0]
    if prefixed and first == i - 1:
        head, first = tokens[i - 1][2] + "-" + head, i
    if seg.lang == "ru":
        nominal = ru_nominative([t[2] for t in tokens[first:i + 1]]) or [t[2] for t in tokens[first:i + 1]]
        label = " ".join([w.lower() for w in nominal] + [t[2] for t in tokens[i + 1:last + 1]])
    elif seg.lang == "kk":
        label = " ".join([t[2] for t in tokens[first:i]] + [finder.citation_form([head], 0, "kk")])
    else:
        label = " ".join([t[2] for t in tokens[first:i]] + [head])
    return span_start, tokens[last][1], label


def _modifier(word: str, lang: str, words: ProgrammeWords, finder: EntityFinder) -> bool:
    """A word that may qualify a system: a Russian adjective, a Kazakh or English kind or domain word
    (English also any lower-case word after an article: 'a patient referral system')."""
    if lang == "ru":
        return _ru_adjective(word)
    if lang == "kk":
        return bool(finder.lex.key_of(word) & (words.system_modifiers | words.domain)) or word in finder.evaluative
    return True


def _plural(word: str, lang: str) -> bool:
    low = word.lower()
    if lang == "ru":
        parses = [p for p in parse(low) if p.tag.POS == "NOUN"]
        return bool(parses) and parses[0].tag.number == "plur"
    if lang == "kk":
        return re.search(r"(?:лар|лер|дар|дер|тар|тер)", low[3:]) is not None
    return low.endswith("s") and not low.endswith("ss")


def _postmodifier(text: str, tokens: list[Token], i: int, words: ProgrammeWords, finder: EntityFinder) -> int | None:
    """Index of the last word of 'providing care for children', 'to improve maternal health' after
    an English programme noun: up to six words, in the same clause, ending at a domain word."""
    if i + 1 >= len(tokens) or tokens[i + 1][2].lower() not in _POSTMODIFIER_OPENERS \
            and not tokens[i + 1][2].lower().endswith("ing"):
        return None
    end = None
    for k in range(i + 1, min(i + 7, len(tokens))):
        if re.search(r"[,.;:()]", text[tokens[k - 1][1]:tokens[k][0]]):
            break
        if finder.lex.key_of(tokens[k][2]) & words.domain:
            end = k
    return end


_POSTMODIFIER_OPENERS = {"to", "for", "on", "aimed", "that", "which", "in", "against"}


# 'запустили три новых проекта сотрудничества: • Закупка …; • Оказание поддержки …', 'three projects:
# 1) …; 2) …': the items of a list after a programme word and a colon.
def _name_after(seg: Segment, tokens: list[Token], i: int, taken: list[Candidate],
                finder: EntityFinder) -> tuple[int, int] | None:
    """'a project FUTURE International – Uzbekistan': capitalised words right after an English
    programme noun (not at a sentence start) name it."""
    if seg.lang != "en" or i + 1 >= len(tokens) or i == 0:
        return None
    text = seg.norm
    k = i + 1
    # 'the grant programme for rural screening Steppe Doctors Caravan': what it is for, then its name
    purpose = tokens[k][2] in ("for", "on") and text[tokens[i][1]:tokens[k][0]] == " "
    if purpose:
        k += 1
        while k < len(tokens) and k - i <= 5 and tokens[k][2].islower() and text[tokens[k - 1][1]:tokens[k][0]] == " ":
            k += 1
    if k >= len(tokens) or text[tokens[k - 1][1]:tokens[k][0]] != " " or not tokens[k][2][:1].isupper():
        return None
    if any(c.start < tokens[k][1] and tokens[k][0] < c.end for c in taken) or names_a_person(finder.lex, tokens[k][2]):
        return None  # 'the Project Coordinator A. Umarov' is a person
    last = k
    while last + 1 < len(tokens) and tokens[last + 1][2][:1].isupper() \
            and re.fullmatch(r"\s+|\s*[–—-]\s*|\s+(?:of|for|and)\s+", text[tokens[last][1]:tokens[last + 1][0]]):
        last += 1
    if purpose:
        while last + 2 < len(tokens) and tokens[last + 1][2] in ("of", "for", "and") and tokens[last + 2][2][:1].isupper():
            last += 2  # 'Steppe Doctors Caravan'
        if last == k or k == i + 2:
            return None  # one capital after a purpose is a place or a word ('for Kazakhstan'); a name has two
    return tokens[k][0], tokens[last][1]


def _name_before(seg: Segment, tokens: list[Token], i: int, words: ProgrammeWords, finder: EntityFinder,
                 taken: list[Candidate]) -> tuple[int, int] | None:
    """'the Mountain Link project': capitalised words right before a lower-case English programme noun name it,
    unless they only describe ('Telemedicine project') and are no title after 'the' ('the Electronic Prescription …')."""
    if seg.lang != "en" or i == 0 or not tokens[i][2].islower():
        return None
    text = seg.norm
    first = i
    # 'the Telemed.Kg platform', 'the GHPP-programme': a dot or a hyphen may join the name's parts
    def free(k: int) -> bool:
        return not any(c.start < tokens[k][1] and tokens[k][0] < c.end for c in taken)

    while first > 0:
        if text[tokens[first - 1][1]:tokens[first][0]] in (" ", ".", "-") and tokens[first - 1][2][:1].isupper() \
                and not tokens[first - 1][2].endswith(("'s", "’s")) and free(first - 1):
            first -= 1
        # 'the Safer Mothers and Newborns through Better Roads project': a title's small words
        elif first > 1 and tokens[first - 1][2] in words.title_joiners and tokens[first - 2][2][:1].isupper() \
                and text[tokens[first - 2][1]:tokens[first][0]] == f" {tokens[first - 1][2]} " and free(first - 2):
            first -= 2
        else:
            break
    while first < i and (tokens[first][2].lower() in words.definite | words.indefinite):
        first += 1  # 'The Mountain Link project' at a sentence start
    run = [t[2] for t in tokens[first:i] if t[2] not in words.title_joiners]
    if not run or (first == 0 and len(run) == 1):
        return None
    if any(_MONEY.search(w) or w.lower() in _SCALES for w in run) or any(
            w.lower() in finder.lex.currency_words for w in run):
        return None  # 'a 3.2 million USD project'
    descriptive = words.domain | words.nouns | words.system_modifiers | set(finder.lex.adjectives) | finder.lex.owner_words
    titled = len(run) > 1 and first and tokens[first - 1][2].lower() in words.definite and all(
        w[0].isupper() and not finder.lex.key_of(w) & set(finder.lex.adjectives) for w in run)  # not 'the Kazakh …'
    if not titled and all(finder.lex.key_of(w) & descriptive or w.lower() in finder.evaluative for w in run):
        return None  # 'Telemedicine project', 'New project', 'Kazakh programme'
    return tokens[first][0], tokens[i - 1][1]


def _money_gap(text: str, left: Token, right: Token) -> bool:
    """'$1 million project': a currency sign or a decimal point may stand between the words."""
    return bool(re.fullmatch(r"\s*[$€£₸.,]?\s*", text[left[1]:right[0]]))


def _ru_action_noun(word: str) -> bool:
    """'улучшения', 'строительства', 'модернизации': a genitive noun naming an action, the kind of
    word that says what a project does."""
    low = word.lower()
    return word.islower() and low.endswith(("ния", "тия", "ции", "ства", "ки")) and is_genitive(low) and any(
        p.tag.POS == "NOUN" and "gent" in p.tag for p in parse(low))


def _ru_domain_genitive_phrase(tokens: list[Token], k: int, words: ProgrammeWords, finder: EntityFinder) -> bool:
    """'проект комплексной перинатальной помощи': genitive adjectives, then a genitive noun, one of
    them of the health domain."""
    phrase = []
    while k < len(tokens) and len(phrase) < 3 and tokens[k][2].islower() and is_genitive(tokens[k][2]):
        phrase.append(tokens[k][2])
        if not _ru_adjective(tokens[k][2]):
            break
        k += 1
    return len(phrase) >= 2 and not _ru_adjective(phrase[-1]) and any(
        finder.lex.key_of(w) & words.domain for w in phrase)


def _ru_adjective(word: str) -> bool:
    return len(word) >= 3 and word.isalpha() and any(p.tag.POS in ("ADJF", "PRTF") for p in parse(word.lower()))


def described_programmes(finder: EntityFinder, seg: Segment, known: list[Candidate],
                     country: EntityRecord | None) -> list[Candidate]:
    """Unnamed but described programmes: "Kazakhstan's long-awaited rural telemedicine
    programme", "a French government-funded project". The label keeps the description and
    names the country, so that two countries' 'rural programmes' stay two entities."""
    if seg.lang != "en" or any(c.record is not None and c.record.cls == "programme" for c in known):
        return []
    out = []
    for match in finder.lex.prefiltered("described_programmes", lambda: finder.described_pattern).finditer(seg.norm):
        trigger = match.group("trigger")
        owner = next((c for c in known if c.record is None and c.start == match.start("owner")
                      and any("/country/" in e.iri for e in c.entries)), None) if match.group("owner") else None
        if match.group("owner") and owner is None:
            continue
        modifiers = [w for w in match.group("mods").split() if w.lower() not in finder.evaluative]
        if trigger.lower() == "system" and not any(finder.lex.key_of(w) & finder.system_kinds for w in modifiers):
            continue  # "Kazakhstan's current health system" is the country's, not a programme
        # Lower-case descriptions ('rural telemedicine'), but for a leading country adjective ('French government-funded')
        if any(w[:1].isupper() and (i > 0 or not finder.lex.key_of(w.split("-")[0]) & set(finder.lex.adjectives))
               for i, w in enumerate(modifiers)):
            continue
        funded = any(re.search(r"-(?:funded|financed|supported|backed)$", w) for w in modifiers)
        after_cue = any(m.end() >= match.start() - 1 and m.end() <= match.start()
                        for cue in finder.lex.relation_cues for m in cue.pattern.finditer(seg.norm[:match.start()]))
        if not modifiers or (owner is None and not funded and not after_cue):
            continue
        if owner is not None:
            country_label = finder.lex.entities[owner.entries[0].iri].label("en")
            label = f"{country_label} {' '.join(modifiers)} {trigger}"
        elif country is not None:
            label = f"{' '.join(modifiers)} {trigger} in {country.label('en')}"
        else:
            continue
        start = match.start("mods") if owner is None else match.start("owner")
        record = finder.new_record("programme", label, "en")
        out.append(Candidate(record, [], start, match.end("trigger"), DESCRIBED_PROGRAMME, 2))
    return out


# 'Kusanone - это …', 'CareNet is a …', '«Сау ауыл» – …': a name, then the copula that defines it.
_DEFINITION = re.compile(r"^(?P<name>[«“\"]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w.+-]*(?:\s+[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9][\w.+-]*){0,3}[»”\"]?)"
                         r"(?:\s*[-–—]\s*это\s+|\s+is\s+(?:a|an|the)\s+|\s*[-–—]\s+(?!\|))")  # '«X» - | …': a page's bar


def defined_programmes(finder: EntityFinder, seg: Segment, known: list[Candidate]) -> list[Candidate]:
    """A sentence that opens by defining a name as a programme: the defining phrase must reach a
    programme noun within five words ('Kusanone - это грантовая программа правительства Японии')."""
    match = _DEFINITION.match(seg.norm)
    if match is None:
        return []
    words = finder.lex.memo("programme_words", lambda: ProgrammeWords.of(finder.lex))
    defining = tokenize(seg.norm[match.end():])[:5]
    if not any(finder.lex.key_of(t) & words.nouns for _, _, t in defining):
        return []
    start, end = match.span("name")
    if any(c.start < end and start < c.end and (c.record is None or c.record.cls != "programme") for c in known):
        return []  # 'ЮНИСЕФ – …', 'Astana – …': an organisation or a place the text already knows
    name = match.group("name").strip("«»“”\"")
    if name.lower() in finder.lex.memo("pointing_words", lambda: frozenset(str(w) for k in (
            "pronouns", "demonstratives", "interrogatives") for w in finder.lex.section("programme_references", k) or [])):
        return []  # 'This is the third project …', 'What is the project about' name nothing
    return [Candidate(finder.new_record("programme", name, seg.lang), [], start, end, DEFINED_PROGRAMME, 3)]
