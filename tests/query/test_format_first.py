"""`kg query -f FORMAT` refuses a format that cannot fit the query's result before the query
runs: a CONSTRUCT asked for as CSV used to be evaluated whole first (country-subgraph: 40 s at
10,000 documents) and then refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.query.guard import query_form

# Every statement with every statement with every statement: never finishes on the seeds.
ENDLESS = "CONSTRUCT { ?a ?p ?c } WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?s ?w }"


def kg(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_a_graph_in_rows_is_refused_before_the_query_runs(built_dir: Path, fmt: str) -> None:
    done = kg("query", "-e", ENDLESS, "-f", fmt, "--graph", str(built_dir / "kg.trig"))
    assert done.returncode == 6
    assert done.stderr.strip().splitlines() == [f"kg: error: a CONSTRUCT or DESCRIBE query gives a graph: use --format turtle, not {fmt}"]
    assert done.stdout == ""


def test_rows_in_turtle_are_refused_and_fitting_formats_run(built_dir: Path) -> None:
    done = kg("query", "labels", "-f", "turtle", "--graph", str(built_dir / "kg.trig"))
    assert (done.returncode, done.stderr.strip()) == (6, "kg: error: --format turtle is for CONSTRUCT and DESCRIBE queries")
    done = kg("query", "country-subgraph", "-p", "country=country:KZ", "-f", "turtle", "--graph", str(built_dir))
    assert done.returncode == 0 and "@prefix" in done.stdout


def test_the_form_is_the_first_keyword_outside_strings_iris_and_comments() -> None:
    assert query_form("# CONSTRUCT in a comment\nPREFIX select: <urn:construct:>\nSELECT * WHERE { ?s ?p 'ASK' }") == "SELECT"
    assert query_form("BASE <urn:x:> CONSTRUCT WHERE { ?s ?p ?o }") == "GRAPH"
    assert query_form("describe <urn:x>") == "GRAPH"
    assert query_form("ASK { }") == "ASK"
    assert query_form("PREFIX x: <urn:x:>") is None
