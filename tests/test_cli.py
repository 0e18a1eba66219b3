"""The CLI as a user drives it: outputs, queries, errors with documented exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.errors import GraphNotBuiltError, InputError, QueryError

from .conftest import ROOT


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_build_writes_outputs_and_summary(built_dir: Path) -> None:
    for name in ("kg.ttl", "kg.trig", "kg.html"):
        assert (built_dir / name).stat().st_size > 1000
    html = (built_dir / "kg.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']https?://""", html)


def test_query_programmes_per_country(built_dir: Path) -> None:
    result = invoke("query", "programmes-per-country", "--graph", str(built_dir / "kg.trig"), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()
    assert rows[0].startswith("country,countryLabel,programme,programmeLabel,funders,implementers")
    kyrgyz = [r for r in rows if "Bridging the Digital Health Divide" in r]
    assert kyrgyz and "Kyrgyzstan" in kyrgyz[0] and "European Union" in kyrgyz[0]


def test_conflict_pairs_are_an_option_of_conflicts(built_dir: Path) -> None:
    # Issue #16: `conflicts` answers one row per disagreement; the pairwise listing is its option.
    graph = str(built_dir / "kg.trig")
    listed = invoke("query", "--list")
    assert "conflicts-pairs" not in listed.output
    assert re.search(r"^conflicts .*\[options: --pairs\]$", listed.output, re.MULTILINE), listed.output
    assert "--pairs" in invoke("query", "--help").output
    pairs = invoke("query", "conflicts", "--pairs", "-f", "csv", "--graph", graph)
    assert pairs.exit_code == 0, pairs.output
    assert pairs.output.splitlines()[0] == ("subject,subjectLabel,indicator,period,unit,value1,bound1,quote1,file1,"
                                            "start1,value2,bound2,quote2,file2,start2,metric1,metric2")
    # The file runs as it is, like any .rq (and streams the same way: tests/query/test_pairs_streamed.py).
    as_file = invoke("query", str(ROOT / "queries" / "options" / "conflicts-pairs.rq"), "-f", "csv", "--graph", graph)
    assert as_file.exit_code == 0 and as_file.output == pairs.output
    for argv, message in ((["conflicts-pairs"], "conflicts-pairs is now an option: kg query conflicts --pairs"),
                          (["funders", "--pairs"], "--pairs is an option of `kg query conflicts` only"),
                          (["-e", "SELECT * WHERE { ?s ?p ?o }", "--pairs"], "--pairs is an option of")):
        refused = invoke("query", *argv, "--graph", graph)
        assert refused.exit_code == QueryError.exit_code and message in refused.output, (argv, refused.output)


def test_query_metrics_with_quotes_as_json(built_dir: Path) -> None:
    result = invoke("query", "metrics-with-quotes", "--graph", str(built_dir / "kg.trig"), "--format", "json")
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.output)["results"]["bindings"]
    assert len(bindings) > 60
    quotes = [b["quote"]["value"] for b in bindings if b["value"]["value"] in ("39569", "39569.0")]
    assert quotes and "39 569" in quotes[0]


def test_query_parameter_is_bound_not_pasted(built_dir: Path) -> None:
    graph = str(built_dir / "kg.trig")
    ok = invoke("query", "metrics-about", "-p", "entity=https://w3id.org/telemed-kg/id/region/kz-pavlodar-region",
                "--graph", graph, "-f", "csv")
    assert ok.exit_code == 0 and "22" in ok.output
    # A plain string for an IRI parameter is a name to look up (exit 6 when nothing has it),
    # never query text.
    hostile = invoke("query", "metrics-about", "-p", 'entity=x" } ; DROP ALL ; #', "--graph", graph, "-f", "csv")
    assert hostile.exit_code == 6 and "nothing in the graph has the label" in hostile.output
    again = invoke("query", "metrics-about", "-p", "entity=region:kz-pavlodar-region", "--graph", graph, "-f", "csv")
    assert again.output == ok.output


def test_table2_query_orders_regions(built_dir: Path) -> None:
    result = invoke("query", "ntn-facilities-by-region", "--graph", str(built_dir / "kg.trig"), "-f", "csv")
    lines = result.output.splitlines()[1:]
    assert len(lines) == 20
    first, last = lines[0].split(","), lines[-1].split(",")
    assert first[1] == "Pavlodar Region" and float(first[2]) == 22 and float(first[3]) == 217
    assert last[1] == "Ulytau Region" and float(last[2]) == 0


def test_malformed_query_reports_line_and_column(built_dir: Path) -> None:
    result = invoke("query", "-e", "SELECT ?x WHERE { ?x ?y }", "--graph", str(built_dir / "kg.trig"))
    assert result.exit_code == QueryError.exit_code
    assert "malformed SPARQL" in result.output and "line" in result.output


