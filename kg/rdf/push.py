"""`kg push`: upload the built graph to a triple store through the SPARQL 1.1 Graph Store HTTP
Protocol, which Fuseki, GraphDB, Virtuoso, Oxigraph, Stardog and Neptune all implement.

Each document's named graph goes to a graph of the same IRI; the default graph (entity, document
and rule descriptions) goes to the store's default graph, or to ``--graph IRI``. Without
``--replace`` triples are merged in (POST); with it each graph sent is replaced (PUT), and the
graphs of documents that an earlier push sent but the new build no longer has are deleted, so the
store then holds exactly the new build (graphs that are not ours are left alone). Graphs are sent
as N-Triples, the format every store reads, in chunks so that a large graph never becomes one huge
request.

Virtuoso's Graph Store has no default graph: it answers a ``?default`` request with an HTML error
page. That is recognised and turned into one line that says to give ``--graph``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from kg.rdf import store as oxstore
from kg import terms as T
from kg.errors import InputError, NetworkError

CHUNK_TRIPLES = 100_000
# A store answers an upload with a status and a few words. Reading more than this would let a
# hostile or broken server fill our memory (a 600 MB reply took 2.3 GB before this cap).
MAX_REPLY_BYTES = 1_000_000
# The store's copy of our default graph, read once by --replace to find stale document graphs.
MAX_DEFAULT_GRAPH_BYTES = 512_000_000
_DOCUMENT = str(T.PREFIXES["doc"])
_GRAPH = str(T.PREFIXES["graph"])
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_NEEDS_GRAPH = ("the store refused its default graph (Virtuoso's Graph Store has none): "
                "push again with --graph IRI to put the entities, documents and rules in a named graph")


@dataclass
class PushReport:
    endpoint: str
    graphs: list[tuple[str, int]] = field(default_factory=list)  # (target, triples)
    removed: list[str] = field(default_factory=list)  # document graphs no longer in the build

    @property
    def triples(self) -> int:
        return sum(n for _, n in self.graphs)

    def summary(self) -> str:
        return (f"pushed {self.triples} triples in {len(self.graphs)} graphs to {self.endpoint}\n"
                + "".join(f"  {n:8} {target}\n" for target, n in self.graphs)
                + "".join(f"  removed  {target} (its document is no longer in the build)\n" for target in self.removed))


def redact(url: str) -> str:
    """The URL without a password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def graph_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store Protocol address of one graph: ?graph=IRI, or ?default."""
    separator = "&" if urlsplit(endpoint).query else "?"
    return endpoint + separator + ("default" if graph is None else "graph=" + quote(graph, safe=""))


async def _exchange(client: httpx.AsyncClient, method: str, url: str, body: bytes | None,
                    limit: int = MAX_REPLY_BYTES) -> tuple[int, str, bytes]:
    """Status, reason and at most ``limit`` bytes of the reply."""
    headers = {"Accept-Encoding": "identity"}
    headers.update({"Content-Type": "application/n-triples; charset=utf-8"} if body is not None
                   else {"Accept": "application/n-triples"})
    async with client.stream(method, url, content=body, headers=headers) as response:
        reply = bytearray()
        async for chunk in response.aiter_bytes():
            reply += chunk
            if len(reply) > limit:
                raise NetworkError(f"{method} {redact(url)}: the reply is larger than {limit // 1_000_000} MB; "
                                   "stopped reading it (is this a Graph Store Protocol endpoint?)")
        return response.status_code, response.reason_phrase, bytes(reply)


async def _send(client: httpx.AsyncClient, method: str, url: str, triples: list[ox.Triple], timeout: float) -> None:
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    # One deadline for the whole exchange: httpx's timeout is per read, so a reply trickling a
    # byte every few seconds would never end.
    try:
        status, reason, reply = await asyncio.wait_for(_exchange(client, method, url, body), timeout)
    except asyncio.TimeoutError as exc:
        raise NetworkError(f"{method} {redact(url)} did not finish within {timeout:g} s (--timeout)") from exc
    except httpx.HTTPError as exc:
        raise NetworkError(f"{method} {redact(url)} failed: {exc}") from exc
    if status not in (200, 201, 204):
        raise _refused(method, url, status, reason, reply)


def _refused(method: str, url: str, status: int, reason: str, reply: bytes) -> NetworkError:
    text = reply.decode("utf-8", errors="replace").strip()
    html = text[:15].lower().startswith(("<!doctype html", "<html"))
    if html and url.endswith(("?default", "&default")):
        return NetworkError(f"{method} {redact(url)}: {_NEEDS_GRAPH}")
    # A server's HTML error page says nothing on one line; its status does.
    detail = text.splitlines()[0][:200] if text and not html else reason
    return NetworkError(f"{method} {redact(url)} was refused: {status} {detail}")


async def _stale_graphs(client: httpx.AsyncClient, endpoint: str, graph: str | None, keep: set[str],
                        timeout: float) -> list[str]:
    """Document graphs an earlier push left in the store that the new build no longer has: read
    from the documents the store's copy of our default graph lists."""
    url = graph_url(endpoint, graph)
    try:
        status, reason, reply = await asyncio.wait_for(
            _exchange(client, "GET", url, None, MAX_DEFAULT_GRAPH_BYTES), timeout)
    except asyncio.TimeoutError as exc:
        raise NetworkError(f"GET {redact(url)} did not finish within {timeout:g} s (--timeout)") from exc
    except httpx.HTTPError as exc:
        raise NetworkError(f"GET {redact(url)} failed: {exc}") from exc
    if status == 404:
        return []  # nothing pushed there yet
    if status != 200:
        raise _refused("GET", url, status, reason, reply)
    try:
        documents = {t.subject.value for t in ox.parse(reply, format=ox.RdfFormat.N_TRIPLES)
                     if t.predicate.value == _RDF_TYPE and isinstance(t.subject, ox.NamedNode)
                     and t.subject.value.startswith(_DOCUMENT)}
    except SyntaxError as exc:
        raise NetworkError(f"GET {redact(url)} did not return N-Triples: {exc}") from exc
    return sorted(g for g in (_GRAPH + d[len(_DOCUMENT):] for d in documents) if g not in keep)


