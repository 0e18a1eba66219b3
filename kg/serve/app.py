"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over the built graph.

Starlette routes requests, uvicorn speaks HTTP, Oxigraph answers queries in worker processes
(``queryworker``) that can be killed when a query runs past the time limit. Nothing here parses
HTTP by hand.

    GET  /          a query page that works offline (no CDN), with the shipped queries as examples
    GET  /sparql    ?query=…  (no query: the service description)
    POST /sparql    form (query=…) or application/sparql-query
    GET  /context.jsonld   the JSON-LD 1.1 context of `kg export -f json-ld`
    GET  /store     Graph Store Protocol, read side: ?graph=IRI, ?default, or the whole dataset
    any  /update    403: the endpoint is read-only; so is any update= or application/sparql-update
    PUT/POST/DELETE /store   405

Relative IRIs in a query resolve against the endpoint's own URL (as Oxigraph and Virtuoso do);
the project's prefixes (``kg query``'s) are declared for every query, so a query copied from the
CLI runs here unchanged. ``--cors ORIGIN`` lets a browser page on another origin (YASGUI) call it.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, Response
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route, request_response
from starlette.types import ASGIApp, Receive, Scope, Send

from kg import __version__, paths

from kg.rdf import store as oxstore
from kg.serve.conneg import GRAPH_ALIASES, GRAPH_TYPES, choose
from kg.errors import NetworkError
from kg.io.embed import script_json
from kg.serve.workers import Reply, WorkerPool

MAX_REQUEST_BYTES = 1_000_000  # a query text; graphs are never uploaded here
# Names a browser may use for this server without --allowed-host: a page on any other name that
# resolves to 127.0.0.1 (DNS rebinding) must not be able to read the endpoint.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_log = logging.getLogger("uvicorn.error")  # uvicorn's own logger: one line, its format
READ_METHODS = ["GET", "HEAD", "POST"]
_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"
_PAGE = Path(__file__).with_name("assets") / "index.html"


@dataclass(frozen=True)
class ServerConfig:
    timeout: float = 30.0
    max_result_bytes: int = 64_000_000
    prefixes: dict[str, str] | None = None  # declared for every query, and used when writing Turtle
    examples: tuple[dict[str, str], ...] = ()
    allowed_hosts: tuple[str, ...] = ()  # beyond LOOPBACK_NAMES and the listening address; "*": any
    cors: tuple[str, ...] = ()  # origins a browser may call from; "*" for any


# The body depends on Accept (and ?format): caches must key on it.
_VARY = {"Vary": "Accept"}


def _reply(reply: Reply) -> Response:
    return Response(reply.body, status_code=reply.status, media_type=reply.content_type, headers=_VARY)


def _text(status: int, message: str, **headers: str) -> Response:
    return Response(message.rstrip("\n") + "\n", status_code=status, media_type="text/plain; charset=utf-8",
                    headers=headers or None)


def _negotiation(request: Request, params: dict[str, list[str]]) -> dict[str, Any]:
    """What the client asked for: ?format / ?output words (tried first) and its Accept header."""
    return {"formats": params.get("format", []) + params.get("output", []), "accept": request.headers.get("accept")}


