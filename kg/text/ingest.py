"""Ingest: find documents, decode them faithfully, and describe them.

Evidence offsets point into the unmodified file, so the decoded text keeps every character
(a BOM stays as U+FEFF, CRLF stays CRLF) and ``SourceDocument.byte_offset`` maps a character
offset back to a byte offset of the file.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path


from kg.text import formats
from kg.errors import ConfigError, DocumentError, EncodingError, InputError
from kg.text.formats import parallel
from kg.text.formats.derived import Original
from kg.io.yamlfile import read_yaml

SUPPORTED_SUFFIXES = (".txt", ".text", ".md") + formats.SUFFIXES
# Extraction holds a document's text and two offset arrays in memory (~10 bytes a character);
# past this size a file is skipped with a message. `kg build --max-mb` changes it.
DEFAULT_MAX_BYTES = 16 * 1024 * 1024
METADATA_FILE = "metadata.yaml"

# Magic numbers of formats people mistake for text; refused by content, not by extension.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"PK\x03\x04", "zip archive (docx/xlsx/zip)"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"),
    (b"\x1f\x8b", "gzip archive"),
)
_CHECKPOINT = 4096


@dataclass(frozen=True)
class DocumentMeta:
    title: str | None = None
    date: date | None = None
    publisher: str | None = None
    languages: tuple[str, ...] = ()
    source_url: str | None = None


@dataclass
class SourceDocument:
    path: Path
    doc_id: str
    data: bytes
    text: str
    encoding: str
    sha256: str
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    original: Original | None = None  # set when ``text`` was derived from a PDF, HTML or DOCX file
    _byte_checkpoints: list[int] | None = field(default=None, repr=False)

    @property
    def file_name(self) -> str:
        return self.path.name

    def _codec(self) -> str:
        # The BOM stays in `text` as U+FEFF, so plain UTF-8 counts its three bytes.
        return {"utf-16-le-bom": "utf-16-le", "utf-16-be-bom": "utf-16-be", "utf-8-sig": "utf-8"}.get(
            self.encoding, self.encoding)

    def byte_offset(self, char_offset: int) -> int:
        """Byte offset in the file of the character at ``char_offset`` of ``text``."""
        codec = self._codec()
        if self._byte_checkpoints is None:
            # One pass, kept sparse: a 50 MB file needs ~12k checkpoints, not 50M integers.
            points, total = [0], 0
            for start in range(0, len(self.text), _CHECKPOINT):
                total += len(self.text[start:start + _CHECKPOINT].encode(codec, "surrogatepass"))
                points.append(total)
            self._byte_checkpoints = points
        block = char_offset // _CHECKPOINT
        base = self._byte_checkpoints[block]
        return base + len(self.text[block * _CHECKPOINT:char_offset].encode(codec, "surrogatepass"))


def doc_id_for(path: Path) -> str:
    """The document's IRI-safe identifier: the file name without its suffix, slug-safe."""
    stem = unicodedata.normalize("NFC", path.stem)
    return re.sub(r"[^0-9A-Za-z_.-]+", "-", stem).strip("-") or "document"


def sniff_binary(data: bytes) -> str | None:
    for magic, kind in _BINARY_SIGNATURES:
        if data.startswith(magic):
            return kind
    return None


def _cyrillic_score(text: str) -> float:
    """How Russian-looking a decoding is: frequent lowercase letters dominate real text,
    while a wrong single-byte code page yields capitals and box-drawing symbols."""
    frequent = sum(text.count(c) for c in "оеаинтсрвлкмдпу")
    letters = sum(1 for c in text if c.isalpha())
    return frequent / letters if letters else 0.0


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding label). Never guesses silently into mojibake."""
    kind = sniff_binary(data)
    if kind:
        raise InputError(f"{name}: is a {kind}, not a text document")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8", name), "utf-8-sig"
    if data.startswith(b"\xff\xfe"):
        return _strict(data, "utf-16-le", name), "utf-16-le-bom"
    if data.startswith(b"\xfe\xff"):
        return _strict(data, "utf-16-be", name), "utf-16-be-bom"
    if b"\x00" in data[:4096] and data.count(b"\x00") > len(data) // 20:
        raise InputError(f"{name}: contains NUL bytes throughout; looks binary, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    candidates = []
    for codec in ("cp1251", "koi8_r"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_cyrillic_score(text), codec, text))
    candidates.sort(reverse=True)
    if candidates and candidates[0][0] >= 0.45:
        return candidates[0][2], candidates[0][1]
    suspect = candidates[0][1] if candidates else "unknown"
    raise EncodingError(
        f"{name}: not valid UTF-8 (byte {utf8_error.start}) and no Cyrillic code page fits; "
        f"suspected encoding: {suspect}"
    )


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise EncodingError(f"{name}: invalid {codec} at byte {exc.start}") from exc


_SPECIAL_KINDS = ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                  (stat.S_ISBLK, "block device"))
_READ_CHUNK = 1 << 20


def _special_kind(mode: int) -> str | None:
    """What a non-regular, non-folder file is; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _SPECIAL_KINDS if test(mode)), "special file")


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def unsafe_reason(path: Path, folder: Path, follow_symlinks: bool) -> str | None:
    """Why ``path`` (found in ``folder``) must not be read, or None.

    A symbolic link is followed only when it stays inside ``folder``: a link to /etc/shadow or
    /proc/self/environ in an input folder would otherwise copy secrets into evidence quotes, which
    `kg serve` serves and `kg push` uploads. Only regular files are read: a FIFO or a device blocks
    or never ends."""
    if path.is_symlink():
        if not path.exists():
            return "broken symbolic link"
        if not follow_symlinks and not _within(path.resolve(), folder.resolve()):
            return "symbolic link to a file outside the input folder (--follow-symlinks reads it)"
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return None
    kind = _special_kind(mode)
    return f"not a regular file ({kind})" if kind else None


