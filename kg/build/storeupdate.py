"""Bring a build's embedded store (``kg.rdf.store``) up to date with the graph just built by
changing what changed, instead of loading the whole file again: after one document changed, a
rebuild changes one named graph and a handful of default-graph statements, while bulk-loading
the file was the largest part of the rebuild (benchmarks/results/build.md).

Beside its manifest the store keeps the build's view of what it holds: each named graph's
statement-block key (``kg.build.blocks``: a graph's statements follow from its key) and the
default graph's statements. The store is updated in place only when its manifest shows it holds
the previous ``kg.trig`` exactly and that state is there; the manifest and state are removed
first and written again last, so a store interrupted mid-update reads as stale and is loaded
from the file again, as after an interrupted full write. Anything else is a full write.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.build.blocks import BlockFiles
from kg.build.quads import DEFAULT_GRAPH, LineStream, QuadSet
from kg.build.storeload import BackgroundLoad
from kg.rdf.store import LOAD_CHUNK, MANIFEST, read_manifest, store_path, store_state, write_manifest, write_store

STATE = "kg-build-state.json"  # {"graphs": {graph IRI: block key}}
DEFAULT = "kg-default.nt"  # the default graph's statements, one a line


def _write_atomic(path: Path, chunks: Iterable[str]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.writelines(chunks)
    os.replace(tmp, path)


def record_state(folder: Path, quads: QuadSet) -> None:
    """Keep ``quads``' block keys and default graph beside the store that holds them."""
    _write_atomic(folder / DEFAULT, (s + "\n" for s in quads.graphs.get(DEFAULT_GRAPH, ())))
    _write_atomic(folder / STATE, [json.dumps({"graphs": quads.block_keys}, separators=(",", ":"))])


def _read_state(folder: Path) -> tuple[dict[str, str], set[str]] | None:
    try:
        graphs = json.loads((folder / STATE).read_text(encoding="utf-8"))["graphs"]
        default = (folder / DEFAULT).read_text(encoding="utf-8").split("\n")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(graphs, dict):
        return None
    default.pop()  # after the last line's newline
    return graphs, set(default)


def _quads(lines: Iterable[str]) -> Iterable[ox.Quad]:
    return ox.parse(LineStream(lines), format=ox.RdfFormat.N_QUADS)


@dataclass
class Change:
    """What an in-place update changed: statements as ``"<s> <p> <o>"``."""

    removed: list[str]  # in any graph
    added: list[str]
    graphs: list[str]  # the named graphs written again or removed
    default_removed: list[str]  # of ``removed`` and ``added``, those of the default graph
    default_added: list[str]
    # Of ``removed``, those now in no graph: what the union of the graphs (kg.ttl) lost. None when
    # that cannot be told exactly: a previous graph's statements read back from the store (which
    # writes some literals in another form: "1"^^xsd:nonNegativeInteger as "1"^^xsd:integer), or
    # a removed statement the store still finds, but not in the graphs that changed.
    left_union: list[str] | None = None


Judge = Callable[[Callable[[str], bool], list[str]], object]


def _apply(folder: Path, quads: QuadSet, old_keys: dict[str, str], old_default: set[str],
           blocks: BlockFiles | None = None, before: Judge | None = None) -> Change:
    """The statements removed and those added, in any graph, and the named graphs changed.
    ``blocks``: where the previous graphs' blocks are, to read their statements as written.
    ``before``: given an ASK on the store as it still is and the statements to be removed."""
    new_keys = quads.block_keys
    redo = [name for name, key in new_keys.items() if old_keys.get(name) != key]
    gone = [name for name in old_keys if name not in new_keys]
    default = quads.graphs.get(DEFAULT_GRAPH, set())
    store = ox.Store(str(folder))
    removed, added = sorted(old_default - default), sorted(default - old_default)
    change = Change(removed, added, gone + redo, list(removed), list(added))
    exact = True
    for name in gone + redo:
        before_statements = _kept(blocks, old_keys.get(name))
        if before_statements is None:
            exact = False
            before_statements = {f"{q.subject} {q.predicate} {q.object}"
                                 for q in store.quads_for_pattern(None, None, None, ox.NamedNode(name))}
        after = quads.statements(name)
        removed.extend(sorted(before_statements - after))
        added.extend(sorted(after - before_statements))
    if before is not None:
        before(lambda text: bool(store.query(text, use_default_graph_as_union=True)), removed)
    for name in gone + redo:
        store.remove_graph(ox.NamedNode(name))
    for quad in _quads(s + " .\n" for s in old_default - default):
        store.remove(quad)

    def written() -> Iterable[str]:
        for statement in default - old_default:
            yield statement + " .\n"
        for name in redo:
            for statement in quads.statements(name):
                yield f"{statement} <{name}> .\n"
    store.extend(_quads(written()))
    if exact:
        change.left_union = _left_union(store, quads, sorted(set(removed)), redo)
    store.flush()
    del store  # closes RocksDB before the manifest says the store is whole
    return change


def _kept(blocks: BlockFiles | None, key: str | None) -> set[str] | None:
    """The statements of the block ``key`` (a graph's in the previous build; None: the graph is
    new) as written; None when they cannot be read."""
    if key is None:
        return set()
    if blocks is None:
        return None
    try:
        return set(blocks.named_statements(key))
    except OSError:
        return None


