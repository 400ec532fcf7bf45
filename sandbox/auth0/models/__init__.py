"""The Auth0 emulator's state: one backend holding a tenant's applications and client grants (`clients`), APIs
(`servers`), Actions and trigger bindings (`actions`), and the tokens it issues."""

from __future__ import annotations

import secrets
import time
from typing import Any

from .. import tokens
from ..exceptions import OAuthError
from ..signing import SigningKey
from .actions import TRIGGERS, ActionStore, action_view
from .clients import ClientStore
from .servers import ServerStore
from .users import CONNECTION, UserStore

__all__ = ["CONNECTION", "TRIGGERS", "Auth0Backend", "action_view"]

Item = dict[str, Any]


class Auth0Backend:
    def __init__(self, token: str) -> None:
        self.token = token  # the tenant owner's API token: every permission
        self.domain = "127.0.0.1"
        self.signing_key = secrets.token_bytes(32)
        self.servers = ServerStore()
        self.clients = ClientStore(server_exists=lambda key: self.servers.find(key) is not None)
        self.actions = ActionStore()
        self.users = UserStore()
        self.signing = SigningKey()  # ID tokens are RS256, verifiable with the tenant's JWKS
        self.logins: dict[str, Item] = {}  # Universal Login transactions, by their state
        self.codes: dict[str, Item] = {}  # authorization codes, used once
        self.reset()

    @property
    def management_audience(self) -> str:
        return f"https://{self.domain}/api/v2/"

    def bind(self, domain: str) -> None:
        """Called once the port is known: the Management API identifier embeds the domain."""
        self.domain = domain
        self.reset()

    def reset(self) -> None:
        self.clients.reset()
        self.servers.reset(self.management_audience)
        self.actions.reset()
        self.users.reset()
        self.logins.clear()
        self.codes.clear()

    def inventory(self) -> dict[str, Any]:
        return {
            "clients": list(self.clients.clients.values()),
            "client_grants": list(self.clients.grants.values()),
            "resource_servers": list(self.servers.servers.values()),
            # The control plane shows what the tenant holds, secret values included (the API never does).
            "actions": [
                {**action_view(a), "secrets": [{k: v for k, v in x.items() if k[0] != "_"} for x in a["_secrets"]]}
                for a in self.actions.actions.values()
            ],
            "bindings": self.actions.bindings,
            "users": [{k: v for k, v in u.items() if not k.startswith("_")} for u in self.users.users.values()],
        }

    # --- tokens -------------------------------------------------------------------------------------------

    def authenticate(self, client_id: str | None, secret: str | None) -> Item:
        """The client whose credentials these are, or Auth0's 401."""
        client = self.clients.clients.get(client_id or "")
        if client is None or not secrets.compare_digest(client["client_secret"], secret or ""):
            raise OAuthError(401, "access_denied", "Unauthorized")
        return client

    def exchange(self, client_id: str | None, secret: str | None, audience: str | None) -> tuple[Item, Item]:
        """The client and its grant for a client-credentials exchange, or the OAuth error Auth0 answers."""
        client = self.authenticate(client_id, secret)
        audience = audience or self.management_audience
        if self.servers.find(audience) is None:
            raise OAuthError(403, "access_denied", f"Service not found: {audience}")
        grant = next(iter(self.clients.grants_where(client_id=client_id, audience=audience)), None)
        if grant is None:
            raise OAuthError(
                403,
                "access_denied",
                f'Client is not authorized to access "{audience}". You need to create a "client-grant" associated '
                "to this API.",
            )
        return client, grant

    def issue_token(self, client_id: str, audience: str, scopes: list[str]) -> str:
        issued = int(time.time())
        claims = {
            "iss": f"https://{self.domain}/",
            "sub": f"{client_id}@clients",
            "aud": audience,
            "iat": issued,
            "exp": issued + 86400,
            "azp": client_id,
            "scope": " ".join(scopes),
            "gty": "client-credentials",
        }
        return tokens.encode(self.signing_key, claims)

    def issue_user_token(self, user_id: str, audience: list[str], scope: str) -> str:
        """A signed-in person's access token (for `/userinfo`)."""
        issued = int(time.time())
        claims = {"iss": f"https://{self.domain}/", "sub": user_id, "aud": audience, "iat": issued}
        return tokens.encode(self.signing_key, {**claims, "exp": issued + 86400, "scope": scope})

    def claims_of(self, token: str) -> Item | None:
        return tokens.decode(self.signing_key, token)