async def _delete(client: httpx.AsyncClient, url: str, timeout: float) -> None:
    try:
        status, reason, reply = await asyncio.wait_for(_exchange(client, "DELETE", url, None), timeout)
    except asyncio.TimeoutError as exc:
        raise NetworkError(f"DELETE {redact(url)} did not finish within {timeout:g} s (--timeout)") from exc
    except httpx.HTTPError as exc:
        raise NetworkError(f"DELETE {redact(url)} failed: {exc}") from exc
    if status not in (200, 202, 204, 404):
        raise _refused("DELETE", url, status, reason, reply)


Progress = Callable[[int, int], None]


def push(graph_path: Path, endpoint: str, graph: str | None = None, replace: bool = False,
         timeout: float = 120.0, chunk: int = CHUNK_TRIPLES, progress: Progress | None = None) -> PushReport:
    """``progress(sent, total)`` is called after each request with the triples sent so far."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NetworkError(f"--endpoint must be an http(s) URL of a Graph Store Protocol service, got {endpoint!r}")
    if graph is not None:
        try:
            ox.NamedNode(graph)
        except ValueError as exc:
            raise NetworkError(f"--graph must be an absolute IRI: {exc}") from exc
    # A build folder or its store names the file the statements are streamed from.
    path = oxstore.graph_source(Path(graph_path))
    fmt = oxstore.rdf_format(path)
    # A first pass reads the whole file before anything is sent: a file that turns out malformed
    # halfway leaves the store untouched, and --replace knows every graph the build has.
    sizes = _graph_sizes(path, fmt)
    return asyncio.run(_push_all(path, fmt, sizes, endpoint, graph, replace, timeout, chunk, progress))


def _graph_name(quad: ox.Quad | ox.Triple) -> str | None:
    name = getattr(quad, "graph_name", None)
    return name.value if isinstance(name, ox.NamedNode) else None


def _parse(path: Path, fmt: ox.RdfFormat) -> Iterator[ox.Quad | ox.Triple]:
    try:
        yield from ox.parse(path=str(path), format=fmt)
    except SyntaxError as exc:  # Oxigraph reports the line and column of the first error
        raise InputError(f"{path}: not valid {fmt.name}: {exc}") from exc


def _graph_sizes(path: Path, fmt: ox.RdfFormat) -> dict[str | None, int]:
    """Triples per graph (None: the default graph), streaming: memory stays that of one quad."""
    sizes: dict[str | None, int] = {}
    for quad in _parse(path, fmt):
        name = _graph_name(quad)
        sizes[name] = sizes.get(name, 0) + 1
    return sizes


def _batches(path: Path, fmt: ox.RdfFormat, size: int) -> Iterator[tuple[str | None, list[ox.Triple]]]:
    """(graph, at most ``size`` triples), in file order: the file is never held whole. A build's
    file holds each graph in one run of statements, so each graph's batches come together."""
    current: str | None = None
    batch: list[ox.Triple] = []
    for quad in _parse(path, fmt):
        name = _graph_name(quad)
        if batch and (name != current or len(batch) >= size):
            yield current, batch
            batch = []
        current = name
        batch.append(quad.triple if isinstance(quad, ox.Quad) else quad)
    if batch:
        yield current, batch


async def _push_all(path: Path, fmt: ox.RdfFormat, sizes: dict[str | None, int], endpoint: str,
                    graph: str | None, replace: bool, timeout: float, chunk: int,
                    progress: Progress | None) -> PushReport:
    report = PushReport(redact(endpoint))
    total = sum(sizes.values())
    named = {name for name in sizes if name is not None}
    sent: dict[str | None, int] = {}
    done = 0
    async with httpx.AsyncClient(timeout=timeout) as client:
        if replace:
            # Read before the default graph is replaced: it lists what the earlier push sent.
            for stale in await _stale_graphs(client, endpoint, graph, named, timeout):
                await _delete(client, graph_url(endpoint, stale), timeout)
                report.removed.append(stale)
        for name, batch in _batches(path, fmt, chunk):
            url = graph_url(endpoint, graph if name is None else name)
            # The first request of a replaced graph is a PUT; the rest of it is added to it.
            await _send(client, "PUT" if replace and name not in sent else "POST", url, batch, timeout)
            sent[name] = sent.get(name, 0) + len(batch)
            done += len(batch)
            if progress:
                progress(done, total)
        if replace and None not in sent:
            await _send(client, "PUT", graph_url(endpoint, graph), [], timeout)  # replacing with nothing empties it
            sent[None] = 0
    # The default graph first, then named graphs by IRI, as before streaming.
    for name in sorted(sent, key=lambda n: (n is not None, n or "")):
        report.graphs.append(((graph or "(default graph)") if name is None else name, sent[name]))
    return report
