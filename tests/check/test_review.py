"""The reviewer's entity listing on the seed graph."""

from __future__ import annotations

from rdflib import Graph

from kg.check.review import entity_rows, format_rows


def test_entity_rows_count_mentions_per_document(seed_graph: Graph) -> None:
    rows = {r.iri.rsplit("/", 1)[1]: r for r in entity_rows(seed_graph)}
    kz = rows["KZ"]
    assert kz.cls == "country" and kz.labels["kk"] == "Қазақстан"
    assert set(kz.documents) >= {"000_a082bec6c71722d9.txt", "001_6b963e040055fc24.txt", "002_ec26920e654f0b8c.txt"}
    assert kz.documents["001_6b963e040055fc24.txt"] > 5  # the article names Kazakhstan throughout
    ntn = rows["national-telemedicine-network"]
    assert "НТМС" in ntn.alt_labels and ntn.mentions >= 5


def test_listing_filters_by_class_and_reads_in_a_language(seed_graph: Graph) -> None:
    rows = entity_rows(seed_graph, "programme")
    assert rows and {r.cls for r in rows} == {"programme"}
    text = format_rows(rows, "ru")
    assert "Национальная телемедицинская сеть" in text
    assert text.rstrip().endswith(f"({len(rows)} entities)")
