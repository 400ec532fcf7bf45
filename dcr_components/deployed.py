"""What a deployed stack tells the tools that check it (`verify`, `try`): its config and outputs as the pulumi CLI
prints them with secrets shown, the environment parsed from that config, and the claims a token says it carries."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from .config import KEY, NAMESPACE, EnvironmentConfig, parse_config

__all__ = ["StackView", "client_credentials", "is_sandbox", "jwt_claims", "tenant"]


@dataclass
class StackView:
    """`pulumi config` and `pulumi stack output` of one stack (both with secrets shown)."""

    config: dict[str, Any]
    outputs: dict[str, Any]
    namespace: str = NAMESPACE
    env: EnvironmentConfig = field(init=False)

    def __post_init__(self) -> None:
        self.env = parse_config(self.config[f"{self.namespace}:{KEY}"], self.namespace)


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


def is_sandbox(konnect_base_url: str) -> bool:
    """Whether Konnect is this project's emulator: only that answers `/_sandbox/identity` as `konnect`. Real
    Konnect answers 404 (or 401), so the tools never act there as they may on the sandbox."""
    try:
        reply = httpx.get(f"{konnect_base_url.rstrip('/')}/_sandbox/identity", timeout=5)
        return reply.status_code == 200 and reply.json().get("kind") == "konnect"
    except (httpx.HTTPError, ValueError, AttributeError):
        return False
