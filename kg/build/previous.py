"""What a rebuild keeps of the graph files it writes (kg.ttl, kg.trig) to copy from them next
time: a state file beside the facts cache names the file it describes by its size and time, and
unchanged runs of bytes are copied from the previous file, adjacent runs read at once."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import IO, Any


def read_state(state: Path, path: Path) -> dict[str, Any] | None:
    """The state kept for the file at ``path``, while that file is the one it describes."""
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        data = json.loads(state.read_text(encoding="utf-8"))
        stat = path.stat()
        if isinstance(data, dict) and data["file"] == [stat.st_size, stat.st_mtime_ns]:
            return data
    return None


def write_state(state: Path, path: Path, data: dict[str, Any]) -> None:
    """Keep ``data`` for the file now at ``path`` (best effort: only the next build's shortcut)."""
    with contextlib.suppress(OSError):
        stat = path.stat()
        state.parent.mkdir(parents=True, exist_ok=True)
        tmp = state.with_name(f".{state.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"file": [stat.st_size, stat.st_mtime_ns], **data}, separators=(",", ":")),
                       encoding="utf-8")
        os.replace(tmp, state)


CHUNK = 1 << 22


class Copier:
    """Runs of bytes of ``previous`` written to ``out``: ``copy`` a run (joined to the one before
    when adjacent), ``flush`` before writing anything else to ``out``."""

    def __init__(self, previous: IO[bytes], out: IO[bytes], name: str) -> None:
        self.previous, self.out, self.name = previous, out, name
        self._run: list[int] = []  # [offset, length]

    def copy(self, offset: int, length: int) -> None:
        if self._run and self._run[0] + self._run[1] == offset:
            self._run[1] += length
        else:
            self.flush()
            self._run = [offset, length]

    def flush(self) -> None:
        if self._run:
            offset, length = self._run
            self._run = []
            # In pieces: a run can be most of a file of hundreds of MB.
            for start in range(offset, offset + length, CHUNK):
                data = read_at(self.previous, start, min(CHUNK, offset + length - start))
                if data is None:
                    raise OSError(f"the previous {self.name} changed while it was read")
                self.out.write(data)


def read_at(handle: IO[bytes], offset: int, size: int) -> bytes | None:
    handle.seek(offset)
    data = handle.read(size)
    return data if len(data) == size else None
