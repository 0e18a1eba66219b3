"""N-Quads written while the graph is assembled (``kg build --format nquads``), for builds too big
to hold: each document's named graph — evidence and metrics, nearly all of the statements — goes
to a spool file the moment it is made and is not kept. Memory then holds the default graph
(documents, entities, relations, descriptions), a small part of the whole.

The bytes are those of ``kg.build.serialize.write(quads, "nquads")`` on the whole graph: the
default graph first, sorted, then the named graphs in IRI order, each sorted. Documents are
assembled in id order, so their graphs reach the spool in IRI order (a graph's IRI is a fixed
prefix and the id), and a document's block is already sorted. What the dataset description
needs of a spooled graph, its size and typed nodes per class, is counted as it passes
(``kg.build.describe.Scan.count_graph``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import IO

from kg.build.quads import QuadSet
from kg.build.serialize import write

_BUFFER = 1 << 20


class NamedSpool:
    """Named graphs in N-Quads, in the order they are added, in a file at ``path`` until
    ``write_into`` copies them out."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._handle: IO[bytes] | None = None

    def _open(self) -> IO[bytes]:
        # On first use: a build refused before assembly (no usable documents) leaves no folder.
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = open(self.path, "wb", buffering=_BUFFER)
        return self._handle

    def add(self, name: str, statements: list[str]) -> None:
        """A named graph's statements, sorted; names must come in IRI order."""
        handle = self._open()
        if statements:
            suffix = f" <{name}> .\n"
            handle.write("".join([s + suffix for s in statements]).encode("utf-8"))

    def write_into(self, out: IO[bytes], default: QuadSet) -> None:
        """The whole N-Quads file: ``default``'s statements (the default graph), then the spool."""
        self._open()  # a graph of no documents still has its default graph
        self.close()
        write(default, "nquads", out)
        with open(self.path, "rb") as spooled:
            shutil.copyfileobj(spooled, out, _BUFFER)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def remove(self) -> None:
        self.close()
        if self.path.exists():
            os.unlink(self.path)
