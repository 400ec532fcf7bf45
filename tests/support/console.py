"""A DCR setup made the way Kong's console guide makes it, with raw HTTP calls only (never the project's code): the
admin app and its Management API grant, the API audience, the DCR provider, a strategy, a portal with an API
published in it; and developers who sign up through the Portal API and register an application each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from .sandbox import RunningSandbox

__all__ = [
    "AUDIENCE",
    "DCR_PERMISSIONS",
    "PASSWORD",
    "Console",
    "Developer",
    "console_setup",
    "register_developer",
    "sign_up",
    "token",
]

AUDIENCE = "https://api.acme.example/orders"
# What the guide ticks on the Management API, in the dashboard's order.
DCR_PERMISSIONS = [
    "read:clients",
    "update:clients",
    "delete:clients",
    "create:clients",
    "read:client_grants",
    "update:client_grants",
    "delete:client_grants",
    "create:client_grants",
    "update:client_keys",
]
PASSWORD = "Console-made-3xample"


@dataclass(frozen=True)
class Console:
    admin: dict[str, Any]
    grant: dict[str, Any]
    api: dict[str, Any]
    provider: dict[str, Any]
    strategy: dict[str, Any]
    portal: dict[str, Any]
    catalog_api: dict[str, Any]

    @property
    def konnect_ids(self) -> dict[str, str]:
        return {
            "dcr_providers": self.provider["id"],
            "application_auth_strategies": self.strategy["id"],
            "portals": self.portal["id"],
            "apis": self.catalog_api["id"],
        }


@dataclass(frozen=True)
class Developer:
    email: str
    application: dict[str, Any]  # with the client id and its secret, shown once
    registration: dict[str, Any]


def ok(reply: httpx.Response) -> Any:
    assert reply.status_code < 300, f"{reply.request.method} {reply.request.url}: {reply.status_code} {reply.text}"
    return reply.json() if reply.content else None


def mgmt(auth0: RunningSandbox, method: str, path: str, body: Any = None) -> Any:
    return ok(
        auth0.http.request(method, f"/api/v2{path}", json=body, headers={"Authorization": f"Bearer {auth0.token}"})
    )


def console_setup(konnect: RunningSandbox, auth0: RunningSandbox, name: str = "acme") -> Console:
    admin = mgmt(
        auth0,
        "POST",
        "/clients",
        {
            "name": "Konnect Portal DCR Admin",
            "app_type": "non_interactive",
            "grant_types": ["client_credentials"],
            "token_endpoint_auth_method": "client_secret_post",
        },
    )
    grant = mgmt(
        auth0,
        "POST",
        "/client-grants",
        {"client_id": admin["client_id"], "audience": f"https://{auth0.domain}/api/v2/", "scope": DCR_PERMISSIONS},
    )
    api = mgmt(
        auth0,
        "POST",
        "/resource-servers",
        {
            "identifier": AUDIENCE,
            "name": "Orders",
            "signing_alg": "RS256",
            "skip_consent_for_verifiable_first_party_clients": True,
            "scopes": [{"value": "read:orders", "description": "Read orders"}, {"value": "write:orders"}],
        },
    )
    issuer = f"https://{auth0.domain}"
    provider = ok(
        konnect.api(
            "POST",
            "/v2/dcr-providers",
            {
                "provider_type": "auth0",
                "name": "Auth0 DCR",
                "issuer": issuer,
                "dcr_config": {
                    "initial_client_id": admin["client_id"],
                    "initial_client_secret": admin["client_secret"],
                },
            },
        )
    )
    oidc = {
        "issuer": issuer,
        "credential_claim": ["azp"],
        "scopes": ["openid", "read:orders"],
        "auth_methods": ["client_credentials", "bearer"],
        "token_post_args_names": ["audience"],
        "token_post_args_values": [AUDIENCE],
    }
    strategy = ok(
        konnect.api(
            "POST",
            "/v2/application-auth-strategies",
            {
                "name": "Auth0 client credentials",
                "display_name": "Client credentials",
                "strategy_type": "openid_connect",
                "dcr_provider_id": provider["id"],
                "configs": {"openid-connect": oidc},
            },
        )
    )
    portal = ok(
        konnect.api(
            "POST",
            "/v3/portals",
            {"name": f"{name}-portal", "display_name": "ACME developers", "auto_approve_developers": True},
        )
    )
    catalog_api = ok(konnect.api("POST", "/v3/apis", {"name": "Orders API", "version": "v1"}))
    publication = {"auth_strategy_ids": [strategy["id"]], "visibility": "public", "auto_approve_registrations": True}
    ok(konnect.api("PUT", f"/v3/apis/{catalog_api['id']}/publications/{portal['id']}", publication))
    return Console(admin, grant, api, provider, strategy, portal, catalog_api)


def console_portal_content(konnect: RunningSandbox, portal_id: str, api_id: str) -> dict[str, Any]:
    """What a team adds to its portal in the console: a home page, a guide with a page under it (unpublished), a
    snippet, and a team holding API Consumer on the API, with an OIDC identity provider for its members' sign-in."""
    base = f"/v3/portals/{portal_id}"
    home = ok(
        konnect.api(
            "POST",
            f"{base}/pages",
            {"slug": "/", "title": "Home", "content": "# ACME\n\n::apis-list\n", "status": "published"},
        )
    )
    guides = ok(
        konnect.api(
            "POST", f"{base}/pages", {"slug": "guides", "title": "Guides", "content": "# Guides", "status": "published"}
        )
    )
    child = {"slug": "orders", "content": "# Orders", "parent_page_id": guides["id"], "status": "unpublished"}
    orders = ok(konnect.api("POST", f"{base}/pages", child))
    snippet = ok(konnect.api("POST", f"{base}/snippets", {"name": "banner", "content": "Maintenance on Sunday"}))
    team = ok(konnect.api("POST", f"{base}/teams", {"name": "Partners", "description": "Our partners"}))
    role = {"role_name": "API Consumer", "entity_id": api_id, "entity_type_name": "Services", "entity_region": "*"}
    assigned = ok(konnect.api("POST", f"{base}/teams/{team['id']}/assigned-roles", role))
    oidc = {"issuer_url": "https://login.acme.example/", "client_id": "console-app", "client_secret": "console-secret"}
    idp = ok(konnect.api("POST", f"{base}/identity-providers", {"type": "oidc", "config": oidc}))
    return {
        "pages": sorted(p["id"] for p in (home, guides, orders)),
        "snippets": [snippet["id"]],
        "teams": [team["id"]],
        "team_roles": [assigned["id"]],
        "identity_providers": [idp["id"]],
    }


