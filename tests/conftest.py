from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from kg.extract.lexicon import Lexicon, load_lexicon
from kg.build.pipeline import BuildResult, build_graph
from kg.rdf.convert import union_graph

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="session")
def seed_build(lexicon: Lexicon) -> BuildResult:
    return build_graph([SEEDS], lexicon)


@pytest.fixture(scope="session")
def seed_graph(seed_build: BuildResult) -> Graph:
    return union_graph(seed_build.dataset)


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real CLI build of the seeds, written to disk once."""
    from click.testing import CliRunner

    from kg.cli import main

    out = tmp_path_factory.mktemp("build")
    result = CliRunner().invoke(main, ["build", str(SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture()
def build(built_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the seed build (kg.trig and its store, with the answers `kg build` stored), free to damage."""
    out = tmp_path / "build"
    out.mkdir()
    shutil.copy2(built_dir / "kg.trig", out / "kg.trig")
    shutil.copytree(built_dir / "kg.oxigraph", out / "kg.oxigraph")
    return out
