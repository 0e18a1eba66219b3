"""The pattern filter (kg/extract/cues.py) never drops a pattern that matches: each relation cue
that occurs in a sentence of the seeds, the test corpora or the sentences written here is among
the candidates, `has_relation_cue` answers what the one combined pattern answers, the strings read
off a pattern are ones its matches hold, and lower case decides IGNORECASE matching among the
plain characters the filter lowers (issue 17)."""

from __future__ import annotations

import random
import re

import pytest

from kg.extract.cues import PatternFilter, Prefiltered, plain_characters, required_strings
from kg.extract.lexicon import Lexicon
from tests.extract.test_shortcuts import _sentences

CUE_SENTENCES = [
    "The clinics were funded by the World Bank.", "The EU-funded project opened.", "ADB is financing it.",
    "При финансовой поддержке Всемирного банка открылась клиника.", "Жобаны Еуропалық Одақ қаржыландырады.",
    "The project is implemented jointly with UNICEF.", "Проект реализуется под управлением Минздрава.",
    "KOICA is the implementing agency.", "Министерство подписало соглашение с ПРООН.",
    "The grant from the Asian Development Bank, worth $5 million, came.", "Получено от USAID оборудование.",
    "ВОЗ ПРИ ПОДДЕРЖКЕ ЮНИСЕФ", "FUNDED BY KOICA", "Финансируется за счёт средств бюджета.",
    "Жоба Дүниежүзілік банктің қолдауымен іске асырылады.", "in a consortium with Tcell",
    "The µ-clinic was ſponsored by İstanbul partners (funded by ADB).", "handed over by the embassy",
]


def test_plain_characters_match_under_ignorecase_exactly_when_their_lower_cases_agree() -> None:
    plain = plain_characters()
    assert len(plain) > 500 and "ё" in plain and "қ" in plain and "µ" not in plain
    for char in plain:
        assert len(char.lower()) == 1
        found = {m.group() for m in re.finditer(re.escape(char), plain, re.IGNORECASE)}
        assert found == {c for c in plain if c.lower() == char.lower()}, char


def test_every_cue_that_occurs_is_a_candidate_and_the_answer_is_the_combined_patterns(lexicon: Lexicon) -> None:
    cues = lexicon.relation_cues
    texts = [seg.norm for _, seg in _sentences(lexicon)] + CUE_SENTENCES
    checked = matched = 0
    for text in texts:
        maybe = set(lexicon.cue_filter.candidates(text))
        for i, cue in enumerate(cues):
            if cue.pattern.search(text):
                matched += 1
                assert i in maybe, (cue.rule.id, text)
        assert lexicon.has_relation_cue(text) == (lexicon.any_relation_cue.search(text) is not None), text
        found = lexicon.cues_in(text)
        assert [c for c in cues if c.pattern.search(text)] == [c for c in found if c.pattern.search(text)]
        checked += 1
    assert checked > 300 and matched > 50
    # the filter does leave out most sentences of the corpora
    assert sum(not lexicon.cue_filter.candidates(t) for t in texts) > len(texts) / 3


@pytest.mark.parametrize("pattern, strings", [
    (r"\b(?:funded|financed) by\b", {"funded by", "financed by"}),
    (r"(?<=\w)-(?:Funded|financed)\b", {"-funded", "-financed"}),
    (r"\bза сч[её]т\b", {"за счет", "за счёт"}),
    (r"\bgrants?\b[^.]{0,30}\bfrom\b", {"grant"}),
    (r"\b(?:is |are )?funding\b", {"funding"}),
    (r"\bвыдел\w+", {"выдел"}),
    (r"\w+ by", {" by"}),
    (r"(?:a|b)c|d", {"ac", "bc", "d"}),
])
def test_the_strings_a_pattern_requires(pattern: str, strings: set[str]) -> None:
    assert required_strings(re.compile(pattern, re.IGNORECASE)) == strings


@pytest.mark.parametrize("pattern", [r"\w+", r".*", r"(?:funded)?", r"a|\d", r"\bİstanbul\b", r"x{0,3}"])
def test_a_pattern_without_required_strings_is_always_a_candidate(pattern: str) -> None:
    compiled = re.compile(pattern, re.IGNORECASE)
    assert required_strings(compiled) is None
    assert PatternFilter([compiled]).candidates("nothing here") == [0]


def test_random_texts_never_lose_a_match(lexicon: Lexicon) -> None:
    """Texts pieced together from the cues' own strings, their upper case and noise."""
    rng = random.Random(17)
    pieces = sorted({s for cue in lexicon.relation_cues for s in required_strings(cue.pattern) or ()})
    pieces += ["the ", "и ", "World Bank", "ADB", "«X»", "-", " ", ", ", "2020", "µ", "İ", "Ё", "ё"]
    patterns = [cue.pattern for cue in lexicon.relation_cues]
    filt = PatternFilter(patterns)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        text = text.upper() if rng.random() < 0.2 else text
        maybe = set(filt.candidates(text))
        for i, pattern in enumerate(patterns):
            if pattern.search(text):
                assert i in maybe, (pattern.pattern[:60], text)


def test_a_prefiltered_search_finds_what_the_pattern_finds(lexicon: Lexicon) -> None:
    """The event patterns of kg/extract/implied.py, each and joined as it joins them."""
    section = lexicon.section("programme_references")
    keys = [k for k in ("works", "openings", "deliveries", "purchases", "supplies") if section.get(k)]
    sources = [str(section[k]) for k in keys] + ["|".join(f"(?:{section[k]})" for k in keys[:2]),
                                                  "|".join(f"(?:{section[k]})" for k in keys[::2])]
    texts = [seg.norm for _, seg in _sentences(lexicon)] + CUE_SENTENCES
    for source in sources:
        pattern = re.compile(source, re.IGNORECASE)
        assert required_strings(pattern) is not None, source[:60]
        quick = Prefiltered(pattern)
        found = 0
        for text in texts:
            slow = pattern.search(text)
            fast = quick.search(text)
            assert (fast and fast.span()) == (slow and slow.span()), text
            found += slow is not None
        assert found, source[:60]
