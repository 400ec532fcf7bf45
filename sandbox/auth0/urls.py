"""The Auth0 emulator's route tables: (method, raw-path pattern) → an Auth0Responses (URLS) or ActionResponses
(ACTION_URLS) handler."""

from __future__ import annotations

from ..web import Route

__all__ = ["ACTION_URLS", "SIGNIN_URLS", "URLS"]

ID = r"(?P<id>[^/]+)"
TRIGGER = r"(?P<trigger>[a-z0-9-]+)"

URLS = (
    Route("POST", r"/oauth/token", "token", locked=False),
    Route("GET", r"/api/v2/clients", "list_clients"),
    Route("POST", r"/api/v2/clients", "create_client"),
    Route("GET", rf"/api/v2/clients/{ID}", "get_client"),
    Route("PATCH", rf"/api/v2/clients/{ID}", "update_client"),
    Route("DELETE", rf"/api/v2/clients/{ID}", "delete_client"),
    Route("GET", rf"/api/v2/clients/{ID}/credentials", "list_credentials"),
    Route("POST", rf"/api/v2/clients/{ID}/rotate-secret", "rotate_secret"),
    Route("GET", r"/api/v2/client-grants", "list_grants"),
    Route("POST", r"/api/v2/client-grants", "create_grant"),
    Route("GET", rf"/api/v2/client-grants/{ID}", "get_grant"),
    Route("PATCH", rf"/api/v2/client-grants/{ID}", "update_grant"),
    Route("DELETE", rf"/api/v2/client-grants/{ID}", "delete_grant"),
    Route("GET", r"/api/v2/resource-servers", "list_servers"),
    Route("POST", r"/api/v2/resource-servers", "create_server"),
    Route("GET", rf"/api/v2/resource-servers/{ID}", "get_server"),
    Route("PATCH", rf"/api/v2/resource-servers/{ID}", "update_server"),
    Route("DELETE", rf"/api/v2/resource-servers/{ID}", "delete_server"),
    Route("POST", r"/api/v2/users", "create_user"),
    Route("GET", rf"/api/v2/users/{ID}", "get_user"),
    Route("DELETE", rf"/api/v2/users/{ID}", "delete_user"),
    Route("GET", r"/api/v2/users-by-email", "users_by_email"),
    # Control plane (no auth, not logged).
    Route("GET", r"/_sandbox/state", "state"),
)
ACTION = rf"/api/v2/actions/actions/{ID}"
ACTION_URLS = (
    Route("GET", r"/api/v2/actions/actions", "list_actions"),
    Route("POST", r"/api/v2/actions/actions", "create_action"),
    Route("GET", ACTION, "get_action"),
    Route("PATCH", ACTION, "update_action"),
    Route("DELETE", ACTION, "delete_action"),
    Route("POST", rf"{ACTION}/deploy", "deploy_action"),
    Route("GET", rf"{ACTION}/versions", "list_versions"),
    Route("GET", rf"{ACTION}/versions/(?P<version>[^/]+)", "get_version"),
    Route("GET", r"/api/v2/actions/triggers", "list_triggers"),
    Route("GET", rf"/api/v2/actions/triggers/{TRIGGER}/bindings", "list_bindings"),
    Route("PATCH", rf"/api/v2/actions/triggers/{TRIGGER}/bindings", "replace_bindings"),
)
# People signing in (OpenID Connect): no Management API token; the flow authenticates them itself.
SIGNIN_URLS = (
    Route("GET", r"/\.well-known/openid-configuration", "discovery"),
    Route("GET", r"/\.well-known/jwks\.json", "jwks"),
    Route("GET", r"/authorize", "authorize"),
    Route("GET", r"/u/login", "login"),
    Route("POST", r"/u/login", "submit_login"),
    Route("GET", r"/authorize/resume", "resume", locked=False),
    Route("GET", r"/userinfo", "userinfo"),
    Route("GET", r"/v2/logout", "logout"),
)
