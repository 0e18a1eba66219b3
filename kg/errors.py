"""One exception per failure kind, each with its documented exit code.

The CLI turns these into a one-line message and ``sys.exit(code)``; README lists the codes.
"""

from __future__ import annotations


class KgError(Exception):
    """Base class: a failure the user can act on. ``exit_code`` is documented in README."""

    exit_code = 1


class InputError(KgError):
    """A source path is missing, unreadable, empty of usable documents, or not text."""

    exit_code = 3


class EncodingError(InputError):
    """A document is not valid UTF-8/UTF-16 and no Cyrillic single-byte encoding fits it."""

    exit_code = 4


class DocumentError(InputError):
    """A PDF, HTML or DOCX document cannot be turned into text: encrypted, corrupt, truncated, over a limit, or a scan without --ocr."""

    exit_code = 11


class ConfigError(KgError):
    """A lexicon, pattern, ontology or curation file is malformed."""

    exit_code = 5


class QueryError(KgError):
    """A SPARQL query is malformed, unknown, nested too deeply, or given bad parameters."""

    exit_code = 6


class GraphNotBuiltError(KgError):
    """A command needs a built graph and none is at the given path."""

    exit_code = 7


class ValidationFailed(KgError):
    """The graph does not conform to the SHACL shapes."""

    exit_code = 8


class OutputError(KgError):
    """An output file cannot be written; the previous output is left intact."""

    exit_code = 9


class NetworkError(KgError):
    """A server could not start, or a remote endpoint or Dask scheduler failed a request (refused, unreachable, too large a reply, too slow)."""

    exit_code = 10


EXIT_CODES: dict[int, str] = {
    0: "success",
    1: "unexpected internal error",
    2: "command-line usage error (click)",
    **{cls.exit_code: cls.__doc__.splitlines()[0] for cls in (
        InputError, EncodingError, DocumentError, ConfigError, QueryError, GraphNotBuiltError,
        ValidationFailed, OutputError, NetworkError)},
}
