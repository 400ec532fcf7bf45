"""Auth0 sandbox: resource servers, addressed by id or by (raw, percent-encoded) identifier."""

from __future__ import annotations

import copy
from typing import Any

from ..web import Request, Response
from .responses import error, page, rand


class ServerRoutes:
    clients: dict[str, dict[str, Any]]
    grants: dict[str, dict[str, Any]]
    servers: dict[str, dict[str, Any]]

    def find_server(self, key: str) -> dict[str, Any] | None:
        return self.servers.get(key) or next((s for s in self.servers.values() if s["identifier"] == key), None)

    def list_servers(self, req: Request) -> Response:
        wanted = [v for k, v in req.query if k in ("identifiers", "identifiers[]")]
        items = [s for s in self.servers.values() if not wanted or s["identifier"] in wanted]
        return page(req, items, "resource_servers")

    def create_server(self, req: Request) -> Response:
        body = req.json() or {}
        if not body.get("identifier"):
            return error(400, "Payload validation error: 'Missing required property: identifier'.", "invalid_body")
        if self.find_server(body["identifier"]):
            return error(409, "A resource server with the same identifier already exists", "resource_server_conflict")
        server = {
            "signing_alg": "RS256",
            "token_lifetime": 86400,
            "token_lifetime_for_web": 7200,
            "allow_offline_access": False,
            "skip_consent_for_verifiable_first_party_clients": False,
            "scopes": [],
            "name": body["identifier"],
            **copy.deepcopy(body),
            "id": rand(24).lower(),
            "is_system": False,
        }
        self.servers[server["id"]] = server
        return Response(201, server)

    def get_server(self, req: Request) -> Response:
        server = self.find_server(req.params["id"])
        return (
            Response(200, server)
            if server
            else error(404, "The resource server does not exist", "inexistent_resource_server")
        )

    def update_server(self, req: Request) -> Response:
        server = self.find_server(req.params["id"])
        if not server:
            return error(404, "The resource server does not exist", "inexistent_resource_server")
        body = req.json() or {}
        if "identifier" in body:
            return error(
                400, "Payload validation error: 'Additional properties not allowed: identifier'.", "invalid_body"
            )
        if server.get("is_system"):
            return error(403, "The system resource server cannot be modified", "operation_not_supported")
        server.update(copy.deepcopy(body))
        return Response(200, server)

    def delete_server(self, req: Request) -> Response:
        server = self.find_server(req.params["id"])
        if not server:
            return error(404, "The resource server does not exist", "inexistent_resource_server")
        if server.get("is_system"):
            return error(403, "The system resource server cannot be deleted", "operation_not_supported")
        del self.servers[server["id"]]
        return Response(204)
