"""A developer's applications in a portal: created with DCR at the IdP, registered to APIs, their secret
regenerated, deleted with their IdP client; and how the Portal and Management APIs show them."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from . import idp
from .exceptions import BadRequest, KonnectProblem, issue
from .models import Item, KonnectBackend

__all__ = [
    "admin_application_view",
    "admin_developer_view",
    "admin_registration_view",
    "application_view",
    "create_application",
    "delete_application",
    "delete_developer",
    "regenerate_secret",
    "register",
    "registration_view",
]


def idp_failure(exc: Exception, provider: Item) -> KonnectProblem:
    """A DCR call that failed at the IdP, told to the developer as Konnect does: a refused application."""
    if isinstance(exc, idp.IdpError):
        message = exc.body.get("message") if isinstance(exc.body, dict) else exc.body
        reason = f"Unable to create the DCR application ({exc.step}: {exc.status} {message})"
        return BadRequest([issue("auth_strategy_id", reason, "invalid")])
    return KonnectProblem(502, "Bad Gateway", f"Unable to reach the issuer {provider['issuer']}: {type(exc).__name__}")


def application_view(backend: KonnectBackend, app: Item, secret: str | None = None) -> Item:
    view: Item = {
        "id": app["id"],
        "name": app["name"],
        "description": app["description"],
        "redirect_uri": app["redirect_uri"],
        "auth_strategy": backend.portal_strategy_view(app["auth_strategy_id"]),
        "scopes": app["scopes"],
        "created_at": app["created_at"],
        "updated_at": app["updated_at"],
    }
    if app["client_id"]:
        view["client_id"] = app["client_id"]
    if secret is not None:
        view["client_secret"] = secret  # shown once, in the creation answer
    return view


def create_application(backend: KonnectBackend, portal: Item, developer: Item, body: Item) -> Item:
    """POST /api/v3/applications: with a DCR strategy, Konnect creates the client at the IdP inside this call."""
    offered = backend.portal_strategy_ids(portal)
    strategy_id = body.get("auth_strategy_id") or portal["default_application_auth_strategy_id"]
    if strategy_id not in offered:
        raise BadRequest([issue("auth_strategy_id", "is not an auth strategy of an API in this portal", "invalid")])
    strategy = backend.dcr.strategy(strategy_id)
    app_id, client, secret = str(uuid.uuid4()), {}, None
    if strategy.get("dcr_provider_id"):
        strategy, provider = backend.dcr.dcr_provider_of(strategy_id)
        declared = [s for s in strategy["configs"]["openid-connect"]["scopes"] if s != "openid"]
        metadata = {
            "konnect_portal_id": portal["id"],
            "konnect_developer_id": developer["id"],
            "konnect_org_id": "org-sandbox",
            "konnect_application_id": app_id,
        }
        try:
            client = idp.create_client(
                provider,
                backend.outbound_verify,
                name=str(body["name"]),
                metadata=metadata,
                audience=idp.audience_of(strategy),
                scopes=list(body.get("scopes") or declared),
            )
        except (idp.IdpError, httpx.HTTPError) as exc:
            raise idp_failure(exc, provider) from None
        secret = client["client_secret"]
    app = backend.developers.add_application(developer, body, strategy_id, client, app_id)
    return application_view(backend, app, secret)


def delete_application(backend: KonnectBackend, app: Item) -> None:
    """The application, its registrations and (with DCR) its IdP client and grant."""
    if app["client_id"] and backend.dcr.strategies.get(app["auth_strategy_id"], {}).get("dcr_provider_id"):
        _strategy, provider = backend.dcr.dcr_provider_of(app["auth_strategy_id"])
        try:
            idp.delete_client(provider, backend.outbound_verify, app["client_id"], app["grant_id"])
        except (idp.IdpError, httpx.HTTPError) as exc:
            raise idp_failure(exc, provider) from None
    backend.developers.drop_application(app["id"])


def delete_developer(backend: KonnectBackend, developer: Item) -> None:
    """The account, its sessions and its applications (each with its IdP client, as an application delete does)."""
    for app in [a for a in backend.developers.applications.values() if a["developer_id"] == developer["id"]]:
        delete_application(backend, app)
    backend.developers.forget_developer(developer["id"])


def regenerate_secret(backend: KonnectBackend, app: Item) -> Item:
    if not app["client_id"]:
        raise BadRequest([issue("applicationId", "the application has no client credentials", "invalid", "path")])
    _strategy, provider = backend.dcr.dcr_provider_of(app["auth_strategy_id"])
    try:
        secret = idp.rotate_secret(provider, backend.outbound_verify, app["client_id"])
    except (idp.IdpError, httpx.HTTPError) as exc:
        raise idp_failure(exc, provider) from None
    return {"client_id": app["client_id"], "client_secret": secret}


def register(backend: KonnectBackend, portal: Item, app: Item, api_id: str) -> Item:
    """Register an application for an API published in its portal with the application's strategy."""
    api = backend.catalog.api(api_id)
    publication = backend.catalog.publications.get((api["id"], portal["id"]))
    if publication is None:
        raise BadRequest([issue("api_id", "the API is not published in this portal", "invalid")])
    if not backend.may_view(portal, app["developer_id"], api["id"], publication):
        raise BadRequest([issue("api_id", "the API is not published in this portal", "invalid")])
    if not backend.may_register(portal, app["developer_id"], api["id"]):
        raise KonnectProblem(403, "Forbidden", "Registering for this API takes the API Consumer role")
    if app["auth_strategy_id"] not in (publication["auth_strategy_ids"] or []):
        raise BadRequest([issue("api_id", "the API does not accept the application's auth strategy", "invalid")])
    reg = backend.developers.register(app, api["id"], backend.registration_status(portal, publication))
    return registration_view(backend, reg)


