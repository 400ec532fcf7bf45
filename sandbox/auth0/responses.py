"""Auth0 emulator handlers for the token endpoint, applications, client grants and APIs: request → backend call →
response, with Auth0's list envelopes, field selection and per-call permission check."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

from ..web import Request, Response
from . import shapes
from .exceptions import Auth0Error, OAuthError
from .models import Auth0Backend
from .paging import checkpoint, offset
from .runtime import run_credentials_exchange
from .signin import exchange_code

__all__ = ["Auth0Responses", "body_of"]

Item = dict[str, Any]
PERMISSION = {
    (method, collection): f"{verb}:{collection.replace('-', '_')}"
    for collection in ("clients", "client-grants", "resource-servers", "actions", "users")
    for method, verb in (("GET", "read"), ("POST", "create"), ("PATCH", "update"), ("DELETE", "delete"))
} | {("GET", "users-by-email"): "read:users"}


def body_of(req: Request) -> Any:
    try:
        return req.json() or {}
    except ValueError:
        raise Auth0Error(400, "Invalid request payload JSON format", "invalid_body") from None


def pick_fields(req: Request, item: Item) -> Item:
    """`fields` + `include_fields`; an application's `signing_keys` come along whatever is asked (as in Auth0)."""
    fields = req.arg("fields")
    if not fields:
        return item
    wanted = set(fields.split(","))
    include = (req.arg("include_fields") or "true") == "true"
    picked = {k: v for k, v in item.items() if (k in wanted) == include}
    if include and "signing_keys" in item:
        picked["signing_keys"] = item["signing_keys"]
    return picked


def client_matches(req: Request, client: Item) -> bool:
    """The list's filters: `app_type` and `client_ids` (comma-separated), `is_first_party` and `is_global`."""
    for arg, field in (("app_type", "app_type"), ("client_ids", "client_id")):
        raw = req.arg(arg)
        if raw and client.get(field) not in raw.split(","):
            return False
    for arg, field in (("is_first_party", "is_first_party"), ("is_global", "global")):
        raw = req.arg(arg)
        if raw and bool(client.get(field, False)) != (raw == "true"):
            return False
    return True


