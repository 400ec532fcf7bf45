"""Setting up the emulated Auth0 tenant and Konnect org out of band, as an admin would by hand: the DCR admin app,
an API audience, and a DCR strategy published in a portal, ready for a developer."""

from __future__ import annotations

import base64
from typing import Any

import httpx

from dcr_components.auth0 import ADMIN_PERMISSIONS
from dcr_components.config import KEY, NAMESPACE
from dcr_components.ops.stack import StackView

from .sandbox import RunningSandbox, publish

__all__ = [
    "AUDIENCE",
    "admin_app",
    "dcr_setup",
    "dcr_strategy",
    "deployed_view",
    "mgmt",
    "portal_url",
    "published_dcr",
    "token_for",
]

AUDIENCE = "https://api.sandbox.example/orders"


def mgmt(auth0: RunningSandbox, method: str, path: str, body: Any = None, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token or auth0.token}"}
    return auth0.http.request(method, f"/api/v2{path}", json=body, headers=headers)


def admin_app(auth0: RunningSandbox, permissions: list[str] | tuple[str, ...] = ADMIN_PERMISSIONS) -> dict[str, Any]:
    client = mgmt(
        auth0,
        "POST",
        "/clients",
        {"name": "Konnect Portal DCR Admin", "app_type": "non_interactive", "grant_types": ["client_credentials"]},
    ).json()
    audience = f"https://{auth0.domain}/api/v2/"
    assert (
        mgmt(
            auth0,
            "POST",
            "/client-grants",
            {"client_id": client["client_id"], "audience": audience, "scope": list(permissions)},
        ).status_code
        == 201
    )
    return dict(client)


def token_for(
    auth0: RunningSandbox, client: dict[str, Any], audience: str | None = None, style: str = "form"
) -> httpx.Response:
    audience = audience or f"https://{auth0.domain}/api/v2/"
    fields = {"grant_type": "client_credentials", "audience": audience}
    if style == "basic":
        basic = base64.b64encode(f"{client['client_id']}:{client['client_secret']}".encode()).decode()
        return auth0.http.post("/oauth/token", data=fields, headers={"Authorization": f"Basic {basic}"})
    fields |= {"client_id": client["client_id"], "client_secret": client["client_secret"]}
    return (
        auth0.http.post("/oauth/token", json=fields)
        if style == "json"
        else auth0.http.post("/oauth/token", data=fields)
    )


def dcr_strategy(konnect: RunningSandbox, auth0: RunningSandbox, **oidc: Any) -> str:
    """The admin app and an API audience in Auth0, a DCR provider and an OIDC strategy using it in Konnect."""
    return dcr_setup(konnect, auth0, **oidc)[1]


def dcr_setup(konnect: RunningSandbox, auth0: RunningSandbox, **oidc: Any) -> tuple[dict[str, Any], str]:
    """(the admin app with its secret, the strategy id) of `dcr_strategy`."""
    admin = admin_app(auth0)
    api = {"identifier": AUDIENCE, "name": "Orders", "scopes": [{"value": "read:orders"}, {"value": "write:orders"}]}
    assert mgmt(auth0, "POST", "/resource-servers", api).status_code == 201
    provider = {
        "provider_type": "auth0",
        "name": "sandbox-dcr",
        "issuer": auth0.url,
        "dcr_config": {"initial_client_id": admin["client_id"], "initial_client_secret": admin["client_secret"]},
    }
    pid = konnect.api("POST", "/v2/dcr-providers", provider).json()["id"]
    config = {
        "issuer": auth0.url,
        "credential_claim": ["azp"],
        "scopes": ["openid", "read:orders"],
        "auth_methods": ["client_credentials", "bearer"],
        "token_post_args_names": ["audience"],
        "token_post_args_values": [AUDIENCE],
        **oidc,
    }
    strategy = {
        "name": "sandbox-oidc",
        "display_name": "Client credentials",
        "strategy_type": "openid_connect",
        "dcr_provider_id": pid,
        "configs": {"openid-connect": config},
    }
    return admin, str(konnect.api("POST", "/v2/application-auth-strategies", strategy).json()["id"])


def published_dcr(
    konnect: RunningSandbox, auth0: RunningSandbox, **publication: Any
) -> tuple[dict[str, Any], dict[str, Any], str]:
    """(portal, API, strategy id): an API published with the DCR strategy."""
    strategy = dcr_strategy(konnect, auth0)
    portal, api = publish(konnect, strategy, **publication)
    return portal, api, strategy


def portal_url(konnect: RunningSandbox, portal: dict[str, Any]) -> str:
    """Where the emulator serves a portal's developer API (no DNS for portal domains on a local machine)."""
    return f"{konnect.url}/portal/{portal['canonical_domain']}"


def deployed_view(konnect: RunningSandbox, auth0: RunningSandbox, **publication: Any) -> StackView:
    """What `pulumi config` and `pulumi stack output` would show for a stack holding the `published_dcr` objects
    (made out of band here: the tools that read a stack are tested without the engine)."""
    admin, strategy = dcr_setup(konnect, auth0)
    portal, api = publish(konnect, strategy, **publication)
    dcr = {
        "auth0Domain": auth0.domain,
        "providerName": "sandbox-dcr",
        "api": {
            "identifier": AUDIENCE,
            "name": "Orders",
            "scopes": [{"name": "read:orders"}, {"name": "write:orders"}],
        },
        "strategies": [{"name": "sandbox-oidc", "displayName": "Client credentials", "scopes": ["read:orders"]}],
        "portal": {"name": portal["name"], "pages": []},  # no home page made out of band: none declared
        "apis": [{"name": api["name"], "version": "v1", "strategy": "sandbox-oidc"}],
    }
    outputs = {
        "admin_client_id": admin["client_id"],
        "admin_client_secret": admin["client_secret"],
        "strategy_ids": {"sandbox-oidc": strategy},
        "portal_id": portal["id"],
        "portal_url": portal_url(konnect, portal),
        "api_ids": {api["name"]: api["id"]},
    }
    return StackView(config={f"{NAMESPACE}:{KEY}": dcr}, outputs=outputs)
