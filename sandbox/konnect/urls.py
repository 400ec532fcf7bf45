"""The Konnect emulator's route table: (method, raw-path pattern) → a KonnectResponses handler."""

from __future__ import annotations

from ..web import Route

__all__ = ["URLS"]

ID = r"(?P<id>[^/]+)"

URLS = (
    Route("GET", r"/v2/dcr-providers", "list_providers"),
    Route("POST", r"/v2/dcr-providers", "create_provider"),
    Route("GET", rf"/v2/dcr-providers/{ID}", "get_provider"),
    Route("PATCH", rf"/v2/dcr-providers/{ID}", "update_provider"),
    Route("DELETE", rf"/v2/dcr-providers/{ID}", "delete_provider"),
    Route("POST", rf"/v2/dcr-providers/{ID}/verify", "verify_provider"),
    Route("GET", r"/v2/application-auth-strategies", "list_strategies"),
    Route("POST", r"/v2/application-auth-strategies", "create_strategy"),
    Route("GET", rf"/v2/application-auth-strategies/{ID}", "get_strategy"),
    Route("PATCH", rf"/v2/application-auth-strategies/{ID}", "update_strategy"),
    Route("PUT", rf"/v2/application-auth-strategies/{ID}", "replace_strategy"),
    Route("DELETE", rf"/v2/application-auth-strategies/{ID}", "delete_strategy"),
    # Control plane (no auth, not logged).
    Route("GET", r"/_sandbox/state", "state"),
    Route("POST", rf"/_sandbox/application-auth-strategies/{ID}/in-use", "mark_in_use"),
    # A developer registering / deleting an application in the portal (the DCR round trip).
    Route("POST", r"/_sandbox/portal/applications", "create_application"),
    Route("DELETE", rf"/_sandbox/portal/applications/{ID}", "delete_application"),
)