def registration_view(backend: KonnectBackend, reg: Item) -> Item:
    api = backend.catalog.apis.get(reg["api_id"]) or {"name": "", "slug": ""}
    return {
        "id": reg["id"],
        "status": reg["status"],
        "api_id": reg["api_id"],
        "api_name": api["name"],
        "api_slug": api["slug"],
        "application_id": reg["application_id"],
        "created_at": reg["created_at"],
        "updated_at": reg["updated_at"],
    }


def admin_registration_view(backend: KonnectBackend, reg: Item) -> Item:
    api = backend.catalog.apis.get(reg["api_id"]) or {"id": reg["api_id"], "name": "", "version": None}
    app = backend.developers.applications[reg["application_id"]]
    return {
        "id": reg["id"],
        "status": reg["status"],
        "api": {"id": api["id"], "name": api["name"], "version": api.get("version"), "entity_type": "api"},
        "application": {"id": app["id"], "name": app["name"]},
        "created_at": reg["created_at"],
        "updated_at": reg["updated_at"],
    }


def admin_developer_view(developer: Item) -> Item:
    """A developer as the Management API shows it (PortalDeveloper: exactly these fields)."""
    return {k: developer[k] for k in ("id", "email", "full_name", "status", "created_at", "updated_at")}


def admin_application_view(backend: KonnectBackend, app: Item) -> dict[str, Any]:
    """The Management API's view: never a secret."""
    strategy = backend.portal_strategy_view(app["auth_strategy_id"])
    common = {
        "id": app["id"],
        "name": app["name"],
        "description": app["description"],
        "labels": app["labels"],
        "registration_count": len(backend.developers.registrations_of(app["id"])),
        "portal": {"id": app["portal_id"]},
        "owner": {"type": "developer", "id": app["developer_id"]},
        "created_at": app["created_at"],
        "updated_at": app["updated_at"],
    }
    if strategy["credential_type"] == "key_auth":
        return {**common, "auth_strategy": {k: strategy[k] for k in ("id", "name", "credential_type", "key_names")}}
    provider_id = backend.dcr.strategies[app["auth_strategy_id"]].get("dcr_provider_id")
    return {
        **common,
        "client_id": app["client_id"] or "",
        "dcr_provider": {"id": provider_id} if provider_id else None,
        "auth_strategy": {k: strategy[k] for k in ("id", "name", "credential_type", "auth_methods")},
        "granted_scopes": app["scopes"],
    }
