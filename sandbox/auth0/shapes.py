"""The objects the Auth0 emulator stores and returns: the fields a real tenant answers with and its defaults.

The field sets follow what a tenant returns (Auth0's Management API definition, as auth0-python's models carry it,
and real responses): a field the caller never set and Auth0 has no default for is absent, not null. Keys starting
with `_` are the emulator's own bookkeeping and never leave it (see `public`).
"""

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
    "assign",
    "binding",
    "client",
    "client_grant",
    "current_version",
    "deployed_version",
    "now",
    "public",
    "rand",
    "resource_server",
    "system_api",
]

Item = dict[str, Any]
ALNUM = string.ascii_letters + string.digits
ALL_GRANT_TYPES = ["authorization_code", "implicit", "refresh_token", "client_credentials"]
# What a tenant fills in for every new application.
CLIENT_DEFAULTS: Item = {
    "is_first_party": True,
    "is_token_endpoint_ip_header_trusted": False,
    "oidc_conformant": False,
    "jwt_configuration": {"secret_encoded": False, "lifetime_in_seconds": 36000},
    "sso_disabled": False,
    "cross_origin_authentication": False,
    "grant_types": ALL_GRANT_TYPES,
    "custom_login_page_on": True,
    "refresh_token": {
        "rotation_type": "non-rotating",
        "expiration_type": "non-expiring",
        "leeway": 0,
        "token_lifetime": 31557600,
        "infinite_token_lifetime": True,
        "infinite_idle_token_lifetime": True,
        "idle_token_lifetime": 2592000,
    },
}
# A new API: who may get tokens for it without a grant (users may, applications need a client grant).
SUBJECT_TYPE_AUTHORIZATION: Item = {"client": {"policy": "require_client_grant"}, "user": {"policy": "allow_all"}}
GRANT_OPTIONAL = (
    "organization_usage",
    "allow_any_organization",
    "authorization_details_types",
    "allow_all_scopes",
    "default_for",
)


def assign(target: dict[str, Any], fields: dict[str, Any]) -> None:
    """An Auth0 PATCH: each top-level field is replaced; a null removes it (the provider nulls the blocks it no
    longer declares)."""
    for key, value in fields.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = copy.deepcopy(value)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def rand(n: int) -> str:
    return "".join(secrets.choice(ALNUM) for _ in range(n))


def public(item: Item) -> Item:
    """What the API shows of a stored object: never the `_` bookkeeping keys."""
    return {k: v for k, v in item.items() if not k.startswith("_")}


def signing_key() -> Item:
    body = secrets.token_urlsafe(96)
    return {"cert": f"-----BEGIN CERTIFICATE-----\r\n{body}\r\n-----END CERTIFICATE-----\r\n"}


def client(body: Item) -> Item:
    given = copy.deepcopy(body)
    metadata = {k: v for k, v in (given.pop("client_metadata", None) or {}).items() if v is not None}
    made: Item = {"name": given.pop("name"), "client_id": rand(32), "client_secret": rand(64)}
    made.update({**copy.deepcopy(CLIENT_DEFAULTS), **given, "signing_keys": [signing_key()]})
    if metadata or "client_metadata" in body:
        made["client_metadata"] = metadata
    return made


def client_grant(body: Item) -> Item:
    grant: Item = {"id": "cgr_" + rand(16)}
    if body.get("client_id"):
        grant["client_id"] = body["client_id"]
    grant.update(audience=body["audience"], scope=list(body.get("scope") or []))
    grant["subject_type"] = body.get("subject_type") or "client"
    grant.update({k: copy.deepcopy(body[k]) for k in GRANT_OPTIONAL if k in body})
    return grant


def system_api(identifier: str) -> Item:
    """The tenant's own Management API, present in every tenant."""
    return {
        "id": rand(24).lower(),
        "name": "Auth0 Management API",
        "identifier": identifier,
        "allow_offline_access": False,
        "skip_consent_for_verifiable_first_party_clients": False,
        "token_lifetime": 86400,
        "token_lifetime_for_web": 7200,
        "signing_alg": "RS256",
        "scopes": [],
        "is_system": True,
    }


