"""Auth0 Management API emulator: the calls pulumi-auth0 and Konnect's DCR make, stateful, in memory."""

from __future__ import annotations

import secrets
import ssl
from pathlib import Path
from typing import Any

from ..web import App, Response
from .clients import ClientRoutes
from .responses import fault_reply, rand
from .servers import ServerRoutes
from .tokens import TokenRoutes

ID = r"(?P<id>[^/]+)"


class Auth0Sandbox(TokenRoutes, ClientRoutes, ServerRoutes):
    """State: clients, client grants, resource servers, actions, trigger bindings. IDs look like Auth0's."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.domain = "127.0.0.1"
        self.ca_path: Path | None = None
        self.tls: ssl.SSLContext | None = None
        self.signing_key = secrets.token_bytes(32)
        self.clients: dict[str, dict[str, Any]] = {}
        self.grants: dict[str, dict[str, Any]] = {}
        self.servers: dict[str, dict[str, Any]] = {}
        self.actions: dict[str, dict[str, Any]] = {}
        self.bindings: dict[str, list[dict[str, Any]]] = {}
        self.app = App("auth0", self._authorize, fault_reply)
        self.app.on_reset.append(self._clear)
        self._routes()
        self._clear()

    def use_tls(self, cert_dir: Path) -> None:
        from .tls import make_tls

        self.tls, self.ca_path = make_tls(cert_dir)

    def bound(self, domain: str) -> None:
        """Called once the port is known: the Management API identifier embeds the domain."""
        self.domain = domain
        self._clear()

    def _clear(self) -> None:
        for store in (self.clients, self.grants, self.servers, self.actions, self.bindings):
            store.clear()
        system: dict[str, Any] = {
            "id": rand(24).lower(),
            "name": "Auth0 Management API",
            "identifier": self.management_audience,
            "is_system": True,
            "signing_alg": "RS256",
            "token_lifetime": 86400,
            "scopes": [],
            "allow_offline_access": False,
            "skip_consent_for_verifiable_first_party_clients": False,
        }
        self.servers[system["id"]] = system

    def _routes(self) -> None:
        r = self.app.route
        r("POST", r"/oauth/token", self.token_endpoint, locked=False)
        r("GET", r"/api/v2/clients", self.list_clients)
        r("POST", r"/api/v2/clients", self.create_client)
        r("GET", rf"/api/v2/clients/{ID}", self.get_client)
        r("PATCH", rf"/api/v2/clients/{ID}", self.update_client)
        r("DELETE", rf"/api/v2/clients/{ID}", self.delete_client)
        r(
            "GET",
            rf"/api/v2/clients/{ID}/credentials",
            lambda req: self._client_or_404(req, lambda c: Response(200, [])),
        )
        r("POST", rf"/api/v2/clients/{ID}/rotate-secret", self.rotate_secret)
        r("GET", r"/api/v2/client-grants", self.list_grants)
        r("POST", r"/api/v2/client-grants", self.create_grant)
        r("GET", rf"/api/v2/client-grants/{ID}", self.get_grant)
        r("PATCH", rf"/api/v2/client-grants/{ID}", self.update_grant)
        r("DELETE", rf"/api/v2/client-grants/{ID}", self.delete_grant)
        r("GET", r"/api/v2/resource-servers", self.list_servers)
        r("POST", r"/api/v2/resource-servers", self.create_server)
        r("GET", rf"/api/v2/resource-servers/{ID}", self.get_server)
        r("PATCH", rf"/api/v2/resource-servers/{ID}", self.update_server)
        r("DELETE", rf"/api/v2/resource-servers/{ID}", self.delete_server)
        from .actions import register_action_routes

        register_action_routes(self)
        r("GET", r"/_sandbox/state", lambda _r: Response(200, self.inventory()))

    def inventory(self) -> dict[str, Any]:
        return {
            "clients": list(self.clients.values()),
            "client_grants": list(self.grants.values()),
            "resource_servers": list(self.servers.values()),
            "actions": list(self.actions.values()),
            "bindings": self.bindings,
        }
