"""Scale: parallel extraction, the per-document cache and the fast writers are optimisations,
never a change in output."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg import paths
from kg.build.cache import FactsCache
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.build.pipeline import build_graph
from kg.build.quads import QuadSet
from kg.build.serialize import serialize

from tests.conftest import ROOT, SEEDS

ENTITY_ARTICLES = ROOT / "tests" / "data" / "entities"


def _outputs(result) -> tuple[str, str]:
    return serialize(result.quads, "turtle"), serialize(result.quads, "trig")


def test_parallel_extraction_gives_the_same_graph(lexicon: Lexicon) -> None:
    sources = [SEEDS, ENTITY_ARTICLES]
    serial = build_graph(sources, lexicon, workers=1)
    parallel = build_graph(sources, lexicon, workers=2)
    assert len(serial.documents) == 11
    assert _outputs(serial) == _outputs(parallel)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(ENTITY_ARTICLES, folder)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    shutil.copy(SEEDS / "metadata.yaml", folder / "metadata.yaml")
    return folder


def test_incremental_rebuild_equals_clean_build(corpus: Path, tmp_path: Path, lexicon: Lexicon) -> None:
    cache = tmp_path / "cache"
    first = build_graph([corpus], lexicon, cache_dir=cache, workers=1)
    assert first.cached == 0 and len(first.documents) == 11
    again = build_graph([corpus], lexicon, cache_dir=cache, workers=1)
    assert again.cached == 11
    assert _outputs(again) == _outputs(first)

    changed = sorted(corpus.glob("*.txt"))[2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUNICEF funds the Telemedicine Programme in Kyrgyzstan.\n",
                       encoding="utf-8")
    incremental = build_graph([corpus], lexicon, cache_dir=cache, workers=1)
    clean = build_graph([corpus], lexicon, workers=1)
    assert incremental.cached == 10
    assert _outputs(incremental) == _outputs(clean)
    assert _outputs(incremental) != _outputs(first)
    # The entry of the document as it was is gone: the cache holds what the corpus holds.
    assert len(list(cache.glob("*/*.json"))) == 11


def test_lexicon_change_reextracts_everything(corpus: Path, tmp_path: Path, lexicon: Lexicon) -> None:
    cache = tmp_path / "cache"
    build_graph([corpus], lexicon, cache_dir=cache, workers=1)
    edited = tmp_path / "lexicon.yaml"
    edited.write_text(paths.lexicon_file().read_text(encoding="utf-8") + "\n# a curator's note\n", encoding="utf-8")
    changed_lexicon = load_lexicon(edited)
    assert changed_lexicon.fingerprint != lexicon.fingerprint
    rebuilt = build_graph([corpus], changed_lexicon, cache_dir=cache, workers=1)
    assert rebuilt.cached == 0


def test_damaged_cache_entries_are_misses_not_errors(corpus: Path, tmp_path: Path, lexicon: Lexicon) -> None:
    cache = tmp_path / "cache"
    clean = build_graph([corpus], lexicon, cache_dir=cache, workers=1)
    entries = sorted(cache.glob("*/*.json"))
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # torn write
    entries[1].write_text('{"doc_id": "x"}', encoding="utf-8")  # wrong shape
    entries[2].write_bytes(b"\x80\x81 not json")
    # With every document's block kept, no facts are read: the damaged entries are not seen.
    kept = build_graph([corpus], lexicon, cache_dir=cache, workers=1)
    assert kept.cached == 11
    assert _outputs(kept) == _outputs(clean)
    # Asked for, they are read (from the cache, or extracted again where damaged).
    assert [f.doc_id for f in kept.facts] == [f.doc_id for f in clean.facts]
    shutil.rmtree(cache / "blocks")  # now the facts are needed
    rebuilt = build_graph([corpus], lexicon, cache_dir=cache, workers=1)
    assert rebuilt.cached == 8
    assert _outputs(rebuilt) == _outputs(clean)


def test_a_damaged_block_of_a_document_whose_facts_were_not_read(corpus: Path, tmp_path: Path,
                                                                  lexicon: Lexicon) -> None:
    cache = tmp_path / "cache"
    clean = build_graph([corpus], lexicon, cache_dir=cache, workers=1)
    for block in sorted((cache / "blocks").glob("*/*.block"))[:2]:
        block.write_bytes(block.read_bytes()[:50])  # torn, found only once assembly reads it
    next(iter(sorted(cache.glob("*/*.json")))).unlink()
    rebuilt = build_graph([corpus], lexicon, cache_dir=cache, workers=1)
    assert _outputs(rebuilt) == _outputs(clean)


def test_cli_rebuild_uses_the_cache(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "kg", "build", str(SEEDS), "-o", str(out), "--no-html"]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    ttl = (out / "kg.ttl").read_bytes()
    second = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "0 unchanged, from the cache" in first.stdout
    assert "4 unchanged, from the cache" in second.stdout
    assert (out / "kg.ttl").read_bytes() == ttl
    subprocess.run(command + ["--no-cache"], capture_output=True, text=True, check=True)
    assert (out / "kg.ttl").read_bytes() == ttl


def _stderr_on_a_terminal(command: list[str]) -> str:
    """Run with stderr on a pseudo-terminal (as in an interactive shell); return what it showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.wait(timeout=120) == 0
    return shown.decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "kg", "build", str(SEEDS), "-o", str(tmp_path / "a"), "--no-html", "--no-cache"]
    shown = _stderr_on_a_terminal(command)
    assert "extracting" in shown and "4/4" in shown
    assert "extracting" not in _stderr_on_a_terminal(command + ["--quiet"])
    piped = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "extracting" not in piped.stderr


