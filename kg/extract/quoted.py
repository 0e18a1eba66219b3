"""Quoted names: a name in quotes takes its class from the class word beside it ('проект «Онлайн медицина»',
'«Сау Жүрек» бағдарламасы', 'компания «Сарыарка МедТех»', '«Медилайн Ош» клиникасы'), from its own head
('«Программа здоровья»') or from what it does ('«X» передал …'). The part of the entity finder that reads
them; EntityFinder supplies the class words."""

from __future__ import annotations

import re
from itertools import zip_longest
from typing import TYPE_CHECKING

from kg.extract.candidates import Candidate
from kg.extract.rules import declare
from kg.extract.tokens import adjacent, compound_start, is_adjective, word_beside_quote
from kg.text.morph import parse, ru_nominative, tokenize
from kg.text.segment import Segment, detect_language

if TYPE_CHECKING:
    from kg.extract.grammar import Grammar
    from kg.extract.lexicon import Lexicon
    from kg.model import EntityRecord

QUOTED_PROGRAMME_NAME = declare(
    "quoted-programme-name",
    "A quoted name next to a programme word (project, programme, проект, жоба …).")
QUOTED_FUNDER_NAME = declare(
    "quoted-funder-name",
    "A quoted name next to an organisation word (компания «…», «…» компаниясы).")
QUOTED_FACILITY_NAME = declare(
    "quoted-facility-name",
    "A quoted name next to a facility word («…» клиникасы, clinic “…”).")
QUOTED_NAME_RULES = {"programme": QUOTED_PROGRAMME_NAME, "funder": QUOTED_FUNDER_NAME, "facility": QUOTED_FACILITY_NAME}

# a typed close of two apostrophes ('“X’’') closes the quote as ” would
# A straight quote right before a letter opens a quote rather than closing one: '"Проект "Иммунизация …" является'.
_QUOTED = re.compile(r"«(?P<a>[^«»]{2,250})»|“(?P<b>[^“”]{2,250}?)(?:”|’’)|‘(?P<e>[^‘]{2,250}?)’(?!\w)|„(?P<c>[^„“”]{2,250})[“”]|\"(?P<d>[^\"]{2,250})\"(?!\w)")
# 'проекта Азиатского банка развития «': a word, then a capitalised name of up to four words, then the quote.
_OWNER_BEFORE_QUOTE = re.compile(r"(?P<word>[^\W\d_]+)\s+[A-ZА-ЯЁ][\w-]*(?:\s+[\w-]+){0,3}\s*$")
# A quoted name longer than this is a title only right after a programme word ('в рамках проекта «…»').
_SHORT_QUOTE = 90
_E_PREFIX = re.compile(r"[a-zа-яё]-[\w]")  # e-, m-: names of electronic services


