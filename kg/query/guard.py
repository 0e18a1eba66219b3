"""Lexical checks of a query's text before an engine sees it: refuse federated queries
(SERVICE) and queries nested too deeply, tell whether the query names its own dataset (FROM /
FROM NAMED), and turn the parser's "Prefix not found" into one line that names the prefix.

Both engines would open an HTTP connection for ``SERVICE <http://…> { … }`` (Oxigraph has a
built-in client; rdflib follows SERVICE too), and neither has a switch to turn that off. A query
over our graph never needs the network, and an endpoint that fetches whatever a visitor names is
a server-side request forgery hole; so the keyword is refused outright.

Finding the keyword takes a lexer, not a regular expression over the text: "SERVICE" may sit in a
string, an IRI, a comment or a prefixed name, where it is harmless, and SPARQL keywords are
case-insensitive. The scan below follows the SPARQL 1.1 terminals for those four (§19.8).

Nesting: Oxigraph parses and evaluates queries by recursion, and a 12 KB query of 3,000 nested
groups (or 10,000 `!` in a row) overflows the stack and kills the process (a segfault, not an
exception). Counting brackets with the same lexer, so that a brace in a string is not counted,
refuses such a query in microseconds; real queries nest a handful of levels.
"""

from __future__ import annotations

import re

from kg.errors import QueryError

# Longest-match alternatives, tried at every position in this order. Anything not matched here
# is one character of punctuation or whitespace and is skipped.
_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<ne>!=)
    | (?P<open>[{(\[])
    | (?P<close>[})\]])
    | (?P<bang>!)
    | (?P<word>[A-Za-z_\u00c0-\uffff][\w.\-\u00b7\u0300-\u036f\u203f-\u2040]*(?::[^\s{}()\[\];,]*)?|:[^\s{}()\[\];,]*)
    """,
    re.VERBOSE | re.DOTALL,
)
# Far above any real query (the shipped ones nest at most 5 levels), far below the ~2,500 levels
# at which Oxigraph's parser overflows an 8 MB stack.
MAX_NESTING = 100
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _expand_escapes(text: str) -> str:
    # SPARQL 1.1 §19.2 lets \uXXXX stand for any character anywhere in a query, and rdflib's parser
    # honours that; so "\u0053ERVICE" must be read as SERVICE.
    return _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _has_keyword(text: str, keyword: str) -> bool:
    for variant in {text, _expand_escapes(text)}:
        for match in _TOKEN.finditer(variant):
            # A word with a colon is a prefixed name ("service:x"), not the keyword.
            if match.lastgroup == "word" and match.group().upper() == keyword:
                return True
    return False


def nesting_depth(text: str, stop: int | None = None) -> int:
    """The deepest nesting of brackets ({, (, [) and chained `!` outside strings, IRIs and comments;
    the scan ends early once the depth passes ``stop``."""
    deepest = 0
    for variant in {text, _expand_escapes(text)}:
        depth, negations = 0, 0
        for match in _TOKEN.finditer(variant):
            kind = match.lastgroup
            if kind == "bang":
                negations += 1  # each `!` is one more level of recursion for its operand
            elif kind == "open":
                depth += 1
            elif kind == "close":
                depth = max(depth - 1, 0)
            deepest = max(deepest, depth + negations)
            if stop is not None and deepest > stop:
                return deepest
            if kind != "bang":
                negations = 0
    return deepest


class QueryTooDeep(QueryError):
    """A query nested past MAX_NESTING: refused as a bad request (HTTP 400), not as a policy (403)."""


def check_nesting(text: str) -> None:
    if nesting_depth(text, stop=MAX_NESTING) > MAX_NESTING:
        raise QueryTooDeep(f"the query nests more than {MAX_NESTING} levels deep (brackets or '!'); "
                           "that is the limit")


def uses_service(text: str) -> bool:
    """True when the query contains the SERVICE keyword outside strings, IRIs and comments."""
    return _has_keyword(text, "SERVICE")


def names_dataset(text: str) -> bool:
    """True when the query has a dataset clause (FROM or FROM NAMED). SPARQL 1.1 §13.2: such a
    query runs over the dataset it names, so our union default graph must not be applied."""
    return _has_keyword(text, "FROM")


_PREFIXED = re.compile(r"([A-Za-z\u00c0-\uffff][\w.\-]*)?:")


def unknown_prefix(text: str, message: str, line: int, column: int, known: list[str]) -> str | None:
    """One line for a parser error that is an undeclared prefix, else None."""
    if "Prefix not found" not in message:
        return None
    lines = text.splitlines()
    found = None
    if 1 <= line <= len(lines):
        # The parser points just past the prefixed name; take the last one starting before there.
        for match in _PREFIXED.finditer(lines[line - 1]):
            if match.start() <= column:
                found = match.group(1) or ""
    return prefix_error(found, known, f" at line {line}, column {column}")


def prefix_error(name: str | None, known: list[str], where: str = "") -> str:
    shown = f"`{name}:`" if name is not None else "in the query"
    listed = ", ".join(f"{p}:" for p in sorted(known)) or "none"
    return (f"unknown prefix {shown}{where}: declare it with PREFIX "
            f"(prefixes known without a declaration: {listed})")


def check_query(text: str) -> None:
    """Raise QueryError for a query this project refuses to run."""
    check_nesting(text)
    if uses_service(text):
        raise QueryError("SERVICE (federated query) is disabled: queries run over the local graph only")


_FORMS = {"SELECT": "SELECT", "ASK": "ASK", "CONSTRUCT": "GRAPH", "DESCRIBE": "GRAPH"}


def query_form(text: str) -> str | None:
    """The result kind a query gives (SELECT, ASK or GRAPH, as ``QueryResult.kind``) by its first
    keyword outside strings, IRIs and comments; None when there is none (the engine says why)."""
    for match in _TOKEN.finditer(_expand_escapes(text)):
        if match.lastgroup == "word" and match.group().upper() in _FORMS:
            return _FORMS[match.group().upper()]
    return None
