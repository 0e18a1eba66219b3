"""A rebuild after one document changed writes exactly what a clean build of the edited corpus
writes: kg.ttl, kg.trig, the N-Triples export, the store's quads and the stored query answers,
file for file. The rebuild takes the fast paths (blocks from the cache, the store changed in
place, the answers worked out beside the writing or kept), the clean build none of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query import patch, precomputed
from kg.rdf import store as oxstore
from tests.build.test_blocks import append_line
from tests.conftest import SEEDS


# The answers a build stores: each heavy query in each language it takes.
ANSWERED = sum(len(langs) for _, langs in precomputed._ordered_tasks())


def build(corpus: Path, out: Path, *extra: str) -> None:
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(out), "-q", "--no-html", *extra])
    assert result.exit_code == 0, result.output


def outputs(out: Path) -> dict[str, bytes]:
    """Every output a reader sees, by name: the files, the export, the store, the answers."""
    import pyoxigraph as ox

    export = CliRunner().invoke(main, ["export", "--format", "nt", "--graph", str(out / "kg.trig")])
    assert export.exit_code == 0, export.output
    store = ox.Store.read_only(str(out / "kg.oxigraph"))
    seen = {"kg.ttl": (out / "kg.ttl").read_bytes(), "kg.trig": (out / "kg.trig").read_bytes(),
            "export.nt": export.stdout_bytes,
            "store": "\n".join(sorted(str(q) for q in store)).encode("utf-8")}
    answers = out / "kg.oxigraph" / precomputed.FOLDER
    for path in sorted(answers.iterdir()):
        seen[f"answers/{path.name}"] = path.read_bytes()
    return seen


def assert_same_as_clean(corpus: Path, out: Path, clean: Path) -> None:
    shutil.rmtree(clean, ignore_errors=True)
    build(corpus, clean, "--no-cache")
    assert oxstore.store_state(out / "kg.trig") == "fresh"
    mine, theirs = outputs(out), outputs(clean)
    assert sorted(mine) == sorted(theirs)
    assert [name for name in mine if mine[name] != theirs[name]] == []
    # Three files per stored answer (one per query and language), and the index.
    assert len([n for n in mine if n.startswith("answers/")]) == 3 * ANSWERED + 1


def test_one_edited_document_rebuilds_to_the_bytes_of_a_clean_build(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # The seeds' store is small: answers would be worked out again rather than kept.
    monkeypatch.setattr(precomputed, "ANALYSE_FROM_QUADS", 0)
    corpus, out, clean = tmp_path / "corpus", tmp_path / "out", tmp_path / "clean"
    shutil.copytree(SEEDS, corpus)
    build(corpus, out)
    folder = out / "kg.oxigraph"
    assert (folder / precomputed.ANALYSES).is_file()  # analysed beside the full build's answers
    inode = folder.stat().st_ino
    # A line with a relation and a metric: the document's graph, relations, labels and every
    # stored answer that reads them change.
    changed = append_line(corpus / "002_ec26920e654f0b8c.txt")
    build(corpus, out)
    assert folder.stat().st_ino == inode  # changed in place, not loaded anew
    assert_same_as_clean(corpus, out, clean)
    # A line that states nothing, at the end: the document's description changes (its size and
    # hash), which only `funders` reads (its predicate is a variable: it matches every
    # statement): every other answer is kept. The quotes before the line keep their offsets;
    # the store's update compares the statements as written (the store gives
    # "1"^^xsd:nonNegativeInteger back as "1"^^xsd:integer), and asks about those removed on
    # the store before the change.
    append_line(changed, "The weather was mild that week.")
    before = answer_files(out)
    build(corpus, out)
    assert folder.stat().st_ino == inode
    kept = {name for name, ino in answer_files(out).items() if before.get(name) == ino}
    assert {query for query, _ in kept_queries(out, kept)} == set(precomputed.PRECOMPUTED) - {"funders"}
    assert len(kept) == 3 * (ANSWERED - len(precomputed.LANGS))  # three files each
    assert_same_as_clean(corpus, out, clean)
    assert_same_as_clean(corpus, out, clean)
    # Nothing changed at all: every answer is kept.
    before = answer_files(out)
    build(corpus, out)
    assert len({name for name, ino in answer_files(out).items() if before.get(name) == ino}) == len(before) == 3 * ANSWERED
    assert_same_as_clean(corpus, out, clean)


def kept_queries(out: Path, kept: set[str]) -> set[tuple[str, str | None]]:
    """The queries and languages of the answer files ``kept``."""
    import json

    index = json.loads((out / "kg.oxigraph" / precomputed.FOLDER / precomputed.INDEX).read_text())["results"]
    return {(index[name.split(".")[0]]["query"], index[name.split(".")[0]]["lang"]) for name in kept}


def answer_files(out: Path) -> dict[str, int]:
    """The stored answers' files (not their index), by name, with their inodes: a kept answer
    is the same file."""
    folder = out / "kg.oxigraph" / precomputed.FOLDER
    return {p.name: p.stat().st_ino for p in folder.iterdir() if p.name != precomputed.INDEX}


def test_rows_of_changed_documents_are_patched_into_the_kept_answers(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`provenance` and `metrics-with-quotes` give one row per piece of evidence: after a rebuild
    only the changed documents' rows are worked out again and put where a clean build has them
    (kg.query.patch); every stored answer is still a clean build's, byte for byte."""
    monkeypatch.setattr(precomputed, "ANALYSE_FROM_QUADS", 0)
    answered = tmp_path / "answered"

    def answer(folder: Path, tmp: Path, task: precomputed.Task) -> list[precomputed.Answer]:
        # Runs in the forked workers: which queries were worked out whole.
        with open(answered, "a", encoding="utf-8") as handle:
            handle.write(task[0] + "\n")
        return real(folder, tmp, task)
    real = precomputed._answer
    monkeypatch.setattr(precomputed, "_answer", answer)

    def whole() -> set[str]:
        names = set(answered.read_text(encoding="utf-8").split()) if answered.exists() else set()
        answered.unlink(missing_ok=True)
        return names

    corpus, out, clean = tmp_path / "corpus", tmp_path / "out", tmp_path / "clean"
    shutil.copytree(SEEDS, corpus)
    build(corpus, out)
    whole()
    documents = sorted(corpus.glob("*.txt"))
    # Each edit below changes some documents' rows; the patched queries are never answered whole.
    edits = [
        # a relation and a metric added to the third document (its rows sort between others')
        lambda: append_line(documents[2]),
        # a new document whose name sorts between two others, and one that sorts last
        lambda: (corpus / "0015_new.txt").write_text(documents[1].read_text(encoding="utf-8")
                                                     + "\nThe network connected 17 clinics in 2023.\n",
                                                     encoding="utf-8"),
        lambda: (corpus / "zz_last.txt").write_text("UNICEF funds the project in Osh Region. 12 clinics "
                                                    "were connected in 2022.\n", encoding="utf-8"),
        # a number changed, and a document removed
        lambda: (corpus / "zz_last.txt").write_text("UNICEF funds the project in Osh Region. 13 clinics "
                                                    "were connected in 2022.\n", encoding="utf-8"),
        lambda: documents[0].unlink(),
    ]
    for edit in edits:
        edit()
        build(corpus, out)
        assert whole().isdisjoint(patch.DOCUMENT_ROWS)
        assert_same_as_clean(corpus, out, clean)
        whole()  # the clean build's own answers


