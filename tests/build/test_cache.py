"""The facts cache stores every record by its field names and gives back exactly what it was given."""

from __future__ import annotations

import json
from dataclasses import fields

import pytest

from kg.build.cache import FactsCache, decode, encode
from kg.build.pipeline import BuildResult
from kg.model import EntityRecord, Evidence, MetricRecord, Relation


def test_every_seed_document_round_trips(seed_build: BuildResult) -> None:
    for facts in seed_build.facts:
        assert decode(json.loads(json.dumps(encode(facts)))) == facts
    assert sum(len(f.metrics) for f in seed_build.facts) > 20 and sum(len(f.relations) for f in seed_build.facts) > 10


def test_records_are_stored_by_field_name(seed_build: BuildResult) -> None:
    entry = encode(seed_build.facts[0])
    assert set(entry["metrics"][0]) == {f.name for f in fields(MetricRecord)}
    assert set(entry["metrics"][0]["evidence"]) == {f.name for f in fields(Evidence)}
    assert set(entry["relations"][0]) == {f.name for f in fields(Relation)}
    assert set(entry["entities"][0]) == {f.name for f in fields(EntityRecord)}
    # Decimals stay exact: stored as their digits, not as floats.
    assert all(isinstance(m["value"], str) for m in entry["metrics"])


def test_an_entry_of_another_format_is_a_miss(tmp_path, seed_build: BuildResult) -> None:  # type: ignore[no-untyped-def]
    cache = FactsCache(tmp_path)
    facts = seed_build.facts[0]
    cache.put("ab" + "0" * 62, facts)
    assert cache.get("ab" + "0" * 62) == facts
    path = next(tmp_path.glob("*/*.json"))
    old = json.loads(path.read_text(encoding="utf-8"))
    old["format"] = 1
    path.write_text(json.dumps(old), encoding="utf-8")
    assert cache.get("ab" + "0" * 62) is None and cache.misses == 1


@pytest.mark.parametrize("broken", ["{", "[]", '{"format": 2}'])
def test_a_damaged_entry_is_a_miss(tmp_path, broken: str) -> None:  # type: ignore[no-untyped-def]
    cache = FactsCache(tmp_path)
    (tmp_path / "cd").mkdir()
    (tmp_path / "cd" / ("cd" + "1" * 62 + ".json")).write_text(broken, encoding="utf-8")
    assert cache.get("cd" + "1" * 62) is None


def _walk(obj: object) -> object:
    """The codec as first written (dataclasses.fields and is_dataclass on every value): the
    faster ``encode`` must write the same JSON."""
    from dataclasses import is_dataclass
    from decimal import Decimal

    out = {}
    for f in fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if is_dataclass(value):
            value = _walk(value)
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, set):
            value = sorted(value)
        out[f.name] = value
    return out


def test_the_fast_codec_writes_what_the_plain_walk_writes(seed_build: BuildResult) -> None:
    for facts in seed_build.facts:
        entry = encode(facts)
        for key in ("entities", "mentions", "relations", "metrics", "segments"):
            records = facts.entities.values() if key == "entities" else getattr(facts, key)
            assert json.dumps(entry[key]) == json.dumps([_walk(r) for r in records]), key
    assert any(facts.metrics for facts in seed_build.facts)  # numbers (Decimals) and nested records
