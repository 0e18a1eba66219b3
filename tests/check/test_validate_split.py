"""`kg validate` on a large graph splits its work: the store is loaded in a thread beside the pass
that keeps literals as written, and the constraints checked in SPARQL run in a forked process
while this one checks the literals and reads the metrics (``kg.check.shacl``, ``processes``).
Split or not, the report is the same; a file that does not parse is still one line and exit 3."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, URIRef

from kg.check.shacl import validate, validate_file
from kg.cli import main
from kg.errors import InputError

from .test_metricsread import build_corpus
from .test_shaclcore import BROKEN
from .test_shapes import BREAKS, SPARQL_VARIANTS, VALID, graph_of


def _every_break() -> str:
    every = VALID
    for old, new in BREAKS:
        every = every.replace(old, new)
    return every


@pytest.mark.parametrize("name", ["all the breaks at once", *SPARQL_VARIANTS])
def test_the_split_run_gives_the_one_process_report(name: str) -> None:
    graph = graph_of(_every_break()) if name == "all the breaks at once" else SPARQL_VARIANTS[name]()
    one = validate(graph, processes=1)
    split = validate(graph, processes=2)
    assert split == one
    assert name == "valid" or not split.conforms


def test_a_file_split_gives_the_one_process_report_and_findings(tmp_path: Path) -> None:
    # A built corpus with a conflict and a breakdown that exceeds its total, and the broken shapes'
    # graph beside it in named and default graphs: SHACL results and consistency warnings both.
    dataset = build_corpus(tmp_path).dataset
    named = dataset.graph(URIRef("https://w3id.org/telemed-kg/id/graph/broken"))
    for i, triple in enumerate(sorted(graph_of(_every_break()) + BROKEN["ill-typed count"])):
        (named if i % 2 else dataset.default_graph).add(triple)
    path = tmp_path / "kg.trig"
    dataset.serialize(path, format="trig")
    one_findings: list = []
    split_findings: list = []
    one = validate_file(path, processes=1, consistency=one_findings)
    split = validate_file(path, processes=2, consistency=split_findings)
    assert split == one and not split.conforms
    assert split_findings == one_findings and {f.kind for f in one_findings} == {"conflict", "breakdown-exceeds"}


def test_a_file_that_does_not_parse_is_one_line_and_exit_3(tmp_path: Path) -> None:
    path = tmp_path / "kg.trig"
    path.write_text("<https://example.org/a> <https://example.org/b> \"unclosed .\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid"):
        validate_file(path)
    result = CliRunner().invoke(main, ["validate", "--graph", str(path)])
    assert result.exit_code == 3
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1, result.output


def test_an_ill_typed_literal_is_a_result_not_a_traceback(tmp_path: Path) -> None:
    # rdflib logs an ill-typed literal ("three"^^xsd:integer) with a traceback when it reads one,
    # through Python's last-resort handler: a real process shows what the user sees.
    path = tmp_path / "kg.trig"
    BROKEN["ill-typed count"].serialize(path, format="trig")
    result = subprocess.run([sys.executable, "-m", "kg", "validate", "--graph", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 8
    assert '"three"^^xsd:integer' in result.stdout
    assert result.stderr.strip().splitlines() == ["kg: error: 1 SHACL violation(s)"], result.stderr
