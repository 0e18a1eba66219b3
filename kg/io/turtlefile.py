"""Reading the project's Turtle files (ontology, shapes, reference): a malformed file, or a
term in it the code cannot use, is a ConfigError naming the file, the line and the reason."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kg import paths
from kg import terms as T
from kg.errors import ConfigError

# "@prefix p: <…> ." and the SPARQL-style "PREFIX p: <…>" Turtle 1.1 also allows.
_PREFIX_DECL = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.MULTILINE | re.IGNORECASE)
_LINE_END = re.compile(r"\r\n|\r|\n")
_BARE_LITERAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|true|false")
_MAX_REASON = 240


@dataclass
class TurtleFile:
    """A parsed Turtle file that remembers its text, so that later checks can say where a term is."""

    path: Path
    text: str
    graph: Graph
    prefixes: dict[str, str] = field(default_factory=dict)

    def error(self, reason: str, node: URIRef | Literal | None = None, within: URIRef | None = None,
              *, as_subject: bool = False) -> ConfigError:
        """A ConfigError pointing at ``node``'s line (see ``line_of``)."""
        line = self.line_of(node, within, as_subject=as_subject) if node is not None else None
        return config_error(self.path, line, reason)

    def line_of(self, node: URIRef | Literal, within: URIRef | None = None, *, as_subject: bool = False) -> int | None:
        """1-based line where ``node`` is first written, or None. ``within``: look only after that
        subject's description starts (to find the value of one of its properties); ``as_subject``:
        prefer the line where ``node`` starts a description. rdflib keeps no positions, so this
        searches the text for the spellings Turtle allows: <iri>, prefix:local, a quoted form."""
        start = 0
        if within is not None:
            found = self._find(within, subject=True)
            found = found if found is not None else self._find(within, subject=False)
            start = found if found is not None else 0
        offset = self._find(node, subject=True, start=start) if as_subject else None
        if offset is None:
            offset = self._find(node, subject=False, start=start)
        return None if offset is None else line_at(self.text, offset)

    def anchor(self, node: Node) -> URIRef | None:
        """The named subject a blank node hangs from (a shape for its ``[ sh:path … ]``), so a
        search for one of its values can start where that subject is described."""
        seen: set[Node] = set()
        while not isinstance(node, URIRef):
            if node in seen:
                return None
            seen.add(node)
            parents = sorted(self.graph.subjects(None, node))
            if not parents:
                return None
            node = parents[0]
        return node

    def short(self, node: URIRef) -> str:
        """``node`` as the file itself would write it (prefix:local when a prefix fits)."""
        return T.Shortener(self.prefixes, fits=_local_ok)(node) or f"<{node}>"

    def _find(self, node: URIRef | Literal, *, subject: bool, start: int = 0) -> int | None:
        best: int | None = None
        for pattern in self._patterns(node, subject):
            match = pattern.search(self.text, start)
            if match and (best is None or match.start(1) < best):
                best = match.start(1)
        return best

    def _patterns(self, node: URIRef | Literal, subject: bool) -> list[re.Pattern[str]]:
        lead = r"^[ \t]*" if subject else r"(?<![\w:/#-])"
        if isinstance(node, Literal):
            lexical = str(node)
            escaped = (lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                       .replace("\r", "\\r").replace("\t", "\\t"))
            found = [re.compile(rf"({q}{re.escape(form)}{q})") for q in ('"', "'") for form in {lexical, escaped}]
            if _BARE_LITERAL.fullmatch(lexical):  # Turtle writes numbers and booleans unquoted
                found.append(re.compile(rf"(?<![\w.:\"'-])({re.escape(lexical)})(?![\w.\"'-])"))
            # A long string may be written in """ quotes over several lines, or with other escapes
            # (\u0439): its words up to the first such character still find it.
            head = re.split(r"[\\\"\n\r\t]", lexical.strip(), maxsplit=1)[0].strip()
            if head != lexical and len(head) >= 12:
                found.append(re.compile(f"({re.escape(head)})"))
            return found
        spellings = [f"<{node}>"]
        for name, ns in self.prefixes.items():
            if ns and node.startswith(ns) and _local_ok(node[len(ns):]):
                spellings.append(f"{name}:{node[len(ns):]}")
        return [re.compile(rf"{lead}({re.escape(s)})(?![\w-])", re.MULTILINE) for s in spellings]


def _local_ok(local: str) -> bool:
    return bool(local) and re.fullmatch(r"[\w-](?:[\w.-]*[\w-])?", local) is not None


def line_at(text: str, offset: int) -> int:
    return len(_LINE_END.findall(text, 0, offset)) + 1


def config_error(path: Path, line: int | None, reason: str) -> ConfigError:
    # One line whatever the parser said: the CLI prints the message as it is.
    reason = " ".join(reason.split())
    if len(reason) > _MAX_REASON:
        reason = reason[: _MAX_REASON - 1] + "…"
    return ConfigError(f"{path} line {line}: {reason}" if line else f"{path}: {reason}")


