"""`kg push` against a real triple store: an Oxigraph server (the `oxigraph` package's binary)
started by the test, then read back with SPARQL over HTTP."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from kg.rdf import store as oxstore
from kg.cli import main
from kg.errors import InputError, NetworkError

from tests.sparql_rows import ID


def free_port() -> int:
    """A port free now; `oxigraph serve` cannot be asked for port 0 and tell us which it took."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
DEFAULT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def store_server(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty, writable Oxigraph server on a free loopback port."""
    if not Path(OXIGRAPH).exists():
        pytest.fail("the oxigraph server binary is missing: pip install '.[test]'")
    port = free_port()
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(base + "/query", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "oxigraph serve did not start"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def remote(base: str, query: str) -> list[dict[str, str]]:
    response = httpx.post(base + "/query", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


def local_counts(graph: Path) -> tuple[int, dict[str, int]]:
    store = oxstore.load_memory(graph)
    named = {g.value: len(list(store.quads_for_pattern(None, None, None, g))) for g in store.named_graphs()}
    default = len(list(store.quads_for_pattern(None, None, None, __import__("pyoxigraph").DefaultGraph())))
    return default, named


def push(*args: str):
    return CliRunner().invoke(main, ["push", *args])


def test_push_keeps_every_document_graph(store_server: str, built_dir: Path) -> None:
    graph = built_dir / "kg.trig"
    result = push("--from", str(graph), "--endpoint", store_server + "/store")
    assert result.exit_code == 0, result.output
    default, named = local_counts(graph)
    remote_named = {r["g"]: int(r["n"]) for r in remote(store_server, PER_GRAPH)}
    assert remote_named == named and len(named) == 4
    assert int(remote(store_server, DEFAULT)[0]["n"]) == default  # Oxigraph's default graph is its own
    assert f"pushed {default + sum(named.values())} triples in 5 graphs" in result.output
    # The data reads back: Table 2's Pavlodar row sits in the graph of the NTN article.
    rows = remote(store_server, f"""PREFIX tm: <https://w3id.org/telemed-kg/ontology#>
        SELECT ?n WHERE {{ GRAPH <{ID}graph/001_6b963e040055fc24> {{
          ?m tm:about <{ID}region/kz-pavlodar-region> ; tm:value ?n ; tm:partOf ?total }} }}""")
    assert [float(r["n"]) for r in rows] == [22.0]
    labels = remote(store_server, f'SELECT ?l WHERE {{ <{ID}country/KZ> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}')
    assert {"Kazakhstan", "Казахстан", "Қазақстан"} <= {r["l"] for r in labels}


def test_replace_puts_and_merge_posts(store_server: str, built_dir: Path) -> None:
    graph = built_dir / "kg.trig"
    document = ID + "graph/002_ec26920e654f0b8c"
    assert push("--from", str(graph), "--endpoint", store_server + "/store").exit_code == 0
    stray = f'INSERT DATA {{ GRAPH <{document}> {{ <urn:x:stray> <urn:x:p> "left over" }} }}'
    assert httpx.post(store_server + "/update", data={"update": stray}).status_code in (200, 204)
    ask = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{document}> {{ <urn:x:stray> ?p ?o }} }}"
    # Merging keeps what the store already had; pushing twice adds nothing twice.
    assert push("--from", str(graph), "--endpoint", store_server + "/store").exit_code == 0
    assert remote(store_server, ask)[0]["n"] == "1"
    _, named = local_counts(graph)
    assert int({r["g"]: r["n"] for r in remote(store_server, PER_GRAPH)}[document]) == named[document] + 1
    # Replacing makes each graph exactly ours again.
    assert push("--from", str(graph), "--endpoint", store_server + "/store", "--replace").exit_code == 0
    assert remote(store_server, ask)[0]["n"] == "0"
    assert {r["g"]: int(r["n"]) for r in remote(store_server, PER_GRAPH)} == named


def test_graph_option_names_the_target_of_the_default_graph(store_server: str, built_dir: Path) -> None:
    graph = built_dir / "kg.trig"
    target = "https://example.org/graphs/telemed-kg"
    result = push("--from", str(graph), "--endpoint", store_server + "/store", "--graph", target)
    assert result.exit_code == 0, result.output
    default, named = local_counts(graph)
    remote_named = {r["g"]: int(r["n"]) for r in remote(store_server, PER_GRAPH)}
    assert remote_named == {**named, target: default}
    assert remote(store_server, DEFAULT)[0]["n"] == "0"


def test_unreachable_endpoint_is_one_line_and_exit_10(built_dir: Path) -> None:
    result = push("--from", str(built_dir / "kg.trig"), "--endpoint", f"http://127.0.0.1:{free_port()}/store")
    assert result.exit_code == NetworkError.exit_code == 10
    assert result.output.startswith("kg: error:") and len(result.output.strip().splitlines()) == 1
    bad = push("--from", str(built_dir / "kg.trig"), "--endpoint", "ftp://example.org/store")
    assert bad.exit_code == NetworkError.exit_code


def _build_without(tmp_path: Path, missing: str) -> Path:
    """The seeds less one document, built for real."""
    import shutil as sh

    from tests.conftest import SEEDS

    folder = tmp_path / "seeds-less-one"
    folder.mkdir()
    for item in SEEDS.iterdir():
        if item.name != missing:
            sh.copy(item, folder / item.name)
    out = tmp_path / "build-less-one"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "--no-html", "--quiet"])
    assert result.exit_code == 0, result.output
    return out / "kg.trig"


def test_replace_leaves_exactly_the_new_build(store_server: str, built_dir: Path, tmp_path: Path) -> None:
    removed = "003_3c696aa202466287"
    assert push("--from", str(built_dir / "kg.trig"), "--endpoint", store_server + "/store").exit_code == 0
    others = f'INSERT DATA {{ GRAPH <https://example.org/not-ours> {{ <urn:x:a> <urn:x:p> "kept" }} }}'
    assert httpx.post(store_server + "/update", data={"update": others}).status_code in (200, 204)
    smaller = _build_without(tmp_path, removed + ".txt")
    result = push("--from", str(smaller), "--endpoint", store_server + "/store", "--replace")
    assert result.exit_code == 0, result.output
    assert f"removed  {ID}graph/{removed}" in result.output
    default, named = local_counts(smaller)
    remote_named = {r["g"]: int(r["n"]) for r in remote(store_server, PER_GRAPH)}
    # Exactly the new build, and a graph that was never ours is left alone.
    assert remote_named == {**named, "https://example.org/not-ours": 1}
    assert int(remote(store_server, DEFAULT)[0]["n"]) == default


def test_the_stores_copy_conforms_to_the_shapes(store_server: str, built_dir: Path, tmp_path: Path) -> None:
    """Oxigraph hands oa:start/oa:end back as xsd:integer; the shapes must accept what a
    conformant store returns."""
    assert push("--from", str(built_dir / "kg.trig"), "--endpoint", store_server + "/store").exit_code == 0
    dump = httpx.get(store_server + "/store", headers={"Accept": "application/n-quads"})
    assert dump.status_code == 200
    assert "^^<http://www.w3.org/2001/XMLSchema#integer>" in dump.text
    copy = tmp_path / "dump.nq"
    copy.write_bytes(dump.content)
    result = CliRunner().invoke(main, ["validate", "--graph", str(copy)])
    assert result.exit_code == 0, result.output[:2000]


def test_a_store_without_a_default_graph_is_one_line(built_dir: Path, tmp_path: Path) -> None:
    """Virtuoso answers a Graph Store request for ?default with an HTML error page. A loopback
    server that answers the same way stands in for it (Virtuoso itself is not installed here)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class VirtuosoLike(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            if "default" in self.path.split("?", 1)[-1].split("&"):
                body = b"<!DOCTYPE html><html><body><h1>Error 400</h1><p>Virtuoso 22023 Error SR...</p></body></html>"
                self.send_response(400)
                self.send_header("Content-Type", "text/html")
            else:
                body, _ = b"", self.send_response(201)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_PUT = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), VirtuosoLike)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        endpoint = f"http://127.0.0.1:{server.server_address[1]}/sparql-graph-crud"
        result = push("--from", str(built_dir / "kg.trig"), "--endpoint", endpoint)
        assert result.exit_code == NetworkError.exit_code
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "--graph" in lines[0] and "<" not in lines[0].split(":", 2)[-1], result.output
        assert push("--from", str(built_dir / "kg.trig"), "--endpoint", endpoint,
                    "--graph", "https://example.org/telemed-kg").exit_code == 0
    finally:
        server.shutdown()
        server.server_close()


