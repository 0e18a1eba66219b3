"""Local government as a party: a region's, town's or district's administration and its departments, named by
their place or only by their level (issue 13). Every sentence here was written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.lexicon import Lexicon
from tests.extract.test_realtext_patterns import ID, extract, has


@pytest.mark.parametrize("text, body", [
    # the place after the body, in the genitive or after 'of'
    ("Ремонт больницы профинансировала мэрия Бишкека.", "funder/administration-kg-bishkek"),
    ("Акимат Костанайской области передал районной больнице пять машин скорой помощи.",
     "funder/administration-kz-kostanay-region"),
    ("The Local Government of Naryn City built a new health post.", "funder/administration-kg-naryn"),
    # the place before it, with or without a level word between
    ("Қостанай облысының әкімдігі ауылдық ауруханаға жаңа жабдық сатып алды.", "funder/administration-kz-kostanay-region"),
    ("Bishkek City Administration funded the repair of the children's hospital.", "funder/administration-kg-bishkek"),
    ("The Sughd Regional Health Department handed over two ambulances to the district hospital.",
     "funder/health-department-tj-sughd-region"),
    # a level word between the body and its place ('города', 'облысы'); a public-health department is one too
    ("Ремонт поликлиники профинансировало управление общественного здравоохранения города Алматы.",
     "funder/health-department-kz-almaty"),
    ("Нұр-Сұлтан қаласының қоғамдық денсаулық сақтау басқармасы ауруханаға екі жедел жәрдем көлігін берді.",
     "funder/health-department-kz-astana"),
])
def test_a_body_named_with_its_place_is_one_entity_in_every_language(tmp_path: Path, lexicon: Lexicon, text: str,
                                                                      body: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert ID + body in facts.entities
    assert facts.entities[ID + body].org_type == "local-government"
    assert any(r.subject == ID + body or r.object == ID + body for r in facts.relations)


@pytest.mark.parametrize("text, body", [
    ("Қызылорда облысында облыстық денсаулық сақтау басқармасы жаңа емхана салды.",
     "funder/health-department-kz-kyzylorda-region"),
    ("В Хатлонской области областное управление здравоохранения построило три медпункта.",
     "funder/health-department-tj-khatlon-region"),
    ("In Naryn region, the regional health department built a new feldsher post.",
     "funder/health-department-kg-naryn-region"),
])
def test_a_body_named_by_its_level_is_the_document_region_s(tmp_path: Path, lexicon: Lexicon, text: str, body: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert ID + body in facts.entities
    assert any(r.object == ID + body and r.predicate == "implementedBy" for r in facts.relations)


def test_a_body_without_a_place_or_a_region_is_nobody(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Областное управление здравоохранения закупило пять машин скорой помощи.")
    assert not any("health-department" in iri for iri in facts.entities)


def test_a_body_that_only_says_where_a_speaker_works_is_no_party(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Как сообщил начальник управления здравоохранения Хатлонской области, "
                                       "строительство больницы финансирует Всемирный банк.")
    assert not any("health-department" in iri for iri in facts.entities)
    assert has(facts, "*", "fundedBy", "funder/world-bank")
    # the speaker's place is still the article's place
    assert has(facts, "*", "operatesIn", "region/tj-khatlon-region")


def test_a_local_government_works_in_its_place(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Строительство медпункта ведётся за счёт средств акимата Атырауской области.")
    assert has(facts, "*", "operatesIn", "region/kz-atyrau-region")


def test_a_russian_body_is_labelled_with_its_complement_as_written(tmp_path: Path, lexicon: Lexicon) -> None:
    """Only the body's own words agree with it in the nominative; its complement stays in the genitive."""
    facts = extract(tmp_path, lexicon, "Машины передали управлению общественного здравоохранения Жамбылской области.")
    record = facts.entities[ID + "funder/health-department-kz-jambyl-region"]
    assert record.labels["ru"] == "управление общественного здравоохранения Жамбылской области"