class QuotedNames:
    """EntityFinder's reading of quoted names (a mixin: the class words, citation forms and records are the
    finder's)."""

    lex: Lexicon
    grammar: Grammar
    organisation_acts: frozenset[str]

    def _class_word(self, word: str) -> str | None:
        raise NotImplementedError

    def citation_form(self, words: list[str], head: int, lang: str) -> str:
        raise NotImplementedError

    def new_record(self, cls: str, label: str, lang: str, alt: tuple[str, ...] = ()) -> EntityRecord:
        raise NotImplementedError

    def _programme_word_next_to(self, seg: Segment, match: re.Match[str], before: list[str]) -> bool:
        """'«ауыл денсаулығын нығайту» жобасы', 'проект «здоровое село»': a programme word right next
        to a quote, on the side the language puts it, makes a lower-case quote a name."""
        word = word_beside_quote(seg.lang, seg.norm, match, before)
        return word is not None and self._class_word(word) == "programme"

    def quoted_names(self, seg: Segment) -> list[Candidate]:
        """A quoted name takes its class from the nearest class word: 'проект «Онлайн
        медицина»' is a programme, 'компания «Сарыарка МедТех»' an organisation, '«Медилайн Ош»
        клиникасы' a facility. Quotes with no class word nearby ('“telemedicine and healthcare”')
        are not names."""
        out = []
        previous: tuple[int, str] | None = None  # where the last name ended, and its class
        for match in _QUOTED.finditer(seg.norm):
            # American quotes hold the sentence's comma: '“… Renovation Project,” will equip'
            name = next(g for g in match.groups() if g is not None).strip().rstrip(",;:").rstrip()
            before = [t for _, _, t in tokenize(seg.norm[max(0, match.start() - 60): match.start()])][-3:]
            if not name[:1].isupper() and not name[:1].isdigit() and not _E_PREFIX.match(name) \
                    and not self._programme_word_next_to(seg, match, before):
                continue  # '“e-prescription” system' is a name; '“telemedicine and healthcare”' is not
            # Kazakh class words end their phrase ('«Жан жылуы» психологиялық қолдау желісі'); an
            # apposition names the class further on ('“Salomat Online”, the national … platform').
            appositive = re.match(r"\s*[,—–-]\s*(?:the|a|an)\b", seg.norm[match.end():])
            width = 6 if appositive else (4 if seg.lang == "kk" else 2)
            # a gloss in brackets between the name and its class word: '“Obod qishloq” (Prosperous village) program'
            gloss = re.match(r"\s*\([^()]{1,60}\)", seg.norm[match.end():])
            after_at = match.end() + (gloss.end() if gloss else 0)
            after = [t for _, _, t in tokenize(seg.norm[after_at: after_at + 80])][:width]
            # Nearest first: the word right before the quote, the word right after, then further out.
            # Kazakh puts the class word after the name ('«Сау Жүрек» бағдарламасы'): look there first.
            pairs = zip_longest(after, reversed(before)) if seg.lang == "kk" else zip_longest(reversed(before), after)
            order = [w for pair in pairs for w in pair if w]
            cls = next((c for c in map(self._class_word, order) if c), None)
            owned = self._owned_programme(seg, match)
            cls = "programme" if owned else cls
            # 'проектам «A» и «B»', 'two projects, “A” and “B”': a name listed after another takes its class
            listed = cls is None and previous is not None and self.grammar.list_join.match(seg.norm[previous[0]:match.start()])
            cls = previous[1] if listed and previous else cls
            if cls is None:  # '«Медициналық пойыз»', '«Программа здоровья»': the quote's own head says it
                inner = name.split()
                cls = self._class_word(inner[0] if seg.lang == "ru" else inner[-1]) if len(inner) > 1 and seg.lang != "en" else None
            if not any(map(self._class_word, name.split())) and self._opens_clause_acting(seg, match):
                # '«X» построил клинику': the doer, whatever class word follows the verb, unless its own words
                # give its class ('«Городская больница №1» закупила томограф' is a hospital that buys)
                cls = "funder"
            if cls is None:
                continue
            if len(name) > _SHORT_QUOTE and not owned and not listed and not (before and self._class_word(before[-1]) == "programme"):
                continue  # a long quote is speech, unless a programme word stands right before it
            start, end = match.start(), match.end()
            alt: tuple[str, ...] = ()
            if cls == "programme" and len(name.split()) == 1:
                alt = self._with_class_word(seg, match, name, before)
            if cls == "facility":
                # A facility's class words are part of its name: 'Семейная поликлиника «Нурафшон»',
                # '«Бағтыяр» отбасылық емханасы'.
                full = self._facility_phrase(seg, match)
                if full is not None and not full[2]:
                    continue  # no phrase: the class word makes it a centre for shopping or leisure
                if full:
                    (start, end, phrase), alt = full, (name,)
                    name = phrase
            record = self.new_record(cls, name, detect_language(name), alt)
            out.append(Candidate(record, [], start, end, QUOTED_NAME_RULES[cls], 4))
            previous = (end, cls)
        return out

    def _opens_clause_acting(self, seg: Segment, match: re.Match[str]) -> bool:
        """'«Газпром Кыргызстан» обеспечил больницу лекарствами': a quoted name that opens a clause, right
        before a past verb of giving, building or paying, is the organisation that did it."""
        if seg.lang != "ru" or not self.organisation_acts or seg.norm[:match.start()].rstrip()[-1:] not in ("", ",", ";", ":", "—", "–"):
            return False
        verb = re.match(r"\s+([а-яё]+)", seg.norm[match.end():])
        return verb is not None and any("past" in r.tag and r.normal_form in self.organisation_acts
                                        for r in parse(verb[1]))

    def _with_class_word(self, seg: Segment, match: re.Match[str], name: str, before: list[str]) -> tuple[str, ...]:
        """'программы «Здравоохранение»': a one-word name is known with its class word ('Программа
        «Здравоохранение»', '«Денсаулық» бағдарламасы' as '«Денсаулық» бағдарлама')."""
        word = word_beside_quote(seg.lang, seg.norm, match, before) if seg.lang in ("ru", "kk") else None
        if word is None:
            return ()
        lemma = sorted(self.lex.key_of(word) & self.lex.programme_triggers)
        if not lemma:
            return ()
        label = f"{lemma[0]} «{name}»" if seg.lang == "ru" else f"«{name}» {lemma[0]}"
        return (label[:1].upper() + label[1:],)

    def _owned_programme(self, seg: Segment, match: re.Match[str]) -> bool:
        """'в рамках проекта Азиатского банка развития «…»': a Russian programme word, then its owner's
        capitalised name, then the quote; the owner's 'банк' is not the quote's class word."""
        if seg.lang != "ru":
            return False
        owner = _OWNER_BEFORE_QUOTE.search(seg.norm[max(0, match.start() - 80): match.start()])
        return owner is not None and self._class_word(owner.group("word")) == "programme"

    def _facility_phrase(self, seg: Segment, match: re.Match[str]) -> tuple[int, int, str] | None:
        """The facility's whole phrase around a quoted name, with its class words; an empty phrase when
        they make it a centre for shopping or leisure (no facility at all)."""
        tokens = tokenize(seg.norm)
        if seg.lang == "kk":
            following = [t for t in tokens if t[0] >= match.end()][:4]
            for k, (_, t_end, word) in enumerate(following):
                if self._class_word(word) == "facility":
                    words = [w for _, _, w in following[:k + 1]]
                    if self.centre_class("facility", words) is None:
                        return match.start(), match.end(), ""  # '«X» ойын-сауық орталығы': a leisure centre
                    label = seg.norm[match.start():match.end()] + " " + self.citation_form(words, k, "kk")
                    return match.start(), t_end, label
            return None
        preceding = [t for t in tokens if t[1] <= match.start()][-4:]
        for k in range(len(preceding) - 1, -1, -1):
            if self._class_word(preceding[k][2]) == "facility":
                first = k
                while seg.lang == "ru" and first > 0 and adjacent(seg.norm, preceding[first - 1], preceding[first]):
                    step = compound_start(seg.norm, preceding, first - 1)
                    if not is_adjective(seg.norm[preceding[step][0]:preceding[first - 1][1]]):
                        break
                    first = step
                head = seg.norm[preceding[first][0]:preceding[k][1]]
                if self.centre_class("facility", [w for _, _, w in preceding[first:k + 1]]) is None:
                    return match.start(), match.end(), ""  # 'торговый центр «X»'
                if seg.lang == "ru":
                    head = " ".join(ru_nominative(head.split()) or head.split())
                tail = seg.norm[preceding[k][1]:match.end()]  # 'доверия «Сенім»'
                phrase = head[:1].upper() + head[1:] + tail
                return preceding[first][0], match.end(), phrase
            if not preceding[k][2][:1].islower():
                break
        return None
