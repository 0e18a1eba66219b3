"""Per-document extraction cache: a rebuild re-extracts only the documents that changed.

A document's facts depend on its bytes, its id and metadata (the date resolves periods), the
lexicon and reference data, and the extraction code. The cache key hashes all of these, so an
edited document, a lexicon change or a new version of the extractor each miss the cache and are
extracted again — never answered from stale facts.

Entries are JSON, one file per document, written to a temporary name and renamed: a torn or
tampered entry fails to decode and counts as a miss. Nothing is unpickled: the cache folder
sits in the output folder, where anyone may have put anything.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import fields, is_dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from kg import __version__
from kg.text.ingest import SourceDocument
from kg.extract.lexicon import Lexicon
from kg.model import DocumentFacts, EntityRecord, Evidence, Mention, MetricRecord, Relation, SegmentSpan

FORMAT = 2  # bump when the entry layout changes (2: records by field name)
_PACKAGE = Path(__file__).resolve().parent.parent
# Where extraction starts; everything of the package it imports, directly or not, is part of the key.
_ENTRY_POINTS = ("extract/__init__.py", "build/cache.py")
# Third-party packages whose data or code decides what extraction finds.
_NLP_PACKAGES = ("pymorphy3", "pymorphy3-dicts-ru")
R = TypeVar("R")


def import_closure(package_dir: Path, entry_points: Iterable[str]) -> list[Path]:
    """The package's modules that the entry points import, transitively: read from the source
    (ast), not listed by hand, so a module added to extraction's imports is in the key at once."""
    seen: set[Path] = set()
    todo = [package_dir / e for e in entry_points]
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        todo.extend(_imported_modules(path, package_dir))
        # A module runs its packages' __init__ files before itself.
        todo.extend(parent / "__init__.py" for parent in path.parents if parent == package_dir or package_dir in parent.parents)
    return sorted(seen)


# An import statement at the start of a line, with a parenthesised or continued name list. Only
# these are parsed: parsing and walking every module's whole tree cost a second of each build. A
# docstring line that reads like an import can only add a module to the key, never drop one.
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import[ \t]*\([^)]*\)|(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]"
                     r"(?:[^\n]*\\\n)*[^\n]*)", re.MULTILINE)


@lru_cache(maxsize=512)  # by text: the extraction and graph-code fingerprints share most modules
def _import_nodes(source: str) -> list[ast.stmt]:
    nodes: list[ast.stmt] = []
    for match in _IMPORT.finditer(source):
        try:
            nodes.extend(ast.parse(match.group(0).strip()).body)
        except SyntaxError:
            continue
    return nodes


def _imported_modules(path: Path, package_dir: Path) -> list[Path]:
    here = path.parent
    out: list[Path] = []
    for node in _import_nodes(path.read_text(encoding="utf-8")):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            base = here
            for _ in range(node.level - 1):
                base = base.parent
            parts = (node.module or "").split(".") if node.module else []
            target = base.joinpath(*parts)
            names = [target] + [target / alias.name for alias in node.names]
        elif isinstance(node, (ast.ImportFrom, ast.Import)):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names] if node.module else []
            else:
                modules = [alias.name for alias in node.names]
            # Importing kg.a.b runs kg/a/__init__.py first: parents are part of the closure too.
            dotted = {".".join(m.split(".")[:i]) for m in modules for i in range(2, len(m.split(".")) + 1)}
            names = [package_dir.joinpath(*m.split(".")[1:]) for m in sorted(dotted) if m.split(".")[0] == package_dir.name]
        else:
            continue
        for name in names:
            for candidate in (name.with_suffix(".py"), name / "__init__.py"):
                if candidate.is_file() and package_dir in candidate.parents:
                    out.append(candidate)
    return out


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    return fingerprint_of(_PACKAGE)


def fingerprint_of(package_dir: Path, entry_points: Iterable[str] = _ENTRY_POINTS) -> str:
    digest = hashlib.sha256(f"{__version__}/{FORMAT}".encode())
    for source in import_closure(package_dir, entry_points):
        digest.update(source.relative_to(package_dir).as_posix().encode())
        digest.update(source.read_bytes())
    for package in _NLP_PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            digest.update(f"{package}=={metadata.version(package)}".encode())
    return digest.hexdigest()[:16]


def meta_fields(doc: SourceDocument) -> dict[str, Any]:
    """``asdict(doc.meta)`` for its flat fields (text, a date, a tuple of languages), without
    asdict's deep copy: a tenth of reading a cached build went there."""
    return dict(vars(doc.meta))


def document_key(doc: SourceDocument, lexicon: Lexicon) -> str:
    meta = json.dumps(meta_fields(doc), default=str, sort_keys=True)
    parts = (code_fingerprint(), lexicon.fingerprint, doc.doc_id, doc.sha256, doc.encoding, meta)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