class _Collect(logging.Filter):
    """Swallows a logger's records, keeping the warnings and errors' messages."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            self.messages.append(record.getMessage())
        return False


@contextmanager
def quiet_loggers(*names: str) -> Iterator[list[str]]:
    """Silence these loggers for the duration and collect their warnings. rdflib logs ill-typed
    literals and bad IRIs with a traceback through Python's last-resort handler, and pyshacl
    re-attaches its own stderr handler on every call; a filter on the logger stops both."""
    loggers = [logging.getLogger(name) for name in names]
    collect = _Collect()
    for logger in loggers:
        logger.addFilter(collect)
    try:
        yield collect.messages
    finally:
        for logger in loggers:
            logger.removeFilter(collect)


def read_turtle(path: Path) -> TurtleFile:
    """Parse ``path`` as UTF-8 Turtle; every failure is a ConfigError with file, line and reason."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise config_error(path, None, f"cannot be read: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise config_error(path, line, f"not UTF-8 (byte {exc.start})") from exc
    graph = Graph()
    with quiet_loggers("rdflib.term") as warnings:
        try:
            # The file's own URI as base, as when rdflib opens the path itself.
            graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
        except RecursionError as exc:
            raise config_error(path, None, "malformed Turtle: nested too deeply") from exc
        except Exception as exc:  # rdflib's parsers raise many unrelated exception types
            raise _syntax_error(path, text, exc) from exc
    prefixes = {m.group(1) or "": m.group(2) for m in _PREFIX_DECL.finditer(text)}
    turtle = TurtleFile(path, text, graph, prefixes)
    if warnings:
        raise _term_error(turtle, warnings[0])
    return turtle


def _syntax_error(path: Path, text: str, exc: Exception) -> ConfigError:
    why = getattr(exc, "_why", None)
    offset = getattr(exc, "_i", None)
    if isinstance(why, str) and isinstance(offset, int) and 0 <= offset <= len(text):
        # rdflib's own line count drifts when it backtracks; the offset into the text does not.
        line = line_at(text, offset)
        line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
        if why.startswith("expected '.'"):
            missing = _end_of_previous_statement(text, offset)
            if missing is not None and missing[0] < line:
                # rdflib notices a missing full stop only at the next statement, often lines later.
                return config_error(path, missing[0], f"malformed Turtle at column {missing[1]}: {why} "
                                                      f"(the next statement starts on line {line})")
        return config_error(path, line, f"malformed Turtle at column {offset - line_start + 1}: {why}")
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return config_error(path, None, f"malformed Turtle: {first}")


def _end_of_previous_statement(text: str, offset: int) -> tuple[int, int] | None:
    """(line, column) just after the last token before ``offset``, skipping blank and comment lines."""
    lines = _LINE_END.split(text[:offset])
    for index in range(len(lines) - 1, -1, -1):
        code = lines[index].rstrip()
        if code and not code.lstrip().startswith("#"):
            return index + 1, len(code) + 1
    return None


def _term_error(turtle: TurtleFile, message: str) -> ConfigError:
    for s, p, o in sorted_triples(turtle.graph):
        if isinstance(o, Literal) and o.ill_typed:
            datatype = turtle.short(o.datatype) if o.datatype else "its datatype"
            subject = s if isinstance(s, URIRef) else turtle.anchor(s)
            return turtle.error(f"{turtle.short(p)} value {str(o)!r} is not a valid {datatype}", o, subject)
        for node in (s, p, o):
            if isinstance(node, URIRef) and not _valid_iri(node):
                return turtle.error(f"{str(node)!r} is not a valid IRI", node)
    return config_error(turtle.path, None, f"rdflib: {message}")


def _valid_iri(iri: str) -> bool:
    from rdflib.term import _is_valid_uri  # rdflib's own test, the one behind its warning

    return _is_valid_uri(iri)


# --- the ontology and the shapes: what the code relies on --------------------------------------

@dataclass(frozen=True)
class Problem:
    """Something wrong with one term of a parsed file; ``TurtleFile.error`` finds its line."""

    reason: str
    node: URIRef | Literal | None = None
    within: URIRef | None = None
    as_subject: bool = False
    lines_into: int = 0  # for a multi-line literal: how far into it the problem lies


def raise_first(turtle: TurtleFile, problems: list[Problem]) -> None:
    """Raise the problem written earliest in the file (then the first found), if any: the
    same broken file always reports the same line, and the one a reader meets first."""
    if not problems:
        return
    located: list[tuple[int | None, int, Problem]] = []
    for n, problem in enumerate(problems):
        line = None
        if problem.node is not None:
            line = turtle.line_of(problem.node, problem.within, as_subject=problem.as_subject)
        located.append((line + problem.lines_into if line else None, n, problem))
    line, _, problem = min(located, key=lambda item: (item[0] is None, item[0] or 0, item[1]))
    raise config_error(turtle.path, line, problem.reason)


def load_ontology(path: Path | None = None) -> TurtleFile:
    """``telemed.ttl``: valid Turtle that declares every tm: term the code uses and refers to
    no tm: term it does not declare (a typo there would silently loosen the SHACL checks)."""
    turtle = read_turtle(path or paths.ontology_file())
    declared = set(turtle.graph.subjects(RDF.type, None))
    problems: list[Problem] = []
    for s, p, o in sorted_triples(turtle.graph):
        for node in (s, p, o):
            if isinstance(node, URIRef) and node.startswith(T.TM) and node not in declared:
                within = s if node is not s and isinstance(s, URIRef) else None
                problems.append(Problem(f"{turtle.short(node)} is used but not declared (no rdf:type)",
                                        node, within, as_subject=within is None))
    raise_first(turtle, problems)
    missing = [t for t in T.tm_terms_used() if t not in declared]
    if missing:
        # Nothing to point at: the declaration is absent, so the message names the terms instead.
        names = ", ".join(turtle.short(t) for t in missing[:5]) + (" …" if len(missing) > 5 else "")
        raise config_error(turtle.path, None,
                           f"{len(missing)} term(s) the code uses are not declared (no rdf:type): {names}")
    return turtle


def sorted_triples(graph: Graph) -> list[tuple[Node, Node, Node]]:
    return sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