class Auth0Responses:
    def __init__(self, backend: Auth0Backend, ca_path: Path | None) -> None:
        self.backend = backend
        self.ca_path = ca_path

    def scopes_of(self, req: Request) -> set[str] | None:
        """The caller's permissions; None for the tenant owner's API token (every permission)."""
        bearer = req.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if bearer == self.backend.token:
            return None
        claims = self.backend.claims_of(bearer) or {}
        return set(str(claims.get("scope", "")).split())

    def authorize(self, req: Request) -> Response | None:
        if not req.path.startswith("/api/v2/"):
            return None  # /oauth/token authenticates the client itself
        bearer = req.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if bearer == self.backend.token:
            return None
        claims = self.backend.claims_of(bearer)
        if claims is None or claims["aud"] != self.backend.management_audience:
            return Auth0Error(401, "Invalid token", "invalid_token").response()
        needed = PERMISSION.get((req.method, req.path.split("/")[3]))
        if req.path.endswith("/rotate-secret"):
            needed = "update:client_keys"
        if needed and needed not in claims["scope"].split():
            return Auth0Error(403, f"Insufficient scope, expected any of: {needed}", "insufficient_scope").response()
        return None

    def client_view(self, req: Request, client: Item) -> Item:
        """The secret is shown only to callers that may read client keys (and in the create answer)."""
        scopes = self.scopes_of(req)
        if scopes is not None and "read:client_keys" not in scopes:
            return {k: v for k, v in client.items() if k != "client_secret"}
        return client

    # /oauth/token (unlocked: bound Actions call back into this emulator)
    def token(self, req: Request) -> Response:
        content = req.headers.get("content-type", "")
        body: Item = body_of(req) if "json" in content else dict(parse_qsl(req.body.decode()))
        client_id, secret = body.get("client_id"), body.get("client_secret")
        basic = req.headers.get("authorization", "")
        if basic.startswith("Basic "):
            user, _, password = base64.b64decode(basic[6:]).decode().partition(":")
            client_id, secret = unquote(user), unquote(password)
        if body.get("grant_type") == "authorization_code":
            return Response(200, exchange_code(self.backend, self.backend.authenticate(client_id, secret), body))
        if body.get("grant_type") != "client_credentials":
            raise OAuthError(400, "unsupported_grant_type", f"Unsupported grant type: {body.get('grant_type')}")
        client, grant = self.backend.exchange(client_id, secret, body.get("audience"))
        failure = run_credentials_exchange(self.backend, client, self.ca_path)
        if failure is not None:
            raise OAuthError(400, "invalid_request", failure)
        scopes = list(grant["scope"])
        access = self.backend.issue_token(client["client_id"], grant["audience"], scopes)
        return Response(
            200, {"access_token": access, "scope": " ".join(scopes), "expires_in": 86400, "token_type": "Bearer"}
        )

    # applications
    def list_clients(self, req: Request) -> Response:
        """Paged by offset, or by checkpoint (`from`/`take`: the cursor is the stored id, whatever `fields` shows)."""
        clients = [c for c in self.backend.clients.clients.values() if client_matches(req, c)]
        if req.arg("from") is not None or req.arg("take") is not None:
            return checkpoint(
                req, clients, "clients", "client_id", view=lambda c: pick_fields(req, self.client_view(req, c))
            )
        return offset(req, [pick_fields(req, self.client_view(req, c)) for c in clients], "clients")

    def create_client(self, req: Request) -> Response:
        return Response(201, self.backend.clients.create_client(body_of(req)))

    def get_client(self, req: Request) -> Response:
        client = self.backend.clients.client(req.params["id"])
        return Response(200, pick_fields(req, self.client_view(req, client)))

    def update_client(self, req: Request) -> Response:
        client = self.backend.clients.update_client(req.params["id"], body_of(req))
        return Response(200, self.client_view(req, client))

    def delete_client(self, req: Request) -> Response:
        self.backend.clients.delete_client(req.params["id"])
        return Response(204)

    def list_credentials(self, req: Request) -> Response:
        self.backend.clients.client(req.params["id"])
        return Response(200, [])  # Auth0 answers a bare array here, whatever include_totals says

    def rotate_secret(self, req: Request) -> Response:
        return Response(200, self.backend.clients.rotate_secret(req.params["id"]))

    # client grants
    def list_grants(self, req: Request) -> Response:
        items = self.backend.clients.grants_where(
            audience=req.arg("audience"), client_id=req.arg("client_id"), subject_type=req.arg("subject_type")
        )
        if req.arg("from") is not None or req.arg("take") is not None:
            return checkpoint(req, items, "client_grants")
        return offset(req, items, "client_grants")

    def create_grant(self, req: Request) -> Response:
        return Response(201, self.backend.clients.create_grant(body_of(req)))

    def get_grant(self, req: Request) -> Response:
        return Response(200, self.backend.clients.grant(req.params["id"]))

    def update_grant(self, req: Request) -> Response:
        return Response(200, self.backend.clients.update_grant(req.params["id"], body_of(req)))

    def delete_grant(self, req: Request) -> Response:
        self.backend.clients.delete_grant(req.params["id"])
        return Response(204)

    # APIs (resource servers), by id or identifier
    def list_servers(self, req: Request) -> Response:
        wanted = [v for k, v in req.query if k in ("identifiers", "identifiers[]")]
        servers = self.backend.servers.servers.values()
        return offset(req, [s for s in servers if not wanted or s["identifier"] in wanted], "resource_servers")

    def create_server(self, req: Request) -> Response:
        return Response(201, self.backend.servers.create(body_of(req)))

    def get_server(self, req: Request) -> Response:
        return Response(200, self.backend.servers.server(req.params["id"]))

    def update_server(self, req: Request) -> Response:
        return Response(200, self.backend.servers.update(req.params["id"], body_of(req)))

    def delete_server(self, req: Request) -> Response:
        self.backend.servers.delete(req.params["id"])
        return Response(204)

    # users (the database connection's)
    def create_user(self, req: Request) -> Response:
        return Response(201, shapes.public(self.backend.users.create(body_of(req))))

    def get_user(self, req: Request) -> Response:
        return Response(200, shapes.public(self.backend.users.user(req.params["id"])))

    def delete_user(self, req: Request) -> Response:
        self.backend.users.delete(req.params["id"])
        return Response(204)

    def users_by_email(self, req: Request) -> Response:
        return Response(200, [shapes.public(u) for u in self.backend.users.by_email(req.arg("email") or "")])

    # control plane
    def state(self, _req: Request) -> Response:
        return Response(200, self.backend.inventory())
