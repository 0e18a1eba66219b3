"""Per-document statement blocks, kept between builds: a rebuild after one document changed
makes that document's statements again and reuses every other document's as they were.

A block is what one document adds to the graph (``GraphBuilder.document_block``): its named
graph's statements, its statements in the default graph (its description, the relations it
states), the extraction rules it used and its label votes for indicators; each list is stored
sorted. A block stands for the facts the pipeline extracts from the document and curates: its
key hashes what decides those facts (the document's bytes, id and metadata, the lexicon, the
extraction code: the facts cache's key), the curation file (its edits act on each document's own
facts; the entity records they borrow from other documents are merged outside the blocks), the
document's description (file name, hashes, the original file's details) and the code that makes
statements. Hashing these is cheap; hashing the facts themselves cost a fifth of a rebuild.
Entries are written to a temporary name and renamed; an entry that fails to decode is a miss, as
in ``kg.build.cache``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.build.cache import JsonEntries, code_fingerprint, fingerprint_of, meta_fields
from kg.build.quads import type_counts
from kg.text.ingest import SourceDocument

_PACKAGE = Path(__file__).resolve().parent.parent
FOLDER = "blocks"  # inside the facts cache's folder, one level deeper than its entries


@dataclass
class DocumentBlock:
    named: list[str]  # the document's named graph, sorted
    default: list[str]  # its statements in the default graph, sorted
    rules: list[str]
    votes: list[tuple[str, str, str, int]]  # (indicator IRI, language, label, count)
    trig: str = ""  # the named graph written as TriG (``kg.build.serialize.trig_block``)
    classes: dict[str, int] = field(default_factory=dict)  # ``type_counts`` of the named graph
    # The document's entity records (``kg.build.cache.encode_entity``), in its facts' order: what
    # the graph merges across documents, so that a rebuild need not read unchanged documents' facts.
    entities: list[str] = field(default_factory=list)
    # Read without its named graph (``BlockStore.get(key, named=False)``): ``named`` is empty and
    # this is how many statements the entry holds.
    named_size: int | None = None

    @property
    def size(self) -> int:
        """The statements of the document's named graph."""
        return len(self.named) if self.named_size is None else self.named_size


@lru_cache(maxsize=1)
def graph_code_fingerprint() -> str:
    return fingerprint_of(_PACKAGE, ("build/graph.py", "build/curation.py"))


def _description(doc: SourceDocument) -> dict[str, Any]:
    original = None
    if doc.original is not None:
        derived = asdict(doc.original.derived)
        derived.pop("text")  # hashed as the document's text (doc.sha256)
        original = {"sha256": doc.original.sha256, "size": doc.original.byte_size, "derived": derived}
    return {"file": doc.file_name, "id": doc.doc_id, "sha256": doc.sha256, "size": len(doc.data),
            "encoding": doc.encoding, "meta": meta_fields(doc), "original": original}


class BlockFiles(JsonEntries):
    """The entries of a ``BlockStore`` read by key alone (a rebuild's store update reads the
    blocks its previous graphs came from)."""

    SUFFIX = ".block"

    def named_statements(self, key: str) -> list[str]:
        """The block's named graph, sorted; OSError when the entry is gone or damaged."""
        try:
            with open(self._path(key), "rb") as handle:
                head_line = handle.readline()
                head = json.loads(head_line)
                count, size = int(head["named"]), head.get("nbytes")  # absent from entries written before it
                if not isinstance(size, int):
                    size = os.fstat(handle.fileno()).st_size - len(head_line) - int(head["trig"])
                data = handle.read(size)
            lines = data.decode("utf-8").split("\n", count)
            if len(data) != size or len(lines) != count + 1 or (lines[-1] and "nbytes" in head):
                raise ValueError("torn entry")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise OSError(f"the cached block {key} could not be read: {exc}") from exc
        return lines[:count]


