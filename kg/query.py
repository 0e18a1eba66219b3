"""SPARQL over the built graph: shipped queries by name, files, or inline text; parameters
bound as RDF terms (never pasted into the query text)."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result

from . import paths
from . import terms as T
from .errors import QueryError

OUTPUT_FORMATS = ("table", "csv", "tsv", "json", "turtle")
_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$", re.IGNORECASE)
_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class QueryInfo:
    name: str
    path: Path | None
    text: str
    title: str = ""
    description: str = ""
    params: tuple[tuple[str, str], ...] = field(default=())


def parse_header(name: str, path: Path | None, text: str) -> QueryInfo:
    title, description, params = "", [], []
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description.append(value)
        else:
            pname, _, pdesc = value.partition(" ")
            params.append((pname.lstrip("?$"), pdesc.strip(" -—")))
    return QueryInfo(name, path, text, title, " ".join(description), tuple(params))


def shipped_queries() -> list[QueryInfo]:
    folder = paths.queries_dir()
    return [parse_header(p.stem, p, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))]


def resolve(name_or_file: str | None, inline: str | None) -> QueryInfo:
    if inline is not None:
        return parse_header("inline", None, inline)
    if not name_or_file:
        raise QueryError("give a query name, a .rq file, or -e TEXT (see `kg query --list`)")
    candidate = Path(name_or_file)
    if candidate.suffix == ".rq" and candidate.is_file():
        return parse_header(candidate.stem, candidate, candidate.read_text(encoding="utf-8"))
    # Names resolve only inside queries/: '../../etc/passwd' is not a name.
    if not _NAME.match(name_or_file):
        raise QueryError(f"unknown query {name_or_file!r}: names are letters, digits, '-' and '_'")
    for info in shipped_queries():
        if info.name == name_or_file:
            return info
    raise QueryError(f"unknown query {name_or_file!r} (see `kg query --list`)")


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise QueryError(f"--param takes name=value, got {pair!r}")
        out[key.lstrip("?$")] = value
    return out


def _term(value: str) -> URIRef | Literal:
    """An IRI when the value looks like one (or a known prefixed name), else a literal."""
    if re.match(r"^https?://\S+$", value):
        return URIRef(value)
    prefix, sep, local = value.partition(":")
    if sep and prefix in T.PREFIXES and re.match(r"^[\w.-]+$", local):
        return T.PREFIXES[prefix][local]
    return Literal(value)


def run_query(graph: Graph, info: QueryInfo, params: dict[str, str] | None = None) -> Result:
    params = params or {}
    try:
        prepared = prepareQuery(info.text, initNs=dict(T.PREFIXES))
    except Exception as exc:  # pyparsing raises ParseException with line and column
        line = getattr(exc, "lineno", None)
        col = getattr(exc, "col", None)
        where = f" at line {line}, column {col}" if line is not None else ""
        raise QueryError(f"malformed SPARQL in {info.name}{where}: {getattr(exc, 'msg', None) or exc}") from exc
    declared = {p for p, _ in info.params}
    unknown = sorted(set(params) - declared) if declared else []
    if unknown:
        raise QueryError(f"query {info.name} has no parameter {unknown[0]!r} (it takes: {', '.join(sorted(declared))})")
    bindings = {name: _term(value) for name, value in params.items()}
    return graph.query(prepared, initBindings=bindings)


def _cell(term: object, lang: str | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in sorted(T.PREFIXES.items(), key=lambda kv: (-len(str(kv[1])), kv[0])):
            if str(term).startswith(str(namespace)) and prefix not in ("id",):
                return f"{prefix}:{str(term)[len(namespace):]}"
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype).endswith("#decimal"):
        value = term.toPython()
        if hasattr(value, "to_integral") and value == value.to_integral():
            return str(int(value))
    return str(term)


def _is_number(term: object) -> bool:
    return isinstance(term, Literal) and isinstance(term.toPython(), (int, float)) or (
        isinstance(term, Literal) and term.datatype is not None and str(term.datatype).endswith(("decimal", "integer", "double")))


def format_result(result: Result, fmt: str, lang: str | None = None) -> str:
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph
        for prefix, namespace in T.PREFIXES.items():
            graph.bind(prefix, namespace, override=True)
        return graph.serialize(format="turtle")
    if result.type == "ASK":
        return ("true" if result.askAnswer else "false") + "\n"
    variables = [str(v) for v in result.vars]
    rows = [[row[v] if v in row.labels else None for v in variables] for row in result]
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8") + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if t is None else str(t) for t in row])
        return buffer.getvalue()
    if fmt == "turtle":
        raise QueryError("--format turtle is for CONSTRUCT and DESCRIBE queries")
    return _table(variables, rows, lang)


def _table(variables: list[str], rows: list[list[object]], lang: str | None) -> str:
    cells = [[_cell(t, lang) for t in row] for row in rows]
    numeric = [all(_is_number(r[i]) or r[i] is None for r in rows) and rows for i in range(len(variables))]
    widths = [min(max([len(v)] + [len(r[i]) for r in cells]), 80) for i, v in enumerate(variables)]

    def fit(text: str, i: int) -> str:
        text = text.replace("\n", " ")
        text = text if len(text) <= widths[i] else text[: widths[i] - 1] + "…"
        return text.rjust(widths[i]) if numeric[i] else text.ljust(widths[i])

    lines = [" │ ".join(v.ljust(widths[i]) for i, v in enumerate(variables)),
             "─┼─".join("─" * w for w in widths)]
    lines += [" │ ".join(fit(c, i) for i, c in enumerate(row)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def result_rows(result: Result) -> list[dict[str, object]]:
    """Rows as dicts of Python values (for tests and scripts)."""
    out = []
    for row in result:
        out.append({str(k): (v.toPython() if isinstance(v, Literal) else (str(v) if v is not None else None))
                    for k, v in row.asdict().items()})
    return out


def to_json(rows: list[dict[str, object]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2, default=str)
