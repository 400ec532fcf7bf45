"""A tenant's Actions, their versions and trigger bindings.

An Action is built asynchronously: created or changed it is `pending`, and the next read finds it `built`. A deploy
makes a version of the Action as it stands (code and secrets frozen with it); the next read shows it as
`deployed_version`, and that is what a bound trigger runs. A PATCH of a trigger's bindings replaces the whole list.
"""

from __future__ import annotations

import copy
from typing import Any

from .. import shapes
from ..exceptions import Auth0Error, invalid, missing

__all__ = ["TRIGGERS", "ActionStore", "action_view"]

Item = dict[str, Any]
REF_TYPES = ("action_id", "action_name")
NODE = ["node12", "node16", "node18-actions", "node22"]


def _trigger(id_: str, version: str, status: str, runtimes: list[str]) -> Item:
    return {
        "id": id_,
        "version": version,
        "status": status,
        "runtimes": runtimes,
        "default_runtime": runtimes[-1],
        "compatible_triggers": [],
        "binding_policy": "trigger-bound",
    }


# `GET /actions/triggers`: the extensibility points a tenant offers, each version with its status (what a tenant
# lists; a console-made rename Action is bound to credentials-exchange v2).
TRIGGERS: tuple[Item, ...] = (
    _trigger("post-login", "v2", "DEPRECATED", NODE[:2]),
    _trigger("post-login", "v3", "CURRENT", NODE),
    _trigger("credentials-exchange", "v1", "DEPRECATED", NODE[:2]),
    _trigger("credentials-exchange", "v2", "CURRENT", NODE),
    _trigger("pre-user-registration", "v2", "CURRENT", NODE),
    _trigger("post-user-registration", "v2", "CURRENT", NODE),
    _trigger("post-change-password", "v2", "CURRENT", NODE),
    _trigger("send-phone-message", "v2", "CURRENT", NODE),
    _trigger("password-reset-post-challenge", "v1", "CURRENT", NODE[2:]),
)


def action_view(action: Item) -> Item:
    """An Action as the API shows it: secret names only, then its newest and its deployed version."""
    view = shapes.public(action)
    view.pop("all_changes_deployed")
    view["secrets"] = shapes.secrets_view(action["_secrets"], action["updated_at"])
    if action.get("_current"):
        view["current_version"] = shapes.current_version(action["_current"])
    if action.get("_deployed"):
        view["deployed_version"] = shapes.deployed_version(action["_deployed"])
    view["all_changes_deployed"] = action["all_changes_deployed"]
    return view


def version_view(action: Item, version: Item) -> Item:
    shown = shapes.public(version)
    return {**shown, "deployed": version is action.get("_deployed")}


class ActionStore:
    def __init__(self) -> None:
        self.actions: dict[str, Item] = {}
        self.bindings: dict[str, list[Item]] = {}

    def reset(self) -> None:
        self.actions.clear()
        self.bindings.clear()

    def action(self, action_id: str) -> Item:
        if action_id not in self.actions:
            raise missing("action")
        return self.actions[action_id]

    def create(self, body: Item) -> Item:
        if not body.get("name"):
            raise invalid("Missing required property: name")
        if not body.get("supported_triggers"):
            raise invalid("Missing required property: supported_triggers")
        made = shapes.action(body)
        self.actions[made["id"]] = made
        return made

    def read(self, action_id: str) -> Item:
        """A GET: a pending build is done, and a deploy asked for is live."""
        action = self.action(action_id)
        if action["status"] in ("pending", "building"):
            action["status"] = "built"
        if action.get("_pending_deploy"):
            action["_deployed"] = action.pop("_pending_deploy")
            action["all_changes_deployed"] = True
        return action

    def update(self, action_id: str, body: Item) -> Item:
        action = self.action(action_id)
        stamp = shapes.now()
        for key in ("name", "code", "supported_triggers", "dependencies", "runtime"):
            if key in body:
                action[key] = copy.deepcopy(body[key])
        if "secrets" in body:
            action["_secrets"] = [{**s, "_updated_at": stamp} for s in body["secrets"] or []]
        action.update(status="pending", all_changes_deployed=False, updated_at=stamp)
        return action

    def delete(self, action_id: str, force: bool = False) -> None:
        self.action(action_id)
        bound = [t for t, entries in self.bindings.items() if any(b["action"]["id"] == action_id for b in entries)]
        if bound and not force:
            raise Auth0Error(400, "Cannot delete an action that is bound to a trigger.", "invalid_body")
        for trigger in bound:
            self.bindings[trigger] = [b for b in self.bindings[trigger] if b["action"]["id"] != action_id]
        del self.actions[action_id]

    def deploy(self, action_id: str) -> Item:
        """A new version of the Action as it stands; it becomes the deployed one on the next read."""
        action = self.action(action_id)
        if action["status"] == "failed":
            raise Auth0Error(400, "The action failed to build and cannot be deployed.", "invalid_body")
        action["status"] = "built"
        versions = action.setdefault("_versions", [])
        version = shapes.action_version(action, len(versions) + 1)
        versions.append(version)
        action["_current"] = action["_pending_deploy"] = version
        return version

    def versions(self, action_id: str) -> list[Item]:
        action = self.action(action_id)
        return [version_view(action, v) for v in reversed(action.get("_versions", []))]

    def version(self, action_id: str, version_id: str) -> Item:
        action = self.action(action_id)
        found = next((v for v in action.get("_versions", []) if v["id"] == version_id), None)
        if found is None:
            raise missing("version")
        return version_view(action, found)

    def deployed(self, action_id: str) -> Item | None:
        """The version that runs when the Action's trigger fires."""
        action = self.actions.get(action_id)
        return action.get("_deployed") or action.get("_pending_deploy") if action else None

    def replace_bindings(self, trigger: str, entries: Any) -> list[Item]:
        if not isinstance(entries, list):
            raise invalid("Missing required property: bindings")
        result = []
        for entry in entries:
            ref = entry.get("ref") if isinstance(entry, dict) else None
            if not isinstance(ref, dict) or ref.get("type") not in REF_TYPES or not ref.get("value"):
                raise invalid("bindings: each needs ref {type: action_id|action_name, value}")
            by = "id" if ref["type"] == "action_id" else "name"
            action = next((a for a in self.actions.values() if a[by] == ref["value"]), None)
            if action is None:
                raise Auth0Error(404, f"Action {ref['value']} does not exist.", None)
            deployed = self.deployed(action["id"])
            if deployed is None:
                raise invalid(f"Action {action['name']} must be deployed before it is bound")
            result.append(shapes.binding(trigger, action, entry.get("display_name"), deployed))
        self.bindings[trigger] = result
        return result
