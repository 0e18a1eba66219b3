"""The grammar words of ontology/lexicon.yaml (``grammar:``) compiled into the patterns the name and
relation extractors match: the words live in the lexicon, the shapes of the patterns here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.extract.lexicon import Lexicon

UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"  # the capitals of the three languages, for character classes


def _alternatives(words: Iterable[str]) -> str:
    """Longest first, so 'hereinafter referred to as' wins over 'hereinafter'; spaces match any run."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class Grammar:
    and_words: frozenset[str]
    kazakh_case_endings: tuple[str, ...]
    acronym_definition: re.Pattern[str]  # '(далее – НТМС)': group 'acr'
    and_join: re.Pattern[str]  # ', ' or 'and' between two names
    org_join: re.Pattern[str]  # between two organisations of one list, brackets allowed
    facility_join: re.Pattern[str]
    list_join: re.Pattern[str]  # between two places of one list
    list_goes_on: re.Pattern[str]  # right after a name: the list continues
    including: re.Pattern[str]
    extended_to: re.Pattern[str]
    kazakh_covers: re.Pattern[str]
    planned: re.Pattern[str]
    in_place: re.Pattern[str]
    place_preposition: re.Pattern[str]  # 'in', 'в' anywhere: 'in remote regions, including …'
    in_units_of: re.Pattern[str]  # 'в 8 пилотных районах ' before 'Согдийской области'
    kk_subordinate: frozenset[str]  # 'ауданына қарасты': the place before holds the one after
    kazakh_locative: re.Pattern[str]  # 'Бішкекте', 'Бішкектегі'
    kazakh_located: re.Pattern[str]  # 'Бішкектегі'
    kazakh_locative_word: re.Pattern[str]
    kazakh_plural: re.Pattern[str]
    kazakh_ablative: re.Pattern[str]  # 'Ресейден': from
    aside: re.Pattern[str]  # ', in cooperation with ' right before an organisation
    not_name_openers: frozenset[str]  # 'Since 2015, …': a group opening so is a clause, not a name
    determiners: frozenset[str]  # 'the', 'this': they open a phrase, never a name's own word
    reported_clause: re.Pattern[str]  # 'сообщает, что', 'reported that': what follows is someone else's clause
    between_cue_and_org: re.Pattern[str]  # 'при поддержке | карагандинской компании «': what may stand between
    legal_form_written_out: re.Pattern[str]  # 'Обществом с ограниченной ответственностью': a form, no name


def grammar_of(lexicon: Lexicon) -> Grammar:
    return lexicon.memo("grammar", lambda: _compile(lexicon))


