"""Konnect API emulator (DCR providers, auth strategies, Dev Portal v3 with its developer Portal API), laid out by
role like a moto service: `models` (state), `exceptions` (error bodies), `responses`, `admin_responses` and
`portal_responses` (handlers, with `listing` for Konnect's filters and pages), `urls` (routes), `schema` and `catalog_schema` (request rules), `portal` (developer applications) and
`idp` (what Konnect does at the IdP)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..web import App
from .access_responses import AccessResponses
from .admin_responses import AdminResponses
from .content_responses import ContentResponses
from .exceptions import fault_reply
from .models import KonnectBackend
from .portal_responses import PortalResponses
from .responses import KonnectResponses
from .site_responses import SiteResponses
from .sso import SsoResponses
from .urls import ACCESS_URLS, ADMIN_URLS, CONTENT_URLS, PORTAL_URLS, SITE_URLS, SSO_URLS, URLS

__all__ = ["KonnectBackend", "KonnectEmulator", "build"]


class KonnectEmulator:
    """The backend and the WSGI app that serves it (plain HTTP)."""

    tls = None
    ca_path: Path | None = None

    def __init__(self, backend: KonnectBackend) -> None:
        self.backend = backend
        handlers = KonnectResponses(backend)
        self.app = App(
            "konnect",
            routes=[
                (URLS, handlers),
                (ADMIN_URLS, AdminResponses(backend)),
                (CONTENT_URLS, ContentResponses(backend)),
                (ACCESS_URLS, AccessResponses(backend)),
                (PORTAL_URLS, PortalResponses(backend)),
                (SITE_URLS, SiteResponses(backend)),
                (SSO_URLS, SsoResponses(backend)),
            ],
            authorize=handlers.authorize,
            fault_reply=fault_reply,
            on_reset=backend.reset,
        )

    def bound(self, domain: str) -> None:
        """Nothing here depends on the port (the Auth0 emulator's issuer does)."""


def build(token: str, outbound_verify: Any = None) -> KonnectEmulator:
    """A Konnect emulator accepting `token`; `outbound_verify` is what its calls to an IdP trust (default: the
    environment's SSL_CERT_FILE)."""
    return KonnectEmulator(KonnectBackend(token, outbound_verify))