def discover(sources: Sequence[Path], follow_symlinks: bool = False) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand files and folders into document paths (sorted), plus (path, reason) skipped."""
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for source in sources:
        if not source.exists() and not source.is_symlink():
            raise InputError(f"{source}: no such file or folder")
        if source.is_dir():
            docs = []
            for entry in sorted(source.iterdir()):
                if entry.name.startswith("."):
                    if not entry.is_dir():
                        skipped.append((entry, "hidden file (the name starts with '.')"))
                    continue
                reason = unsafe_reason(entry, source, follow_symlinks)
                if reason:
                    skipped.append((entry, reason))
                elif entry.is_dir() or entry.name == METADATA_FILE:
                    continue
                elif entry.suffix.lower() in SUPPORTED_SUFFIXES:
                    docs.append(entry)
                else:
                    skipped.append((entry, "not a supported document type"))
            if not docs:
                raise InputError(f"{source}: no supported documents ({', '.join(SUPPORTED_SUFFIXES)})")
            found.extend(docs)
        else:
            reason = unsafe_reason(source, source.parent, follow_symlinks)
            if reason:
                skipped.append((source, reason))
            else:
                found.append(source)
    unique = sorted(set(found), key=lambda p: (p.name, str(p)))
    return unique, skipped


def load_metadata(folders: Iterable[Path]) -> dict[str, DocumentMeta]:
    """Read ``metadata.yaml`` beside the documents: a mapping of file name → fields."""
    result: dict[str, DocumentMeta] = {}
    for folder in sorted(set(folders)):
        meta_path = folder / METADATA_FILE
        if not meta_path.is_file():
            continue
        raw = read_yaml(meta_path)[0] or {}
        documents = raw.get("documents", {}) if isinstance(raw, dict) else None
        if not isinstance(documents, dict):
            raise ConfigError(f"{meta_path}: expected a 'documents' mapping of file name to fields")
        for file_name, fields in documents.items():
            if not isinstance(fields, dict):
                raise ConfigError(f"{meta_path}: entry '{file_name}' must be a mapping")
            result[str(file_name)] = _meta_from(fields, meta_path, str(file_name))
    return result


def _meta_from(fields: dict, meta_path: Path, file_name: str) -> DocumentMeta:
    raw_date = fields.get("date")
    if raw_date is not None and not isinstance(raw_date, date):
        try:
            raw_date = date.fromisoformat(str(raw_date))
        except ValueError as exc:
            raise ConfigError(f"{meta_path}: '{file_name}': date must be YYYY-MM-DD, got {raw_date!r}") from exc
    languages = fields.get("languages") or ()
    if isinstance(languages, str):
        languages = (languages,)
    return DocumentMeta(
        title=fields.get("title"),
        date=raw_date,
        publisher=fields.get("publisher"),
        languages=tuple(str(lang) for lang in languages),
        source_url=fields.get("source_url"),
    )


def _over_limit(path: Path, what: str, max_bytes: int) -> InputError:
    # Not ':.0f': a limit of --max-mb 0.5 must not read "over the 0 MB limit".
    return InputError(f"{path}: {what} over the {max_bytes / 1048576:.3g} MB limit (raise it with --max-mb)")


def _read_over_limit(path: Path, listed: int, max_bytes: int) -> InputError:
    return _over_limit(path, f"its size reads as {listed} bytes, but what it holds is", max_bytes)


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``, refusing more than ``max_bytes``.

    The limit counts bytes actually read: ``st_size`` is 0 for /proc files, which can be read
    for megabytes. The file is opened non-blocking and checked to be regular before any read,
    so a FIFO or /proc/kmsg cannot hang the build."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder")
        kind = _special_kind(info.st_mode)
        if kind:
            raise InputError(f"{path}: not a regular file ({kind})")
        if info.st_size > max_bytes:
            raise _over_limit(path, f"{info.st_size / 1048576:.1f} MB is", max_bytes)
        chunks, total = [], 0
        while chunk := os.read(fd, min(_READ_CHUNK, max_bytes + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise _read_over_limit(path, info.st_size, max_bytes)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_document(path: Path, meta: DocumentMeta | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                  convert: formats.ConvertOptions = formats.ConvertOptions()) -> SourceDocument:
    try:
        data = read_capped(path, max_bytes)
    except PermissionError as exc:
        raise InputError(f"{path}: permission denied") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder, not a document") from exc
    except BlockingIOError as exc:
        raise InputError(f"{path}: cannot read without waiting (not an ordinary file)") from exc
    except OSError as exc:
        if exc.errno == errno.ENOENT and path.is_symlink():
            raise InputError(f"{path}: broken symbolic link") from exc
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    kind = formats.sniff(data, path.name)
    if kind is not None:
        return _derived_document(path, data, formats.convert(kind, data, path.name, convert), meta or DocumentMeta())
    text, encoding = decode(data, path.name)
    return SourceDocument(
        path=path,
        doc_id=doc_id_for(path),
        data=data,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        meta=meta or DocumentMeta(),
    )


def _derived_document(path: Path, data: bytes, derived: formats.Derived, meta: DocumentMeta) -> SourceDocument:
    """Extraction reads the derived text as if it were the file; metadata.yaml still has the
    last word over what the file says of itself."""
    text_bytes = derived.text.encode("utf-8")
    meta = replace(meta, title=meta.title or derived.title, date=meta.date or derived.date,
                   publisher=meta.publisher or derived.publisher)
    return SourceDocument(path=path, doc_id=doc_id_for(path), data=text_bytes, text=derived.text, encoding="utf-8",
                          sha256=hashlib.sha256(text_bytes).hexdigest(), meta=meta,
                          original=Original(hashlib.sha256(data).hexdigest(), len(data), derived))


@dataclass(frozen=True)
class IngestResult:
    documents: list[SourceDocument]
    skipped: list[tuple[Path, str]]


def ingest(sources: Sequence[Path], max_bytes: int = DEFAULT_MAX_BYTES,
           follow_symlinks: bool = False,
           convert: formats.ConvertOptions = formats.ConvertOptions()) -> IngestResult:
    """Read every document under ``sources``. Unusable files are skipped with a reason, so
    one bad file does not sink a corpus; having no usable document at all is an error."""
    paths, skipped = discover(sources, follow_symlinks)
    metadata = load_metadata(p.parent for p in paths)
    convert = parallel.prepare(paths, max_bytes, convert)
    documents: list[SourceDocument] = []
    refused: list[type[InputError]] = []
    for path in paths:
        try:
            doc = read_document(path, metadata.get(path.name), max_bytes, convert)
        except EncodingError:
            raise
        except InputError as exc:
            if not path.exists() and not path.is_symlink():
                raise
            skipped.append((path, str(exc).split(": ", 1)[-1]))
            refused.append(type(exc))
            continue
        if not doc.text.strip("\ufeff \t\r\n\x00"):
            skipped.append((path, "empty or whitespace only"))
            continue
        documents.append(doc)
    if not documents:
        reasons = "; ".join(f"{p.name}: {why}" for p, why in skipped) or "nothing found"
        # Only unreadable PDF/HTML/DOCX files: their own exit code says so.
        error = DocumentError if refused and all(kind is DocumentError for kind in refused) else InputError
        raise error(f"no usable documents ({reasons})")
    distinct_ids(documents)
    return IngestResult(documents=documents, skipped=skipped)


def distinct_ids(documents: Sequence[SourceDocument]) -> None:
    """Give documents whose names slug to the same id ("a b.txt", "a-b.txt") distinct ids.

    The first in path order keeps the plain id; a later one gets a suffix from a hash of its
    name (or, for the same name in two folders, a counter), so the build is deterministic."""
    plain = {doc.doc_id for doc in documents}
    taken: set[str] = set()
    for doc in documents:
        candidate = doc.doc_id
        if candidate in taken:
            base = candidate
            candidate = f"{base}-{hashlib.sha256(doc.path.name.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"
            counter = 1
            while candidate in taken or candidate in plain:
                counter += 1
                candidate = f"{base}-{counter}"
        doc.doc_id = candidate
        taken.add(candidate)
