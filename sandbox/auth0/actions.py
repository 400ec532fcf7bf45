"""Actions, deploys and trigger bindings; runs bound credentials-exchange Actions under Node.js."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..web import Request, Response

if TYPE_CHECKING:
    from .app import Auth0Sandbox

ID = r"(?P<id>[^/]+)"
TRIGGER = r"(?P<trigger>[a-z0-9-]+)"
RUNNER = Path(__file__).with_name("run_action.js")
# Real Auth0 builds an Action asynchronously: each read moves a pending build one step forward.
NEXT_STATUS = {"pending": "building", "building": "built"}


def _view(action: dict[str, Any]) -> dict[str, Any]:
    """What the API returns: secret values never leave Auth0."""
    view = {k: copy.deepcopy(v) for k, v in action.items() if k not in ("secrets", "_pending_deploy")}
    view["secrets"] = [{"name": s["name"], "updated_at": action["updated_at"]} for s in action.get("secrets", [])]
    return view


def register_action_routes(sb: Auth0Sandbox) -> None:
    from .responses import error, now

    def missing() -> Response:
        return error(404, "That action does not exist.", "not_found")

    def create(req: Request) -> Response:
        body = req.json() or {}
        for key in ("name", "code", "supported_triggers"):
            if not body.get(key):
                return error(400, f"Payload validation error: 'Missing required property: {key}'.", "invalid_body")
        stamp = now()
        action = {
            "id": str(uuid.uuid4()),
            "name": body["name"],
            "code": body["code"],
            "supported_triggers": body["supported_triggers"],
            "dependencies": body.get("dependencies") or [],
            "runtime": str(body.get("runtime") or "node22").removesuffix("-actions"),
            "secrets": copy.deepcopy(body.get("secrets") or []),
            "status": "pending",
            "all_changes_deployed": False,
            "created_at": stamp,
            "updated_at": stamp,
        }
        sb.actions[action["id"]] = action
        return Response(201, _view(action))

    def get(req: Request) -> Response:
        action = sb.actions.get(req.params["id"])
        if not action:
            return missing()
        action["status"] = NEXT_STATUS.get(action["status"], action["status"])
        if action.get("_pending_deploy"):
            action["deployed_version"] = {**action.pop("_pending_deploy"), "deployed": True}
            action["all_changes_deployed"] = True
        return Response(200, _view(action))

    def listing(req: Request) -> Response:
        items = [_view(a) for a in sb.actions.values()]
        per_page = int(req.arg("per_page") or 50)
        page = int(req.arg("page") or 0)
        chunk = items[page * per_page : (page + 1) * per_page]
        return Response(
            200,
            {"actions": chunk, "total": len(items), "start": page * per_page, "limit": per_page, "per_page": per_page},
        )

    def update(req: Request) -> Response:
        action = sb.actions.get(req.params["id"])
        if not action:
            return missing()
        body = req.json() or {}
        for key in ("name", "code", "supported_triggers", "dependencies", "secrets"):
            if key in body:
                action[key] = copy.deepcopy(body[key])
        if "runtime" in body:
            action["runtime"] = str(body["runtime"]).removesuffix("-actions")
        action.update(status="pending", all_changes_deployed=False, updated_at=now())
        return Response(200, _view(action))

    def delete(req: Request) -> Response:
        action = sb.actions.get(req.params["id"])
        if not action:
            return missing()
        if any(b["action"]["id"] == action["id"] for bs in sb.bindings.values() for b in bs):
            return error(400, "Cannot delete an action that is bound to a trigger.", "invalid_body")
        del sb.actions[action["id"]]
        return Response(204)

    def deploy(req: Request) -> Response:
        action = sb.actions.get(req.params["id"])
        if not action:
            return missing()
        if action["status"] != "built":
            return error(
                400, f"The action has status {action['status']}; only built actions can be deployed.", "invalid_body"
            )
        number = int(action.get("deployed_version", {}).get("number", 0)) + 1
        version = {
            "id": str(uuid.uuid4()),
            "action_id": action["id"],
            "number": number,
            "deployed": False,
            "status": "built",
            "code": action["code"],
            "runtime": action["runtime"],
            "secrets": [{"name": s["name"], "updated_at": action["updated_at"]} for s in action["secrets"]],
            "supported_triggers": action["supported_triggers"],
            "created_at": now(),
            "updated_at": now(),
        }
        # The code that runs is frozen at deploy time, secrets included.
        action["_pending_deploy"] = {**version, "_secrets": copy.deepcopy(action["secrets"])}
        return Response(200, version)

    def list_bindings(req: Request) -> Response:
        items = sb.bindings.get(req.params["trigger"], [])
        per_page = int(req.arg("per_page") or 50)
        page = int(req.arg("page") or 0)
        # start/limit/total on every page: the provider's HasNext() loops forever without them.
        return Response(
            200,
            {
                "bindings": items[page * per_page : (page + 1) * per_page],
                "total": len(items),
                "start": page * per_page,
                "limit": per_page,
                "per_page": per_page,
            },
        )

    def replace_bindings(req: Request) -> Response:
        trigger = req.params["trigger"]
        result = []
        for entry in (req.json() or {}).get("bindings", []):
            ref = entry.get("ref") or {}
            action = (
                sb.actions.get(ref.get("value", ""))
                if ref.get("type") == "action_id"
                else next((a for a in sb.actions.values() if a["name"] == ref.get("value")), None)
            )
            if action is None:
                return error(404, f"Action {ref.get('value')} does not exist.", "not_found")
            if not (action.get("deployed_version") or action.get("_pending_deploy")):
                return error(400, f"Action {action['name']} must be deployed before it is bound.", "invalid_body")
            result.append(
                {
                    "id": str(uuid.uuid4()),
                    "trigger_id": trigger,
                    "display_name": entry.get("display_name") or action["name"],
                    "action": {
                        "id": action["id"],
                        "name": action["name"],
                        "supported_triggers": action["supported_triggers"],
                    },
                    "created_at": now(),
                    "updated_at": now(),
                }
            )
        sb.bindings[trigger] = result
        return Response(200, {"bindings": result})

    r = sb.app.route
    r("GET", r"/api/v2/actions/actions", listing)
    r("POST", r"/api/v2/actions/actions", create)
    r("GET", rf"/api/v2/actions/actions/{ID}", get)
    r("PATCH", rf"/api/v2/actions/actions/{ID}", update)
    r("DELETE", rf"/api/v2/actions/actions/{ID}", delete)
    r("POST", rf"/api/v2/actions/actions/{ID}/deploy", deploy)
    r("GET", rf"/api/v2/actions/triggers/{TRIGGER}/bindings", list_bindings)
    r("PATCH", rf"/api/v2/actions/triggers/{TRIGGER}/bindings", replace_bindings)


def run_credentials_exchange(sb: Auth0Sandbox, client: dict[str, Any]) -> str | None:
    """Run every deployed Action bound to credentials-exchange, like Auth0 does before issuing a token.

    Returns an error message when an Action throws or denies access. Called without the state lock:
    the Action calls back into this sandbox (token, PATCH client).
    """
    bound = [sb.actions.get(b["action"]["id"]) for b in sb.bindings.get("credentials-exchange", [])]
    versions = [a["deployed_version"] for a in bound if a and a.get("deployed_version")]
    if not versions:
        return None
    node = shutil.which("node")
    if node is None:
        return "Node.js is needed to run bound Actions in the sandbox"
    event = {
        "client": {
            "client_id": client["client_id"],
            "name": client["name"],
            "metadata": dict(client.get("client_metadata") or {}),
        },
        "tenant": {"id": "sandbox"},
        "request": {"hostname": sb.domain},
        "transaction": {"requested_scopes": []},
    }
    for version in versions:
        secrets = {s["name"]: s.get("value", "") for s in version.get("_secrets", [])}
        env = {**os.environ, "NODE_EXTRA_CA_CERTS": str(sb.ca_path or "")}
        done = subprocess.run(
            [node, str(RUNNER)],
            input=json.dumps({"code": version["code"], "event": {**event, "secrets": secrets}}),
            capture_output=True,
            text=True,
            timeout=30,
            env=env,
            check=False,
        )
        if done.returncode != 0:
            return f"Action {version['action_id']} failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
        outcome = json.loads(done.stdout or "{}")
        if outcome.get("denied"):
            return f"Access denied by Action: {outcome['denied']}"
    return None
