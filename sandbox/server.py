"""A threaded WSGI server on a real socket (optionally TLS) that can drop a response after a committed write."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import ssl
import sys
from collections.abc import Callable, Iterable
from typing import IO, Any, cast
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer, make_server

from .faults import DropConnection

__all__ = ["serve"]

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class _ServerHandler(ServerHandler):
    """wsgiref's handler, told which request it answers (its close() logs through it; a drop closes its socket)."""

    def __init__(self, request_handler: WSGIRequestHandler, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request_handler = request_handler

    def handle_error(self) -> None:
        # A dropped response closes the socket without a word; other errors get wsgiref's plain 500.
        if isinstance(sys.exc_info()[1], DropConnection):
            with contextlib.suppress(OSError):
                self.request_handler.connection.shutdown(socket.SHUT_RDWR)
            return
        super().handle_error()


class _RequestHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature from the stdlib
        pass

    def handle(self) -> None:
        """wsgiref's handle(), with a server handler that can drop a response."""
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536 or not self.parse_request():
            return
        handler = _ServerHandler(
            self,
            self.rfile,
            cast(IO[bytes], self.wfile),
            self.get_stderr(),
            self.get_environ(),
            multithread=True,
        )
        app = cast(WSGIServer, self.server).get_app()
        if app is not None:
            handler.run(app)

    def get_environ(self) -> dict[str, Any]:
        env = super().get_environ()
        # PATH_INFO is percent-decoded; Auth0 routes on the raw path (resource-server identifiers).
        env["RAW_PATH"] = self.path.split("?", 1)[0]
        return env


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(app: WsgiApp, host: str, port: int, tls: ssl.SSLContext | None = None) -> _ThreadingServer:
    """Bind (port 0 picks a free one) and return the server; call serve_forever() or run it in a thread."""
    server = make_server(host, port, app, server_class=_ThreadingServer, handler_class=_RequestHandler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    return server
