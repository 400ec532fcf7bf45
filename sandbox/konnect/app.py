"""Konnect API emulator: /v2/dcr-providers and /v2/application-auth-strategies, stateful, in memory."""

from __future__ import annotations

from typing import Any

from ..web import App, Request, Response
from . import portal
from .errors import fault_reply, problem
from .providers import ProviderRoutes
from .strategies import StrategyRoutes

UUID_RE = r"(?P<id>[^/]+)"


class KonnectSandbox(ProviderRoutes, StrategyRoutes):
    """State (providers, strategies, portal applications) plus the route table."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.providers: dict[str, dict[str, Any]] = {}
        self.strategies: dict[str, dict[str, Any]] = {}
        self.applications: dict[str, dict[str, Any]] = {}
        self.outbound_verify: Any = portal.outbound_verify()
        self.app = App("konnect", self._authorize, fault_reply)
        self.app.on_reset.append(self._clear)
        r = self.app.route
        r("GET", r"/v2/dcr-providers", self.list_providers)
        r("POST", r"/v2/dcr-providers", self.create_provider)
        r("GET", rf"/v2/dcr-providers/{UUID_RE}", self.get_provider)
        r("PATCH", rf"/v2/dcr-providers/{UUID_RE}", self.update_provider)
        r("DELETE", rf"/v2/dcr-providers/{UUID_RE}", self.delete_provider)
        r("POST", rf"/v2/dcr-providers/{UUID_RE}/verify", self.verify_provider)
        r("GET", r"/v2/application-auth-strategies", self.list_strategies)
        r("POST", r"/v2/application-auth-strategies", self.create_strategy)
        r("GET", rf"/v2/application-auth-strategies/{UUID_RE}", self.get_strategy)
        r("PATCH", rf"/v2/application-auth-strategies/{UUID_RE}", self.update_strategy)
        r("PUT", rf"/v2/application-auth-strategies/{UUID_RE}", self.replace_strategy)
        r("DELETE", rf"/v2/application-auth-strategies/{UUID_RE}", self.delete_strategy)
        r("GET", r"/_sandbox/state", lambda _r: Response(200, self.inventory()))
        r("POST", rf"/_sandbox/application-auth-strategies/{UUID_RE}/in-use", self.mark_in_use)
        # A developer registering / deleting an application in the portal (the DCR round trip).
        r("POST", r"/_sandbox/portal/applications", self.create_application)
        r("DELETE", rf"/_sandbox/portal/applications/{UUID_RE}", self.delete_application)

    tls = None

    tls = None

    def bound(self, domain: str) -> None:
        """Nothing depends on the port here (the Auth0 sandbox's does)."""

    def _authorize(self, req: Request) -> Response | None:
        if req.headers.get("authorization") != f"Bearer {self.token}":
            return problem(401, "Unauthorized", "Unauthorized")
        return None

    def _clear(self) -> None:
        self.providers.clear()
        self.strategies.clear()
        self.applications.clear()

    def inventory(self) -> dict[str, Any]:
        """Everything stored, write-only fields included: for tests only (control plane)."""
        return {
            "dcr_providers": list(self.providers.values()),
            "application_auth_strategies": list(self.strategies.values()),
        }