def _compile(lexicon: Lexicon) -> Grammar:
    g = lexicon.section("grammar")
    conj = g["conjunctions"]
    and_, or_, also = conj["and"], conj["or"], conj["also"]
    kk = g["kazakh"]
    locative = _alternatives(kk["locative_endings"] + kk["located_endings"])
    planned = g["planned"]
    saying = _alternatives((lexicon.section("reporting_verbs") or []) + (lexicon.section("saying_verbs") or []))
    written_out = _alternatives(lexicon.section("legal_forms_written_out") or [])
    i = re.IGNORECASE
    nationalities = _alternatives(" ".join(w.capitalize() for w in k.split()) for k in lexicon.adjectives if k.isascii())
    return Grammar(
        and_words=frozenset(w.lower() for w in and_),
        kazakh_case_endings=tuple(kk["case_endings"]),
        acronym_definition=re.compile(rf"\(\s*(?:(?:{_alternatives(g['hereinafter'])})\s*[-–—]?\s*)?"
                                      rf"(?P<acr>[{UPPER}][{UPPER}0-9]{{1,9}})\s*\)"),
        and_join=re.compile(rf"^\s*(?:,|,?\s*(?:{_alternatives(and_)}))\s*$", i),
        # 'EPOS (Germany), ICON-Institute (Germany) and IrfatC': a bracketed country between members
        # 'the Cabinet of Ministers of the Kyrgyz Republic and the World Bank': an organisation's own 'of <Country>'
        org_join=re.compile(rf"^(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s*){{1,4}})?\s*(?:\([^()]{{1,40}}\))?[\s(),]*"
                            rf"(?:,|{_alternatives(and_ + or_ + also + conj.get('through', []))})?"
                            # 'led by A and including B, C': members named after the first one
                            rf"(?:\s*(?:{_alternatives(g['including'])})\b)?[\s(:]*(?:the\s+)?$", i),
        # 'больница на 20 коек и сельский Центр здоровья': a word that describes the next one may stand between
        facility_join=re.compile(rf"^\s*(?:,|{_alternatives(and_)})\s*(?:the\s+)?(?:[a-zа-яёәғқңөұүһі-]+\s+)?$", i),
        list_join=re.compile(rf"^\s*(?:,|;|,?\s*(?:{_alternatives(and_ + or_ + also)}))\s*(?:the\s+)?$", i),
        list_goes_on=re.compile(rf"\s*(?:$|[,;).]|\((?:[^)]{{0,12}})\)|(?:{_alternatives(and_ + or_)})\b)", i),
        including=re.compile(rf"(?:{_alternatives(g['including'])})[\s:,]*$", i),
        extended_to=re.compile(rf"(?:{'|'.join(g['extended_to'])})\s+(?:the\s+)?$", i),
        kazakh_covers=re.compile("|".join(rf"\b{re.escape(w)}\w*" for w in g["kazakh_covers"])),
        planned=re.compile(rf"\b(?:{_alternatives(planned['words'])}|"
                           + "|".join(rf"{re.escape(w)}\w*" for w in planned["word_beginnings"]) + r")\b|"
                           + _alternatives(planned["anywhere"]), i),
        reported_clause=re.compile(rf"\b(?:{saying})\b,?\s+(?:что|that)\b", i),
        # between a cue and its organisation: articles, a few lower-case words ('карагандинская компания «'), a
        # dash or a colon before a list ('совместно тремя организациями — ЮНИСЕФ, …'), a company's legal form
        # before its quoted name ('подрядчиком является ООО «X»', '… Общество с ограниченной ответственностью «X»')
        # ... and an English nationality adjective ('built by the Turkmen company X')
        between_cue_and_org=re.compile(
            rf"^[\s,]*(?:the |a |an )?(?:(?:{nationalities})\s+)?"
            r"(?:(?:[a-zа-яёәғқңөұүһі][\w-]*|[A-ZА-Я]{1,4}-[\w-]+)\s+){0,3}(?:[—–:]\s+)?"
            rf"(?:(?:[A-ZА-ЯЁӘҚҢӨҰҮІ]{{2,4}}|{written_out})\s+)?[«“\"]?$"),
        legal_form_written_out=re.compile(rf"(?:{written_out})\b" if written_out else r"(?!)", i),
        aside=re.compile(rf",\s*(?:{_alternatives(g.get('asides') or [])})\s+(?:the\s+)?$", i),
        in_place=re.compile(rf"\b(?:{_alternatives(g['place_prepositions'])})\s+"
                            rf"(?:(?:{_alternatives(g['place_fillers'])})\s+)?$", i),
        place_preposition=re.compile(rf"\b(?:{_alternatives(g['place_prepositions'])})\b", i),
        in_units_of=re.compile(rf"\b(?:{_alternatives(g['place_prepositions'])})\s+(?:[\w-]+\s+){{0,3}}"
                               rf"(?:{_alternatives(g.get('place_units') or [])})\s*(?:the\s+)?\(?\s*$", i),
        kk_subordinate=frozenset(str(w) for w in lexicon.section("settlements").get("kk_subordinate") or []),
        kazakh_locative=re.compile(rf"(?:{locative})$"),
        kazakh_located=re.compile(rf"(?:{_alternatives(kk['located_endings'])})$"),
        kazakh_locative_word=re.compile(rf"\w{{3,}}(?:{locative})$"),
        kazakh_ablative=re.compile(rf"\w{{3,}}(?:{_alternatives(kk.get('ablative_endings') or [])})$"),
        kazakh_plural=re.compile(rf"(?:{_alternatives(kk['plural_endings'])})(?:\w{{0,4}})$"),
        not_name_openers=frozenset(str(w).lower() for w in g.get("not_name_openers") or []),
        determiners=frozenset(str(w).lower() for w in g.get("determiners") or []),
    )
