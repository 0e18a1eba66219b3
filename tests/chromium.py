"""A small headless-Chromium driver over the DevTools protocol, on a pipe.

Nothing beyond the standard library and Debian's ``chromium`` package: the browser is started
with ``--remote-debugging-pipe`` and spoken to on file descriptors 3 (commands to it) and 4
(replies and events from it), each message one JSON text ending with a NUL byte. No port is
opened and no browser build is downloaded. Used by tests/views/test_viz_browser.py,
benchmarks/viz_bench.py and the README screenshots (``python -m tests.chromium``).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
# What works in this sandbox (root, no GPU, no network): no sandbox, no background traffic.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars"]


class CDPError(RuntimeError):
    pass


def chromium_missing_reason(executable: str = CHROMIUM) -> str | None:
    """None if the browser can be started, else why not (for pytest's skip message)."""
    if not Path(executable).exists():
        return (f"{executable} not found: install Debian's chromium package (`make test` does it "
                "when run as root: apt-get install chromium)")
    if not os.access(executable, os.X_OK):
        return f"{executable} is not executable"
    return None


class Browser:
    """One headless Chromium process; ``new_page()`` opens a tab with its own event log."""

    def __init__(self, executable: str = CHROMIUM, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="kg-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire_pipes() -> None:  # in the child, before exec: the pipes become fds 3 and 4
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self._stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self._profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._stderr,
            preexec_fn=wire_pipes, pass_fds=(3, 4), close_fds=True)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._lock = threading.Condition()
        self._next_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self.pages: dict[str, Page] = {}
        self._closed = False
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()
        try:
            self.version = self.send("Browser.getVersion")["product"]
        except Exception:
            self.close()
            raise

    # -- transport
    def _read_loop(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_browser, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                with self._lock:
                    self._closed = True
                    self._lock.notify_all()
                return
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for raw in messages:
                message = json.loads(raw)
                if "id" in message:
                    with self._lock:
                        self._replies[message["id"]] = message
                        self._lock.notify_all()
                else:
                    page = self.pages.get(message.get("sessionId", ""))
                    if page is not None:
                        page._event(message)

    def post(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> int:
        """Send without waiting for the reply; returns the message id."""
        with self._lock:
            self._next_id += 1
            ident = self._next_id
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode("utf-8") + b"\0")
        return ident

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float | None = None) -> dict[str, Any]:
        ident = self.post(method, params, session)
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._lock:
            while ident not in self._replies:
                if self._closed:
                    raise CDPError(f"{method}: the browser exited ({self.stderr_tail()})")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CDPError(f"{method}: no reply within {timeout or self.timeout} s")
                self._lock.wait(left)
            reply = self._replies.pop(ident)
        if "error" in reply:
            raise CDPError(f"{method}: {reply['error'].get('message')} {reply['error'].get('data', '')}".strip())
        return reply.get("result", {})

    def stderr_tail(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")[-500:]

    # -- pages
    def new_page(self, width: int = 1280, height: int = 800) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, target, session)
        self.pages[session] = page
        for domain in ("Page", "Runtime", "Network", "Log"):
            page.send(f"{domain}.enable")
        page.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        return page

    def close(self) -> None:
        try:
            if self.process.poll() is None and not self._closed:
                self.post("Browser.close")
                self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            pass
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        self._stderr.close()
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Page:
    """A tab: commands go to its session; its events are kept in order in ``events``."""

    def __init__(self, browser: Browser, target: str, session: str) -> None:
        self.browser, self.target, self.session = browser, target, session
        self.events: list[dict[str, Any]] = []
        self._cond = threading.Condition()

    def _event(self, message: dict[str, Any]) -> None:
        if message["method"] == "Page.javascriptDialogOpening":  # never leave a page blocked on alert()
            self.browser.post("Page.handleJavaScriptDialog", {"accept": False}, self.session)
        with self._cond:
            self.events.append(message)
            self._cond.notify_all()

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, self.session, timeout)

    def wait_event(self, method: str, since: int = 0, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self.events[since:]:
                    if event["method"] == method:
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CDPError(f"no {method} within {timeout} s")
                self._cond.wait(left)

    def goto(self, url: str, timeout: float = 30.0) -> None:
        mark = len(self.events)
        reply = self.send("Page.navigate", {"url": url})
        if reply.get("errorText"):
            raise CDPError(f"cannot open {url}: {reply['errorText']}")
        self.wait_event("Page.loadEventFired", since=mark, timeout=timeout)

    def evaluate(self, expression: str, await_promise: bool = False, timeout: float | None = None) -> Any:
        reply = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                               "awaitPromise": await_promise}, timeout)
        if "exceptionDetails" in reply:
            details = reply["exceptionDetails"]
            raise CDPError(f"{expression[:80]}: {details.get('exception', {}).get('description') or details.get('text')}")
        return reply["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30.0, interval: float = 0.05) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise CDPError(f"still false after {timeout} s: {expression}")
            time.sleep(interval)

    # -- what a person does
    def mouse(self, kind: str, x: float, y: float, clicks: int = 0) -> None:
        params: dict[str, Any] = {"type": kind, "x": x, "y": y}
        if kind in ("mousePressed", "mouseReleased"):
            params.update(button="left", clickCount=clicks or 1)
        self.send("Input.dispatchMouseEvent", params)

    def click(self, x: float, y: float) -> None:
        self.mouse("mouseMoved", x, y)
        self.mouse("mousePressed", x, y)
        self.mouse("mouseReleased", x, y)

    def type_text(self, text: str) -> None:
        self.send("Input.insertText", {"text": text})

    def press(self, key: str, code: int) -> None:
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": key,
                                                 "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code})

    def screenshot(self, scale: float = 1.0) -> bytes:
        params: dict[str, Any] = {"format": "png"}
        if scale != 1.0:
            size = self.evaluate("[document.documentElement.clientWidth, document.documentElement.clientHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": scale}
        return base64.b64decode(self.send("Page.captureScreenshot", params)["data"])

    # -- what the page did
    def of(self, method: str) -> list[dict[str, Any]]:
        with self._cond:
            return [e["params"] for e in self.events if e["method"] == method]

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions and error log entries (CSP refusals
        among them), as one line each."""
        out = []
        for p in self.of("Runtime.consoleAPICalled"):
            if p["type"] in ("error", "warning", "assert"):
                out.append(f"console.{p['type']}: " + " ".join(str(a.get("value", a.get("description")))
                                                             for a in p["args"]))
        for p in self.of("Runtime.exceptionThrown"):
            details = p["exceptionDetails"]
            out.append("exception: " + str(details.get("exception", {}).get("description") or details.get("text")))
        for p in self.of("Log.entryAdded"):
            if p["entry"]["level"] in ("error", "warning"):
                out.append(f"log.{p['entry']['level']} ({p['entry']['source']}): {p['entry']['text']}")
        return out

    def requests(self) -> list[str]:
        return [p["request"]["url"] for p in self.of("Network.requestWillBeSent")]

    def dialogs(self) -> list[str]:
        return [f"{p['type']}: {p['message']}" for p in self.of("Page.javascriptDialogOpening")]

    def close(self) -> None:
        self.browser.send("Target.closeTarget", {"targetId": self.target})
        self.browser.pages.pop(self.session, None)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes) into RGBA rows."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        if channels == 3:
            rgba = bytearray(width * 4)
            rgba[0::4], rgba[1::4], rgba[2::4] = line[0::3], line[1::3], line[2::3]
            rgba[3::4] = b"\xff" * width
            line = rgba
        rows.append(bytes(line))
    return width, height, rows


def pixel_stats(data: bytes) -> dict[str, float]:
    """Grey-level mean and standard deviation, and the number of distinct colours, of a PNG."""
    width, height, rows = png_pixels(data)
    total = total_sq = 0
    colours: set[bytes] = set()
    for row in rows:
        greys = [(r * 299 + g * 587 + b * 114) // 1000 for r, g, b in zip(row[0::4], row[1::4], row[2::4])]
        total += sum(greys)
        total_sq += sum(v * v for v in greys)
        colours.update(row[i:i + 3] for i in range(0, len(row), 4 * 7))  # a sample: every 7th pixel
    n = width * height
    mean = total / n
    return {"width": width, "height": height, "mean": mean,
            "stddev": max(total_sq / n - mean * mean, 0.0) ** 0.5, "colours": len(colours)}


def screenshot_html(html: Path, png: Path, width: int = 1280, height: int = 800,
                    before: Callable[[Page], None] | None = None) -> Page:
    """Open ``html`` and write a screenshot of it, once it has drawn, to ``png``."""
    with Browser() as browser:
        page = browser.new_page(width, height)
        page.goto(Path(html).resolve().as_uri())
        page.wait_for("window.tmStatus && window.tmStatus.ready", timeout=60)
        if before is not None:
            before(page)
        png.write_bytes(page.screenshot())
        return page


def click_node(page: Page, text: str) -> str:
    """Click the node whose label is ``text`` (any language; the page's own search order) where
    it is drawn, without moving the view, so that its details show. Returns its id."""
    node = page.evaluate(f"""(function () {{
        var q = {json.dumps(text.lower())}, d = window.tmData;
        var hit = d.nodes.filter(function (n) {{ return d.search[n.id].toLowerCase().split("\\n").indexOf(q) >= 0; }});
        return hit.length ? hit[0].id : null; }})()""")
    if node is None:
        raise CDPError(f"no node labelled {text!r} in the page")
    x, y = page.evaluate(f"""(function () {{
        var n = window.tmNetwork, p = n.canvasToDOM(n.getPositions([{json.dumps(node)}])[{json.dumps(node)}]);
        var box = document.getElementById("tm-network").getBoundingClientRect();
        return [box.left + p.x, box.top + p.y]; }})()""")
    page.click(x, y)
    return node


if __name__ == "__main__":  # python -m tests.chromium PAGE.html OUT.png [LABEL TO CLICK]
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: python -m tests.chromium PAGE.html OUT.png [LABEL]")
    label = sys.argv[3] if len(sys.argv) == 4 else None
    screenshot_html(Path(sys.argv[1]), Path(sys.argv[2]), before=(lambda p: click_node(p, label)) if label else None)
    print(f"wrote {sys.argv[2]}")
