"""Kazakh in the 2018 and 2021 Latin alphabets is read as Cyrillic, every letter keeping the offsets of what it
stands for (sentences written for this test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.lexicon import Lexicon
from kg.text.script import is_latin_kazakh, latin_alphabet, to_cyrillic
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


LATIN_2021 = "Qyzylorda oblysynda jaña auruhana aşyldy, oğan äkımdık 2 mlrd teñge böldı."


def test_the_2021_alphabet_reads_as_cyrillic_too() -> None:
    text, starts, ends = to_cyrillic(LATIN_2021, alphabet=2021)
    assert text == "Қызылорда облысында жаңа аурухана ашылды, оған әкімдік 2 млрд теңге бөлді."
    word = text.index("ашылды")
    assert LATIN_2021[starts[word]:ends[word + len("ашылды") - 1]] == "aşyldy"
    # и is i (й after a vowel), 'ia' я; ŋ, as some sites print ң; the capitals of ı and i
    assert to_cyrillic("Qytai, Aziia, jaŋa, Işkı İnstitut, Ūlttyq", alphabet=2021)[0] == "Қытай, Азия, жаңа, Ішкі Институт, Ұлттық"


@pytest.mark.parametrize("text, alphabet", [
    (LATIN, 2018),
    (LATIN_2021, 2021),
    ("Elordadağy ortalyq temırjol auruhanasy jaŋadan salynady.", 2021),
    ("Sağlık Bakanlığı yeni hastaneyi açtı.", None),  # Turkish: no q, no ä, ñ or ū
    ("Qäbälä rayon xəstəxanası açıldı.", None),  # Azerbaijani: ə
    ("Şäherde täze hassahana açyldy, oňa ýurt 2 mln manat berdi.", None),  # Turkmen: ý, ň
    ("Qashqadaryo viloyatida yangi shifoxona ochildi.", None),  # Uzbek: no marks
])
def test_which_alphabet(text: str, alphabet: int | None) -> None:
    assert latin_alphabet(text) == alphabet


def test_an_article_in_the_2021_alphabet_finds_its_places(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, LATIN_2021)
    assert "Kyzylorda Region" in labels_of(facts, "region")
    mention = next(m for m in facts.mentions if m.iri.endswith("kz-kyzylorda-region"))
    assert LATIN_2021[mention.start:mention.end].startswith("Qyzylorda")


def test_a_latin_line_without_a_letter_of_its_own_is_read_in_its_document_s_alphabet(tmp_path: Path,
                                                                                    lexicon: Lexicon) -> None:
    text = "Qyzylorda oblysynda jaña auruhana aşyldy.\n\nOblystyq auruhana Qyzylorda qalasynda ornalasqan."
    facts = extract(tmp_path, lexicon, text)
    second = next(m for m in facts.mentions if m.start > text.index("\n\n") and m.iri.endswith("region/kz-kyzylorda"))
    assert text[second.start:second.end].startswith("Qyzylorda")
