"""`kg push`: upload the built graph to a triple store through the SPARQL 1.1 Graph Store HTTP
Protocol, which Fuseki, GraphDB, Virtuoso, Oxigraph, Stardog and Neptune all implement.

Each document's named graph goes to a graph of the same IRI; the default graph (entity, document
and rule descriptions) goes to the store's default graph, or to ``--graph IRI``. Without
``--replace`` triples are merged in (POST); with it each graph sent is replaced (PUT). Graphs are
sent as N-Triples, the format every store reads, in chunks so that a large graph never becomes one
huge request.
"""

from __future__ import annotations

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


def _send(client: httpx.Client, method: str, url: str, triples: list[ox.Triple]) -> None:
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    try:
        response = client.request(method, url, content=body,
                                  headers={"Content-Type": "application/n-triples; charset=utf-8"})
    except httpx.HTTPError as exc:
        raise NetworkError(f"{method} {redact(url)} failed: {exc}") from exc
    if response.status_code not in (200, 201, 204):
        detail = response.text.strip().splitlines()[0][:200] if response.text.strip() else response.reason_phrase
        raise NetworkError(f"{method} {redact(url)} was refused: {response.status_code} {detail}")


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
    plan: list[tuple[str | None, object]] = [(graph, ox.DefaultGraph())]
    plan += [(g.value, g) for g in sorted(store.named_graphs(), key=lambda g: g.value)]
    report = PushReport(redact(endpoint))
    with httpx.Client(timeout=timeout) as client:
        for target, source in plan:
            url = graph_url(endpoint, target)
            triples = (quad.triple for quad in store.quads_for_pattern(None, None, None, source))
            sent = 0
            for i, batch in enumerate(_chunks(triples, chunk)):
                # The first request of a replaced graph is a PUT; the rest of it is added to it.
                _send(client, "PUT" if replace and i == 0 else "POST", url, batch)
                sent += len(batch)
            if sent == 0 and replace:
                _send(client, "PUT", url, [])  # replacing with nothing empties the graph
            if sent or replace:
                report.graphs.append((target or "(default graph)", sent))
    return report