class BlockStore(BlockFiles):
    """Blocks under ``folder``, named by their key. ``lexicon_fingerprint`` and ``curation`` (the
    curation file's bytes, or None) are the build's own inputs to every block."""

    def __init__(self, folder: Path, lexicon_fingerprint: str, curation: bytes | None) -> None:
        super().__init__(folder)
        self.hits = 0
        curation_hash = hashlib.sha256(curation).hexdigest() if curation is not None else "none"
        self._basis = [graph_code_fingerprint(), code_fingerprint(), lexicon_fingerprint, curation_hash]

    def key(self, doc: SourceDocument) -> str:
        text = json.dumps([self._basis, _description(doc)], default=str, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    # An entry: a JSON line (rules, votes, the number of named and default statements and of
    # entity records, the bytes of the named statements), then the statements one a line
    # (N-Triples has no raw line breaks), the entity records one a line (JSON, which has none
    # either), then the TriG text. Not JSON throughout: escaping the statements' quotes made a
    # large document's entry four times the size of its TriG, and the whole entry one string in
    # memory. The named statements' size lets a rebuild read the rest without them.

    def get(self, key: str, named: bool = True) -> DocumentBlock | None:
        """The block without its TriG text, which stays on disk until written (``trig_text``);
        ``named`` False: nor its named graph's statements (``named_statements``), when the entry
        says where they end."""
        try:
            with open(self._path(key), "rb") as handle:
                head_line = handle.readline()
                head = json.loads(head_line)
                named_count, default_count = int(head["named"]), int(head["default"])
                skip = head.get("nbytes") if not named else None  # absent from entries written before it
                end = os.fstat(handle.fileno()).st_size - int(head["trig"])
                if isinstance(skip, int):
                    handle.seek(len(head_line) + skip)
                    data = handle.read(end - len(head_line) - skip)
                    expected = default_count + int(head["entities"])
                else:
                    data = handle.read(end - len(head_line))
                    expected = named_count + default_count + int(head["entities"])
            # The statements decoded and split at once: line by line was most of reading a block.
            lines = data.decode("utf-8").split("\n")
            if lines.pop() or len(lines) != expected:
                raise ValueError("torn entry")
            start = 0 if isinstance(skip, int) else named_count
            named_lines = lines[:start]
            classes = head.get("classes")  # absent from entries written before it was kept
            block = DocumentBlock(named_lines, lines[start:start + default_count], list(head["rules"]),
                                  [(i, lang, label, int(n)) for i, lang, label, n in head["votes"]],
                                  classes={str(c): int(n) for c, n in classes.items()} if isinstance(classes, dict)
                                  else type_counts(named_lines), entities=lines[start + default_count:],
                                  named_size=named_count if isinstance(skip, int) else None)
            if block.named_size is not None and not isinstance(classes, dict):
                return self.get(key)  # the classes are counted from the statements
        except (OSError, ValueError, KeyError, TypeError):
            return None
        self.hits += 1
        return block

    def has(self, key: str) -> bool:
        """Whether there is an entry for ``key`` (``get`` may still find it damaged)."""
        return self._path(key).is_file()

    def trig_text(self, key: str) -> str | None:
        """The block's named graph as TriG; None when the entry is gone or damaged."""
        try:
            with open(self._path(key), "rb") as handle:
                # The head line, then only the tail: the statements before it are most of the entry.
                head = json.loads(handle.readline())
                size = int(head["trig"])
                if not size:
                    # No text for statements: a streamed build (``kg.build.stream``) did not write it.
                    return None if int(head["named"]) else ""
                handle.seek(-size, os.SEEK_END)
                data = handle.read(size)
            if len(data) != size:
                return None
            return data.decode("utf-8")
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, block: DocumentBlock) -> None:
        trig = block.trig.encode("utf-8")
        named = [_lines(block.named[start:start + 4096]) for start in range(0, len(block.named), 4096)]
        head = {"named": len(block.named), "default": len(block.default), "rules": block.rules,
                "votes": block.votes, "trig": len(trig), "classes": block.classes, "entities": len(block.entities),
                "nbytes": sum(map(len, named))}

        def chunks() -> Iterator[bytes]:
            yield json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
            yield from named
            for part in (block.default, block.entities):
                for start in range(0, len(part), 4096):
                    yield _lines(part[start:start + 4096])
            yield trig
        self.write_chunks(key, chunks())


def _lines(statements: list[str]) -> bytes:
    return "".join(s + "\n" for s in statements).encode("utf-8")
