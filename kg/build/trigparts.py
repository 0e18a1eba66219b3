"""kg.trig written again from the previous kg.trig: after one document changed, the named graphs
of the others are copied from the previous file in runs of bytes, not read one by one from their
cached blocks (10,000 files at 10,000 documents).

A TriG file as the build writes it is its prefixes and default graph, then each named graph's
text in IRI order, each written on its own (``kg.build.serialize.trig_block``). A named graph's
text follows from its statements, so from its statement block's key (``kg.build.blocks``). The
place of each graph's text in kg.trig is kept beside the facts cache with its block key and the
writer (pyoxigraph's version, the prefixes): a graph whose key is the one kept is copied from the
previous file while that file is the one the places describe (its size and time).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg import terms as T
from kg.build.previous import Copier, read_state, write_state
from kg.build.quads import DEFAULT_GRAPH, QuadSet
from kg.build.serialize import default_trig, named_trig

STATE = "trig-parts.json"


def _writer() -> str:
    """What a named graph's text depends on beside its statements."""
    prefixes = json.dumps(sorted(T.PREFIX_IRIS.items()))
    return f"{ox.__version__} {hashlib.sha256(prefixes.encode('utf-8')).hexdigest()}"


class TrigParts:
    """Made before kg.trig is replaced (it reads the previous file's places); ``write`` writes
    the new file to a stream, ``record`` keeps its places once it is in place at ``path``."""

    def __init__(self, path: Path, state: Path) -> None:
        self.path, self.state = Path(path), Path(state)
        self._old: dict[str, tuple[str, int, int]] = {}  # graph IRI: (block key, offset, length)
        self._new: list[tuple[str, str, int, int]] = []
        self.copied = 0
        data = read_state(self.state, self.path)
        with contextlib.suppress(KeyError, TypeError, ValueError):
            if data is not None and data["writer"] == _writer():
                self._old = {str(n): (str(k), int(o), int(s)) for n, k, o, s in data["graphs"]}

    def write(self, quads: QuadSet, out: IO[bytes]) -> None:
        """The prefixes and default graph written by Oxigraph, then each named graph: copied from
        the previous file when its block key is the one kept, else its block's text, else made."""
        head = default_trig(quads)
        out.write(head)
        position = len(head)
        self._new, self.copied = [], 0
        with contextlib.ExitStack() as stack:
            copier = None
            if self._old:
                with contextlib.suppress(OSError):
                    copier = Copier(stack.enter_context(open(self.path, "rb")), out, "kg.trig")
            for name in quads.graph_names():
                if name == DEFAULT_GRAPH:
                    continue
                key = quads.block_keys.get(name)
                old = self._old.get(name)
                if copier is not None and key is not None and old is not None and old[0] == key:
                    copier.copy(old[1], old[2])
                    length = old[2]
                    self.copied += 1
                else:
                    if copier is not None:
                        copier.flush()
                    text = named_trig(quads, name)
                    out.write(text)
                    length = len(text)
                if key is not None:
                    self._new.append((name, key, position, length))
                position += length
            if copier is not None:
                copier.flush()

    def record(self) -> None:
        """Keep the places of the graphs of the file now at ``path`` for the next build."""
        write_state(self.state, self.path, {"writer": _writer(), "graphs": self._new})
