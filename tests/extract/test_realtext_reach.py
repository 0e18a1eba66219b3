"""Where an article's one programme runs when no sentence says 'in' (issue 13, after blind27): readers
write down nearly every place such an article names as the programme's. Every sentence here was
written for this test; none is taken from an article."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.lexicon import Lexicon
from tests.extract.test_realtext_patterns import extract, has


def placed_by_name(facts, place: str) -> bool:
    return any(r.predicate == "operatesIn" and r.object.endswith(place) and r.evidence.rule == "programme-place-named"
               for r in facts.relations)


@pytest.mark.parametrize("text, places", [
    ("The Mountain Health Project renovates rural clinics. Doctors from Talas and Kochkor district took part "
     "in its first training.", ["talas-district", "kochkor-district"]),
    ("Проект «Здоровое село» ремонтирует сельские больницы. Жители Таласа получили консультации.", ["kg-talas"]),
    ("«Денсаулық» жобасы ауылдық емханаларды жөндейді. Жамбыл облысы мен Сарысу ауданының тұрғындары тегін "
     "тексеруден өтті.", ["kz-jambyl-region", "sarysu-audany"]),
])
def test_the_one_programme_runs_in_every_place_the_article_names(tmp_path: Path, lexicon: Lexicon, text: str,
                                                                   places: list[str]) -> None:
    facts = extract(tmp_path, lexicon, text)
    for place in places:
        assert placed_by_name(facts, place), place


@pytest.mark.parametrize("text, place", [
    # a capital: where ministries sit and datelines point
    ("The Mountain Health Project renovates rural clinics. Bishkek officials promised support.", "kg-bishkek"),
    # the place whose official speaks
    ("The Mountain Health Project renovates rural clinics. The governor of Naryn region praised the doctors.",
     "kg-naryn-region"),
    ("«Денсаулық» жобасы ауылдық емханаларды жөндейді. Қызылорда облысының әкімі дәрігерлерге алғыс айтты.",
     "kz-kyzylorda-region"),
    # only planned
    ("Проект «Здоровое село» ремонтирует сельские больницы. Позже его планируется распространить на Таласскую "
     "область.", "kg-talas-region"),
    # another event: a meeting
    ("The Mountain Health Project renovates rural clinics. A conference of doctors took place in Naryn.", "kg-naryn"),
])
def test_a_place_that_says_nothing_about_the_programme(tmp_path: Path, lexicon: Lexicon, text: str, place: str) -> None:
    assert not placed_by_name(extract(tmp_path, lexicon, text), place)


def test_an_article_about_two_programmes_does_not_share_out_its_places(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The Mountain Health Project renovates rural clinics. The Clean Hands "
                                       "initiative trains nurses. Doctors from Talas took part.")
    assert not any(r.evidence.rule == "programme-place-named" for r in facts.relations)
    assert not has(facts, "Mountain Health Project", "operatesIn", "region/kg-talas")