def test_push_streams_in_bounded_chunks_with_progress(store_server: str, tmp_path: Path) -> None:
    """The file is read batch by batch (never loaded whole); a graph whose statements come in two
    runs is still replaced once and then added to; a malformed file sends nothing at all."""
    from kg.rdf.push import push as run_push

    graph = tmp_path / "split.nq"
    lines = [f'<urn:x:s{i}> <urn:x:p> "{i}" <urn:x:g{i % 2}> .\n' for i in range(7)]
    lines += ['<urn:x:d> <urn:x:p> "in the default graph" .\n']
    graph.write_text("".join(lines), encoding="utf-8")
    seen: list[tuple[int, int]] = []
    report = run_push(graph, store_server + "/store", replace=True, chunk=2,
                      progress=lambda sent, total: seen.append((sent, total)))
    counts = {r["g"]: int(r["n"]) for r in remote(store_server, PER_GRAPH)}
    assert counts == {"urn:x:g0": 4, "urn:x:g1": 3}
    assert report.triples == 8 and seen[-1] == (8, 8)
    assert all(b[0] - a[0] <= 2 for a, b in zip([(0, 8)] + seen, seen))  # at most 2 triples a request
    broken = tmp_path / "broken.nq"
    broken.write_text("".join(lines[:3]) + "<urn:x:s> <urn:x:p> unterminated\n", encoding="utf-8")
    with pytest.raises(InputError):
        run_push(broken, store_server + "/store", replace=True, chunk=1)
    assert {r["g"]: int(r["n"]) for r in remote(store_server, PER_GRAPH)} == counts
