"""Refuse federated queries (SERVICE) and queries nested too deeply before an engine sees them.

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

from .errors import QueryError

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


def uses_service(text: str) -> bool:
    """True when the query contains the SERVICE keyword outside strings, IRIs and comments."""
    for variant in {text, _expand_escapes(text)}:
        for match in _TOKEN.finditer(variant):
            # A word with a colon is a prefixed name ("service:x"), not the keyword.
            if match.lastgroup == "word" and match.group().upper() == "SERVICE":
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


def check_query(text: str) -> None:
    """Raise QueryError for a query this project refuses to run."""
    check_nesting(text)
    if uses_service(text):
        raise QueryError("SERVICE (federated query) is disabled: queries run over the local graph only")
