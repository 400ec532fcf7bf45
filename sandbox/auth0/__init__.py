"""Auth0 Management API emulator (HTTPS with its own CA), laid out by role like a moto service: `models` (state),
`shapes` (the objects a tenant returns), `exceptions` (error bodies), `responses` and `action_responses` (handlers),
`paging` (list envelopes), `urls` (routes), `tokens` (JWTs), `runtime` (bound Actions under Node.js), `tls` (the
CA)."""

from __future__ import annotations

import ssl
from pathlib import Path

from ..web import App
from .action_responses import ActionResponses
from .exceptions import every_answer_headers, fault_reply
from .models import Auth0Backend
from .responses import Auth0Responses
from .signin import SignInResponses
from .tls import make_tls
from .urls import ACTION_URLS, SIGNIN_URLS, URLS

__all__ = ["Auth0Backend", "Auth0Emulator", "build"]


class Auth0Emulator:
    """The backend, its TLS context and CA, and the WSGI app that serves them."""

    def __init__(self, backend: Auth0Backend, cert_dir: Path) -> None:
        self.backend = backend
        self.tls: ssl.SSLContext | None
        self.tls, self.ca_path = make_tls(cert_dir)
        handlers = Auth0Responses(backend, self.ca_path)
        self.app = App(
            "auth0",
            routes=[
                (URLS, handlers),
                (ACTION_URLS, ActionResponses(backend)),
                (SIGNIN_URLS, SignInResponses(backend, self.ca_path)),
            ],
            authorize=handlers.authorize,
            fault_reply=fault_reply,
            on_reset=backend.reset,
            headers=every_answer_headers,
        )

    def bound(self, domain: str) -> None:
        """Called once the port is known: the issuer and the Management API identifier embed the domain."""
        self.backend.bind(domain)


def build(token: str, cert_dir: Path) -> Auth0Emulator:
    """An Auth0 emulator accepting `token` (every permission) and the tokens it issues; its CA goes to `cert_dir`."""
    return Auth0Emulator(Auth0Backend(token), cert_dir)
