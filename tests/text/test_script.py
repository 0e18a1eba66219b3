"""Kazakh in the 2018 Latin alphabet is read as Cyrillic, every letter keeping the offsets of what it
stands for (sentences written for this test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.lexicon import Lexicon
from kg.text.script import is_latin_kazakh, to_cyrillic
from tests.extract.test_realtext_events import labels_of
from tests.extract.test_realtext_patterns import extract

LATIN = "Qyzylorda oblysynda jańa aýrýhana ashyldy, oǵan ákimdik 2 mlrd teńge bóldi."


def test_latin_kazakh_reads_as_cyrillic() -> None:
    text, _, _ = to_cyrillic(LATIN)
    assert text == "Қызылорда облысында жаңа аурухана ашылды, оған әкімдік 2 млрд теңге бөлді."
    assert to_cyrillic("terapııa aıasynda boıynsha bıýdjet")[0] == "терапия аясында бойынша бюджет"


def test_every_cyrillic_letter_cuts_its_latin_original() -> None:
    text, starts, ends = to_cyrillic(LATIN)
    word = text.index("ашылды")
    assert LATIN[starts[word]:ends[word + len("ашылды") - 1]] == "ashyldy"


@pytest.mark.parametrize("text, kazakh", [
    (LATIN, True),
    ("Médecins Sans Frontières opened a clinic in Nukus.", False),
    ("Şadyýan gurluşyk hassahanany gurup, ulanmaga berdi.", False),  # Turkmen
    ("Sağlık Bakanlığı yeni hastaneyi açtı.", False),  # Turkish
    ("Qazaly aýdany", False),  # too short to tell: left as it is
])
def test_only_kazakh_is_taken_for_kazakh(text: str, kazakh: bool) -> None:
    assert is_latin_kazakh(text) is kazakh


def test_a_latin_kazakh_article_finds_its_places_and_quotes_its_own_letters(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, LATIN)
    assert "Kyzylorda Region" in labels_of(facts, "region")
    mention = next(m for m in facts.mentions if m.iri.endswith("kz-kyzylorda-region"))
    assert LATIN[mention.start:mention.end].startswith("Qyzylorda")
