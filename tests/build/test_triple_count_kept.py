"""`kg build` keeps the union's distinct triple count beside the store it writes, so that the
first `kg stats` of a build does not count it with a DISTINCT over every quad. The kept figure
must be the one counting gives, for a full build, a rebuild (the store changed in place) and a
streamed N-Quads build, whose named graphs are counted as they are assembled."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.rdf.load import load_union
from kg.rdf.store import open_read_only, read_manifest
from kg.rdf.subset import TRIPLE_COUNT, triple_count
from tests.build.test_blocks import append_line
from tests.conftest import SEEDS


def kept(folder: Path) -> int:
    memo = json.loads((folder / TRIPLE_COUNT).read_text(encoding="utf-8"))
    manifest = read_manifest(folder)
    assert manifest is not None and memo["store"]["sha256"] == manifest["sha256"]
    return int(memo["triples"])


def build(corpus: Path, out: Path, *extra: str) -> None:
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "-q", "--no-html", *extra])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_the_build_keeps_the_count_counting_gives(tmp_path: Path, fmt: str) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(SEEDS, corpus)
    build(corpus, out, "--format", fmt)
    graph = out / ("kg.trig" if fmt == "trig" else "kg.nq")
    folder = out / "kg.oxigraph"
    count = kept(folder)
    assert count == triple_count(open_read_only(folder)) == len(load_union(graph))
    # `kg stats` prints it without counting again.
    stats = CliRunner().invoke(main, ["stats", "-f", "json", "--graph", str(graph)])
    assert stats.exit_code == 0 and json.loads(stats.output)["triples"] == count
    # A rebuild after one document changed keeps the new store's count.
    append_line(corpus / "002_ec26920e654f0b8c.txt")
    build(corpus, out, "--format", fmt)
    assert kept(folder) == triple_count(open_read_only(folder)) == len(load_union(graph)) != count
