"""The stack's Auth0 tenant as the operator tools reach it: one client builder, one client-credentials request, and
what a token says it carries."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx

from ..config import EnvironmentConfig

__all__ = ["client_credentials", "jwt_claims", "tenant"]


def tenant(env: EnvironmentConfig, verify: Any = True) -> httpx.Client:
    """A client for the stack's Auth0 tenant (its token endpoint and Management API)."""
    return httpx.Client(base_url=f"https://{env.auth0_domain}", timeout=15, verify=verify)


def client_credentials(auth0: httpx.Client, audience: str, client_id: str, client_secret: str) -> httpx.Response:
    """Auth0's answer to a client-credentials grant for `audience` (form-encoded, as OAuth clients send it)."""
    return auth0.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "audience": audience,
            "client_id": client_id,
            "client_secret": client_secret,
        },
    )


def jwt_claims(token: str) -> dict[str, Any]:
    """The claims of a JWT, unverified (what it says it grants; Auth0 verifies it on use)."""
    body = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))
