"""The answers `kg build` stores for the heavy shipped queries, and a query path without rdflib.

A stored answer must print exactly what running the query prints, in every format, and must
never be read once it may be wrong: another graph, an edited query, other parameters, an
interrupted write.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import terms as T
from kg.cli import main
from kg.query import precomputed
from kg.query.catalogue import resolve, run_query
from kg.query.engine import OxigraphEngine, open_engine
from kg.query.prefixes import PREFIX_IRIS, compact
from kg.rdf import store as oxstore

FORMATS = ("csv", "tsv", "json", "table")


def printed(graph: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["query", *args, "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    return result.output


def run_unstored(graph: Path, name: str, fmt: str, lang: str = "en") -> str:
    """What `kg query NAME -f FMT --lang LANG` prints when the query runs on the store itself."""
    from kg.query.results import format_result

    engine = OxigraphEngine(oxstore.open_graph(graph))  # no folder: no stored answers
    return format_result(run_query(engine, resolve(name, None), {}, lang=lang), fmt)


# Every stored answer: each heavy query in every language it takes.
STORED = [(name, lang) for name, langs in precomputed._ordered_tasks() for lang in langs]


def test_the_query_path_imports_no_rdflib(built_dir: Path) -> None:
    code = ("import sys\nfrom kg.cli import main\n"
            f"main(['query', 'funders', '-f', 'csv', '--graph', {str(built_dir / 'kg.trig')!r}], standalone_mode=False)\n"
            f"main(['query', 'labels', '-f', 'csv', '--graph', {str(built_dir / 'kg.trig')!r}], standalone_mode=False)\n"
            "print('RDFLIB' if 'rdflib' in sys.modules else 'NONE', file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "NONE"


def test_the_prefix_table_is_the_one_of_kg_terms() -> None:
    assert PREFIX_IRIS == T.PREFIX_IRIS and list(PREFIX_IRIS) == list(T.PREFIX_IRIS)
    shortener = T.Shortener({p: ns for p, ns in T.PREFIX_IRIS.items() if p != "id"})
    iris = [f"{ns}x" for ns in T.PREFIX_IRIS.values()] + [str(T.Country), T.PREFIX_IRIS["tm"],
                                                          "https://example.org/a", T.PREFIX_IRIS["id"] + "other/x"]
    for iri in iris:
        assert compact(iri) == (shortener(iri) or iri), iri


def test_build_stores_the_answers_of_the_heavy_queries(built_dir: Path) -> None:
    index = json.loads((built_dir / "kg.oxigraph" / precomputed.FOLDER / precomputed.INDEX).read_text())
    assert {entry["query"] for entry in index["results"].values()} == set(precomputed.PRECOMPUTED)
    takes_lang = {name for name, lang in STORED if lang != "en"}
    assert sorted((entry["query"], entry["lang"] or "en") for entry in index["results"].values()) == sorted(STORED)
    assert {entry["query"] for entry in index["results"].values() if entry["lang"] is None} == \
        set(precomputed.PRECOMPUTED) - takes_lang == {"provenance"}
    assert index["sha256"] == oxstore.file_sha256(built_dir / "kg.trig")
    # Answers, not quads: the store holds exactly the file's statements.
    assert oxstore.read_manifest(built_dir / "kg.oxigraph")["quads"] == len(oxstore.load_memory(built_dir / "kg.trig"))


@pytest.mark.parametrize(("name", "lang"), STORED)
def test_a_stored_answer_prints_what_the_query_prints(built_dir: Path, name: str, lang: str) -> None:
    engine = open_engine(built_dir / "kg.trig")
    stored = run_query(engine, resolve(name, None), {}, lang=lang)
    assert stored.rendered, "the store's answer was not used"
    for fmt in FORMATS:
        assert printed(built_dir / "kg.trig", name, "-f", fmt, "--lang", lang) == \
            run_unstored(built_dir / "kg.trig", name, fmt, lang), fmt


def test_the_languages_stored_are_those_kg_query_offers() -> None:
    from kg.terms import LABEL_LANGUAGES

    choices = next(p.type.choices for p in main.commands["query"].params if p.name == "lang")
    assert tuple(choices) == precomputed.LANGS == LABEL_LANGUAGES


def test_other_parameters_run_the_query(built_dir: Path) -> None:
    engine = open_engine(built_dir / "kg.trig")
    russian = run_query(engine, resolve("programmes-per-country", None), {}, lang="ru")
    assert russian.rendered  # every language is stored
    labels = {row[1].value for row in russian.rows}
    assert "Кыргызстан" in labels
    one = run_query(engine, resolve("programmes-per-country", None), {"country": "country:KG"}, lang="en")
    assert not one.rendered and "country" not in one.variables
    assert {row[one.variables.index("countryLabel")].value for row in one.rows} == {"Kyrgyzstan"}


def test_an_edited_query_runs_again(built_dir: Path, tmp_path: Path) -> None:
    edited = tmp_path / "funders.rq"
    edited.write_text(resolve("funders", None).text.replace("ORDER BY", "# edited\nORDER BY"), encoding="utf-8")
    engine = open_engine(built_dir / "kg.trig")
    assert not run_query(engine, resolve(str(edited), None), {}, lang="en").rendered
    assert printed(built_dir / "kg.trig", str(edited), "-f", "csv") == run_unstored(built_dir / "kg.trig", "funders", "csv")


def test_answers_for_another_graph_are_not_read(build: Path) -> None:
    with (build / "kg.trig").open("a", encoding="utf-8") as handle:
        handle.write('\n<urn:x:g> { <urn:x:p> a <https://w3id.org/telemed-kg/ontology#Programme> ; '
                     '<https://w3id.org/telemed-kg/ontology#operatesIn> '
                     '<https://w3id.org/telemed-kg/id/country/KZ> . }\n')
    # The store is loaded again from the changed file; the answers were for the old one.
    output = printed(build / "kg.trig", "programmes-per-country", "-f", "csv")
    assert "urn:x:p" in output
    assert output == run_unstored(build / "kg.trig", "programmes-per-country", "csv")


@pytest.mark.parametrize("damage", ["index", "answer", "sha256"])
def test_a_damaged_or_stale_answer_is_not_read(build: Path, damage: str) -> None:
    folder = build / "kg.oxigraph" / precomputed.FOLDER
    index_path = folder / precomputed.INDEX
    index = json.loads(index_path.read_text())
    key = next(k for k, entry in index["results"].items() if (entry["query"], entry["lang"]) == ("funders", "en"))
    if damage == "index":  # an interrupted write
        index_path.unlink()
    elif damage == "answer":
        (folder / f"{key}.csv").unlink()
    else:  # the store was changed in place since (a later build that stopped before its answers)
        index["sha256"] = "0" * 64
        index_path.write_text(json.dumps(index))
    assert not run_query(open_engine(build / "kg.trig"), resolve("funders", None), {}, lang="en").rendered
    assert printed(build / "kg.trig", "funders", "-f", "csv") == run_unstored(build / "kg.trig", "funders", "csv")


def test_a_rebuild_writes_the_answers_again(tmp_path: Path) -> None:
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    out = tmp_path / "b"
    assert CliRunner().invoke(main, ["build", str(seeds), "-o", str(out), "-q", "--no-html"]).exit_code == 0
    first = json.loads((out / "kg.oxigraph" / precomputed.FOLDER / precomputed.INDEX).read_text())
    doc = tmp_path / "extra.txt"
    doc.write_text("The Zhambyl telemedicine pilot operates in Kazakhstan and is funded by the World Bank.\n",
                   encoding="utf-8")
    assert CliRunner().invoke(main, ["build", str(seeds), str(doc), "-o", str(out), "-q", "--no-html"]).exit_code == 0
    second = json.loads((out / "kg.oxigraph" / precomputed.FOLDER / precomputed.INDEX).read_text())
    assert second["sha256"] == oxstore.file_sha256(out / "kg.trig") != first["sha256"]
    assert printed(out / "kg.trig", "provenance", "-f", "csv") == printed(out / "kg.trig", "provenance", "-f", "csv",
                                                                          "--no-store")