def test_a_patch_that_cannot_be_sure_is_refused() -> None:
    # Rows the ORDER BY leaves in the engine's order; an ORDER BY that is not plain variables.
    with pytest.raises(patch.Refused):
        patch.splice({"srt": ["?file\t?x", '"a"\t1', '"a"\t2'], "csv": ["file,x", "a,1", "a,2"]},
                     {"srt": [], "csv": []}, ["file", "x"], "file", ["file"], set())
    with pytest.raises(patch.Refused):
        patch.order_variables("SELECT ?a WHERE { ?a ?b ?c } ORDER BY DESC(?a)")
    assert patch.order_variables("SELECT ?a WHERE { ?a ?b ?c }\nORDER BY ?a ?c  # why\n") == ["a", "c"]
    # A new file's rows go where its name sorts, code point by code point.
    spliced = patch.splice({"srt": ["?file\t?x", '"a"\t1', '"c"\t2'], "csv": ["file,x", "a,1", "c,2"]},
                           {"srt": ['"b"\t3'], "csv": ["b,3"]}, ["file", "x"], "file", ["file", "x"], {'"b"'})
    assert spliced["csv"] == ["file,x", "a,1", "b,3", "c,2"]


def test_a_rebuild_reads_no_unchanged_documents_statements(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After one document changed, the others' named graphs stay in their blocks: kg.trig copies
    them from the previous kg.trig, kg.ttl remakes only the parts the change touches from the
    previous kg.ttl, and the store's update reads the changed document's previous block (its
    statements as written) and nothing else. Without that block the rebuild is still a clean
    build's, the slower way."""
    from kg.build import turtleparts
    from kg.build.blocks import BlockFiles
    from kg.build.trigparts import TrigParts

    read: list[str] = []
    named_statements = BlockFiles.named_statements
    monkeypatch.setattr(BlockFiles, "named_statements", lambda self, key: read.append(key) or named_statements(self, key))
    copied: list[int] = []
    trig_write = TrigParts.write

    def write(self: TrigParts, *args: object) -> None:
        trig_write(self, *args)  # type: ignore[arg-type]
        copied.append(self.copied)
    monkeypatch.setattr(TrigParts, "write", write)
    changed_parts: list[int] = []
    write_changed = turtleparts.TurtleParts._write_changed
    monkeypatch.setattr(turtleparts.TurtleParts, "_write_changed",
                        lambda self, *args: changed_parts.append(1) or write_changed(self, *args))
    corpus, out, clean = tmp_path / "corpus", tmp_path / "out", tmp_path / "clean"
    shutil.copytree(SEEDS, corpus)
    documents = sorted(corpus.glob("*.txt"))
    build(corpus, out)
    read.clear(), copied.clear()
    append_line(documents[2])
    build(corpus, out)
    assert len(read) == 1 and copied == [len(documents) - 1] and changed_parts == [1]
    assert_same_as_clean(corpus, out, clean)
    # A document removed: its previous block is read, the other three graphs copied.
    read.clear(), copied.clear(), changed_parts.clear()
    documents[0].unlink()
    build(corpus, out)
    assert len(read) == 1 and copied == [len(documents) - 1] and changed_parts == [1]
    assert_same_as_clean(corpus, out, clean)
    # The previous blocks gone: the store's statements are not the file's in every literal, so
    # kg.ttl is written whole (every graph read), and still the same bytes.
    shutil.rmtree(out / ".cache" / "blocks")
    changed_parts.clear()
    append_line(documents[1], "The weather was mild that week.")
    build(corpus, out)
    assert changed_parts == []
    assert_same_as_clean(corpus, out, clean)


def test_a_relation_taken_out_again_keeps_conflicts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A line with a new relation added, then taken out: the statements removed (the funder's
    label among them) are asked about on the store before the change, as those added are on the
    store after it: they were in no solution of `conflicts`, whose answer is kept both times (as
    is `metrics-with-quotes`': the line states no number)."""
    monkeypatch.setattr(precomputed, "ANALYSE_FROM_QUADS", 0)
    corpus, out, clean = tmp_path / "corpus", tmp_path / "out", tmp_path / "clean"
    shutil.copytree(SEEDS, corpus)
    document = corpus / "002_ec26920e654f0b8c.txt"
    text = document.read_text(encoding="utf-8")
    build(corpus, out)
    for edit in (lambda: append_line(document, "UNICEF funds the project in Osh Region."),
                 lambda: document.write_text(text, encoding="utf-8")):
        edit()
        before = answer_files(out)
        build(corpus, out)
        kept = {name for name, ino in answer_files(out).items() if before.get(name) == ino}
        assert {query for query, _ in kept_queries(out, kept)} == {"conflicts", "metrics-with-quotes"}
        assert_same_as_clean(corpus, out, clean)
