"""The objects the Auth0 emulator stores and returns, with the defaults a real tenant fills in."""

from __future__ import annotations

import copy
import secrets
import string
import uuid
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "action",
    "action_version",
    "binding",
    "client",
    "client_grant",
    "now",
    "rand",
    "resource_server",
    "system_api",
]

Item = dict[str, Any]
ALNUM = string.ascii_letters + string.digits


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def rand(n: int) -> str:
    return "".join(secrets.choice(ALNUM) for _ in range(n))


def client(body: Item, metadata: dict[str, str]) -> Item:
    return {
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


def client_grant(body: Item) -> Item:
    return {
        "id": "cgr_" + rand(16),
        "client_id": body["client_id"],
        "audience": body["audience"],
        "scope": list(body.get("scope") or []),
        "subject_type": body.get("subject_type") or "client",
        "allow_any_organization": bool(body.get("allow_any_organization", False)),
        "is_system": False,
    }


def system_api(identifier: str) -> Item:
    """The tenant's own Management API, present in every tenant."""
    return {
        "id": rand(24).lower(),
        "name": "Auth0 Management API",
        "identifier": identifier,
        "is_system": True,
        "signing_alg": "RS256",
        "token_lifetime": 86400,
        "scopes": [],
        "allow_offline_access": False,
        "skip_consent_for_verifiable_first_party_clients": False,
    }


def resource_server(body: Item) -> Item:
    return {
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


def action(body: Item) -> Item:
    stamp = now()
    return {
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


def action_version(current: Item) -> Item:
    """The version a deploy creates from the Action as it stands."""
    return {
        "id": str(uuid.uuid4()),
        "action_id": current["id"],
        "number": int(current.get("deployed_version", {}).get("number", 0)) + 1,
        "deployed": False,
        "status": "built",
        "code": current["code"],
        "runtime": current["runtime"],
        "secrets": [{"name": s["name"], "updated_at": current["updated_at"]} for s in current["secrets"]],
        "supported_triggers": current["supported_triggers"],
        "created_at": now(),
        "updated_at": now(),
    }


def binding(trigger: str, bound: Item, display_name: str | None) -> Item:
    stamp = now()
    return {
        "id": str(uuid.uuid4()),
        "trigger_id": trigger,
        "display_name": display_name or bound["name"],
        "action": {k: bound[k] for k in ("id", "name", "supported_triggers")},
        "created_at": stamp,
        "updated_at": stamp,
    }
