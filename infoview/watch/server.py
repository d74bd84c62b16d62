"""The live preview's HTTP side: serve the site folder, inject the reload script.

A threaded stdlib HTTP server serves only the output folder. Requests wait
while a build runs, so no half-built page is ever served; HTML gets the
reload script (and, after a failed build, an overlay with the diagnostics)
injected as it is sent, never written to disk. Open tabs hold a
server-sent-events connection and reload when the epoch moves. Request
handling (`respond`) needs no socket, so it is tested directly.

Only requests addressed to the server itself are answered: a `Host` that is
an IP address, `localhost`, or the name it was told to serve on (and, when
it serves on every address, this machine's name). A web page the user
visits cannot read the journal by pointing a name of its own at the
loopback address (DNS rebinding): its requests carry that name. Idle
connections are closed after a while and their number is bounded.
"""

from __future__ import annotations

import contextlib
import html
import ipaddress
import mimetypes
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..journal.diagnostics import Diagnostic

LIVE_PREFIX = "/__infoview/"

LIVE_JS = b"""(function () {
  "use strict";
  var me = document.currentScript;
  var epoch = me ? new URL(me.src).searchParams.get("epoch") : null;
  function connect() {
    var source = new EventSource("/__infoview/events");
    source.onmessage = function (event) {
      if (epoch !== null && event.data !== epoch) { window.location.reload(); }
    };
    source.onerror = function () { source.close(); setTimeout(connect, 1000); };
  }
  connect();
})();
"""

LIVE_CSS = b"""#infoview-overlay { position: fixed; inset: 0; z-index: 2147483647; overflow: auto;
  background: rgba(20, 20, 24, .94); color: #f3f3f3; padding: 2rem;
  font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
#infoview-overlay h2 { color: #ff8a80; font: 600 18px/1.3 system-ui, sans-serif; margin: 0 0 1rem; }
#infoview-overlay p { font-family: system-ui, sans-serif; color: #bbb; }
#infoview-overlay li { margin: .3rem 0; list-style: none; }
#infoview-overlay .where { color: #80cbc4; }
#infoview-overlay .error { color: #ff8a80; } #infoview-overlay .warning { color: #ffd54f; }
"""

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".ics": "text/calendar; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}


@dataclass
class State:
    """What the server shows: the epoch of the last finished build, and what went wrong."""

    epoch: int = 0
    building: bool = False
    problems: list[Diagnostic] = field(default_factory=list)
    failure: str = ""  # an unexpected exception, as text
    stopping: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)

    def start_build(self) -> None:
        with self.changed:
            self.building = True

    def finish_build(self, problems: list[Diagnostic], failure: str = "", same_site: bool = False) -> None:
        """A build ended; open tabs reload, but where it left the site as it was
        and they would show the same problems (a file saved unchanged)."""
        with self.changed:
            self.building = False
            if same_site and self.epoch and (problems, failure) == (self.problems, self.failure):
                self.changed.notify_all()  # (requests waiting for the build go on)
                return
            self.problems = problems
            self.failure = failure
            self.epoch += 1
            self.changed.notify_all()

    def wait_until_built(self, timeout: float = 60.0) -> None:
        with self.changed:
            self.changed.wait_for(lambda: not self.building or self.stopping, timeout)

    def wait_for_epoch_after(self, epoch: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.epoch != epoch or self.stopping, timeout)
            return self.epoch

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()


# --- answering requests (no sockets here, so it can be tested directly) ---


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def resolve(site: Path, url_path: str) -> Path | None:
    """The file under site that url_path names, or None (never outside site)."""
    try:
        path = unquote(urlsplit(url_path).path, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return None
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts) or any(p.startswith(".") for p in parts):
        return None
    root = site.resolve()
    candidate = root.joinpath(*parts)
    if candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(root) or not real.is_file():
        return None
    return real


