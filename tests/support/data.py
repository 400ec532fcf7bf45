"""Data the test tiers share: tokens the emulators accept, declarations of resources and environments."""

from __future__ import annotations

from typing import Any

from tests.support.sandbox import RunningSandbox

__all__ = ["API", "AUTH0", "ENVIRONMENT", "INITIAL_SECRET", "ISSUER", "PROVIDERS", "STRATEGIES", "environment"]

# A DCR provider of type auth0, as a resource's inputs.
AUTH0: dict[str, Any] = {
    "name": "portal-dcr",
    "provider_type": "auth0",
    "issuer": "https://tenant.eu.auth0.com",
    "dcr_config": {"initial_client_id": "admin-app"},
    "initial_client_secret": "first-secret",
    "labels": {"env": "test", "team": "infra"},
}

# `konnect-auth0-dcr:dcr` of a small environment, as a stack file holds it.
ENVIRONMENT: dict[str, Any] = {
    "auth0Domain": "acme.eu.auth0.com",
    "providerName": "acme-dev",
    "api": {
        "identifier": "https://api.acme.example/dcr",
        "name": "Acme DCR API",
        "scopes": [{"name": "read:orders", "description": "Read orders"}, {"name": "write:orders"}],
    },
    "strategies": [{"name": "cc", "displayName": "Client credentials", "scopes": ["read:orders"]}],
    "labels": {"env": "dev"},
}

# The e2e Konnect program's declaration (tests/e2e/programs/konnect.py): one DCR provider and one strategy.
ISSUER = "https://tenant.eu.auth0.com"
INITIAL_SECRET = "initial-client-secret-value-9f2c"
PROVIDERS: dict[str, Any] = {
    "auth0": {
        "provider_type": "auth0",
        "name": "portal-dcr",
        "issuer": ISSUER,
        "dcr_config": {"initial_client_id": "admin-app-id"},
        "labels": {"env": "e2e"},
    },
}
STRATEGIES: dict[str, Any] = {
    "oidc": {
        "name": "portal-oidc",
        "display_name": "Client credentials",
        "strategy_type": "openid_connect",
        "provider": "auth0",
        "configs": {
            "openid-connect": {
                "issuer": ISSUER,
                "credential_claim": ["azp"],
                "scopes": ["openid", "read"],
                "auth_methods": ["client_credentials", "bearer"],
            }
        },
    },
}

# The whole environment on the emulators (the project's own program).
API = "https://api.e2e.example.com/orders"


def environment(auth0: RunningSandbox, **change: Any) -> dict[str, Any]:
    """`konnect-auth0-dcr:dcr` of an environment on the Auth0 emulator, with `change` applied at the top level: one
    strategy, and one API published with it in a portal named after the provider (portal names are unique)."""
    config: dict[str, Any] = {
        "auth0Domain": auth0.domain,
        "providerName": "konnect-e2e-auth0",
        "api": {
            "identifier": API,
            "name": "Orders API",
            "scopes": [
                {"name": "read:orders", "description": "Read"},
                {"name": "write:orders", "description": "Write"},
            ],
        },
        "strategies": [{"name": "e2e-cc", "displayName": "Client credentials", "scopes": ["read:orders"]}],
        "renameAction": {"enabled": True},
        "labels": {"env": "e2e"},
        "apis": [{"name": "Orders API", "version": "v1", "visibility": "public"}],
    }
    config.update(change)
    config.setdefault("portal", {"name": f"{config['providerName']}-portal", "autoApproveDevelopers": True})
    return config