@pytest.mark.parametrize("fmt, oxformat", [("turtle", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES),
                                           ("trig", ox.RdfFormat.TRIG), ("nquads", ox.RdfFormat.N_QUADS),
                                           ("json-ld", ox.RdfFormat.JSON_LD)])
def test_every_format_reads_back_as_the_same_graph(seed_build, fmt: str, oxformat: ox.RdfFormat) -> None:
    text = serialize(seed_build.quads, fmt)
    back = QuadSet.from_ox(ox.parse(text.encode("utf-8"), format=oxformat))
    if fmt in ("trig", "nquads"):
        assert back.graphs == {name: stmts for name, stmts in seed_build.quads.graphs.items() if stmts}
    else:
        assert back.union() == seed_build.quads.union()


def test_turtle_also_parses_in_rdflib(seed_build) -> None:
    graph = Graph().parse(data=serialize(seed_build.quads, "turtle"), format="turtle")
    assert len(graph) == len(seed_build.quads)


def test_no_triple_sits_in_two_graphs(lexicon: Lexicon, tmp_path: Path) -> None:
    """Oxigraph reads the union of the named graphs as a bag: a relation copied into every
    document's graph that states it would be counted, and joined, once per document."""
    from benchmarks.corpus import write_corpus

    write_corpus(tmp_path / "corpus", 40)  # the same programmes recur across its articles
    result = build_graph([SEEDS, tmp_path / "corpus"], lexicon, workers=1)
    graphs = [statements for statements in result.quads.graphs.values() if statements]
    assert sum(len(statements) for statements in graphs) == len(result.quads.union())
    # Several documents state the same relation; it is one triple with evidence from each.
    store = ox.Store()
    store.bulk_load(serialize(result.quads, "trig").encode("utf-8"), format=ox.RdfFormat.TRIG)
    shared = list(store.query("""
        PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?statement (COUNT(DISTINCT ?doc) AS ?docs) WHERE {
          ?statement a <https://w3id.org/telemed-kg/ontology#Statement> .
          ?a oa:hasBody ?statement ; prov:wasDerivedFrom ?doc }
        GROUP BY ?statement HAVING (COUNT(DISTINCT ?doc) > 1)""", use_default_graph_as_union=True))
    assert shared
    total = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True))
    assert int(total[0]["n"].value) == len(result.quads)


def test_cache_key_covers_every_module_extraction_imports(tmp_path: Path) -> None:
    """A module extraction reaches only through other imports (terms.py, via the lexicon) is in the
    key; one it never imports (the CLI) is not. Checked on a copy of the package."""
    import shutil

    from kg.build.cache import _ENTRY_POINTS, fingerprint_of, import_closure

    package = tmp_path / "kg"
    shutil.copytree(Path(__file__).resolve().parents[2] / "kg", package,
                    ignore=shutil.ignore_patterns("__pycache__", "_data"))
    closure = {p.relative_to(package).as_posix() for p in import_closure(package, _ENTRY_POINTS)}
    assert {"terms.py", "io/turtlefile.py", "io/yamlfile.py", "paths.py", "errors.py", "extract/programmes.py",
            "text/__init__.py", "__init__.py"} <= closure
    assert "cli.py" not in closure
    before = fingerprint_of(package)
    (package / "cli.py").write_text((package / "cli.py").read_text(encoding="utf-8") + "\n# unrelated\n", encoding="utf-8")
    assert fingerprint_of(package) == before
    (package / "terms.py").write_text((package / "terms.py").read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert fingerprint_of(package) != before
    before = fingerprint_of(package)
    nested = package / "io" / "yamlfile.py"
    nested.write_text(nested.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert fingerprint_of(package) != before


def test_blocks_made_by_the_workers_give_a_clean_builds_graph(corpus: Path, tmp_path: Path,
                                                               lexicon: Lexicon) -> None:
    # With a cache, each extraction worker writes the document's facts and statement block
    # itself and sends no facts back; the graph is assembled from the blocks.
    from kg.build.blocks import FOLDER, BlockStore

    cache = tmp_path / "cache"
    built = build_graph([corpus], lexicon, cache_dir=cache, workers=2)
    clean = build_graph([corpus], lexicon, workers=1)
    assert _outputs(built) == _outputs(clean)
    assert all(facts is None for facts in built.known_facts[1:])  # none sent back or held
    assert built.facts == clean.facts  # read from the cache when asked for
    blocks = BlockStore(cache / FOLDER, lexicon.fingerprint, (paths.curation_file()).read_bytes())
    assert all(blocks.has(blocks.key(doc)) for doc in built.documents)


def test_extract_all_hands_each_documents_facts_to_keep_in_the_worker(lexicon: Lexicon) -> None:
    from kg.build.pipeline import extract_all
    from kg.text.ingest import ingest

    documents = ingest([ENTITY_ARTICLES]).documents
    assert len(documents) >= 2
    here = os.getpid()

    def keep(index: int, facts) -> bool:
        assert os.getpid() != here  # in a worker process
        return index % 2 == 0  # even documents kept there: None comes back for them
    everything = extract_all(documents, lexicon, workers=2)
    parallel = extract_all(documents, lexicon, workers=2, keep=keep)
    assert parallel == [None if i % 2 == 0 else f for i, f in enumerate(everything)]
    # In this process there is nothing to gain: every document's facts come back.
    assert extract_all(documents, lexicon, workers=1, keep=keep) == everything