def resource_server(body: Item) -> Item:
    given = copy.deepcopy(body)
    made: Item = {"id": rand(24).lower()}
    if "name" in given:
        made["name"] = given.pop("name")
    made.update(
        identifier=given.pop("identifier"),
        allow_offline_access=False,
        skip_consent_for_verifiable_first_party_clients=False,
        subject_type_authorization=copy.deepcopy(SUBJECT_TYPE_AUTHORIZATION),
        token_lifetime=86400,
        token_lifetime_for_web=7200,
        signing_alg="RS256",
    )
    made.update(given)
    return made


def secrets_view(stored: list[Item], stamp: str) -> list[Item]:
    """Secret values never leave Auth0: names and when they were set."""
    return [{"name": s["name"], "updated_at": s.get("_updated_at", stamp)} for s in stored]


def action(body: Item) -> Item:
    stamp = now()
    return {
        "id": str(uuid.uuid4()),
        "name": body["name"],
        "supported_triggers": copy.deepcopy(body["supported_triggers"]),
        "created_at": stamp,
        "updated_at": stamp,
        "code": body.get("code") or "",
        "dependencies": copy.deepcopy(body.get("dependencies") or []),
        "runtime": str(body.get("runtime") or "node22"),
        "status": "pending",
        "_secrets": [{**s, "_updated_at": stamp} for s in body.get("secrets") or []],
        "all_changes_deployed": False,
    }


def action_base(current: Item) -> Item:
    """How a version or a binding refers to its Action."""
    return {
        "id": current["id"],
        "name": current["name"],
        "supported_triggers": current["supported_triggers"],
        "created_at": current["created_at"],
        "updated_at": current["created_at"],
        "all_changes_deployed": False,
    }


def action_version(current: Item, number: int) -> Item:
    """The version a deploy makes of the Action as it stands (its code and secrets are frozen with it)."""
    stamp = now()
    return {
        "code": current["code"],
        "dependencies": copy.deepcopy(current["dependencies"]),
        "id": str(uuid.uuid4()),
        "deployed": False,
        "number": number,
        "secrets": secrets_view(current["_secrets"], stamp),
        "status": "built",
        "created_at": stamp,
        "updated_at": stamp,
        "runtime": current["runtime"],
        "supported_triggers": copy.deepcopy(current["supported_triggers"]),
        "action": action_base(current),
        "_secrets": copy.deepcopy(current["_secrets"]),
        "_built_at": stamp,
    }


def current_version(version: Item) -> Item:
    """The Action's `current_version`: the build summary of its newest version."""
    return {
        "id": version["id"],
        "code": version["code"],
        "runtime": version["runtime"],
        "status": "BUILT",
        "number": version["number"],
        "build_time": version["_built_at"],
        "created_at": version["created_at"],
        "updated_at": version["_built_at"],
    }


def deployed_version(version: Item) -> Item:
    """The Action's `deployed_version`: the version that runs."""
    shown = {k: v for k, v in public(version).items() if k != "action"}
    return {**shown, "deployed": True, "built_at": version["_built_at"], "updated_at": version["_built_at"]}


def binding(trigger: str, bound: Item, display_name: str | None, deployed: Item) -> Item:
    """A binding carries a snapshot of its Action as it was when bound."""
    stamp = now()
    reference = {k: v for k, v in action_base(bound).items() if k != "all_changes_deployed"}
    if bound.get("_current"):
        reference["current_version"] = current_version(bound["_current"])
    reference["deployed_version"] = deployed_version(deployed)
    reference["all_changes_deployed"] = False
    return {
        "id": str(uuid.uuid4()),
        "trigger_id": trigger,
        "action": reference,
        "created_at": stamp,
        "updated_at": stamp,
        "display_name": display_name or bound["name"],
    }