# --- JSON codec: every record by its field names, so a new or reordered field cannot shift values --
@lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


# Values written as they are, found by their exact type before the slower tests below (most
# fields of a mention are strings and numbers; the tests were a tenth of an extraction worker).
_PLAIN = frozenset({str, int, float, bool, type(None), tuple, list})


def _record(obj: Any) -> dict[str, Any]:
    """A fact record as JSON values: Decimals as strings (exact), sets sorted, tuples as lists."""
    out: dict[str, Any] = {}
    for name in _field_names(type(obj)):
        value = getattr(obj, name)
        if type(value) in _PLAIN:
            pass
        elif is_dataclass(value):
            value = _record(value)
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, set):
            value = sorted(value)
        out[name] = value
    return out


def encode(facts: DocumentFacts) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "doc_id": facts.doc_id,
        "languages": facts.languages,
        "entities": [_record(r) for r in facts.entities.values()],
        "mentions": [_record(m) for m in facts.mentions],
        "relations": [_record(r) for r in facts.relations],
        "metrics": [_record(m) for m in facts.metrics],
        "segments": [_record(s) for s in facts.segments],
    }


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _build(cls: type[R], items: list[dict[str, Any]]) -> list[R]:
    """Flat records from their entries: by position when an entry's keys are the fields in
    order (as ``encode`` writes them; a third faster, and mentions are most of an entry), else
    by name."""
    names = _field_names(cls)
    return [cls(*item.values()) if tuple(item) == names else cls(**item) for item in items]


def _entity(item: dict[str, Any]) -> EntityRecord:
    return EntityRecord(**{**item, "alt_labels": {tuple(pair) for pair in item["alt_labels"]}})


def encode_entity(record: EntityRecord) -> str:
    """One entity record as a line of JSON (``kg.build.blocks`` keeps a document's in its block)."""
    return json.dumps(_record(record), ensure_ascii=False, separators=(",", ":"))


def decode_entity(text: str) -> EntityRecord:
    return _entity(json.loads(text))


def decode(data: dict[str, Any]) -> DocumentFacts:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a cache entry of format {FORMAT}")

    entity = _entity

    def relation(item: dict[str, Any]) -> Relation:
        return Relation(**{**item, "evidence": Evidence(**item["evidence"])})

    def metric(item: dict[str, Any]) -> MetricRecord:
        return MetricRecord(**{**item, "value": Decimal(item["value"]), "evidence": Evidence(**item["evidence"]),
                               "indicator_labels": tuple(tuple(p) for p in item["indicator_labels"]),
                               "range_min": _decimal(item["range_min"]), "range_max": _decimal(item["range_max"])})

    entities = [entity(item) for item in data["entities"]]
    return DocumentFacts(
        doc_id=data["doc_id"],
        languages=data["languages"],
        entities={r.iri: r for r in entities},
        mentions=_build(Mention, data["mentions"]),
        relations=[relation(item) for item in data["relations"]],
        metrics=[metric(item) for item in data["metrics"]],
        segments=_build(SegmentSpan, data["segments"]),
    )


class JsonEntries:
    """JSON entries under ``folder``, one file each, named by their key."""

    SUFFIX = ".json"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{self.SUFFIX}"

    def read(self, key: str) -> Any:
        """The entry's JSON value; OSError or ValueError when it is missing or torn."""
        return json.loads(self._path(key).read_bytes())

    def write(self, key: str, value: Any) -> None:
        self.write_chunks(key, [json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")])

    def write_chunks(self, key: str, chunks: Iterable[bytes]) -> None:
        """Best effort: an entry that cannot be written only makes the next build slower."""
        path = self._path(key)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # No fsync: an entry lost in a crash is merely a miss next time.
            with open(tmp, "wb") as handle:
                for chunk in chunks:
                    handle.write(chunk)
            os.replace(tmp, path)
        except BaseException as exc:
            # Also when interrupted: an extraction worker writes entries while the build runs,
            # and a Ctrl-C reaches it mid-write; no temporary file is left in the cache.
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            if not isinstance(exc, OSError):
                raise

    def prune(self, keep: Iterable[str]) -> int:
        """Remove entries not in ``keep`` (documents gone, or made by an older version)."""
        wanted = {f"{key}{self.SUFFIX}" for key in keep}
        removed = 0
        if not self.folder.is_dir():
            return 0
        for path in self.folder.glob(f"*/*{self.SUFFIX}"):
            if path.name not in wanted:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


class FactsCache(JsonEntries):
    """Facts under ``folder``, named by their key."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> DocumentFacts | None:
        try:
            facts = decode(self.read(key))
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return facts

    def put(self, key: str, facts: DocumentFacts) -> None:
        self.write(key, encode(facts))
