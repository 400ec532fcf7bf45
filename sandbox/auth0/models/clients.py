"""A tenant's applications (clients) and client grants, with Auth0's rules for each."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from .. import shapes
from ..exceptions import Auth0Error, conflict, invalid, missing

__all__ = ["ClientStore"]

Item = dict[str, Any]
# What PATCH /client-grants/{id} accepts (its schema allows no other property).
GRANT_FIELDS = (
    "scope",
    "allow_any_organization",
    "organization_usage",
    "allow_all_scopes",
    "authorization_details_types",
)


def check_metadata(metadata: Any) -> None:
    """Auth0's limits: at most 10 keys, string values of at most 255 characters (null removes a key)."""
    if metadata is None:
        return
    if not isinstance(metadata, dict):
        raise invalid("Expected type object but found type " + type(metadata).__name__)
    if len(metadata) > 10:
        raise invalid("Too many properties defined (" + str(len(metadata)) + "), maximum 10")
    for key, value in metadata.items():
        if value is not None and (not isinstance(value, str) or len(value) > 255):
            raise invalid(f"client_metadata.{key} must be a string of at most 255 characters")


def check_client(body: Item, creating: bool) -> None:
    if creating and (not isinstance(body.get("name"), str) or not body["name"]):
        raise invalid("Missing required property: name")
    if "name" in body and ("<" in str(body["name"]) or ">" in str(body["name"])):
        raise invalid("String does not match pattern ^[^<>]+$: name")
    if len(str(body.get("description") or "")) > 140:
        raise invalid("String is too long (maximum 140): description")
    if not creating and not body:
        raise invalid("Too few properties defined (0), minimum 1")
    if not creating and "client_id" in body:
        raise invalid("Additional properties not allowed: client_id")
    check_metadata(body.get("client_metadata"))


class ClientStore:
    def __init__(self, server_exists: Callable[[str], bool]) -> None:
        self.clients: dict[str, Item] = {}
        self.grants: dict[str, Item] = {}
        self._server_exists = server_exists

    def reset(self) -> None:
        self.clients.clear()
        self.grants.clear()

    # --- clients ------------------------------------------------------------------------------------------

    def client(self, client_id: str) -> Item:
        if client_id not in self.clients:
            raise missing("client")
        return self.clients[client_id]

    def create_client(self, body: Item) -> Item:
        check_client(body, creating=True)
        made = shapes.client(body)
        self.clients[made["client_id"]] = made
        return made

    def update_client(self, client_id: str, body: Item) -> Item:
        check_client(body, creating=False)
        client = self.client(client_id)
        fields = dict(body)
        if "client_metadata" in fields:
            # Merged, not replaced; a null value removes the key (what the provider sends for removed keys).
            merged = {**client.get("client_metadata", {}), **(fields.pop("client_metadata") or {})}
            client["client_metadata"] = {k: v for k, v in merged.items() if v is not None}
        shapes.assign(client, fields)
        return client

    def rotate_secret(self, client_id: str) -> Item:
        client = self.client(client_id)
        client["client_secret"] = shapes.rand(64)
        return client

    def delete_client(self, client_id: str) -> None:
        """Idempotent, as in Auth0: deleting an absent client is a 204. Its grants go with it."""
        self.clients.pop(client_id, None)
        for grant_id in [g for g, grant in self.grants.items() if grant.get("client_id") == client_id]:
            del self.grants[grant_id]

    # --- client grants ------------------------------------------------------------------------------------

    def grant(self, grant_id: str) -> Item:
        if grant_id not in self.grants:
            raise missing("grant")
        return self.grants[grant_id]

    def create_grant(self, body: Item) -> Item:
        if not body.get("audience"):
            raise invalid("Missing required property: audience")
        if not body.get("client_id") and not body.get("default_for"):
            raise invalid("Missing required property: client_id")
        if body.get("subject_type", "client") not in ("client", "user"):
            raise invalid("No enum match for: subject_type")
        if body.get("client_id"):
            self.client(body["client_id"])
        if not self._server_exists(body["audience"]):
            message = f"No resource server found by identifier {body['audience']}"
            raise Auth0Error(404, message, "inexistent_resource_server")
        subject = body.get("subject_type") or "client"
        for grant in self.grants.values():
            same = (grant.get("client_id"), grant["audience"], grant["subject_type"])
            if body.get("client_id") and same == (body["client_id"], body["audience"], subject):
                raise conflict("A client grant for this client and audience already exists", "client_grant_conflict")
        made = shapes.client_grant(body)
        self.grants[made["id"]] = made
        return made

    def update_grant(self, grant_id: str, body: Item) -> Item:
        extra = sorted(set(body) - set(GRANT_FIELDS))
        if extra:
            raise invalid(f"Additional properties not allowed: {','.join(extra)}")
        if not body:
            raise invalid("Too few properties defined (0), minimum 1")
        grant = self.grant(grant_id)
        grant.update({k: copy.deepcopy(v) for k, v in body.items()})
        return grant

    def delete_grant(self, grant_id: str) -> None:
        """Idempotent, as in Auth0: deleting an absent grant is a 204."""
        self.grants.pop(grant_id, None)

    def grants_where(self, **wanted: str | None) -> list[Item]:
        """The filters Auth0 offers on the list (`audience`, `client_id`, `subject_type`); an absent one matches all."""
        return [g for g in self.grants.values() if all(v is None or g.get(k) == v for k, v in wanted.items())]