def _left_union(store: ox.Store, quads: QuadSet, removed: list[str], redo: list[str]) -> list[str] | None:
    """Of ``removed``, those in no graph of the updated ``store``; None when the store finds one
    that is not in the default graph or a graph that changed (in an unchanged graph as itself, or
    as a literal the store does not tell apart from it: reading that graph would tell)."""
    left = []
    for statement, quad in zip(removed, _quads(s + " .\n" for s in removed)):
        if next(store.quads_for_pattern(quad.subject, quad.predicate, quad.object), None) is None:
            left.append(statement)
        elif statement not in quads.graphs.get(DEFAULT_GRAPH, ()) and not any(
                statement in quads.statements(name) for name in redo):
            return None
    return left


def _changed_statements(quads: QuadSet, old_keys: dict[str, str]) -> int:
    """Statements of the named graphs an in-place update would write again."""
    return sum(quads.size(name) for name, key in quads.block_keys.items() if old_keys.get(name) != key)


class StoreWriter:
    """Made before ``graph`` is written again (it reads whether the store holds the previous
    file); once the file is written, ``write`` brings the store up to date with ``quads`` — in
    place when the store held the previous file and its state, else by a full load."""

    def __init__(self, graph: Path, blocks: Path | None = None) -> None:
        """``blocks``: the folder of the build's statement blocks, when it keeps them."""
        self.graph = Path(graph)
        self._blocks = BlockFiles(blocks) if blocks is not None else None
        self.folder = store_path(graph)
        self._previous = _read_state(self.folder) if store_state(graph) == "fresh" else None
        self._in_place: bool | None = None
        self._background: BackgroundLoad | None = None
        self._applied = False
        # What the in-place update removed and added, once it is done early.
        self.changed: Change | None = None

    def in_place(self, quads: QuadSet) -> bool:
        """Whether ``write`` will update the store in place, reading ``quads``' changed named
        graphs; else it loads the file and needs no more of ``quads`` than its block keys and
        default graph. Not when the change is large (a new version of the code remakes every
        block): Oxigraph keeps a transaction's writes in memory, and replacing every graph of
        10,000 documents in one passed 5 GB, where loading the file anew is bounded."""
        if self._in_place is None:  # decided once: the named graphs may be let go after
            self._in_place = (self._previous is not None and self._keyed(quads)
                              and read_manifest(self.folder) is not None
                              and _changed_statements(quads, self._previous[0]) <= LOAD_CHUNK)
        return self._in_place

    @property
    def updating(self) -> bool:
        """Whether the store holds a previous build's graph and state: this build may change it in place."""
        return self._previous is not None

    def update_early(self, quads: QuadSet, before: Judge | None = None) -> bool:
        """When ``write`` would update the store in place, do that now, before the graph file is
        written (the manifest, which names the file, is written by ``write``): the store can be
        read while the files are written. Whether it was done. ``before``: called with an ASK on
        the store as it was and the statements removed, before the store is changed."""
        if self._applied or self._previous is None or not self.in_place(quads):
            return self._applied
        try:
            self._unmark()
            self.changed = _apply(self.folder, quads, *self._previous, self._blocks, before)
        except OSError:
            return False
        self._applied = True
        return True

    def _unmark(self) -> None:
        # Removed first and written again last: a store interrupted mid-update reads as stale.
        for name in (MANIFEST, STATE, DEFAULT):
            (self.folder / name).unlink(missing_ok=True)

    @staticmethod
    def _keyed(quads: QuadSet) -> bool:
        return bool(quads.block_keys) and all(name in quads.block_keys for name in (*quads.graphs, *quads.deferred)
                                              if name != DEFAULT_GRAPH)

    def begin(self) -> BackgroundLoad | None:
        """Before the graph is assembled: when ``write`` will certainly load a whole new store (no
        state of a previous build to update in place), begin loading it now; the loader takes the
        named graphs as they are assembled (``BackgroundLoad.add``)."""
        if self._previous is None:
            self._background = BackgroundLoad(self.graph)
        return self._background

    def start(self, quads: QuadSet) -> None:
        """Once the graph is assembled, all of it in memory (not a streamed build): when ``write``
        would load a whole new store, hand the loader the rest of ``quads``, to be loaded while
        the graph files are written."""
        if self._background is None and not self.in_place(quads):
            self._background = BackgroundLoad(self.graph)
        if self._background is not None:
            self._background.add_rest(quads)

    def wait(self) -> None:
        """Until the store begun by ``start`` no longer reads the statements (before they are let go)."""
        if self._background is not None:
            self._background.wait()

    def abandon(self) -> None:
        """The graph file was not written: drop the store begun by ``start``."""
        if self._background is not None:
            self._background.cancel()
            self._background = None

    def write(self, quads: QuadSet) -> Path:
        if self._background is not None:
            final = self._background.finish()
            self._background = None
            if self._keyed(quads):
                with contextlib.suppress(OSError):
                    record_state(final, quads)
            return final
        if self._previous is not None and self.in_place(quads):
            try:
                if not self._applied:
                    self._unmark()
                    _apply(self.folder, quads, *self._previous, self._blocks)
                record_state(self.folder, quads)
                write_manifest(self.folder, self.graph, quads.statement_count())
                return self.folder
            except OSError:
                pass  # a store that cannot be opened or written here is loaded anew
        final = write_store(self.graph)
        if self._keyed(quads):
            with contextlib.suppress(OSError):
                record_state(final, quads)
        return final
