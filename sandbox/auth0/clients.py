"""Auth0 sandbox: clients (+ credentials, rotate-secret) and client grants."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from ..web import Request, Response
from .responses import error, page, pick_fields, rand


class ClientRoutes:
    clients: dict[str, dict[str, Any]]
    grants: dict[str, dict[str, Any]]
    servers: dict[str, dict[str, Any]]

    def _client_or_404(self, req: Request, then: Callable[[dict[str, Any]], Response]) -> Response:
        client = self.clients.get(req.params["id"])
        return then(client) if client else error(404, "The client does not exist", "inexistent_client")

    def list_clients(self, req: Request) -> Response:
        return page(req, [pick_fields(req, c) for c in self.clients.values()], "clients")

    def create_client(self, req: Request) -> Response:
        body = req.json() or {}
        if not isinstance(body.get("name"), str) or not body["name"]:
            return error(400, "Payload validation error: 'Missing required property: name'.", "invalid_body")
        metadata = {k: v for k, v in (body.get("client_metadata") or {}).items() if v is not None}
        client = {
            "tenant": "sandbox",
            "global": False,
            "is_first_party": True,
            "oidc_conformant": False,
            "sso_disabled": False,
            "callbacks": [],
            "allowed_origins": [],
            "web_origins": [],
            "grant_types": ["authorization_code", "implicit", "refresh_token", "client_credentials"],
            "jwt_configuration": {"alg": "RS256", "lifetime_in_seconds": 36000, "secret_encoded": False},
            "token_endpoint_auth_method": "client_secret_post",
            "app_type": "non_interactive",
            **copy.deepcopy(body),
            "client_metadata": metadata,
            "client_id": rand(32),
            "client_secret": rand(64),
        }
        self.clients[client["client_id"]] = client
        return Response(201, client)

    def get_client(self, req: Request) -> Response:
        return self._client_or_404(req, lambda c: Response(200, pick_fields(req, c)))

    def update_client(self, req: Request) -> Response:
        def apply(client: dict[str, Any]) -> Response:
            body = req.json() or {}
            for key, value in body.items():
                if key == "client_metadata":
                    # Merge; a null value removes the key (what the provider sends for removed keys).
                    merged = {**client.get("client_metadata", {}), **(value or {})}
                    client["client_metadata"] = {k: v for k, v in merged.items() if v is not None}
                elif key not in ("client_id",):
                    client[key] = copy.deepcopy(value)
            return Response(200, client)

        return self._client_or_404(req, apply)

    def rotate_secret(self, req: Request) -> Response:
        def rotate(client: dict[str, Any]) -> Response:
            client["client_secret"] = rand(64)
            return Response(200, client)

        return self._client_or_404(req, rotate)

    def delete_client(self, req: Request) -> Response:
        def drop(client: dict[str, Any]) -> Response:
            del self.clients[client["client_id"]]
            for gid in [g for g, grant in self.grants.items() if grant["client_id"] == client["client_id"]]:
                del self.grants[gid]
            return Response(204)

        return self._client_or_404(req, drop)

    def list_grants(self, req: Request) -> Response:
        items = [
            g
            for g in self.grants.values()
            if req.arg("audience") in (None, g["audience"]) and req.arg("client_id") in (None, g["client_id"])
        ]
        return page(req, items, "client_grants")

    def create_grant(self, req: Request) -> Response:
        body = req.json() or {}
        for key in ("client_id", "audience"):
            if not body.get(key):
                return error(400, f"Payload validation error: 'Missing required property: {key}'.", "invalid_body")
        if body["client_id"] not in self.clients:
            return error(404, "The client does not exist", "inexistent_client")
        if not any(s["identifier"] == body["audience"] for s in self.servers.values()):
            return error(
                404, f"No resource server found by identifier {body['audience']}", "inexistent_resource_server"
            )
        if any(g["client_id"] == body["client_id"] and g["audience"] == body["audience"] for g in self.grants.values()):
            return error(409, "A client grant for this client and audience already exists", "conflict")
        grant = {
            "id": "cgr_" + rand(16),
            "client_id": body["client_id"],
            "audience": body["audience"],
            "scope": list(body.get("scope") or []),
            "subject_type": body.get("subject_type") or "client",
            "allow_any_organization": bool(body.get("allow_any_organization", False)),
            "is_system": False,
        }
        self.grants[grant["id"]] = grant
        return Response(201, grant)

    def get_grant(self, req: Request) -> Response:
        grant = self.grants.get(req.params["id"])
        return (
            Response(200, grant) if grant else error(404, "The client grant does not exist", "inexistent_client_grant")
        )

    def update_grant(self, req: Request) -> Response:
        grant = self.grants.get(req.params["id"])
        if not grant:
            return error(404, "The client grant does not exist", "inexistent_client_grant")
        for key, value in (req.json() or {}).items():
            if key in (
                "scope",
                "allow_any_organization",
                "organization_usage",
                "allow_all_scopes",
                "authorization_details_types",
            ):
                grant[key] = copy.deepcopy(value)
        return Response(200, grant)

    def delete_grant(self, req: Request) -> Response:
        if self.grants.pop(req.params["id"], None) is None:
            return error(404, "The client grant does not exist", "inexistent_client_grant")
        return Response(204)
