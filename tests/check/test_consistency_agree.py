"""`kg query conflicts` and `kg validate` tell the same story: the same disagreements, never a
part against its own total, never two numbers one document gives for two different things; and a
breakdown introduced by "в том числе" / "including" or closed by "… and other …" is not complete."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.cli import main
from kg.check.consistency import check_metrics
from kg.query.engine import OxigraphEngine, open_engine
from kg.build.pipeline import BuildResult, build_graph
from kg.rdf.convert import union_graph

from tests.sparql_rows import ask, rows

DOCS = {
    # Two documents disagree: the one real conflict.
    "a_report": "In 2023 the “Kappa” project in Kyrgyzstan connected 120 district hospitals.",
    "b_report": "In 2023 the “Kappa” project in Kyrgyzstan connected 150 district hospitals.",
    # One document, two literature searches (figure 1 and figure 2): not a conflict.
    "c_review": "In Tajikistan, figure 1 shows a search that found 1014 scientific articles.\n\n"
                "In Tajikistan, figure 2 shows a second search that found 1070 scientific articles.",
    # A total and its parts, "including" and "and other": not complete, so 181 < 217 is no finding,
    # and neither part is set against the total.
    "d_network": "The “Lambda” network in Uzbekistan unites 217 healthcare facilities. Including: 118 district "
                 "hospitals, 36 regional hospitals; 27 national clinics and other organisations.",
    "e_network": "Сеть «Мю» в Казахстане объединяет 217 объектов здравоохранения. В том числе: 118 районных больниц, "
                 "36 областных больниц; 27 республиканских клиник и других организаций.",
}


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    folder = tmp_path_factory.mktemp("agree")
    meta = {"documents": {f"{name}.txt": {"languages": ["ru" if name.startswith("e_") else "en"]} for name in DOCS}}
    (folder / "metadata.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    for name, text in DOCS.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    return build_graph([folder])


def query_pairs(engine: OxigraphEngine) -> set[frozenset[str]]:
    return {frozenset((r["metric1"], r["metric2"])) for r in rows(ask(engine, "conflicts --pairs"))}


def validate_pairs(findings: list) -> set[frozenset[str]]:
    """The pairs a warning stands for: its numbers from different documents that disagree."""
    return {frozenset(f.metrics) for f in findings if f.kind == "conflict"}


def test_one_warning_per_disagreement_however_many_documents(tmp_path: Path) -> None:
    # Four reports of one figure: three agree on about 100, one says 160. One warning, not three pairs,
    # quoting the numbers that disagree with another document's (all four here).
    texts = {"r1": "120", "r2": "about 118", "r3": "121", "r4": "160"}
    for name, number in texts.items():
        (tmp_path / f"{name}.txt").write_text(f"In 2024 the “Omega” project in Kyrgyzstan connected {number} "
                                              f"district hospitals.\n", encoding="utf-8")
    findings = [f for f in check_metrics(union_graph(build_graph([tmp_path]).dataset)) if f.kind == "conflict"]
    assert len(findings) == 1, [f.line() for f in findings]
    (finding,) = findings
    assert len(finding.metrics) == 4 and len(finding.quotes) == 4
    assert "160 (exact, r4.txt)" in finding.message and "118 (approximately, r2.txt)" in finding.message


def test_query_and_validate_agree_on_a_small_corpus(mini: BuildResult) -> None:
    findings = check_metrics(union_graph(mini.dataset))
    from_query = query_pairs(OxigraphEngine.from_dataset(mini.dataset))
    assert from_query == validate_pairs(findings)
    assert len(from_query) == 1
    # The grouped query gives that disagreement as one row, with both values and both files.
    (grouped,) = rows(ask(OxigraphEngine.from_dataset(mini.dataset), "conflicts"))
    (paired,) = rows(ask(OxigraphEngine.from_dataset(mini.dataset), "conflicts --pairs"))
    assert [grouped[k] for k in ("subject", "indicator", "period", "unit")] == \
        [paired[k] for k in ("subject", "indicator", "period", "unit")]
    assert grouped["numbers"] == 2 and set(grouped["sources"].split(" | ")) == {paired["file1"], paired["file2"]}
    (pair,) = from_query
    assert {m.rsplit("/", 1)[1].split("-")[0] for m in pair} == {"a_report", "b_report"}
    assert not [f for f in findings if f.kind.startswith("breakdown")], [f.line() for f in findings]
    # The cases this corpus is for were extracted: two searches of one review, two breakdowns.
    graph = union_graph(mini.dataset)
    tm = graph.namespace_manager.expand_curie("tm:")
    review = [m for m in graph.subjects(tm + "value", None) if "/c_review-" in str(m)]
    assert len(review) == 2 and len({graph.value(m, tm + "indicator") for m in review}) == 1
    assert len(set(graph.objects(None, tm + "partOf"))) == 2


def test_including_and_other_are_not_complete(mini: BuildResult) -> None:
    graph = union_graph(mini.dataset)
    rules = {str(o).rsplit("/", 1)[1] for o in graph.objects(None, graph.namespace_manager.expand_curie("tm:rule"))}
    assert "breakdown-part" in rules and "breakdown-part-exhaustive" not in rules


def test_query_and_validate_agree_on_the_seeds(built_dir: Path, seed_build: BuildResult) -> None:
    findings = check_metrics(union_graph(seed_build.dataset))
    assert query_pairs(open_engine(built_dir / "kg.trig")) == validate_pairs(findings) == set()
    result = CliRunner().invoke(main, ["validate", "--graph", str(built_dir / "kg.trig")])
    assert "conflict" not in result.output and "breakdown-sum" not in result.output, result.output
