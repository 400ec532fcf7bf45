"""The Auth0 emulator's state: one backend object holding a tenant's clients, client grants, resource servers,
Actions and trigger bindings, with create/get/update/delete/list that raise Auth0's own errors."""

from __future__ import annotations

import copy
import secrets
import time
from typing import Any

from . import shapes, tokens
from .exceptions import Auth0Error, OAuthError

__all__ = ["Auth0Backend"]

Item = dict[str, Any]
GRANT_FIELDS = (
    "scope",
    "allow_any_organization",
    "organization_usage",
    "allow_all_scopes",
    "authorization_details_types",
)
# Real Auth0 builds an Action asynchronously: each read moves a pending build one step forward.
NEXT_STATUS = {"pending": "building", "building": "built"}


def missing(kind: str) -> Auth0Error:
    messages = {
        "client": ("The client does not exist", "inexistent_client"),
        "grant": ("The client grant does not exist", "inexistent_client_grant"),
        "server": ("The resource server does not exist", "inexistent_resource_server"),
        "action": ("That action does not exist.", "not_found"),
    }
    return Auth0Error(404, *messages[kind])


def invalid(message: str) -> Auth0Error:
    return Auth0Error(400, f"Payload validation error: '{message}'.", "invalid_body")


class Auth0Backend:
    def __init__(self, token: str) -> None:
        self.token = token  # the tenant owner's API token: every permission
        self.domain = "127.0.0.1"
        self.signing_key = secrets.token_bytes(32)
        self.clients: dict[str, Item] = {}
        self.grants: dict[str, Item] = {}
        self.servers: dict[str, Item] = {}
        self.actions: dict[str, Item] = {}
        self.bindings: dict[str, list[Item]] = {}
        self.reset()

    @property
    def management_audience(self) -> str:
        return f"https://{self.domain}/api/v2/"

    def bind(self, domain: str) -> None:
        """Called once the port is known: the Management API identifier embeds the domain."""
        self.domain = domain
        self.reset()

    def reset(self) -> None:
        for store in (self.clients, self.grants, self.servers, self.actions, self.bindings):
            store.clear()
        system = shapes.system_api(self.management_audience)
        self.servers[system["id"]] = system

    def inventory(self) -> dict[str, Any]:
        return {
            "clients": list(self.clients.values()),
            "client_grants": list(self.grants.values()),
            "resource_servers": list(self.servers.values()),
            "actions": list(self.actions.values()),
            "bindings": self.bindings,
        }

    # --- clients ------------------------------------------------------------------------------------------

    def client(self, client_id: str) -> Item:
        if client_id not in self.clients:
            raise missing("client")
        return self.clients[client_id]

    def create_client(self, body: Item) -> Item:
        if not isinstance(body.get("name"), str) or not body["name"]:
            raise invalid("Missing required property: name")
        metadata = {k: v for k, v in (body.get("client_metadata") or {}).items() if v is not None}
        client = shapes.client(body, metadata)
        self.clients[client["client_id"]] = client
        return client

    def update_client(self, client_id: str, body: Item) -> Item:
        client = self.client(client_id)
        for key, value in body.items():
            if key == "client_metadata":
                # Merge; a null value removes the key (what the provider sends for removed keys).
                merged = {**client.get("client_metadata", {}), **(value or {})}
                client["client_metadata"] = {k: v for k, v in merged.items() if v is not None}
            elif key != "client_id":
                client[key] = copy.deepcopy(value)
        return client

    def rotate_secret(self, client_id: str) -> Item:
        client = self.client(client_id)
        client["client_secret"] = shapes.rand(64)
        return client

    def delete_client(self, client_id: str) -> None:
        self.client(client_id)
        del self.clients[client_id]
        for grant_id in [g for g, grant in self.grants.items() if grant["client_id"] == client_id]:
            del self.grants[grant_id]

    # --- client grants ------------------------------------------------------------------------------------

    def grant(self, grant_id: str) -> Item:
        if grant_id not in self.grants:
            raise missing("grant")
        return self.grants[grant_id]

    def create_grant(self, body: Item) -> Item:
        for key in ("client_id", "audience"):
            if not body.get(key):
                raise invalid(f"Missing required property: {key}")
        self.client(body["client_id"])
        if self.find_server(body["audience"]) is None:
            raise Auth0Error(
                404, f"No resource server found by identifier {body['audience']}", "inexistent_resource_server"
            )
        if any(g["client_id"] == body["client_id"] and g["audience"] == body["audience"] for g in self.grants.values()):
            raise Auth0Error(409, "A client grant for this client and audience already exists", "conflict")
        grant = shapes.client_grant(body)
        self.grants[grant["id"]] = grant
        return grant

    def update_grant(self, grant_id: str, body: Item) -> Item:
        grant = self.grant(grant_id)
        grant.update({k: copy.deepcopy(v) for k, v in body.items() if k in GRANT_FIELDS})
        return grant

    def delete_grant(self, grant_id: str) -> None:
        self.grant(grant_id)
        del self.grants[grant_id]

    # --- resource servers (by id or by identifier) ---------------------------------------------------------

    def find_server(self, key: str) -> Item | None:
        return self.servers.get(key) or next((s for s in self.servers.values() if s["identifier"] == key), None)

    def server(self, key: str) -> Item:
        found = self.find_server(key)
        if found is None:
            raise missing("server")
        return found

    def create_server(self, body: Item) -> Item:
        if not body.get("identifier"):
            raise invalid("Missing required property: identifier")
        if self.find_server(body["identifier"]):
            raise Auth0Error(
                409, "A resource server with the same identifier already exists", "resource_server_conflict"
            )
        server = shapes.resource_server(body)
        self.servers[server["id"]] = server
        return server

    def update_server(self, key: str, body: Item) -> Item:
        server = self.server(key)
        if "identifier" in body:
            raise invalid("Additional properties not allowed: identifier")
        if server.get("is_system"):
            raise Auth0Error(403, "The system resource server cannot be modified", "operation_not_supported")
        server.update(copy.deepcopy(body))
        return server

    def delete_server(self, key: str) -> None:
        server = self.server(key)
        if server.get("is_system"):
            raise Auth0Error(403, "The system resource server cannot be deleted", "operation_not_supported")
        del self.servers[server["id"]]

    # --- tokens -------------------------------------------------------------------------------------------

    def exchange(self, client_id: str | None, secret: str | None, audience: str | None) -> tuple[Item, Item]:
        """The client and its grant for a client-credentials exchange, or the OAuth error Auth0 answers."""
        client = self.clients.get(client_id or "")
        if client is None or not secrets.compare_digest(client["client_secret"], secret or ""):
            raise OAuthError(401, "access_denied", "Unauthorized")
        audience = audience or self.management_audience
        if self.find_server(audience) is None:
            raise OAuthError(403, "access_denied", f"Service not found: {audience}")
        grant = next(
            (g for g in self.grants.values() if g["client_id"] == client_id and g["audience"] == audience), None
        )
        if grant is None:
            raise OAuthError(403, "access_denied", f"Client has not been granted scopes for {audience}")
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

    def claims_of(self, token: str) -> Item | None:
        return tokens.decode(self.signing_key, token)

    # --- Actions and trigger bindings ---------------------------------------------------------------------

    def action(self, action_id: str) -> Item:
        if action_id not in self.actions:
            raise missing("action")
        return self.actions[action_id]

    def create_action(self, body: Item) -> Item:
        for key in ("name", "code", "supported_triggers"):
            if not body.get(key):
                raise invalid(f"Missing required property: {key}")
        action = shapes.action(body)
        self.actions[action["id"]] = action
        return action

    def read_action(self, action_id: str) -> Item:
        """A GET: the build moves one step on, and a pending deploy completes."""
        action = self.action(action_id)
        action["status"] = NEXT_STATUS.get(action["status"], action["status"])
        if action.get("_pending_deploy"):
            action["deployed_version"] = {**action.pop("_pending_deploy"), "deployed": True}
            action["all_changes_deployed"] = True
        return action

    def update_action(self, action_id: str, body: Item) -> Item:
        action = self.action(action_id)
        for key in ("name", "code", "supported_triggers", "dependencies", "secrets"):
            if key in body:
                action[key] = copy.deepcopy(body[key])
        if "runtime" in body:
            action["runtime"] = str(body["runtime"]).removesuffix("-actions")
        action.update(status="pending", all_changes_deployed=False, updated_at=shapes.now())
        return action

    def delete_action(self, action_id: str) -> None:
        self.action(action_id)
        if any(b["action"]["id"] == action_id for bound in self.bindings.values() for b in bound):
            raise Auth0Error(400, "Cannot delete an action that is bound to a trigger.", "invalid_body")
        del self.actions[action_id]

    def deploy_action(self, action_id: str) -> Item:
        action = self.action(action_id)
        if action["status"] != "built":
            message = f"The action has status {action['status']}; only built actions can be deployed."
            raise Auth0Error(400, message, "invalid_body")
        version = shapes.action_version(action)
        # The code that runs is frozen at deploy time, secrets included.
        action["_pending_deploy"] = {**version, "_secrets": copy.deepcopy(action["secrets"])}
        return version

    def replace_bindings(self, trigger: str, entries: list[Item]) -> list[Item]:
        result = []
        for entry in entries:
            ref = entry.get("ref") or {}
            action = (
                self.actions.get(ref.get("value", ""))
                if ref.get("type") == "action_id"
                else next((a for a in self.actions.values() if a["name"] == ref.get("value")), None)
            )
            if action is None:
                raise Auth0Error(404, f"Action {ref.get('value')} does not exist.", "not_found")
            if not (action.get("deployed_version") or action.get("_pending_deploy")):
                raise Auth0Error(400, f"Action {action['name']} must be deployed before it is bound.", "invalid_body")
            result.append(shapes.binding(trigger, action, entry.get("display_name")))
        self.bindings[trigger] = result
        return result
