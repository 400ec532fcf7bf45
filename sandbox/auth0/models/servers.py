"""A tenant's APIs (resource servers), found by id or by identifier, with Auth0's rules: the identifier is unique and
never changes, the system Management API cannot be changed or deleted."""

from __future__ import annotations

from typing import Any

from .. import shapes
from ..exceptions import Auth0Error, conflict, invalid, missing

__all__ = ["ServerStore"]

Item = dict[str, Any]
MAX_LIFETIME = 2592000


def check_server(body: Item, creating: bool) -> None:
    if creating:
        identifier = body.get("identifier")
        if not isinstance(identifier, str) or not identifier:
            raise invalid("Missing required property: identifier")
        if len(identifier) > 600:
            raise invalid("String is too long (maximum 600): identifier")
    elif "identifier" in body:
        raise invalid("Additional properties not allowed: identifier")
    elif not body:
        raise invalid("Too few properties defined (0), minimum 1")
    name = body.get("name")
    if name is not None and (len(str(name)) > 200 or "<" in str(name) or ">" in str(name)):
        raise invalid("String does not match pattern ^[^<>]{0,200}$: name")
    for field in ("token_lifetime", "token_lifetime_for_web"):
        value = body.get(field)
        if value is not None and not (isinstance(value, int) and 0 <= value <= MAX_LIFETIME):
            raise invalid(f"{field} must be an integer from 0 to {MAX_LIFETIME}")
    for scope in body.get("scopes") or []:
        value = scope.get("value") if isinstance(scope, dict) else None
        if not isinstance(value, str) or not 1 <= len(value) <= 280:
            raise invalid("scopes: each scope needs a value of 1 to 280 characters")


class ServerStore:
    def __init__(self) -> None:
        self.servers: dict[str, Item] = {}

    def reset(self, management_audience: str) -> None:
        self.servers.clear()
        system = shapes.system_api(management_audience)
        self.servers[system["id"]] = system

    def find(self, key: str) -> Item | None:
        return self.servers.get(key) or next((s for s in self.servers.values() if s["identifier"] == key), None)

    def server(self, key: str) -> Item:
        found = self.find(key)
        if found is None:
            raise missing("server")
        return found

    def create(self, body: Item) -> Item:
        check_server(body, creating=True)
        if self.find(body["identifier"]):
            raise conflict("A resource server with the same identifier already exists", "resource_server_conflict")
        made = shapes.resource_server(body)
        self.servers[made["id"]] = made
        return made

    def update(self, key: str, body: Item) -> Item:
        check_server(body, creating=False)
        server = self.server(key)
        if server.get("is_system"):
            raise Auth0Error(403, "The system resource server cannot be modified", "operation_not_supported")
        shapes.assign(server, body)
        return server

    def delete(self, key: str) -> None:
        """Idempotent, as in Auth0: deleting an absent API is a 204."""
        server = self.find(key)
        if server is None:
            return
        if server.get("is_system"):
            raise Auth0Error(403, "The system resource server cannot be deleted", "operation_not_supported")
        del self.servers[server["id"]]
