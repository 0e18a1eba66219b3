"""Rows of the heavy shipped queries, worked out once by `kg build` and kept beside the store.

Some shipped queries join every metric or every piece of evidence in the graph: at 10,000
documents they took 10–25 s on the on-disk store, most of it one RocksDB read per row and
property (benchmarks/results/store.md). Their answer changes only when the graph does, so
`kg build` runs them once per label language (``LANGS``: what `kg query NAME --lang L` asks,
with no parameters; a query without labels once), and writes the rows into
``kg.oxigraph/kg-results/``: the rows as SPARQL results (TSV, every term as the engine gave it)
and the CSV and TSV output `kg query` would print.

A stored answer is used only when it is certainly the one the query would give: the query text
is the one that was run (its hash names the answer, so an edited .rq file is run again), the
parameters are the same, and the index was written for the store as it is now (the sha256 of
the graph file the store's manifest names, and the same pyoxigraph). Anything else runs the
query. The folder holds no quads: `GRAPH ?g`, `kg export`, `kg push` and `GET /store` never see
it, and a file with no store of its own is always queried.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.query.engine import Engine, QueryResult, Term
from kg.rdf.store import read_manifest

if TYPE_CHECKING:
    from kg.build.storeupdate import Change
    from kg.query.engine import OxigraphEngine
    from kg.query.catalogue import QueryInfo
    from kg.query.reads import Analysis

# The shipped queries `kg build` answers in advance: those that read every metric or piece of
# evidence, or every programme with all its organisations (seconds or more at 10,000 documents).
PRECOMPUTED = ("conflicts", "funders", "funders-multi-country", "metrics-with-quotes",
               "programmes-per-country", "provenance")
DEFAULT_LANG = "en"  # what `kg query` binds when --lang is not given
# Every language `kg query --lang` offers (kg.terms.LABEL_LANGUAGES, not imported: kg.terms
# imports rdflib, which the query path does without). The heavy part of these queries does not
# depend on the language, but their labels decide the rows' order and groups, so an answer in
# one language cannot be relabelled into another: each is answered.
LANGS = ("en", "ru", "kk")
FOLDER = "kg-results"
INDEX = "index.json"  # written last: a folder without it is an interrupted write
FORMAT = 1  # raised when what the folder holds, or how, changes
RENDERED = ("csv", "tsv")  # outputs that do not depend on the terminal, written as `kg query` writes them
_ROWS = "srt"  # SPARQL results TSV: the rows themselves, for the table and JSON


def result_key(text: str, bindings: Mapping[str, Term]) -> str:
    """The name of the answer to ``text`` with ``bindings``."""
    bound = "\n".join(f"{name}={term}" for name, term in sorted(bindings.items()))
    return hashlib.sha256(f"{text}\0{bound}".encode("utf-8")).hexdigest()


def _index(folder: Path) -> dict[str, object] | None:
    """The index of the answers kept in the store ``folder``, when they were written for it as
    it is now."""
    manifest = read_manifest(folder)
    try:
        index = json.loads((folder / FOLDER / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest is None or not isinstance(index, dict):
        return None
    if (index.get("format"), index.get("pyoxigraph"), index.get("sha256")) != (
            FORMAT, ox.__version__, manifest.get("sha256")):
        return None
    return index


def lookup(engine: Engine, text: str, bindings: Mapping[str, Term]) -> QueryResult | None:
    """The stored answer to ``text`` with ``bindings`` (bound columns already left out, as
    ``run_query`` leaves them out), or None when there is none for the store as it is."""
    folder = getattr(engine, "folder", None)
    if folder is None:
        return None
    index = _index(folder)
    key = result_key(text, bindings)
    entry = index["results"].get(key) if index and isinstance(index.get("results"), dict) else None
    if not isinstance(entry, dict):
        return None
    base = folder / FOLDER / key
    rendered = {fmt: Path(f"{base}.{fmt}") for fmt in RENDERED}
    if not all(path.is_file() for path in rendered.values()):
        return None
    try:
        solutions = ox.parse_query_results(path=f"{base}.{_ROWS}", format=ox.QueryResultsFormat.TSV)
    except (OSError, SyntaxError):
        return None
    variables = [v.value for v in solutions.variables]
    if variables != entry.get("variables"):
        return None
    width = range(len(variables))
    return QueryResult("SELECT", variables=variables, rows=([solution[i] for i in width] for solution in solutions),
                       rendered=rendered)


def _tsv_term(term: Term | None) -> str:
    # N-Triples syntax, which SPARQL TSV results use; it escapes tabs and line breaks.
    return "" if term is None else str(term)


# Queries answered at once, each in a process of its own (Oxigraph holds the GIL while it turns
# rows into Python terms, so threads would not share the cores); the longest first, so that on
# two cores the others fill the time the longest one takes. Only on large stores (10,000
# documents: 2.9M quads, 19 s of answers one after another; 1,000: 0.3M, 2 s): a forked process
# starts with its parent's pages counted in its size, which raised small builds' peak memory.
PARALLEL = 2
PARALLEL_FROM_QUADS = 1_000_000
# Measured at 10,000 documents, one store: provenance 5 CPU-s, metrics-with-quotes' three
# languages 4, conflicts' 3, the others 0.5-1 each.
_ORDER = ("provenance", "metrics-with-quotes", "conflicts", "funders-multi-country", "funders",
          "programmes-per-country")
# One job of a worker: a shipped query's name and the languages it is answered in (several
# only for a query with a stored core or a language-free part, run once for all of them).
Task = tuple[str, tuple[str, ...]]
Answer = tuple[str, dict[str, object]]  # an answer's key and its index entry

# A shipped query may mark a sub-select that reads neither ?lang nor any other parameter with a
# "# stored core: begin" line before it and "# stored core: end" after it (inside its braces).
# `kg build` then runs that part once and answers each language with the part replaced by its
# rows as VALUES: the same solutions, in the same order, joined to the same labels. At 10,000
# documents `conflicts`' core is 5.5 of its 5.6 s; three languages cost one core.
_CORE = re.compile(r"^[ \t]*# stored core: begin[^\n]*\n(.*?)^[ \t]*# stored core: end[^\n]*\n",
                   re.MULTILINE | re.DOTALL)
_PROLOGUE = re.compile(r"^[ \t]*(?:PREFIX|BASE)\b[^\n]*\n", re.MULTILINE | re.IGNORECASE)


def _conflicts_core(core: str, store: ox.Store) -> str | None:
    from kg.query.conflictcore import core_text

    return core_text(core, store)


# A stored core that gives the same rows, in the same order, for less (None: run it as written):
# `conflicts`' pairs are tested in one pass a group, not joined (kg/query/conflictcore.py).
_FASTER_CORES: dict[str, Callable[[str, ox.Store], str | None]] = {"conflicts": _conflicts_core}


def split_core(text: str) -> tuple[str, str, str] | None:
    """The stored core of ``text`` as a query of its own (with the prefixes declared before it),
    and the text before and after it; None when the query marks none."""
    match = _CORE.search(text)
    if match is None:
        return None
    prologue = "".join(m.group(0) for m in _PROLOGUE.finditer(text, 0, match.start()))
    return prologue + match.group(1), text[:match.start()], text[match.end():]


def values_block(variables: list[str], rows: list[list[Term | None]]) -> str | None:
    """``rows`` as a SPARQL VALUES block, or None when a term cannot be written in one (a blank
    node, a quoted triple)."""
    cells = []
    for row in rows:
        if not all(t is None or isinstance(t, (ox.NamedNode, ox.Literal)) for t in row):
            return None
        # N-Triples syntax, which SPARQL reads as the same IRI or literal.
        cells.append("(" + " ".join("UNDEF" if t is None else str(t) for t in row) + ")")
    return "VALUES (" + " ".join(f"?{v}" for v in variables) + ") {\n" + "\n".join(cells) + "\n}\n"


def _answer(folder: Path, tmp: Path, task: Task) -> list[Answer]:
    """Runs in a worker process: the answers to the shipped query in each language of ``task``,
    written into ``tmp``."""
    from kg.query.catalogue import LANG_PARAM, bind_params, shipped_queries
    from kg.query.engine import OxigraphEngine
    from kg.query.results import write_result
    from kg.rdf.store import open_read_only

    name, langs = task
    info = next(i for i in shipped_queries() if i.name == name)
    engine = OxigraphEngine(open_read_only(folder))  # no folder: no stored answer is read
    answer = _answering(engine, info, len(langs) > 1)
    answers = []
    for lang in langs:
        bindings = bind_params(engine, info, {}, lang)
        result = answer(lang, bindings)
        key = result_key(info.text, bindings)
        with open(tmp / f"{key}.{_ROWS}", "w", encoding="utf-8", newline="") as handle:
            handle.write("\t".join(f"?{v}" for v in result.variables) + "\n")
            handle.writelines("\t".join(_tsv_term(t) for t in row) + "\n" for row in result.rows)
        for fmt in RENDERED:
            with open(tmp / f"{key}.{fmt}", "w", encoding="utf-8", newline="") as handle:
                write_result(result, fmt, handle)
        answers.append((key, {"query": info.name, "lang": lang if LANG_PARAM in bindings else None,
                              "variables": result.variables, "rows": len(result.rows)}))
    return answers


def _answering(engine: OxigraphEngine, info: QueryInfo, shared: bool) -> Callable[[str, dict[str, Term]], QueryResult]:
    """How ``info`` is answered in a language (with its bindings): as written, or, when several
    languages are asked (``shared``), from work done once for all of them: its language-free
    part (``kg.query.labeljoin``) or its stored core."""
    import dataclasses

    from kg.query import labeljoin
    from kg.query.catalogue import run_query

    def as_written(lang: str, bindings: dict[str, Term]) -> QueryResult:
        return run_query(engine, info, {}, lang=lang)
    if not shared:
        return as_written
    if labeljoin.split(info.text) is not None:
        answerer = labeljoin.Answerer(engine, info.text)

        def joined(lang: str, bindings: dict[str, Term]) -> QueryResult:
            found = answerer.answer(bindings)
            return as_written(lang, bindings) if found is None else QueryResult("SELECT", *found)
        return joined
    core = split_core(info.text)
    if core is None:
        return as_written

    def with_core(text: str) -> QueryInfo | None:
        rows = engine.query(text, source=info.name)
        block = values_block(rows.variables, rows.rows)  # type: ignore[arg-type]
        return None if block is None else dataclasses.replace(info, text=core[1] + block + core[2])
    faster = _FASTER_CORES.get(info.name)
    text = faster(core[0], engine.store) if faster is not None else None
    quick = with_core(text) if text is not None else None
    written: list[QueryInfo | None] = []  # the core as written, run when first needed

    def cored(lang: str, bindings: dict[str, Term]) -> QueryResult:
        if quick is not None:
            result = run_query(engine, quick, {}, lang=lang)
            # The faster core gives its rows in another order: only rows that tie on the
            # query's ORDER BY keep that order, so a tie of different rows is answered again.
            order = labeljoin.order_keys(info.text, result.variables)
            if order is not None and labeljoin.tied_alike(result.rows, order):  # type: ignore[arg-type]
                return result
        if not written:
            written.append(with_core(core[0]))
        return run_query(engine, written[0] or info, {}, lang=lang)
    return cored


def _ordered_tasks() -> list[Task]:
    """What the workers answer, the longest first: a query that takes a language in every
    language, one task per language (they run side by side) unless it has a stored core or a
    language-free part (``kg.query.labeljoin``); a query that takes none once."""
    from kg.query import labeljoin
    from kg.query.catalogue import LANG_PARAM, shipped_queries

    infos = sorted((i for i in shipped_queries() if i.name in PRECOMPUTED),
                   key=lambda i: _ORDER.index(i.name) if i.name in _ORDER else len(_ORDER))
    tasks: list[Task] = []
    for info in infos:
        if LANG_PARAM not in {p for p, _ in info.params}:
            tasks.append((info.name, (DEFAULT_LANG,)))
        elif split_core(info.text) is not None or labeljoin.split(info.text) is not None:
            tasks.append((info.name, LANGS))
        else:
            tasks.extend((info.name, (lang,)) for lang in LANGS)
    return tasks


def _scratch(folder: Path) -> tuple[Path, Path]:
    """The answers' folder in ``folder`` and a fresh temporary one beside it; the old answers go
    first, so an interrupted write leaves no answer to be read."""
    target, tmp = folder / FOLDER, folder / f".{FOLDER}.{os.getpid()}"
    shutil.rmtree(target, ignore_errors=True)
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    return target, tmp


def _publish(folder: Path, tmp: Path, target: Path, results: dict[str, dict[str, object]]) -> list[str]:
    """The index comes last, naming the store's manifest as it is now."""
    manifest = read_manifest(folder) or {}
    index = {"format": FORMAT, "pyoxigraph": ox.__version__, "sha256": manifest.get("sha256"),
             "results": results}
    (tmp / INDEX).write_text(json.dumps(index, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.rename(tmp, target)
    return sorted({str(entry["query"]) for entry in results.values()})


def write_precomputed(folder: Path) -> list[str]:
    """Answer the ``PRECOMPUTED`` queries on the store in ``folder`` and keep the answers beside
    it; the names of the queries answered."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest is None:
        return []
    target, tmp = _scratch(folder)
    tasks = _ordered_tasks()
    quads = manifest.get("quads")
    analysing = _start_analysis(folder) if isinstance(quads, int) and quads >= ANALYSE_FROM_QUADS else None
    try:
        # Forked children start at once with the queries already read; each opens the store
        # read-only for itself.
        args = ([folder] * len(tasks), [tmp] * len(tasks), tasks)
        if isinstance(quads, int) and quads >= PARALLEL_FROM_QUADS:
            with ProcessPoolExecutor(max_workers=PARALLEL, mp_context=multiprocessing.get_context("fork")) as pool:
                results = dict(answer for answers in pool.map(_answer, *args) for answer in answers)
        else:
            results = dict(answer for answers in map(_answer, *args) for answer in answers)
        return _publish(folder, tmp, target, results)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if analysing is not None:
            analysing.wait()


def _start_analysis(folder: Path) -> subprocess.Popen[bytes]:
    """``analyse_shipped`` in a new process (not forked: a child forked from a large build
    starts with its pages counted in its size), beside the answers: on two cores it takes the
    other one."""
    import kg

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(kg.__file__).resolve().parent.parent),
                                                         os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-c", "import sys; from kg.query.precomputed import analyse_shipped; "
                             "analyse_shipped(sys.argv[1])", str(folder)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


ANALYSES = "kg-query-analyses.json"  # in the store folder: what each query reads, by text
# Below this many quads, answering the queries again costs less than analysing them (rdflib's
# parser takes about 1.5 s for the six): a rebuild of a small graph answers them all again.
ANALYSE_FROM_QUADS = 100_000


def _text_key(text: str) -> str:
    """A query's analysis is kept under its text and the analysing code."""
    from kg.query import reads

    code = hashlib.sha256(Path(reads.__file__).read_bytes()).hexdigest()
    return hashlib.sha256(f"{code}\0{text}".encode("utf-8")).hexdigest()


def _load_analyses(folder: Path) -> dict[str, Analysis]:
    from kg.query.reads import from_json

    try:
        data = json.loads((folder / ANALYSES).read_text(encoding="utf-8"))
        return {str(key): from_json(value) for key, value in data.items()}
    except (OSError, ValueError, AttributeError):
        return {}


def _save_analyses(folder: Path, analyses: dict[str, Analysis]) -> None:
    from kg.query.reads import to_json

    with contextlib.suppress(OSError):  # only a later rebuild's shortcut
        tmp = folder / f".{ANALYSES}.{os.getpid()}"
        tmp.write_text(json.dumps({k: to_json(v) for k, v in sorted(analyses.items())}), encoding="utf-8")
        os.replace(tmp, folder / ANALYSES)


def analyse_shipped(folder: Path) -> None:
    """Keep in ``folder`` what each ``PRECOMPUTED`` query reads, for the rebuilds to come: run by
    `kg build` in a process of its own while the answers are worked out."""
    from kg.query.catalogue import shipped_queries
    from kg.query.reads import analyse

    texts = [i.text for i in shipped_queries() if i.name in PRECOMPUTED]
    _save_analyses(Path(folder), {_text_key(text): analyse(text) for text in texts})


def _analyse(name: str) -> Analysis | None:
    """Runs in a worker process, while the build is still assembling: what the query ``name``
    reads (``kg.query.reads``); None when that cannot be told."""
    from kg.query.catalogue import shipped_queries
    from kg.query.reads import analyse

    try:
        return analyse(next(i for i in shipped_queries() if i.name == name).text)
    except Exception:  # a query rdflib cannot parse is answered again, never kept
        return None


def _answer_or_keep(folder: Path, tmp: Path, task: Task, old: tuple[Path, dict[str, object]] | None,
                    changed: Change | None, analysis: Analysis | None, removals: bool = True) -> list[Answer]:
    """Runs in a worker process: ``_answer``, unless the answers kept in ``old`` (a folder of the
    answers to the store as it was, and their index entries) are still the answers: the
    statements removed and added (``changed``) cannot change them (``kg.query.reads``; what a
    query reads does not depend on the language). Then their files are linked into ``tmp`` and
    their entries kept. When they can, a query whose rows are each one document's is patched:
    only the rows of the documents the change touched are worked out again (``_patch``).
    ``removals``: False when the statements removed were found, on the store before the change,
    to be in no solution of the query (``AnswerPool.judge_removals``)."""
    from kg.query.catalogue import bind_params, shipped_queries
    from kg.query.engine import OxigraphEngine
    from kg.query.reads import can_change
    from kg.rdf.store import open_read_only

    if old is None or changed is None:
        return _answer(folder, tmp, task)
    info = next(i for i in shipped_queries() if i.name == task[0])
    store = open_read_only(folder)
    keys = [result_key(info.text, bind_params(OxigraphEngine(store), info, {}, lang)) for lang in task[1]]
    entries = [old[1].get(key) for key in keys]
    files = [old[0] / f"{key}.{suffix}" for key in keys for suffix in (_ROWS, *RENDERED)]
    if not all(isinstance(entry, dict) for entry in entries) or not all(path.is_file() for path in files):
        return _answer(folder, tmp, task)
    if changed.removed or changed.added:
        def ask(text: str) -> bool:
            return bool(store.query(text, use_default_graph_as_union=True))
        if analysis is None or can_change(analysis, changed.removed if removals else [], changed.added, ask):
            patched = _patch(store, info, task[1], keys, entries, old[0], tmp, changed, analysis)  # type: ignore[arg-type]
            return _answer(folder, tmp, task) if patched is None else patched
    for path in files:
        try:
            os.link(path, tmp / path.name)
        except OSError:
            shutil.copyfile(path, tmp / path.name)
    return list(zip(keys, entries))  # type: ignore[arg-type]


def _patch(store: ox.Store, info: QueryInfo, langs: tuple[str, ...], keys: list[str],
           entries: list[dict[str, object]], old: Path, tmp: Path, changed: Change,
           analysis: Analysis | None) -> list[Answer] | None:
    """The kept answers in ``old`` with the rows of the documents ``changed`` touched worked out
    again (``kg.query.patch``), written into ``tmp``; None when the query is not one whose rows
    are each one document's, or the patch cannot be sure of the bytes."""
    import io

    from kg.query import patch
    from kg.query.catalogue import bind_params
    from kg.query.engine import OxigraphEngine
    from kg.query.results import csv_writer, plain

    column = patch.DOCUMENT_ROWS.get(info.name)
    if column is None:
        return None
    try:
        order = patch.order_variables(info.text)
        graphs = patch.affected_graphs(store, analysis, changed)
        old_files, new_files = patch.document_files(store, graphs, changed)
        written: list[tuple[str, dict[str, list[str]]]] = []
        answers: list[Answer] = []
        for lang, key, entry in zip(langs, keys, entries):
            bindings = bind_params(OxigraphEngine(store), info, {}, lang)
            variables, rows = patch.part_rows(store, info.text, bindings, graphs)
            if variables != entry.get("variables") or column not in variables:
                raise patch.Refused("other columns")
            at = variables.index(column)
            if any(_tsv_term(row[at]) not in new_files for row in rows):
                raise patch.Refused("a row of a document not redone")
            new = {_ROWS: ["\t".join(_tsv_term(t) for t in row) for row in rows]}
            for fmt in RENDERED:
                buffer = io.StringIO()
                writer = csv_writer(buffer, fmt)
                for row in rows:
                    writer.writerow([plain(t) for t in row])
                new[fmt] = buffer.getvalue().split("\n")[:-1]
            lines = {fmt: patch.read_lines(old / f"{key}.{fmt}") for fmt in (_ROWS, *RENDERED)}
            spliced = patch.splice(lines, new, variables, column, order, old_files)
            written.append((key, spliced))
            answers.append((key, {**entry, "rows": len(spliced[_ROWS]) - 1}))
    except (patch.Refused, OSError, ValueError, SyntaxError):
        return None
    for key, spliced in written:
        for fmt, out in spliced.items():
            with open(tmp / f"{key}.{fmt}", "w", encoding="utf-8", newline="") as handle:
                handle.writelines(line + "\n" for line in out)
    return answers


class AnswerPool:
    """``PARALLEL`` processes for the stored answers, forked when made: made at the start of a
    rebuild, while the process is small (a child forked at the end starts with the whole
    build's pages counted in its size). While the build assembles they read what each query
    reads; once the store holds the new graph they answer while the build writes its files, and
    keep the answers the change cannot have changed.

    Made while ``folder`` holds the previous build's store (its answers are kept only if they
    are the answers to it); ``begin`` on the store holding the new graph (its manifest may be
    missing yet: the children open it read-only), with the statements the update removed and
    added; ``finish`` once the manifest is written; ``close`` always."""

    def __init__(self, folder: Path) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(max_workers=PARALLEL, mp_context=multiprocessing.get_context("fork"))
        index = _index(Path(folder))
        results = index.get("results") if index else None
        self._old = dict(results) if isinstance(results, dict) else None
        # The first task forks every worker (a fork-context pool starts all of them at once).
        self._pool.submit(int)
        # What each query reads: kept by the last build, else analysed by the workers while the
        # build assembles (not on a small store: answering again is cheaper).
        self._kept = _load_analyses(Path(folder))
        manifest = read_manifest(Path(folder)) or {}
        quads = manifest.get("quads")
        self._analyses: dict[str, Future[Analysis | None] | Analysis] = {}
        if self._old is not None:
            from kg.query.catalogue import shipped_queries

            for info in shipped_queries():
                if info.name in PRECOMPUTED:
                    kept = self._kept.get(_text_key(info.text))
                    if kept is not None:
                        self._analyses[info.name] = kept
                    elif isinstance(quads, int) and quads >= ANALYSE_FROM_QUADS:
                        self._analyses[info.name] = self._pool.submit(_analyse, info.name)
        self._job: tuple[Path, Path, Path, Path, list[Future[list[Answer]]]] | None = None
        self._removals: dict[str, bool] = {}  # by query: whether the removed statements can change it

    def begin(self, folder: Path, changed: tuple[list[str], list[str]] | None = None) -> None:
        """``changed``: the statements removed and added since the answers were made (None: not
        known, every answer is worked out again)."""
        folder = Path(folder)
        old = None
        aside = folder / f".{FOLDER}.old.{os.getpid()}"
        shutil.rmtree(aside, ignore_errors=True)
        if self._old is not None and changed is not None and (folder / FOLDER).is_dir():
            os.rename(folder / FOLDER, aside)
            old = (aside, self._old)
        target, tmp = _scratch(folder)
        analyses = self._analysed() if old else {}
        self._job = (folder, tmp, target, aside, [
            self._pool.submit(_answer_or_keep, folder, tmp, task, old, changed, analyses.get(task[0]),
                              self._removals.get(task[0], True))
            for task in _ordered_tasks()])

    def judge_removals(self, ask: Callable[[str], bool], removed: list[str]) -> None:
        """Before the store is changed (``ask`` asks it as it was): which queries the statements
        about to be removed can change (``kg.query.reads.can_change``); the others are judged by
        the statements added alone."""
        from kg.query.reads import can_change

        if self._old is None or not removed:
            return
        for name, analysis in self._analysed().items():
            if analysis is not None:
                try:
                    self._removals[name] = can_change(analysis, removed, [], ask, ask_before=ask)
                except Exception:  # an ASK the store refuses: the removals count, as without it
                    self._removals[name] = True

    def finish(self, folder: Path) -> list[str]:
        """The answers published for the store in ``folder``: those begun, or (nothing begun,
        e.g. the store was loaded anew) worked out now by the pool."""
        if self._job is not None and (self._job[0] != Path(folder) or not self._job[1].is_dir()):
            # The store was loaded anew after all (its folder replaced): what was begun is void.
            for future in self._job[4]:
                with contextlib.suppress(Exception):
                    future.result()
            self._clear()
        if self._job is None:
            if read_manifest(Path(folder)) is None:
                return []
            self.begin(folder)
        assert self._job is not None
        folder, tmp, target, _, futures = self._job
        try:
            if any(hasattr(a, "result") for a in self._analyses.values()):
                # Worked out by this build's workers: kept for the next rebuild, even when this
                # one could not use them (the store was loaded anew).
                from kg.query.catalogue import shipped_queries

                texts = {i.name: i.text for i in shipped_queries()}
                _save_analyses(folder, {_text_key(texts[n]): a for n, a in self._analysed().items()
                                        if n in texts and a is not None})
            return _publish(folder, tmp, target, dict(answer for f in futures for answer in f.result()))
        finally:
            self._clear()

    def _analysed(self) -> dict[str, Analysis | None]:
        return {name: a.result() if isinstance(a, Future) else a for name, a in self._analyses.items()}

    def _clear(self) -> None:
        if self._job is not None:
            for path in (self._job[1], self._job[3]):
                shutil.rmtree(path, ignore_errors=True)
            self._job = None

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._clear()
