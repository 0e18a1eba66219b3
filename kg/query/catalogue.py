"""The query catalogue and how a query is run: shipped queries by name, .rq files, or inline
text; parameters bound as RDF terms by the engine (never pasted into the query text)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import paths
from kg.query.engine import PREFIXES, Engine, QueryResult, Term
from kg.query.pairs import streamed_pairs
from kg.query.precomputed import lookup
from kg.errors import QueryError

_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$", re.IGNORECASE)
_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
# The parameter `kg query` fills from --lang when a query declares it.
LANG_PARAM = "lang"


@dataclass(frozen=True)
class QueryInfo:
    name: str
    path: Path | None
    text: str
    title: str = ""
    description: str = ""
    params: tuple[tuple[str, str], ...] = field(default=())


def parse_header(name: str, path: Path | None, text: str) -> QueryInfo:
    """Read the ``# title:``, ``# description:`` and ``# param: name description`` lines."""
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


# Listings that are options of a shipped query, not queries of their own (issue #16: `conflicts`
# answers one row per disagreement, "the pairwise listing stays available as an option"): the
# option's flag, the query it belongs to and its text in queries/options/. They are not in
# `--list`, the endpoint's examples or the benchmarks' shipped queries.
OPTIONS = {"pairs": ("conflicts", "conflicts-pairs")}
# Names that were shipped queries and are now options: `kg query conflicts-pairs` says what to type.
_MOVED = {stem: f"{name} --{flag}" for flag, (name, stem) in OPTIONS.items()}


def shipped_queries() -> list[QueryInfo]:
    folder = paths.queries_dir()
    return [parse_header(p.stem, p, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))]


def options_of(name: str) -> list[str]:
    """The option flags of the shipped query ``name`` (``["pairs"]`` for conflicts)."""
    return [flag for flag, (query, _) in OPTIONS.items() if query == name]


def resolve_option(name_or_file: str | None, flag: str) -> QueryInfo:
    """The query ``kg query NAME --FLAG`` runs: the listing in queries/options/."""
    query, stem = OPTIONS[flag]
    if name_or_file != query:
        raise QueryError(f"--{flag} is an option of `kg query {query}` only")
    path = paths.queries_dir() / "options" / f"{stem}.rq"
    return parse_header(stem, path, path.read_text(encoding="utf-8"))


def option_queries() -> list[QueryInfo]:
    """The listings that are options of shipped queries (queries/options/)."""
    return [resolve_option(query, flag) for flag, (query, _) in OPTIONS.items()]


def resolve(name_or_file: str | None, inline: str | None) -> QueryInfo:
    if inline is not None:
        return parse_header("inline", None, inline)
    if not name_or_file:
        raise QueryError("give a query name, a .rq file, or -e TEXT (see `kg query --list`)")
    if name_or_file in _MOVED:
        raise QueryError(f"{name_or_file} is now an option: kg query {_MOVED[name_or_file]}")
    candidate = Path(name_or_file)
    if candidate.suffix == ".rq":
        if not candidate.is_file():
            problem = "is not a file" if candidate.exists() else "does not exist"
            raise QueryError(f"query file {name_or_file} {problem} (shipped queries: `kg query --list`)")
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


def to_term(value: str) -> Term:
    """The RDF term a parameter value stands for.

    ``<iri>`` or ``http(s)://…`` is an IRI, ``prefix:local`` with a known prefix (``country:KZ``)
    is the IRI it abbreviates, ``"text"@ru`` is a language-tagged string, and anything else is a
    plain string — whatever characters it holds, since it is handed to the engine as a term.
    """
    iri = None
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    elif re.match(r"^https?://\S+$", value):
        iri = value
    else:
        prefix, sep, local = value.partition(":")
        if sep and prefix in PREFIXES and re.match(r"^[\w.-]+$", local):
            iri = PREFIXES[prefix] + local
    if iri is not None:
        try:
            return ox.NamedNode(iri)
        except ValueError as exc:
            raise QueryError(f"parameter value {value!r} is not a valid IRI: {exc}") from exc
    tagged = re.match(r'^"(.*)"@([A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*)$', value, re.DOTALL)
    if tagged:
        return ox.Literal(tagged.group(1), language=tagged.group(2).lower())
    return ox.Literal(value)


def bind_params(engine: Engine, info: QueryInfo, params: dict[str, str] | None = None,
                lang: str | None = None) -> dict[str, Term]:
    """``params`` as the RDF terms ``info`` is run with; ``lang`` fills a declared ``lang`` parameter."""
    params = dict(params or {})
    declared = {name for name, _ in info.params}
    unknown = sorted(set(params) - declared) if declared else []
    if unknown:
        raise QueryError(f"query {info.name} has no parameter {unknown[0]!r} (it takes: {', '.join(sorted(declared))})")
    bindings = {name: to_term(value) for name, value in params.items()}
    # A parameter that takes an IRI ("# param: entity IRI of …") also takes a name: Pavlodar.
    for name, description in info.params:
        term = bindings.get(name)
        if "IRI" in description and isinstance(term, ox.Literal) and term.language is None:
            from kg.query.labels import resolve_label

            bindings[name] = resolve_label(engine, params[name])
    if lang and LANG_PARAM in declared and LANG_PARAM not in bindings:
        bindings[LANG_PARAM] = ox.Literal(lang)
    return bindings


def run_query(engine: Engine, info: QueryInfo, params: dict[str, str] | None = None,
        lang: str | None = None, stream: bool = False) -> QueryResult:
    """Run ``info`` with ``params`` bound; ``lang`` fills a declared ``lang`` parameter. The
    answer `kg build` stored for this query and store is read instead when there is one
    (``kg.query.precomputed``); `conflicts --pairs` streams its rows as they are worked out
    (``kg.query.pairs``).

    Columns of bound parameters are left out of a SELECT result: every row would repeat the
    value the caller gave (they are selected only because a bound variable must be).
    """
    bindings = bind_params(engine, info, params, lang)
    result = lookup(engine, info.text, bindings)
    if result is not None:
        if not stream:
            result.rows = list(result.rows)
        return result
    pairs = streamed_pairs(engine, info.text, bindings)
    if pairs is not None:
        if not stream:
            pairs.rows = list(pairs.rows)
        return pairs
    result = engine.query(info.text, bindings, source=info.name, stream=stream)
    if result.kind == "SELECT" and bindings:
        keep = [i for i, v in enumerate(result.variables) if v not in bindings]
        result.variables = [result.variables[i] for i in keep]
        kept = ([row[i] for i in keep] for row in result.rows)
        result.rows = kept if stream else list(kept)
    return result
