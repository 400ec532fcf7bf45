"""Auth0 sandbox: /oauth/token, the JWTs it issues, and the permission check on every Management API call."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

from ..web import Request, Response
from .responses import b64, error, oauth_error

PERMISSION = {
    ("GET", "clients"): "read:clients",
    ("POST", "clients"): "create:clients",
    ("PATCH", "clients"): "update:clients",
    ("DELETE", "clients"): "delete:clients",
    ("GET", "client-grants"): "read:client_grants",
    ("POST", "client-grants"): "create:client_grants",
    ("PATCH", "client-grants"): "update:client_grants",
    ("DELETE", "client-grants"): "delete:client_grants",
    ("GET", "resource-servers"): "read:resource_servers",
    ("POST", "resource-servers"): "create:resource_servers",
    ("PATCH", "resource-servers"): "update:resource_servers",
    ("DELETE", "resource-servers"): "delete:resource_servers",
    ("GET", "actions"): "read:actions",
    ("POST", "actions"): "create:actions",
    ("PATCH", "actions"): "update:actions",
    ("DELETE", "actions"): "delete:actions",
}


class TokenRoutes:
    clients: dict[str, dict[str, Any]]
    grants: dict[str, dict[str, Any]]
    servers: dict[str, dict[str, Any]]
    token: str
    domain: str
    signing_key: bytes
    ca_path: Path | None

    @property
    def management_audience(self) -> str:
        return f"https://{self.domain}/api/v2/"

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
        head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        body = b64(json.dumps(claims).encode())
        sig = b64(hmac.new(self.signing_key, f"{head}.{body}".encode(), hashlib.sha256).digest())
        return f"{head}.{body}.{sig}"

    def decode_token(self, token: str) -> dict[str, Any] | None:
        try:
            head, body, sig = token.split(".")
        except ValueError:
            return None
        expected = b64(hmac.new(self.signing_key, f"{head}.{body}".encode(), hashlib.sha256).digest())
        if not hmac.compare_digest(expected, sig):
            return None
        claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        return claims if claims["exp"] > time.time() else None

    def _authorize(self, req: Request) -> Response | None:
        if not req.path.startswith("/api/v2/"):
            return None  # /oauth/token authenticates the client itself
        bearer = req.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if bearer == self.token:
            return None  # the sandbox's own token: every permission, like a tenant owner's API token
        claims = self.decode_token(bearer)
        if claims is None or claims["aud"] != self.management_audience:
            return error(401, "Invalid token", "invalid_token")
        collection = req.path.split("/")[3]
        needed = PERMISSION.get((req.method if req.method != "PUT" else "PATCH", collection))
        if req.path.endswith("/rotate-secret"):
            needed = "update:client_keys"
        if needed and needed not in claims["scope"].split():
            return error(403, f"Insufficient scope, expected any of: {needed}", "insufficient_scope")
        return None

    def _credentials(self, req: Request) -> tuple[dict[str, Any], str | None, str | None]:
        content = req.headers.get("content-type", "")
        body: dict[str, Any] = (req.json() or {}) if "json" in content else dict(parse_qsl(req.body.decode()))
        cid, secret = body.get("client_id"), body.get("client_secret")
        basic = req.headers.get("authorization", "")
        if basic.startswith("Basic "):
            user, _, password = base64.b64decode(basic[6:]).decode().partition(":")
            cid, secret = unquote(user), unquote(password)
        return body, cid, secret

    def token_endpoint(self, req: Request) -> Response:
        body, cid, secret = self._credentials(req)
        if body.get("grant_type") != "client_credentials":
            return oauth_error(400, "unsupported_grant_type", "Unsupported grant type: " + str(body.get("grant_type")))
        client = self.clients.get(cid or "")
        if client is None or not hmac.compare_digest(client["client_secret"], secret or ""):
            return oauth_error(401, "access_denied", "Unauthorized")
        audience = body.get("audience") or self.management_audience
        if not any(s["identifier"] == audience for s in self.servers.values()):
            return oauth_error(403, "access_denied", f"Service not found: {audience}")
        grant = next((g for g in self.grants.values() if g["client_id"] == cid and g["audience"] == audience), None)
        if grant is None:
            return oauth_error(403, "access_denied", f"Client has not been granted scopes for {audience}")
        from .actions import run_credentials_exchange

        failure = run_credentials_exchange(self, client)  # type: ignore[arg-type]
        if failure is not None:
            return oauth_error(400, "invalid_request", failure)
        token = self.issue_token(client["client_id"], audience, list(grant["scope"]))
        return Response(
            200, {"access_token": token, "token_type": "Bearer", "expires_in": 86400, "scope": " ".join(grant["scope"])}
        )