async def _read_params(request: Request) -> tuple[dict[str, list[str]], str | None] | Response:
    """The protocol parameters and the query text, from the URL and (for POST) the body."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method != "POST":
        return params, None
    too_large = _text(413, f"request body larger than {MAX_REQUEST_BYTES} bytes", Connection="close")
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_REQUEST_BYTES:
        return too_large
    # Read as it arrives and stop at the limit: a chunked body has no length to check first.
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_REQUEST_BYTES:
                return too_large
    except ClientDisconnect:
        _log.warning("a client disconnected before sending its whole request body")
        return _text(400, "incomplete request body", Connection="close")  # nobody is left to read it
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/sparql-update":
        return _text(403, "this endpoint is read-only: SPARQL Update is refused")
    if media == "application/sparql-query":
        return params, body.decode("utf-8", errors="replace")
    if media == "application/x-www-form-urlencoded":
        for key, values in parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True).items():
            params.setdefault(key, []).extend(values)
        return params, None
    return _text(415, "send a query as application/sparql-query or application/x-www-form-urlencoded")


def service_description(endpoint: str) -> list[ox.Triple]:
    """What this endpoint offers, in the SPARQL 1.1 Service Description vocabulary."""
    sd = lambda local: ox.NamedNode(_SD + local)  # noqa: E731
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service = ox.NamedNode(endpoint)
    dataset, default = ox.BlankNode("dataset"), ox.BlankNode("default")
    triples = [
        ox.Triple(service, a, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, a, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, a, sd("Graph")),
        ox.Triple(service, ox.NamedNode("http://purl.org/dc/terms/description"),
                  ox.Literal("telemed-kg, read-only: SPARQL 1.1 Query only (no Update, no SERVICE); "
                             "the default graph is the union of all named graphs.", language="en")),
    ]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "TriG", "N-Triples", "N-Quads", "JSON-LD", "RDF_XML"):
        triples.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(_FORMATS + name)))
    return triples


def create_app(pool: WorkerPool, config: ServerConfig) -> ASGIApp:
    page = _render_page(config.examples, config.prefixes)

    async def index(request: Request) -> Response:
        return HTMLResponse(page, headers={
            # Everything the page needs is in the page: nothing may load from elsewhere.
            "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; "
                                       "style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'",
            "X-Content-Type-Options": "nosniff"})

    # Sent with every job: prefixes for Turtle output, and the result-size cap.
    base = {"prefixes": config.prefixes or {}, "max_bytes": config.max_result_bytes}

    async def sparql(request: Request) -> Response:
        if request.method not in READ_METHODS:
            return _text(405, "this endpoint is read-only", Allow=", ".join(READ_METHODS))
        parsed = await _read_params(request)
        if isinstance(parsed, Response):
            return parsed
        params, body_query = parsed
        if "update" in params:
            return _text(403, "this endpoint is read-only: SPARQL Update is refused")
        queries = params.get("query", []) + ([body_query] if body_query is not None else [])
        if len(queries) > 1:
            return _text(400, "give exactly one query")
        wanted = _negotiation(request, params)
        endpoint = str(request.url.replace(query=""))
        if not queries:
            if request.method == "POST":
                return _text(400, "no query given")
            media = choose(wanted["formats"], wanted["accept"], list(GRAPH_TYPES), GRAPH_ALIASES)
            if media is None:
                return _text(406, "the service description is available as " + ", ".join(GRAPH_TYPES), **_VARY)
            body = ox.serialize(service_description(endpoint), format=GRAPH_TYPES[media],
                                **({"prefixes": {"sd": _SD}} if media == "text/turtle" else {}))
            return Response(body, media_type=media, headers=_VARY)
        if len(queries[0].encode("utf-8")) > MAX_REQUEST_BYTES:
            return _text(413, f"query longer than {MAX_REQUEST_BYTES} bytes")
        job = {**base, **wanted, "op": "query", "query": queries[0], "base": endpoint,
               "default_graphs": params.get("default-graph-uri", []),
               "named_graphs": params.get("named-graph-uri", [])}
        return _reply(await pool.call(job, config.timeout))

    async def store(request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return _text(405, "this endpoint is read-only: Graph Store writes are refused", Allow="GET, HEAD")
        params = parse_qs(request.url.query, keep_blank_values=True)
        if "graph" in params and "default" in params:
            return _text(400, "give ?graph=IRI or ?default, not both")
        which = params["graph"][0] if "graph" in params else ("default" if "default" in params else "*")
        job = {**base, **_negotiation(request, params), "op": "graph", "graph": which}
        return _reply(await pool.call(job, config.timeout))

    context = paths.context_file().read_bytes()

    async def jsonld_context(request: Request) -> Response:
        # The @context `kg export -f json-ld` names: a JSON-LD processor offline maps its
        # published address here.
        return Response(context, media_type="application/ld+json", headers={"Cache-Control": "max-age=86400"})

    async def update(request: Request) -> Response:
        return _text(403, "this endpoint is read-only: SPARQL Update is refused")

    routes = [Route("/", index, methods=["GET", "HEAD"]),
              Route("/context.jsonld", jsonld_context, methods=["GET", "HEAD"])]
    # "/sparql/" is the same endpoint: a redirect would turn a client's POST into a lost body.
    for path, handler in (("/sparql", sparql), ("/query", sparql), ("/store", store), ("/update", update)):
        routes += [Route(path, _AnyMethod(handler)), Route(path + "/", _AnyMethod(handler))]
    middleware = []
    if config.cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(config.cors), allow_methods=READ_METHODS,
                                     allow_headers=["Accept", "Content-Type"], max_age=600))
    return HostGuard(Starlette(routes=routes, middleware=middleware), config.allowed_hosts)


class _AnyMethod:
    """An endpoint that sees every method, so that it answers 405 with its own Allow header
    (Starlette's would list whatever methods the route was declared with)."""

    def __init__(self, handler: Any) -> None:
        self.app = request_response(handler)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


def host_name(header: str) -> str | None:
    """The name in a Host header ("[::1]:8000" → "::1"), or None when it is malformed."""
    try:
        return urlsplit("//" + header).hostname
    except ValueError:
        return None


class HostGuard:
    """Answer only requests whose Host header names this server (loopback names, the listening
    address, ``--allowed-host``). A browser sends the page's own host name, so a page served
    from a rebinding domain gets 421 instead of the graph."""

    def __init__(self, app: ASGIApp, allowed: tuple[str, ...]) -> None:
        self.app = app
        self.any = "*" in allowed
        self.allowed = {name.lower().strip("[]") for name in (*LOOPBACK_NAMES, *allowed)}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self.any:
            header = dict(scope["headers"]).get(b"host")
            # No Host at all is HTTP/1.0 from a script, never a browser.
            name = host_name(header.decode("latin-1")) if header is not None else None
            if header is not None and name not in self.allowed:
                response = _text(421, "this server does not answer to that host name; start it with "
                                      "--allowed-host NAME to allow one", Connection="close")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


# The page opens on the question an analyst asks first, then the other everyday ones; the rest
# follow in name order.
FIRST_EXAMPLES = ("programmes-per-country", "funders", "metrics-about", "facilities", "conflicts")


def _render_page(examples: tuple[dict[str, str], ...], prefixes: dict[str, str] | None = None) -> str:
    rank = {name: i for i, name in enumerate(FIRST_EXAMPLES)}
    ordered = sorted(examples, key=lambda ex: (rank.get(ex.get("name", ""), len(rank)), ex.get("name", "")))
    # IRIs print shortened as `kg query` prints them (country:KZ); "id:" would win over none.
    short = {p: ns for p, ns in (prefixes or {}).items() if p != "id"}
    html = _PAGE.read_text(encoding="utf-8")
    return (html.replace("/*EXAMPLES*/[]", script_json(ordered)).replace("/*PREFIXES*/{}", script_json(short))
            .replace("{{VERSION}}", __version__))


def bind_socket(host: str, port: int) -> socket.socket:
    """Listen on host:port ourselves, so a busy port is one clear error (uvicorn would exit)."""
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        family = socket.AF_INET
    # IPPROTO_TCP, not the default 0: asyncio sets TCP_NODELAY on accepted connections only when
    # the socket says it is TCP. Without it, uvicorn's separate header and body writes meet
    # Nagle's algorithm and the client's delayed ACK, and every small answer waits ~40 ms
    # (benchmarks/results/load.md).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise NetworkError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.set_inheritable(False)
    return sock


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def serve(graph_path: Path, host: str, port: int, config: ServerConfig, workers: int,
          announce: Any = print) -> None:
    import uvicorn

    oxstore.rdf_format(oxstore.graph_source(graph_path))  # a clear error before anything starts
    sock = bind_socket(host, port)
    pool = WorkerPool(graph_path, workers)
    try:
        pool.start()
        actual_port = sock.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        announce(f"serving {graph_path} read-only at http://{shown}:{actual_port}/ "
                 f"(SPARQL endpoint: /sparql, timeout {config.timeout:g} s); Ctrl-C stops")
        config = replace(config, allowed_hosts=(*config.allowed_hosts, host))  # its own address, always
        server = uvicorn.Server(uvicorn.Config(create_app(pool, config), log_level="warning",
                                               access_log=False, lifespan="off"))
        server.run(sockets=[sock])
    finally:
        pool.close()
        sock.close()
