"""Who a programme's name says pays for it (issue 13): the organisation right before the name in
running text, and a donor country's possessive. Every sentence here was written for this test;
none is taken from an article."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.lexicon import Lexicon
from tests.extract.test_realtext_patterns import extract, names


@pytest.mark.parametrize("text, funder", [
    ("Doctors met at the close of the World Bank Better Care Project in Osh.", "funder/world-bank"),
    ("Nurses were trained under the USAID Safe Births Project in Khatlon.", "funder/usaid"),
    ("Mothers in Osh praised the “Umut” charity project “Safe Start”, run by the clinic.", "funder/umut"),
    ("Teachers in Naryn were paid under Japan’s Small Grants Programme for Communities.", "funder/government-of-japan"),
])
def test_the_owner_before_a_programme_name_pays_for_or_runs_it(tmp_path: Path, lexicon: Lexicon, text: str, funder: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    programmes = [iri for iri in facts.entities if "/programme/" in iri]
    assert programmes and all(not any(n.startswith(("World Bank", "USAID", "Japan", "Umut")) for n in names(facts, iri))
                              for iri in programmes), [names(facts, iri) for iri in programmes]
    assert any(r.predicate in ("fundedBy", "implementedBy") and r.subject in programmes and r.object.endswith(funder) for r in facts.relations)


def test_a_headline_verb_after_an_organisation_is_no_programme_name(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "USAID Launches New Health Project to Cut HIV Cases in Tajikistan\n\n"
                                        "The project will work in Khatlon.")
    assert not any(n.startswith("Launches") for iri in facts.entities for n in names(facts, iri))


@pytest.mark.parametrize("text", [
    "Больница построена в рамках Японской программы помощи сельским больницам.",
    "The Korean Better Hospitals Programme equips clinics in Osh.",
])
def test_a_donor_country_adjective_opening_a_programme_name_says_its_government_pays(
        tmp_path: Path, lexicon: Lexicon, text: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert any(r.predicate == "fundedBy" and r.object.endswith(("government-of-japan", "government-of-the-republic-of-korea"))
               for r in facts.relations)


def test_a_nationality_before_a_company_s_initiative_is_no_donor(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Turkish Ozen Group's private initiative built a clinic in Osh.")
    assert not any(r.object.endswith("government-of-turkiye") for r in facts.relations)
