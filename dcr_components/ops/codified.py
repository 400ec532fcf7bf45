"""Turning what discovery found into `konnect-auth0-dcr:dcr`: the values as they exist (where the project's default
is the same, the key is left out), plus the id of every object under `existing`, so that the stack imports (Auth0)
or adopts (Konnect) each of them instead of creating it."""

from __future__ import annotations

import re
from typing import Any

from ..config_parts import ApiEntry
from ..permissions import DEVELOPER_SCOPES_PERMISSION, admin_permissions
from .discovery import CodifyError, Found

__all__ = ["DEFAULT_DESCRIPTION", "codified", "shared_labels"]

Item = dict[str, Any]
# The admin app's description when the stack makes it (AdminAppArgs).
DEFAULT_DESCRIPTION = "Konnect Dev Portal DCR: creates developer applications. Managed by Pulumi."
OWNER = "pulumi-owner"


def shared_labels(objects: list[Item]) -> dict[str, str]:
    """The labels every object agrees on: each key with one value wherever it is set (the stack's `labels` go on
    every object; a key set to different values is left out and its change shows in the plan)."""
    values: dict[str, set[str]] = {}
    for item in objects:
        for key, value in (item.get("labels") or {}).items():
            if key != OWNER:
                values.setdefault(key, set()).add(value)
    return {k: next(iter(v)) for k, v in sorted(values.items()) if len(v) == 1}


def admin_part(found: Found, dms: bool) -> Item:
    """How the admin app is declared so that its import changes nothing."""
    admin, grant = found.admin, found.grant
    if admin.get("app_type") != "non_interactive" or admin.get("grant_types") != ["client_credentials"]:
        raise CodifyError(
            f"the admin app {admin['client_id']} is not a Machine-to-Machine app allowed only client_credentials "
            "(app_type non_interactive, grant_types [client_credentials]), which the stack declares: change it in "
            "Auth0 first"
        )
    scopes = list(grant.get("scope") or [])
    wanted = admin_permissions(dms)
    if sorted(scopes) != sorted(wanted):
        extra = sorted(set(scopes) - set(wanted))
        raise CodifyError(
            f"the admin app's Management API grant {grant['id']} holds {', '.join(extra)} beyond the DCR "
            f"permissions; the stack declares exactly those ({', '.join(wanted)}): remove the others in Auth0 first"
        )
    part: Item = {}
    description = admin.get("description") or ""
    if description != DEFAULT_DESCRIPTION:
        part["description"] = description
    method = admin.get("token_endpoint_auth_method")
    if method in ("client_secret_basic",):
        part["authenticationMethod"] = method
    if scopes != wanted:
        part["permissions"] = scopes
    return part


def api_part(api: Item) -> Item:
    part: Item = {
        "identifier": api["identifier"],
        "name": api.get("name") or api["identifier"],
        "scopes": [
            {"name": s["value"], **({"description": s["description"]} if s.get("description") else {})}
            for s in api.get("scopes") or []
        ],
    }
    defaults = {
        "signingAlg": ("signing_alg", "RS256"),
        "tokenLifetime": ("token_lifetime", 86400),
        "allowOfflineAccess": ("allow_offline_access", False),
        "skipConsentForVerifiableFirstPartyClients": ("skip_consent_for_verifiable_first_party_clients", True),
    }
    for key, (field, default) in defaults.items():
        if api.get(field, default) != default:
            part[key] = api.get(field)
    return part


def strategy_part(strategy: Item) -> Item:
    config = (strategy.get("configs") or {}).get("openid-connect") or {}
    part: Item = {
        "name": strategy["name"],
        "displayName": strategy.get("display_name") or strategy["name"],
        "scopes": [s for s in config.get("scopes") or [] if s != "openid"],
    }
    if config.get("auth_methods") and config["auth_methods"] != ["client_credentials", "bearer"]:
        part["authMethods"] = config["auth_methods"]
    if config.get("credential_claim") and config["credential_claim"] != ["azp"]:
        part["credentialClaim"] = config["credential_claim"]
    return part


def portal_part(portal: Item) -> Item:
    part: Item = {"name": portal["name"]}
    if portal.get("display_name") and portal["display_name"] != portal["name"]:
        part["displayName"] = portal["display_name"]
    if portal.get("description"):
        part["description"] = portal["description"]
    for key, field, default in (
        ("authenticationEnabled", "authentication_enabled", True),
        ("rbacEnabled", "rbac_enabled", False),
        ("autoApproveDevelopers", "auto_approve_developers", False),
        ("autoApproveApplications", "auto_approve_applications", False),
    ):
        if bool(portal.get(field, default)) != default:
            part[key] = bool(portal.get(field))
    return part


def apis_part(found: Found) -> tuple[list[Item], dict[str, str]]:
    """The `apis[]` entries and their ids by key (a key is given where two APIs would share the default one)."""
    entries, ids, seen = [], {}, set()
    for item in found.published:
        api, publication = item.api, item.publication
        entry: Item = {"name": api["name"]}
        if api.get("version"):
            entry["version"] = api["version"]
        if api.get("description"):
            entry["description"] = api["description"]
        entry["strategy"] = item.strategy["name"]
        if publication.get("visibility") == "public":
            entry["visibility"] = "public"
        if publication.get("auto_approve_registrations"):
            entry["autoApproveRegistrations"] = True
        key = ApiEntry(name=api["name"]).resource_key
        if key in seen:
            key = re.sub(r"[^\w-]+", "-", f"{api['name']}-{api.get('version') or api['id'][:8]}").strip("-").lower()
            entry["key"] = key
        seen.add(key)
        entries.append(entry)
        ids[key] = str(api["id"])
    return entries, ids


def codified(found: Found) -> Item:
    """The `dcr` object of a stack that manages what was found, every object by its id."""
    provider, dcr_config = found.provider, found.provider.get("dcr_config") or {}
    dms = bool(dcr_config.get("use_developer_managed_scopes")) or DEVELOPER_SCOPES_PERMISSION in (
        found.grant.get("scope") or []
    )
    config: Item = {"auth0Domain": found.domain}
    issuer_host = str(provider["issuer"]).removeprefix("https://")
    if issuer_host != found.domain:
        config["customDomain"] = issuer_host
    config["adminAppName"] = found.admin["name"]
    admin = admin_part(found, dms)
    if admin:
        config["adminApp"] = admin
    if dms:
        config["developerManagedScopes"] = True
    config["providerName"] = provider["name"]
    config["api"] = api_part(found.api)
    config["strategies"] = [strategy_part(s) for s in found.strategies]
    portal = [found.portal] if found.portal else []
    labels = shared_labels([provider, *found.strategies, *portal, *[p.api for p in found.published]])
    if labels:
        config["labels"] = labels
    existing: Item = {
        "adminClientId": found.admin["client_id"],
        "adminGrantId": found.grant["id"],
        "apiId": found.api["id"],
        "dcrProviderId": provider["id"],
        "strategyIds": {s["name"]: s["id"] for s in found.strategies},
    }
    if found.portal is not None:
        config["portal"] = portal_part(found.portal)
        config["apis"], api_ids = apis_part(found)
        existing["portalId"] = found.portal["id"]
        if api_ids:
            existing["apiIds"] = api_ids
    config["existing"] = existing
    return config
