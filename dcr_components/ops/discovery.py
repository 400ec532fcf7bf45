"""Finding the objects a DCR setup made by hand (Kong's "Configure Auth0 for Dynamic Client Registration" guide) is
made of, by listing both vendors' APIs to their end, and deciding which object plays which role.

The chain starts in Konnect, where the tenant is named: the DCR providers of type auth0 whose issuer is the tenant
(or whose `initial_client_audience` is its Management API: a custom domain). Their `initial_client_id` is the admin
app, which must hold a Management API grant with the DCR permissions; the strategies using the provider name the API
audience (their `token_post_args`); the APIs published with those strategies name the portal. Two candidates for one
role stop discovery with both listed and the flag that chooses; nothing is ever guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..konnect.client import KonnectClient
from ..konnect.errors import NotFoundError
from ..permissions import ADMIN_PERMISSIONS
from .management import ManagementApi

__all__ = ["Choices", "CodifyError", "Found", "LeftOut", "Published", "discover"]

Item = dict[str, Any]


class CodifyError(Exception):
    """Discovery cannot go on: nothing to codify, or two candidates for one role (the message lists them)."""


@dataclass(frozen=True)
class Choices:
    """What the operator chose where the org holds more than one candidate (the codify flags)."""

    dcr_provider: str | None = None
    api_identifier: str | None = None
    portal: str | None = None


@dataclass(frozen=True)
class LeftOut:
    what: str
    ids: str
    why: str


@dataclass(frozen=True)
class Published:
    api: Item
    publication: Item
    strategy: Item


@dataclass
class Found:
    domain: str
    admin: Item
    grant: Item
    api: Item
    provider: Item
    strategies: list[Item]
    portal: Item | None = None
    published: list[Published] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)


def one(role: str, flag: str, candidates: list[Item], describe: Any, chosen: str | None, key: str = "id") -> Item:
    """The one candidate for a role, or the chosen one; an error listing them all otherwise."""
    if chosen is not None:
        match = [c for c in candidates if c.get(key) == chosen]
        if not match:
            raise CodifyError(f"{flag} {chosen}: not one of the {role} candidates ({len(candidates)} found)")
        return match[0]
    if len(candidates) == 1:
        return candidates[0]
    listing = "\n".join(f"  {describe(c)}" for c in candidates)
    raise CodifyError(f"{len(candidates)} candidates for the {role}; choose one with {flag}:\n{listing}")


def audience_of(strategy: Item) -> str | None:
    config = (strategy.get("configs") or {}).get("openid-connect") or {}
    names, values = config.get("token_post_args_names") or [], config.get("token_post_args_values") or []
    return next((v for n, v in zip(names, values, strict=False) if n == "audience"), None)


def konnect_chain(konnect: KonnectClient, domain: str, choices: Choices) -> tuple[Item, list[Item]]:
    """The tenant's DCR provider and the strategies that use it."""
    audience = f"https://{domain}/api/v2/"
    candidates = [
        p
        for p in konnect.list_all("/v2/dcr-providers", {"filter[provider_type]": "auth0"})
        if p.get("issuer") == f"https://{domain}"
        or (p.get("dcr_config") or {}).get("initial_client_audience") == audience
    ]
    if not candidates:
        raise CodifyError(
            f"nothing to codify: no Konnect DCR provider of type auth0 has the issuer https://{domain} (or, with a "
            "custom domain, this tenant's Management API as initial_client_audience)"
        )
    provider = one(
        "DCR provider",
        "--dcr-provider",
        candidates,
        lambda p: (
            f"{p['id']}  {p.get('name')}  issuer {p.get('issuer')}  admin app {p['dcr_config'].get('initial_client_id')}"
        ),
        choices.dcr_provider,
    )
    strategies = [
        s
        for s in konnect.list_all("/v2/application-auth-strategies", {"filter[dcr_provider_id][eq]": provider["id"]})
        if (s.get("dcr_provider") or {}).get("id") == provider["id"]
    ]
    return provider, strategies


def auth0_chain(auth0: ManagementApi, domain: str, provider: Item, identifier: str) -> tuple[Item, Item, Item]:
    """The admin app (the provider's initial_client_id), its Management API grant, and the API by identifier."""
    admin_id = (provider.get("dcr_config") or {}).get("initial_client_id")
    clients = auth0.offset("/clients", "clients")
    admin = next((c for c in clients if c.get("client_id") == admin_id), None)
    if admin is None:
        raise CodifyError(f"the DCR provider's initial_client_id {admin_id} is not an application of {domain}")
    grants = auth0.checkpoint(
        "/client-grants", "client_grants", {"audience": f"https://{domain}/api/v2/", "client_id": admin_id}
    )
    grant = next((g for g in grants if set(ADMIN_PERMISSIONS) <= set(g.get("scope") or [])), None)
    if grant is None:
        raise CodifyError(
            f"the admin app {admin_id} holds no Management API grant with the DCR permissions "
            f"({', '.join(ADMIN_PERMISSIONS)}): Konnect cannot create applications with it"
        )
    servers = auth0.offset("/resource-servers", "resource_servers")
    api = next((s for s in servers if s.get("identifier") == identifier and not s.get("is_system")), None)
    if api is None:
        raise CodifyError(f"the API audience {identifier} is not an API (resource server) of {domain}")
    return admin, grant, api


def publications(konnect: KonnectClient, strategies: list[Item]) -> list[tuple[str, Published]]:
    """(portal id, what is published there) for every API published with one of the strategies."""
    by_id = {s["id"]: s for s in strategies}
    found = []
    for api in konnect.list_all("/v3/apis"):
        for portal in api.get("portals") or []:
            try:
                publication = konnect.get(f"/v3/apis/{api['id']}/publications/{portal['id']}") or {}
            except NotFoundError:
                continue
            used = [by_id[s] for s in publication.get("auth_strategy_ids") or [] if s in by_id]
            if used:
                found.append((str(portal["id"]), Published(api, publication, used[0])))
    return found


def discover(auth0: ManagementApi, konnect: KonnectClient, domain: str, choices: Choices) -> Found:
    provider, strategies = konnect_chain(konnect, domain, choices)
    audiences = sorted({a for s in strategies if (a := audience_of(s))})
    if choices.api_identifier is None and len(audiences) != 1:
        listing = "\n".join(f"  {a}" for a in audiences) or "  (no strategy sends an audience)"
        raise CodifyError(
            f"{len(audiences)} API audiences in the strategies; choose one with --api-identifier:\n{listing}"
        )
    identifier = choices.api_identifier or audiences[0]
    admin, grant, api = auth0_chain(auth0, domain, provider, identifier)
    used = [s for s in strategies if audience_of(s) in (identifier, None)]
    found = Found(domain, admin, grant, api, provider, used)
    found.left_out += [
        LeftOut("application auth strategy", s["id"], f"'{s['name']}' sends another audience ({audience_of(s)})")
        for s in strategies
        if s not in used
    ]
    places = publications(konnect, used)
    if places:
        portal_ids = sorted({p for p, _ in places})
        portals = [konnect.get(f"/v3/portals/{p}") or {"id": p} for p in portal_ids]
        found.portal = one("portal", "--portal", portals, lambda p: f"{p['id']}  {p.get('name')}", choices.portal)
        found.published = [pub for p, pub in places if p == found.portal["id"]]
        found.left_out += [
            LeftOut("portal", p["id"], f"'{p.get('name')}' publishes the same strategies; one portal per stack")
            for p in portals
            if p is not found.portal
        ]
    return found
