"""The package's stages import only from themselves and from stages before them: data flows one
way (io → text → extract → build → query → check → serve → views → cli). ``rdf`` (reading built
files, converting terms between rdflib and Oxigraph, stores) depends on no stage but io, so the
build's writers may use it; it ranks before build."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kg"
# Shared by every stage: the error types, the ontology's terms, where data files live, the fact model.
SHARED = {"errors", "terms", "paths", "model", "__init__"}
STAGES = ["io", "text", "extract", "rdf", "build", "query", "check", "serve", "views", "cli", "__main__"]
MAX_TOP_LEVEL_MODULES = 8
MAX_LINES = 600


def _stage(module: str) -> int:
    """Rank of a dotted module of the package ('kg.build.quads' → build's rank); shared modules rank lowest."""
    parts = module.split(".")
    first = parts[1] if len(parts) > 1 and ((PACKAGE / parts[1]).is_dir() or (PACKAGE / f"{parts[1]}.py").is_file()) else "__init__"
    return -1 if first in SHARED else STAGES.index(first)


def _module_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every kg module the file imports, at the top or inside a function (line, dotted name)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, f"{node.module}.{a.name}" if node.module == "kg" else node.module) for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return [(line, name) for line, name in found if name == "kg" or name.startswith("kg.")]


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_imports_from_a_later_stage(path: Path) -> None:
    here = _stage(_module_of(path))
    later = [f"line {line}: {name}" for line, name in _imports(path)
             if name != "kg" and _stage(name) > here]
    assert not later, f"{path.relative_to(PACKAGE)} imports from a later stage: {later}"


def test_no_relative_imports() -> None:
    relative = [f"{p.relative_to(PACKAGE)}:{n.lineno}" for p in MODULES
                for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
                if isinstance(n, ast.ImportFrom) and n.level > 0]
    assert not relative


def test_the_top_level_is_small_and_every_stage_is_a_folder() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top
    assert all((PACKAGE / s).is_dir() for s in STAGES if not s.startswith("__") and s != "cli")


def test_no_module_is_over_600_lines() -> None:
    long = {p.relative_to(PACKAGE).as_posix(): n for p in MODULES
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long
