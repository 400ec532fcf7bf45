"""The Action runtime: deployed Actions bound to credentials-exchange run under Node.js before a token is issued,
as in Auth0."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from .models import Auth0Backend

__all__ = ["run_credentials_exchange", "run_post_login"]

RUNNER = Path(__file__).with_name("run_action.js")


def run_credentials_exchange(backend: Auth0Backend, client: dict[str, Any], ca_path: Path | None) -> str | None:
    """Run every deployed Action bound to credentials-exchange; an error message when one throws or denies access.

    Called without the state lock: the Action calls back into this emulator (token, PATCH client). `ca_path` is
    what Node trusts for those calls.
    """
    event = {
        "client": {
            "client_id": client["client_id"],
            "name": client["name"],
            "metadata": dict(client.get("client_metadata") or {}),
        },
        "tenant": {"id": "sandbox"},
        "request": {"hostname": backend.domain},
        "transaction": {"requested_scopes": []},
    }
    return run_trigger(backend, "credentials-exchange", event, ca_path)[0]


def run_post_login(
    backend: Auth0Backend, user: dict[str, Any], client: dict[str, Any], ca_path: Path | None
) -> tuple[str | None, dict[str, Any]]:
    """Run every deployed Action bound to post-login: (an error message or None, the ID token claims they set)."""
    event = {
        "user": {k: v for k, v in user.items() if not k.startswith("_")},
        "client": {
            "client_id": client["client_id"],
            "name": client["name"],
            "metadata": client.get("client_metadata") or {},
        },
        "tenant": {"id": "sandbox"},
        "request": {"hostname": backend.domain},
        "connection": {"name": "Username-Password-Authentication", "strategy": "auth0"},
    }
    return run_trigger(backend, "post-login", event, ca_path)


def run_trigger(
    backend: Auth0Backend, trigger: str, event: dict[str, Any], ca_path: Path | None
) -> tuple[str | None, dict[str, Any]]:
    bound = backend.actions.bindings.get(trigger, [])
    versions = [v for v in (backend.actions.deployed(b["action"]["id"]) for b in bound) if v is not None]
    id_claims: dict[str, Any] = {}
    if not versions:
        return None, id_claims
    node = shutil.which("node")
    if node is None:
        return "Node.js is needed to run bound Actions in the sandbox", id_claims
    env = {**os.environ, "NODE_EXTRA_CA_CERTS": str(ca_path or "")}
    for version in versions:
        secrets = {s["name"]: s.get("value", "") for s in version.get("_secrets", [])}
        done = subprocess.run(
            [node, str(RUNNER)],
            input=json.dumps({"code": version["code"], "event": {**event, "secrets": secrets}, "trigger": trigger}),
            capture_output=True,
            text=True,
            timeout=30,
            env=env,
            check=False,
        )
        if done.returncode != 0:
            last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else str(done.returncode)
            return f"Action {version['action']['id']} failed: {last}", id_claims
        outcome = json.loads(done.stdout or "{}")
        if outcome.get("denied"):
            return f"Access denied by Action: {outcome['denied']}", id_claims
        id_claims.update(outcome.get("id_claims") or {})
    return None, id_claims
