"""kg.ttl written again from the previous kg.ttl's unchanged parts: after one document changed,
Oxigraph re-writes only the few parts that hold its statements.

kg.ttl is the union of all graphs, sorted, as Oxigraph's Turtle writer writes it: the prefixes,
then one description per subject, each ending its last statement with " .". The writer keeps
nothing from one subject to the next, so the file is the prefixes followed by the Turtle of any
run of whole subjects, written apart and put end to end (tests/build/test_turtleparts.py). A
subject's statements sort together (its N-Triples form, then a space, starts each of them), so
cutting the sorted statements before a subject's key ("<subject> ") never splits a subject.

The cuts are kept from build to build beside the facts cache, with each part's hash and where
its text sits in kg.ttl: a part whose statements hash the same is copied from the previous file.
Making each statement into Python objects for Oxigraph's writer was most of the Turtle cost, and
Turtle the largest part of a rebuild at 10,000 documents (benchmarks/results/build.md). Given the
statements a rebuild removed and added, a part they touch is its previous text read back, changed
by them and written again: the unchanged documents' statements are not read at all.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import io
import itertools
from pathlib import Path
from collections import defaultdict
from collections.abc import Collection
from typing import IO

import pyoxigraph as ox

from kg import terms as T
from kg.build.previous import Copier, read_at, read_state, write_state
from kg.build.quads import QuadSet

STATE = "turtle-parts.json"
# Statements per part when cutting anew: small enough that a changed document touches a
# small share of the file, large enough that the per-part overhead stays small.
PART = 2000


def _turtle(statements: bytes) -> bytes:
    out = io.BytesIO()
    ox.serialize(ox.parse(statements, format=ox.RdfFormat.N_TRIPLES), out, ox.RdfFormat.TURTLE,
                 prefixes=T.PREFIX_IRIS)
    return out.getvalue()


def _split_header(turtle: bytes) -> tuple[bytes, bytes]:
    """Oxigraph writes every prefix, one line each, before the first statement."""
    position = 0
    for _ in T.PREFIX_IRIS:
        position = turtle.index(b"\n", position) + 1
    return turtle[:position], turtle[position:]


def _header() -> bytes:
    return _split_header(_turtle(b"<urn:x:s> <urn:x:p> <urn:x:o> .\n"))[0]


def _key(statement: str) -> str:
    return statement[:statement.index(" ") + 1]


def _fresh_cuts(statements: list[str], start: int, end: int, part: int) -> list[str]:
    return sorted({_key(statements[i]) for i in range(start, end, part)})


class TurtleParts:
    """Made before kg.ttl is replaced (it reads the previous file's parts); ``write`` writes the
    new file to a stream, ``record`` keeps its parts once it is in place at ``path``."""

    def __init__(self, path: Path, state: Path, part: int = PART) -> None:
        self.path, self.state, self.part = Path(path), Path(state), part
        self._cuts: list[str] = []
        self._old: dict[str, tuple[int, int]] = {}
        self._parts: list[tuple[str, int, int]] = []  # the previous file's parts, in order (one a cut)
        self._new: list[tuple[str, int, int]] = []
        self.reused = 0
        data = read_state(self.state, self.path)
        with contextlib.suppress(KeyError, TypeError, ValueError):
            if data is not None:
                self._cuts = [str(c) for c in data["cuts"]]
                self._parts = [(str(h), int(o), int(n)) for h, o, n in data["parts"]]
                self._old = {h: (o, n) for h, o, n in self._parts}

    def _cut(self, statements: list[str]) -> list[tuple[int, int]]:
        cuts = self._cuts or _fresh_cuts(statements, 0, len(statements), self.part)
        bounds = [0] + [bisect.bisect_left(statements, c) for c in cuts[1:]] + [len(statements)]
        spans: list[tuple[int, int]] = []
        kept: list[str] = []
        for start, end in zip(bounds, bounds[1:]):
            if end <= start:
                continue
            # A part that grew a lot (many documents added in one place) is cut again.
            grown = end - start > 4 * self.part
            inner = _fresh_cuts(statements, start, end, self.part) if grown else [_key(statements[start])]
            inner[0] = _key(statements[start])
            marks = [start] + [bisect.bisect_left(statements, c, start, end) for c in inner[1:]] + [end]
            for a, b in zip(marks, marks[1:]):
                if b > a:
                    spans.append((a, b))
                    kept.append(_key(statements[a]))
        self._cuts = kept
        return spans

    def _spans(self, statements: list[str], start: int, end: int) -> list[tuple[int, int]]:
        """``_cut``'s parts of one span of the old cuts: itself, or cut again when it grew a lot."""
        if end <= start:
            return []
        grown = end - start > 4 * self.part
        inner = _fresh_cuts(statements, start, end, self.part) if grown else [_key(statements[start])]
        inner[0] = _key(statements[start])
        marks = [start] + [bisect.bisect_left(statements, c, start, end) for c in inner[1:]] + [end]
        return [(a, b) for a, b in zip(marks, marks[1:]) if b > a]

    def _text(self, statements: list[str], start: int, end: int, previous: IO[bytes] | None) -> tuple[str, bytes]:
        # A statement in two graphs is written once; its copies sort next to each other.
        text = (" .\n".join(dict.fromkeys(statements[start:end])) + " .\n").encode("utf-8")
        digest = hashlib.blake2b(text, digest_size=16).hexdigest()
        old = self._old.get(digest)
        part = read_at(previous, *old) if old is not None and previous is not None else None
        if part is None:
            part = _split_header(_turtle(text))[1]
        else:
            self.reused += 1
        return digest, part

    def write(self, quads: QuadSet, out: IO[bytes],
              change: tuple[Collection[str], Collection[str]] | None = None) -> None:
        """``change``: the statements (``"<s> <p> <o>"``) the union of the graphs lost and those
        added to a graph since the previous file, when known (``kg.build.storeupdate.Change``):
        then only the parts that hold their subjects are made again, from the previous file's
        text of those parts, and the rest copied; nothing else of ``quads`` is read."""
        if change is not None and self._parts and len(self._parts) == len(self._cuts):
            try:
                previous = open(self.path, "rb")
            except OSError:
                pass
            else:
                with previous:  # an error from here on fails the build: part of the file is written
                    self._write_changed(out, *change, previous)
                return
        quads.load_deferred()
        statements = sorted(itertools.chain.from_iterable(quads.sorted_graph(n) for n in quads.graphs))
        header = _header()
        out.write(header)
        position = len(header)
        self._new, self.reused = [], 0
        with contextlib.ExitStack() as stack:
            previous: IO[bytes] | None = None
            if self._old:
                with contextlib.suppress(OSError):
                    previous = stack.enter_context(open(self.path, "rb"))
            for start, end in self._cut(statements):
                digest, part = self._text(statements, start, end, previous)
                out.write(part)
                self._new.append((digest, position, len(part)))
                position += len(part)

    def _write_changed(self, out: IO[bytes], removed: Collection[str], added: Collection[str],
                       previous: IO[bytes]) -> None:
        """``write`` when the change is known: a part (a span of the old cuts, as ``_cut`` makes
        them) that holds none of the changed statements' subjects is the same statements as
        before, so the same text, copied from the previous file; the others are the previous
        part's statements (its text read back) without those removed and with those added."""
        cuts = self._cuts
        header = _header()
        # The part of the old cuts a subject falls in (before the first cut: the first part).
        lost: dict[int, set[str]] = defaultdict(set)
        gained: dict[int, set[str]] = defaultdict(set)
        for statements, into in ((removed, lost), (added, gained)):
            for statement in statements:
                into[max(0, bisect.bisect_right(cuts, _key(statement)) - 1)].add(statement)
        made: dict[int, list[tuple[str, bytes]]] = {}
        cut_keys: dict[int, list[str]] = {}
        for index in sorted(lost.keys() | gained.keys()):
            _, offset, length = self._parts[index]
            text = read_at(previous, offset, length)
            if text is None:
                raise OSError("the previous kg.ttl changed while it was read")
            before = {f"{t.subject} {t.predicate} {t.object}"
                      for t in ox.parse(header + text, format=ox.RdfFormat.TURTLE)}
            statements = sorted((before - lost[index]) | gained[index])
            spans = self._spans(statements, 0, len(statements))
            made[index] = [self._text(statements, a, b, previous) for a, b in spans]
            cut_keys[index] = [_key(statements[a]) for a, _ in spans]
        out.write(header)
        position = len(header)
        new_cuts: list[str] = []
        self._new, self.reused = [], 0
        copier = Copier(previous, out, "kg.ttl")  # runs of parts copied as they were
        for index, (digest, offset, length) in enumerate(self._parts):
            if index in made:
                copier.flush()
                for (new_digest, part), cut in zip(made[index], cut_keys[index]):
                    out.write(part)
                    self._new.append((new_digest, position, len(part)))
                    new_cuts.append(cut)
                    position += len(part)
                continue
            copier.copy(offset, length)
            self._new.append((digest, position, length))
            new_cuts.append(cuts[index])
            position += length
            self.reused += 1
        copier.flush()
        self._cuts = new_cuts

    def record(self) -> None:
        """Keep the parts of the file now at ``path`` for the next build."""
        write_state(self.state, self.path, {"cuts": self._cuts, "parts": self._new})
