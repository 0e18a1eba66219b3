"""Hostile peers on loopback for issue 18 (Hardening II), shared by tests/test_hardening2.py and
benchmarks/hardening_bench.py so the figures and the assertions come from one code path:
HTTP servers that answer `kg push` with huge or trickling replies, a raw-socket client for
request bodies `kg serve` must not swallow whole, and a launcher that measures a process's
own peak RSS (wait4), so no psutil is needed."""

from __future__ import annotations

import http.server
import os
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


@contextmanager
def hostile(reply: Handler) -> Iterator[str]:
    """An HTTP server on a free loopback port that reads each PUT/POST body and then answers with
    ``reply``; yields a Graph Store-like URL on it."""
    class Hostile(http.server.BaseHTTPRequestHandler):
        def _any(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            try:
                reply(self)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up on us: what it should do

        do_PUT = do_POST = _any

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store"
    finally:
        server.shutdown()
        server.server_close()


def huge_reply(size: int) -> Handler:
    """A 200 whose body is ``size`` bytes, sent as fast as the client reads."""
    def reply(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(size))
        handler.end_headers()
        block = b"x" * (1 << 20)
        for _ in range(size // len(block)):
            handler.wfile.write(block)
        handler.wfile.write(b"x" * (size % len(block)))
    return reply


def trickle(headers_too: bool, every: float = 2.0) -> Handler:
    """A reply that sends one byte every ``every`` seconds: its body, or from the status line on."""
    def reply(handler: http.server.BaseHTTPRequestHandler) -> None:
        if headers_too:
            data = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
        else:
            handler.send_response(200)
            handler.send_header("Content-Length", "1000")
            handler.end_headers()
            data = b"." * 1000
        for byte in data:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(every)
    return reply


def refusal(body: bytes, status: int = 400) -> Handler:
    def reply(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return reply


@dataclass(frozen=True)
class Measured:
    code: int  # exit code; -9 when killed at the time limit
    stderr: str
    seconds: float
    peak_mb: float  # the process's own peak RSS


def run_measured(args: list[str], limit: float) -> Measured:
    """`python -m kg ARGS` in a process of its own, killed after ``limit`` seconds."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "kg", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    timer = threading.Timer(limit, process.kill)
    timer.start()
    try:
        assert process.stderr is not None
        stderr = process.stderr.read().decode(errors="replace")
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Measured(process.returncode, stderr, time.monotonic() - started, usage.ru_maxrss / 1024)


def raw_request(base: str, head: str) -> socket.socket:
    """A connection to ``base`` (http://host:port) that has sent ``head`` and nothing more."""
    host, port = base.removeprefix("http://").rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=10)
    sock.sendall(head.encode("latin-1"))
    return sock


def reply_ready(sock: socket.socket) -> bool:
    return bool(select.select([sock], [], [], 0)[0])


@dataclass(frozen=True)
class ChunkedOutcome:
    sent: int  # body bytes sent before the server answered (or all of them)
    reply: bytes
    peak_kb: int  # the server's peak RSS while it was sent
    before_kb: int


def send_chunked(base: str, pid: int, total: int) -> ChunkedOutcome:
    """POST up to ``total`` bytes to /sparql as a chunked body, stopping as soon as the server
    answers; the server process's RSS is sampled every 4 MB."""
    from benchmarks.loadgen import rss_kb

    sock = raw_request(base, "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"#" * 65536
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    before = peak = rss_kb(pid)
    sent = 0
    with sock:
        sock.settimeout(120)
        try:
            while sent < total and not reply_ready(sock):
                sock.sendall(frame)
                sent += len(chunk)
                if sent % (4 << 20) == 0:
                    peak = max(peak, rss_kb(pid))
            if not reply_ready(sock):
                sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading and closed
        peak = max(peak, rss_kb(pid))
        try:
            reply = sock.recv(4096)
        except ConnectionResetError:
            reply = b""
    return ChunkedOutcome(sent, reply, max(peak, rss_kb(pid)), before)
