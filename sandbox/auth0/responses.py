"""Auth0 emulator handlers: request → backend call → response, with Auth0's paging, field selection, token
endpoint and per-call permission check."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

from ..web import Request, Response
from .exceptions import Auth0Error, OAuthError
from .models import Auth0Backend
from .runtime import run_credentials_exchange

__all__ = ["Auth0Responses"]

PERMISSION = {
    (method, collection): f"{verb}:{collection.replace('-', '_')}"
    for collection in ("clients", "client-grants", "resource-servers", "actions")
    for method, verb in (("GET", "read"), ("POST", "create"), ("PATCH", "update"), ("DELETE", "delete"))
}


def paged(req: Request, items: list[dict[str, Any]], key: str) -> Response:
    """`page`/`per_page`; with include_totals the `{start, limit, total, <key>}` envelope, else a bare array."""
    per_page = min(int(req.arg("per_page") or 50), 100)
    number = int(req.arg("page") or 0)
    chunk = items[number * per_page : (number + 1) * per_page]
    if (req.arg("include_totals") or "false") == "true":
        return Response(200, {"start": number * per_page, "limit": per_page, "total": len(items), key: chunk})
    return Response(200, chunk)


def pick_fields(req: Request, item: dict[str, Any]) -> dict[str, Any]:
    fields = req.arg("fields")
    if not fields:
        return item
    wanted = set(fields.split(","))
    include = (req.arg("include_fields") or "true") == "true"
    return {k: v for k, v in item.items() if (k in wanted) == include}


def action_view(action: dict[str, Any]) -> dict[str, Any]:
    """What the API returns of an Action: secret values never leave Auth0."""
    view = {k: v for k, v in action.items() if k not in ("secrets", "_pending_deploy")}
    view["secrets"] = [{"name": s["name"], "updated_at": action["updated_at"]} for s in action.get("secrets", [])]
    return view


class Auth0Responses:
    def __init__(self, backend: Auth0Backend, ca_path: Path | None) -> None:
        self.backend = backend
        self.ca_path = ca_path

    def authorize(self, req: Request) -> Response | None:
        if not req.path.startswith("/api/v2/"):
            return None  # /oauth/token authenticates the client itself
        bearer = req.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if bearer == self.backend.token:
            return None  # the tenant owner's API token: every permission
        claims = self.backend.claims_of(bearer)
        if claims is None or claims["aud"] != self.backend.management_audience:
            return Auth0Error(401, "Invalid token", "invalid_token").response()
        needed = PERMISSION.get((req.method, req.path.split("/")[3]))
        if req.path.endswith("/rotate-secret"):
            needed = "update:client_keys"
        if needed and needed not in claims["scope"].split():
            return Auth0Error(403, f"Insufficient scope, expected any of: {needed}", "insufficient_scope").response()
        return None

    # /oauth/token (unlocked: bound Actions call back into this emulator)
    def token(self, req: Request) -> Response:
        content = req.headers.get("content-type", "")
        body: dict[str, Any] = (req.json() or {}) if "json" in content else dict(parse_qsl(req.body.decode()))
        client_id, secret = body.get("client_id"), body.get("client_secret")
        basic = req.headers.get("authorization", "")
        if basic.startswith("Basic "):
            user, _, password = base64.b64decode(basic[6:]).decode().partition(":")
            client_id, secret = unquote(user), unquote(password)
        if body.get("grant_type") != "client_credentials":
            raise OAuthError(400, "unsupported_grant_type", f"Unsupported grant type: {body.get('grant_type')}")
        client, grant = self.backend.exchange(client_id, secret, body.get("audience"))
        failure = run_credentials_exchange(self.backend, client, self.ca_path)
        if failure is not None:
            raise OAuthError(400, "invalid_request", failure)
        scopes = list(grant["scope"])
        access = self.backend.issue_token(client["client_id"], grant["audience"], scopes)
        return Response(
            200, {"access_token": access, "token_type": "Bearer", "expires_in": 86400, "scope": " ".join(scopes)}
        )

    # clients
    def list_clients(self, req: Request) -> Response:
        return paged(req, [pick_fields(req, c) for c in self.backend.clients.values()], "clients")

    def create_client(self, req: Request) -> Response:
        return Response(201, self.backend.create_client(req.json() or {}))

    def get_client(self, req: Request) -> Response:
        return Response(200, pick_fields(req, self.backend.client(req.params["id"])))

    def update_client(self, req: Request) -> Response:
        return Response(200, self.backend.update_client(req.params["id"], req.json() or {}))

    def delete_client(self, req: Request) -> Response:
        self.backend.delete_client(req.params["id"])
        return Response(204)

    def list_credentials(self, req: Request) -> Response:
        self.backend.client(req.params["id"])
        return Response(200, [])

    def rotate_secret(self, req: Request) -> Response:
        return Response(200, self.backend.rotate_secret(req.params["id"]))

    # client grants
    def list_grants(self, req: Request) -> Response:
        audience, client_id = req.arg("audience"), req.arg("client_id")
        items = [
            g
            for g in self.backend.grants.values()
            if audience in (None, g["audience"]) and client_id in (None, g["client_id"])
        ]
        return paged(req, items, "client_grants")

    def create_grant(self, req: Request) -> Response:
        return Response(201, self.backend.create_grant(req.json() or {}))

    def get_grant(self, req: Request) -> Response:
        return Response(200, self.backend.grant(req.params["id"]))

    def update_grant(self, req: Request) -> Response:
        return Response(200, self.backend.update_grant(req.params["id"], req.json() or {}))

    def delete_grant(self, req: Request) -> Response:
        self.backend.delete_grant(req.params["id"])
        return Response(204)

    # resource servers
    def list_servers(self, req: Request) -> Response:
        wanted = [v for k, v in req.query if k in ("identifiers", "identifiers[]")]
        items = [s for s in self.backend.servers.values() if not wanted or s["identifier"] in wanted]
        return paged(req, items, "resource_servers")

    def create_server(self, req: Request) -> Response:
        return Response(201, self.backend.create_server(req.json() or {}))

    def get_server(self, req: Request) -> Response:
        return Response(200, self.backend.server(req.params["id"]))

    def update_server(self, req: Request) -> Response:
        return Response(200, self.backend.update_server(req.params["id"], req.json() or {}))

    def delete_server(self, req: Request) -> Response:
        self.backend.delete_server(req.params["id"])
        return Response(204)

    # Actions and trigger bindings
    def list_actions(self, req: Request) -> Response:
        items = [action_view(a) for a in self.backend.actions.values()]
        per_page, number = int(req.arg("per_page") or 50), int(req.arg("page") or 0)
        chunk = items[number * per_page : (number + 1) * per_page]
        envelope = {"total": len(items), "start": number * per_page, "limit": per_page, "per_page": per_page}
        return Response(200, {"actions": chunk, **envelope})

    def create_action(self, req: Request) -> Response:
        return Response(201, action_view(self.backend.create_action(req.json() or {})))

    def get_action(self, req: Request) -> Response:
        return Response(200, action_view(self.backend.read_action(req.params["id"])))

    def update_action(self, req: Request) -> Response:
        return Response(200, action_view(self.backend.update_action(req.params["id"], req.json() or {})))

    def delete_action(self, req: Request) -> Response:
        self.backend.delete_action(req.params["id"])
        return Response(204)

    def deploy_action(self, req: Request) -> Response:
        return Response(200, self.backend.deploy_action(req.params["id"]))

    def list_bindings(self, req: Request) -> Response:
        items = self.backend.bindings.get(req.params["trigger"], [])
        per_page, number = int(req.arg("per_page") or 50), int(req.arg("page") or 0)
        # start/limit/total on every page: the provider's HasNext() loops forever without them.
        envelope = {"total": len(items), "start": number * per_page, "limit": per_page, "per_page": per_page}
        return Response(200, {"bindings": items[number * per_page : (number + 1) * per_page], **envelope})

    def replace_bindings(self, req: Request) -> Response:
        entries = (req.json() or {}).get("bindings", [])
        return Response(200, {"bindings": self.backend.replace_bindings(req.params["trigger"], entries)})

    # control plane
    def state(self, _req: Request) -> Response:
        return Response(200, self.backend.inventory())
