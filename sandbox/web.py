"""The small WSGI toolkit both emulators share: requests and responses, typed HTTP errors, route tables, and the App
with its request log, fault knobs and `/_sandbox/` control plane.

The same App serves in-process (any WSGI client) and on a real socket (`sandbox.server.serve`).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote

from .faults import DropConnection, Faults

__all__ = ["App", "HttpError", "Request", "Response", "Route"]


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


class HttpError(Exception):
    """A failure the emulated service answers with a status and its own error body (each emulator's exceptions)."""

    def response(self) -> Response:
        raise NotImplementedError


@dataclass(frozen=True)
class Route:
    """One row of a route table: `handler` names a method of the table's handler object."""

    method: str
    pattern: str
    handler: str
    locked: bool = True  # False for handlers that call back into this server (they would deadlock on the lock)


# The control plane every emulator has; handlers are methods of App. Never logged, never authorized.
CONTROL_URLS = (
    Route("GET", r"/_sandbox/identity", "identity"),
    Route("POST", r"/_sandbox/reset", "reset"),
    Route("GET", r"/_sandbox/requests", "requests"),
    Route("DELETE", r"/_sandbox/requests", "clear_requests"),
    Route("POST", r"/_sandbox/faults", "set_faults"),
)
CONTROL = "/_sandbox/"

REASONS = {
    200: "OK",
    201: "Created",
    202: "Accepted",
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
    """Dispatches requests through route tables to handlers, applying auth, faults and the request log.

    `routes`: (table, handler object) pairs; a Route's `handler` names a method of its table's object.
    """

    def __init__(
        self,
        name: str,
        *,
        routes: Sequence[tuple[Sequence[Route], object]],
        authorize: Callable[[Request], Response | None],
        fault_reply: Callable[[int, Faults], Response],
        on_reset: Callable[[], None],
        headers: Callable[[], dict[str, str]] = dict,
    ) -> None:
        self.name = name
        self.faults = Faults()
        self.log: list[dict[str, Any]] = []
        self.lock = threading.RLock()
        # Who answers on this port: launchers compare it with what they started before sending any credential.
        self.nonce = secrets.token_hex(16)
        self._authorize = authorize
        self._fault_reply = fault_reply
        self._on_reset = on_reset
        self._headers = headers  # added to every answer of the emulated service (not the control plane)
        self._routes: list[tuple[str, re.Pattern[str], Handler, bool]] = [
            (r.method, re.compile(f"^{r.pattern}$"), getattr(target, r.handler), r.locked)
            for table, target in ((CONTROL_URLS, self), *routes)
            for r in table
        ]

    # --- control plane ------------------------------------------------------------------------------------

    def identity(self, _req: Request) -> Response:
        return Response(200, {"kind": self.name, "nonce": self.nonce, "pid": os.getpid()})

    def reset(self, _req: Request) -> Response:
        with self.lock:
            self.log.clear()
            self.faults = Faults()
            self._on_reset()
        return Response(204)

    def requests(self, _req: Request) -> Response:
        return Response(200, {"requests": list(self.log)})

    def clear_requests(self, _req: Request) -> Response:
        self.log.clear()
        return Response(204)

    def set_faults(self, req: Request) -> Response:
        self.faults.configure(req.json() or {})
        return Response(204)

    # --- dispatch -----------------------------------------------------------------------------------------

    def dispatch(self, req: Request) -> Response:
        allowed: list[str] = []
        for method, pattern, handler, locked in self._routes:
            match = pattern.match(req.path)
            if not match:
                continue
            if method != req.method:
                allowed.append(method)
                continue
            req.params = {k: unquote(v) for k, v in match.groupdict().items()}
            if req.path.startswith(CONTROL):
                return self._call(handler, req)
            with self.lock:
                denied = self._authorize(req)
                if denied is not None:
                    return denied
                status = self.faults.pick(req.method, req.path)
                if status is not None:
                    return self._fault_reply(status, self.faults)
                if locked:
                    return self._call(handler, req)
            return self._call(handler, req)
        return Response(405 if allowed else 404, {"message": "no such route"})

    @staticmethod
    def _call(handler: Handler, req: Request) -> Response:
        try:
            return handler(req)
        except HttpError as error:
            return error.response()

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
        control = req.path.startswith(CONTROL)
        if self.faults.latency_ms and not control:
            time.sleep(self.faults.latency_ms / 1000)
        resp = self.dispatch(req)
        with self.lock:
            dropped = not control and resp.status < 300 and self.faults.drop(req.method, req.path)
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
        if resp.body is None or resp.status == 204:
            payload = b""
        elif isinstance(resp.body, str) and "json" not in resp.content_type:
            payload = resp.body.encode()  # a page (the Auth0 emulator's login form)
        else:
            payload = json.dumps(resp.body).encode()
        headers = [("Content-Type", resp.content_type)] if payload else []
        extra = {} if control else {k: v for k, v in self._headers().items() if k.lower() not in resp.headers}
        headers += [("Content-Length", str(len(payload))), *resp.headers.items(), *extra.items()]
        start_response(f"{resp.status} {REASONS.get(resp.status, 'Status')}", headers)
        return [payload]