def test_query_name_cannot_escape_the_queries_folder(built_dir: Path) -> None:
    result = invoke("query", "../../etc/passwd", "--graph", str(built_dir / "kg.trig"))
    assert result.exit_code == QueryError.exit_code


def test_missing_graph_and_missing_source_exit_codes(tmp_path: Path) -> None:
    result = invoke("query", "programmes-per-country", "--graph", str(tmp_path / "nope.trig"))
    assert result.exit_code == GraphNotBuiltError.exit_code
    assert result.output.startswith("kg: error:") and "Traceback" not in result.output
    result = invoke("build", str(tmp_path / "missing"), "-o", str(tmp_path / "out"))
    assert result.exit_code == InputError.exit_code
    assert not (tmp_path / "out").exists()


def test_binary_and_empty_files_are_skipped_with_reasons(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("The Ministry of Health of Kyrgyzstan launched the “Digital Village” "
                                     "programme in Naryn Region, funded by the World Bank.", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "scan.txt").write_bytes(b"%PDF-1.7\n%binary")
    result = invoke("build", str(corpus), "-o", str(tmp_path / "out"), "--no-html")
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output and "empty.txt" in result.output and "scan.txt" in result.output
    ttl = (tmp_path / "out" / "kg.ttl").read_text(encoding="utf-8")
    assert "programme:digital-village" in ttl and "funder:world-bank" in ttl


def test_cp1251_russian_is_decoded_not_mojibake(tmp_path: Path) -> None:
    doc = tmp_path / "ru.txt"
    doc.write_bytes("В Казахстане стартовал проект «Цифровое село» в Павлодарской области.".encode("cp1251"))
    result = invoke("build", str(doc), "-o", str(tmp_path / "out"), "--no-html")
    assert result.exit_code == 0, result.output
    ttl = (tmp_path / "out" / "kg.ttl").read_text(encoding="utf-8")
    assert "Цифровое село" in ttl and '"cp1251"' in ttl


def test_export_formats(built_dir: Path, tmp_path: Path) -> None:
    for fmt in ("nt", "nquads", "json-ld", "trig"):
        out = tmp_path / f"kg.{fmt}"
        result = invoke("export", "--format", fmt, "--graph", str(built_dir / "kg.trig"), "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 10000


def test_validate_and_stats(built_dir: Path) -> None:
    result = invoke("validate", "--graph", str(built_dir / "kg.trig"))
    assert result.exit_code == 0 and "conforms" in result.output
    result = invoke("stats", "--graph", str(built_dir / "kg.trig"))
    assert result.exit_code == 0 and "Programme" in result.output


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"kg {name}" in readme, name


def test_readme_commands_are_the_makefile_targets() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme and "make test" in ci


def test_table_output_right_aligns_numbers(built_dir: Path) -> None:
    result = invoke("query", "ntn-facilities-by-region", "--graph", str(built_dir / "kg.trig"), "-f", "table")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split("│")[1].strip() == "regionLabel"
    pavlodar = next(line for line in lines if "Pavlodar Region" in line)
    cells = pavlodar.split("│")
    assert cells[2].startswith(" ") and cells[2].strip() in ("22", "22.0")
    assert lines[-1] == "(20 rows)"


def test_viz_views_from_the_cli(built_dir: Path, tmp_path: Path) -> None:
    graph = str(built_dir / "kg.trig")
    country = invoke("viz", "--graph", graph, "--country", "KZ", "--no-metrics", "-o", str(tmp_path / "kz.html"))
    assert country.exit_code == 0, country.output
    assert "country Kazakhstan (KZ)" in country.output and (tmp_path / "kz.html").stat().st_size > 10000
    constructed = invoke("viz", "--graph", graph, "--query", "country-subgraph", "-p", "country=country:KZ",
                         "-o", str(tmp_path / "q.html"))
    assert constructed.exit_code == 0 and "country-subgraph" in constructed.output
    select = invoke("viz", "--graph", graph, "--query", "programmes-per-country", "-o", str(tmp_path / "s.html"))
    assert select.exit_code == QueryError.exit_code and not (tmp_path / "s.html").exists()
    clash = invoke("viz", "--graph", graph, "--no-metrics", "--metrics-only")
    assert clash.exit_code == 2


def test_entities_listing_and_validate_warnings(built_dir: Path) -> None:
    graph = str(built_dir / "kg.trig")
    listing = invoke("entities", "--graph", graph, "--class", "programme", "--lang", "ru")
    assert listing.exit_code == 0 and "Национальная телемедицинская сеть" in listing.output
    assert "country" not in listing.output.split("\n", 1)[1]
    report = invoke("validate", "--graph", graph)
    # Seed 001's "В том числе: 118 …, 36 …; 27 … и других" names some of the 217, not all of them:
    # no warning (it was reported as an incomplete complete breakdown before).
    assert report.exit_code == 0 and "conforms" in report.output and "consistency warning" not in report.output
