"""A tiny WSGI toolkit the emulators share: routing, JSON replies, request log, fault knobs, threaded server.

The same app object serves in-process tests (httpx.WSGITransport) and a real socket (`serve`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import socket
import socketserver
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer, make_server

from .faults import DropConnection, Faults

__all__ = ["App", "DropConnection", "Faults", "Request", "Response", "serve"]


@dataclass
class Request:
    method: str
    path: str  # raw (still percent-encoded), as the emulated services route on it
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes
    params: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def arg(self, name: str) -> str | None:
        for key, value in self.query:
            if key == name:
                return value
        return None


@dataclass
class Response:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


REASONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


Handler = Callable[[Request], Response]


class App:
    """Routes `(method, regex)` to handlers; `/_sandbox/*` is the control plane (never logged, no auth)."""

    def __init__(
        self, name: str, authorize: Callable[[Request], Response | None], fault_reply: Callable[[int, Faults], Response]
    ):
        self.name = name
        self._routes: list[tuple[str, re.Pattern[str], Handler, bool]] = []
        self._authorize = authorize
        self._fault_reply = fault_reply
        self.faults = Faults()
        self.log: list[dict[str, Any]] = []
        self.lock = threading.RLock()
        self.on_reset: list[Callable[[], None]] = []
        # Who answers on this port: scripts compare it with what they started before sending any credential.
        self.nonce = secrets.token_hex(16)
        self.route("GET", r"/_sandbox/identity", self._identity)
        self.route("POST", r"/_sandbox/reset", self._reset)
        self.route("GET", r"/_sandbox/requests", lambda _r: Response(200, {"requests": list(self.log)}))
        self.route("DELETE", r"/_sandbox/requests", self._clear_log)
        self.route("POST", r"/_sandbox/faults", self._set_faults)

    def route(self, method: str, pattern: str, handler: Handler, locked: bool = True) -> None:
        """`locked=False` for handlers that call back into this server (they would deadlock on the lock)."""
        self._routes.append((method, re.compile(f"^{pattern}$"), handler, locked))

    def _identity(self, _req: Request) -> Response:
        return Response(200, {"kind": self.name, "nonce": self.nonce, "pid": os.getpid()})

    def _reset(self, _req: Request) -> Response:
        self.log.clear()
        self.faults = Faults()
        for hook in self.on_reset:
            hook()
        return Response(204)

    def _clear_log(self, _req: Request) -> Response:
        self.log.clear()
        return Response(204)

    def _set_faults(self, req: Request) -> Response:
        self.faults.configure(req.json() or {})
        return Response(204)

    def dispatch(self, req: Request) -> Response:
        control = req.path.startswith("/_sandbox/")
        allowed: list[str] = []
        for method, pattern, handler, locked in self._routes:
            match = pattern.match(req.path)
            if not match:
                continue
            if method != req.method:
                allowed.append(method)
                continue
            req.params = {k: unquote(v) for k, v in match.groupdict().items()}
            if control:
                return handler(req)
            with self.lock:
                denied = self._authorize(req)
                if denied is not None:
                    return denied
                status = self.faults.pick(req.method)
                if status is not None:
                    return self._fault_reply(status, self.faults)
                if locked:
                    return handler(req)
            return handler(req)
        return Response(405 if allowed else 404, {"message": "no such route"})

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        req = Request(
            method=environ["REQUEST_METHOD"],
            path=environ.get("RAW_PATH") or environ.get("PATH_INFO", "/"),
            query=parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True),
            headers={k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
            | {"content-type": environ.get("CONTENT_TYPE", "")},
            body=environ["wsgi.input"].read(length) if length else b"",
        )
        if self.faults.latency_ms and not req.path.startswith("/_sandbox/"):
            time.sleep(self.faults.latency_ms / 1000)
        resp = self.dispatch(req)
        control = req.path.startswith("/_sandbox/")
        with self.lock:
            dropped = not control and resp.status < 300 and self.faults.drop(req.method)
            if not control:
                self.log.append(
                    {
                        "method": req.method,
                        "path": req.path,
                        "status": 0 if dropped else resp.status,
                        "ts": time.time(),
                        **({"dropped": resp.status} if dropped else {}),
                    }
                )
        if dropped:
            raise DropConnection(f"{req.method} {req.path} committed, response dropped")
        if self.faults.hold_ms and not control:
            time.sleep(self.faults.hold_ms / 1000)
        payload = b"" if resp.body is None or resp.status == 204 else json.dumps(resp.body).encode()
        headers = [("Content-Type", resp.content_type)] if payload else []
        headers += [("Content-Length", str(len(payload))), *resp.headers.items()]
        start_response(f"{resp.status} {REASONS.get(resp.status, 'Status')}", headers)
        return [payload]


class _QuietServerHandler(ServerHandler):
    def handle_error(self) -> None:
        # A dropped response closes the socket without a word; other errors get wsgiref's plain 500.
        if isinstance(sys.exc_info()[1], DropConnection):
            with contextlib.suppress(OSError):
                self.request_handler.connection.shutdown(socket.SHUT_RDWR)  # type: ignore[attr-defined]
            return
        super().handle_error()


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature from the stdlib
        pass

    def handle(self) -> None:
        """wsgiref's handle(), with a server handler that can drop a response."""
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536 or not self.parse_request():
            return
        handler = _QuietServerHandler(self.rfile, self.wfile, self.get_stderr(), self.get_environ(), multithread=True)  # type: ignore[arg-type]
        handler.request_handler = self  # type: ignore[attr-defined]
        handler.run(self.server.get_app())  # type: ignore[attr-defined]

    def get_environ(self) -> dict[str, Any]:
        env = super().get_environ()
        # PATH_INFO is percent-decoded; Auth0 routes on the raw path (resource-server identifiers).
        env["RAW_PATH"] = self.path.split("?", 1)[0]
        return env


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(app: App, host: str, port: int, tls: ssl.SSLContext | None = None) -> _ThreadingServer:
    """Bind (port 0 picks a free one) and return the server; call serve_forever() or run it in a thread."""
    server = make_server(host, port, app, server_class=_ThreadingServer, handler_class=_QuietHandler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    return server
