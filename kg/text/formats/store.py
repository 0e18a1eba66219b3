"""Keep the derived texts in the build folder, so every quote can be checked against bytes."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from kg.io.files import atomic_open
from kg.text.formats.derived import DERIVED_DIR, Original, derived_text_path


class _Document(Protocol):
    doc_id: str
    data: bytes
    original: Original | None


def write_derived_texts(documents: Iterable[_Document], out_dir: Path) -> int:
    """Write each derived text (its exact bytes: the graph gives their sha256) atomically, and
    remove those a previous build left for documents no longer built. Returns the count."""
    kept: set[str] = set()
    for doc in documents:
        if doc.original is None:
            continue
        relative = derived_text_path(doc.doc_id)
        with atomic_open(out_dir / relative, "wb") as handle:
            handle.write(doc.data)
        kept.add(Path(relative).name)
    folder = out_dir / DERIVED_DIR
    if folder.is_dir():
        for stale in folder.glob("*.txt"):
            if stale.name not in kept:
                stale.unlink(missing_ok=True)
    return len(kept)
