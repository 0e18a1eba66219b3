"""Every country of the world, from a maintained source (issue 13): ontology/countries.ttl is what
scripts/make_countries.py makes of pycountry's ISO 3166 data, and the extractor reads it."""

from __future__ import annotations

import subprocess
import sys

from kg.extract.lexicon import Lexicon

from tests.conftest import ROOT

ID = "https://w3id.org/telemed-kg/id/"


def test_committed_countries_equal_their_regeneration() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_countries.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_iso_country_is_known_in_three_languages(lexicon: Lexicon) -> None:
    countries = [e for e in lexicon.entities.values() if e.cls == "country"]
    assert len(countries) >= 249
    norway = lexicon.entities[ID + "country/NO"]
    assert norway.labels == {"en": "Norway", "ru": "Норвегия", "kk": "Норвегия"}


def test_hand_described_countries_win_and_governments_are_donors(lexicon: Lexicon) -> None:
    assert lexicon.entities[ID + "country/KZ"].labels["kk"] == "Қазақстан"  # reference.ttl, not pycountry
    assert lexicon.governments[ID + "country/JP"] == ID + "funder/government-of-japan"
    assert lexicon.governments[ID + "country/NO"] == ID + "funder/government-of-norway"
    norway = lexicon.entities[ID + "funder/government-of-norway"]
    assert norway.labels["ru"] == "Правительство Норвегии" and norway.org_type == "donor-government"