def respond(site: Path, state: State, url_path: str) -> Response:
    if url_path.startswith(LIVE_PREFIX):
        return _live_asset(url_path)
    target = resolve(site, url_path)
    if target is None:
        return _not_found(state)
    suffix = target.suffix.lower()
    kind = TYPES.get(suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    body = target.read_bytes()
    if suffix == ".html":
        body = inject(body, state)
    return Response(HTTPStatus.OK, _headers(kind), body)


def _headers(kind: str) -> dict[str, str]:
    return {"Content-Type": kind, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def _live_asset(url_path: str) -> Response:
    name = urlsplit(url_path).path.removeprefix(LIVE_PREFIX)
    if name == "live.js":
        return Response(HTTPStatus.OK, _headers(TYPES[".js"]), LIVE_JS)
    if name == "live.css":
        return Response(HTTPStatus.OK, _headers(TYPES[".css"]), LIVE_CSS)
    return Response(HTTPStatus.NOT_FOUND, _headers(TYPES[".txt"]), b"not found\n")


def _not_found(state: State) -> Response:
    page = (
        b'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        b'<meta name="robots" content="noindex, nofollow"><title>Not found</title>'
        b'<link rel="stylesheet" href="/static/style.css"></head><body><main class="wrap">'
        b"<h1>Not found</h1><p>There is no such page in this journal's site. "
        b'<a href="/index.html">Back to the dashboard</a></p></main></body></html>\n'
    )
    return Response(HTTPStatus.NOT_FOUND, _headers(TYPES[".html"]), inject(page, state))


def inject(page: bytes, state: State) -> bytes:
    """The page as served: the live-reload script, and the overlay after a failed build."""
    extra = [
        f'<link rel="stylesheet" href="{LIVE_PREFIX}live.css">',
        overlay(state),
        f'<script src="{LIVE_PREFIX}live.js?epoch={state.epoch}"></script>',
    ]
    text = page.decode("utf-8", errors="replace")
    # The built pages forbid every connection; the preview needs its own event stream.
    text = text.replace("connect-src 'none'", "connect-src 'self'", 1)
    marker = text.rfind("</body>")
    addition = "".join(extra)
    text = text[:marker] + addition + text[marker:] if marker >= 0 else text + addition
    return text.encode("utf-8")


def overlay(state: State) -> str:
    if not state.problems and not state.failure:
        return ""
    items = "".join(
        f'<li><span class="where">{html.escape(str(d.span))}</span> '
        f'<span class="{html.escape(str(d.severity))}">{html.escape(str(d.severity))}</span>: '
        f"{html.escape(d.message)} [{html.escape(d.code)}]</li>"
        for d in state.problems
    )
    failure = f"<pre>{html.escape(state.failure)}</pre>" if state.failure else ""
    return (
        '<div id="infoview-overlay" role="alert"><h2>The journal has problems; '
        "the site shows its last good state</h2>"
        f"<ul>{items}</ul>{failure}<p>Fix the file and save: this page reloads by itself.</p></div>"
    )


def host_names(host: str) -> frozenset[str]:
    """The names (besides IP addresses) a request's Host may give, for a server
    on host: localhost, host itself and, on every address, this machine's names."""
    names = {"localhost", host.lower().strip("[]")}
    if host in ("", "0.0.0.0", "::"):
        with contextlib.suppress(OSError):
            name = socket.gethostname().lower()
            names |= {name, f"{name}.local", socket.getfqdn().lower()}
    return frozenset(n for n in names if n)


def host_allowed(header: str | None, names: frozenset[str]) -> bool:
    """Is a request with this Host header addressed to this server? No header
    (an HTTP/1.0 client) is; a browser always sends one."""
    if header is None:
        return True
    value = header.strip().lower()
    if value.startswith("["):  # [::1]:8000
        name, _, rest = value[1:].partition("]")
        if rest and not (rest.startswith(":") and rest[1:].isdigit()):
            return False
    else:
        name, _, port = value.partition(":")
        if port and not port.isdigit():
            return False
    name = name.rstrip(".")
    try:
        ipaddress.ip_address(name)
        return True  # an address: no name of someone else's can be behind it
    except ValueError:
        return name in names


def misdirected(address: str) -> Response:
    text = (f"This is infoview's live preview; it answers only to its own address ({address}), "
            "so that other web sites cannot read your journal.\n")  # fmt: skip
    return Response(HTTPStatus.MISDIRECTED_REQUEST, _headers(TYPES[".txt"]), text.encode())


class _Deadline:
    """A request's lines, read by a deadline: a client that sends a header line
    now and then (each resetting the socket's timeout) cannot hold a
    connection open for ever."""

    def __init__(self, stream: Any, seconds: float) -> None:
        self.stream, self.seconds, self.until = stream, seconds, time.monotonic() + seconds

    def restart(self) -> None:
        self.until = time.monotonic() + self.seconds

    def readline(self, *args: Any) -> bytes:
        if time.monotonic() > self.until:
            raise TimeoutError("the request took too long to arrive")
        return self.stream.readline(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class _Handler(BaseHTTPRequestHandler):
    server_version = "infoview"
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds an idle connection is kept
    request_seconds = 10.0  # the most a request (its line and headers) may take to arrive
    site: Path
    state: State
    names: frozenset[str]

    def setup(self) -> None:
        super().setup()
        self.rfile = _Deadline(self.rfile, self.request_seconds)  # type: ignore[assignment]

    def handle_one_request(self) -> None:
        self.rfile.restart()  # type: ignore[attr-defined]
        super().handle_one_request()

    def do_GET(self) -> None:
        if not self._addressed_to_us():
            return
        if urlsplit(self.path).path == LIVE_PREFIX + "events":
            self._events()
            return
        self.state.wait_until_built()
        self._send(respond(self.site, self.state, self.path))

    def do_HEAD(self) -> None:
        if not self._addressed_to_us():
            return
        self.state.wait_until_built()
        response = respond(self.site, self.state, self.path)
        self._send(Response(response.status, response.headers, b""), len(response.body))

    def _addressed_to_us(self) -> bool:
        if host_allowed(self.headers.get("Host"), self.names):
            return True
        address: Any = self.server.server_address  # (host, port) for an IP server
        host, port = address[0], address[1]
        shown = f"[{host!s}]" if ":" in str(host) else str(host)
        self._send(misdirected(f"http://{shown}:{port}/"))
        self.close_connection = True
        return False

    def _send(self, response: Response, length: int | None = None) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body) if length is None else length))
        self.end_headers()
        self.wfile.write(response.body)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        epoch = self.state.epoch
        try:
            self.wfile.write(f"data: {epoch}\n\n".encode())
            self.wfile.flush()
            while not self.state.stopping:
                new = self.state.wait_for_epoch_after(epoch, timeout=10)
                if self.state.stopping:
                    break
                message = f"data: {new}\n\n" if new != epoch else ": still here\n\n"
                epoch = new
                self.wfile.write(message.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


MAX_CONNECTIONS = 64  # open at once; more are turned away until some close


class LiveServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False
    request_queue_size = 16

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            self.shutdown_request(request)  # too many open: this one is closed at once
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A tab closed or a client gone mid-answer is ordinary: nothing to say."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError, OSError)):
            return
        super().handle_error(request, client_address)


def serve(site: Path, state: State, host: str, port: int) -> LiveServer:
    handler = type("Handler", (_Handler,), {"site": site, "state": state, "names": host_names(host)})
    server = LiveServer((host, port), handler)
    threading.Thread(target=server.serve_forever, args=(0.1,), name="infoview-http", daemon=True).start()
    return server