def register_developer(
    konnect: RunningSandbox,
    portal: dict[str, Any],
    email: str,
    strategy_id: str,
    api_id: str,
    signed_up: bool = False,
) -> Developer:
    """Sign-up (unless `signed_up`), email verification, password, log-in, an application with the DCR strategy, its
    registration."""
    dev = httpx.Client(base_url=f"{konnect.url}/portal/{portal['canonical_domain']}/api/v3", timeout=15)
    if not signed_up:
        sign_up(konnect, dev, email)
    ok(dev.post("/developer/authenticate", json={"username": email, "password": PASSWORD}))
    app = ok(dev.post("/applications", json={"name": f"app of {email}", "auth_strategy_id": strategy_id}))
    registration = ok(dev.post(f"/applications/{app['id']}/registrations", json={"api_id": api_id}))
    dev.close()
    return Developer(email, app, registration)


def sign_up(konnect: RunningSandbox, dev: httpx.Client, email: str) -> None:
    """A developer's sign-up through the Portal API: the verification email's token, then a password."""
    ok(dev.post("/developer", json={"email": email, "full_name": f"Developer {email}"}))
    mails = konnect.http.get("/_sandbox/emails").json()["emails"]
    token = next(m["token"] for m in reversed(mails) if m["to"] == email)
    reset = ok(dev.post("/developer/verify-email", json={"token": token}))["token"]
    ok(dev.post("/developer/reset-password", json={"token": reset, "password": PASSWORD}))


def token(auth0: RunningSandbox, developer: Developer, audience: str = AUDIENCE) -> httpx.Response:
    """The developer's client-credentials token for the API, from Auth0."""
    app = developer.application
    return auth0.http.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "audience": audience,
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
        },
    )
