"""`kg push`: upload the built graph to a triple store through the SPARQL 1.1 Graph Store HTTP
Protocol, which Fuseki, GraphDB, Virtuoso, Oxigraph, Stardog and Neptune all implement.

Each document's named graph goes to a graph of the same IRI; the default graph (entity, document
and rule descriptions) goes to the store's default graph, or to ``--graph IRI``. Without
``--replace`` triples are merged in (POST); with it each graph sent is replaced (PUT). Graphs are
sent as N-Triples, the format every store reads, in chunks so that a large graph never becomes one
huge request.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from . import oxstore
from .errors import NetworkError

CHUNK_TRIPLES = 100_000
# A store answers an upload with a status and a few words. Reading more than this would let a
# hostile or broken server fill our memory (a 600 MB reply took 2.3 GB before this cap).
MAX_REPLY_BYTES = 1_000_000


@dataclass
class PushReport:
    endpoint: str
    graphs: list[tuple[str, int]] = field(default_factory=list)  # (target, triples)

    @property
    def triples(self) -> int:
        return sum(n for _, n in self.graphs)

    def summary(self) -> str:
        return (f"pushed {self.triples} triples in {len(self.graphs)} graphs to {self.endpoint}\n"
                + "".join(f"  {n:8} {target}\n" for target, n in self.graphs))


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


def _chunks(triples: Iterable[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    iterator = iter(triples)
    while chunk := list(islice(iterator, size)):
        yield chunk


async def _exchange(client: httpx.AsyncClient, method: str, url: str, body: bytes) -> tuple[int, str, bytes]:
    """Status, reason and at most MAX_REPLY_BYTES of the reply."""
    async with client.stream(method, url, content=body,
                             headers={"Content-Type": "application/n-triples; charset=utf-8",
                                      "Accept-Encoding": "identity"}) as response:
        reply = bytearray()
        async for chunk in response.aiter_bytes():
            reply += chunk
            if len(reply) > MAX_REPLY_BYTES:
                raise NetworkError(f"{method} {redact(url)}: the reply is larger than {MAX_REPLY_BYTES // 1_000_000} MB; "
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
        text = reply.decode("utf-8", errors="replace").strip()
        detail = text.splitlines()[0][:200] if text else reason
        raise NetworkError(f"{method} {redact(url)} was refused: {status} {detail}")


def push(graph_path: Path, endpoint: str, graph: str | None = None, replace: bool = False,
         timeout: float = 120.0, chunk: int = CHUNK_TRIPLES) -> PushReport:
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NetworkError(f"--endpoint must be an http(s) URL of a Graph Store Protocol service, got {endpoint!r}")
    if graph is not None:
        try:
            ox.NamedNode(graph)
        except ValueError as exc:
            raise NetworkError(f"--graph must be an absolute IRI: {exc}") from exc
    store = oxstore.open_store(Path(graph_path))
    return asyncio.run(_push_all(store, endpoint, graph, replace, timeout, chunk))


async def _push_all(store: ox.Store, endpoint: str, graph: str | None, replace: bool, timeout: float,
                    chunk: int) -> PushReport:
    plan: list[tuple[str | None, object]] = [(graph, ox.DefaultGraph())]
    plan += [(g.value, g) for g in sorted(store.named_graphs(), key=lambda g: g.value)]
    report = PushReport(redact(endpoint))
    async with httpx.AsyncClient(timeout=timeout) as client:
        for target, source in plan:
            url = graph_url(endpoint, target)
            triples = (quad.triple for quad in store.quads_for_pattern(None, None, None, source))
            sent = 0
            for i, batch in enumerate(_chunks(triples, chunk)):
                # The first request of a replaced graph is a PUT; the rest of it is added to it.
                await _send(client, "PUT" if replace and i == 0 else "POST", url, batch, timeout)
                sent += len(batch)
            if sent == 0 and replace:
                await _send(client, "PUT", url, [], timeout)  # replacing with nothing empties the graph
            if sent or replace:
                report.graphs.append((target or "(default graph)", sent))
    return report
