"""CONSTRUCT results as Turtle: sorted by subject, predicate and object as text, written a run of
subjects at a time from one string a triple (kg/query/results.py), and the same text as the whole
sorted list serialised at once, as it was written before."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query import results
from kg.query.prefixes import PREFIX_IRIS

# Terms whose text sorts at its edges: a blank node as subject and object (b1 < b10 < b2), one IRI
# a prefix of another (s < s/a, s#a), tags of which one starts the other, typed literals that
# Turtle shortens (integer, decimal, double, boolean), escapes and characters below a space,
# characters outside the BMP, the country namespace (a prefixed name).
ODD = r"""
_:b1 <http://x/p> "a\u0001\n\"b\\c\t" .
<http://x/s> <http://x/p> _:b1 .
<http://x/s> <http://x/p> "x"@en .
<http://x/s> <http://x/p> "x"@en-us .
<http://x/s> <http://x/p> "217.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .
<http://x/s> <http://x/p> "1e3"^^<http://www.w3.org/2001/XMLSchema#double> .
<http://x/s> <http://x/p> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<http://x/s> <http://x/p> "-5"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://x/s/a> <http://x/p> "q" .
<http://x/s#a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/C> .
<http://x/s> <http://x/p/q> "long \u00e9 line with ' and \" and \r" .
<https://w3id.org/telemed-kg/id/country/KZ> <http://x/p> _:b10 .
<https://w3id.org/telemed-kg/id/country/KZ> <http://x/p> _:b2 .
_:b10 <http://x/p> "é" .
_:b2 <http://x/p> "\uD7FF\U0001F600" .
"""


def whole(triples: list[ox.Triple]) -> str:
    """The Turtle of the whole list sorted at once (the writer before runs)."""
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    lines = ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=PREFIX_IRIS).decode("utf-8").splitlines(True)
    return "".join(sorted(line for line in lines if line.startswith("@prefix "))
                   + [line for line in lines if not line.startswith("@prefix ")])


def shuffled(triples: list[ox.Triple]) -> list[ox.Triple]:
    out = list(triples)
    random.Random(7).shuffle(out)
    return out


@pytest.mark.parametrize("run", [1, 2, 3, 7, 5000])
def test_runs_of_subjects_give_the_whole_text(run: int, built_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results, "_TURTLE_RUN", run)
    odd = [q.triple for q in ox.parse(ODD, format=ox.RdfFormat.N_TRIPLES)]
    assert results.turtle(iter(shuffled(odd))) == whole(odd)
    seeds = list({q.triple for q in ox.parse(path=str(built_dir / "kg.trig"))})
    assert len(seeds) > 5000
    assert results.turtle(iter(shuffled(seeds))) == whole(seeds)
    assert results.turtle(iter([])) == whole([]) == ""


def test_a_construct_is_read_as_it_comes(built_dir: Path) -> None:
    # The CLI hands the engine's triples to the writer as an iterator; the text is the same.
    printed = CliRunner().invoke(main, ["query", "country-subgraph", "-p", "country=country:KZ",
                                        "--graph", str(built_dir / "kg.trig")])
    assert printed.exit_code == 0, printed.output
    from kg.query.catalogue import resolve, run_query
    from kg.query.engine import open_engine

    held = run_query(open_engine(built_dir / "kg.trig"), resolve("country-subgraph", None), {"country": "country:KZ"})
    assert isinstance(held.triples, list) and held.triples
    assert printed.output == whole(held.triples)
    buffer = io.StringIO()
    results.write_result(held, "turtle", buffer)
    assert buffer.getvalue() == printed.output
