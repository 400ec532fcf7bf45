"""What the first `up` of a codified stack will do to each object it found, computed by the same code the providers
run (`konnect.adoption.plan`, the inputs `declared` builds), so that `codify` and `pulumi preview` say the same."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import declared
from ..config import EnvironmentConfig
from ..dev_portal import api_inputs, portal_inputs, publication_inputs
from ..konnect import (
    KonnectApiProvider,
    KonnectApiPublicationProvider,
    KonnectAuthStrategyProvider,
    KonnectDcrProviderProvider,
    KonnectPortalProvider,
)
from ..konnect.adoption import changes, plan
from ..konnect.validation import OWNER_LABEL
from .discovery import Found

__all__ = ["Row", "rows"]

Item = dict[str, Any]
# The admin app's secret is not known to codify (the stack reads it from the imported credentials): planning needs a
# value of the right shape only, and a write-only secret is always sent again when adopting.
SECRET_STAND_IN = "not-known-to-codify"
OWNERSHIP = "this stack's ownership label"


@dataclass(frozen=True)
class Row:
    role: str
    vendor: str
    id: str
    name: str
    how: str
    change: str


def said(items: list[str], extra: str | None = None) -> str:
    words = [*items, *([extra] if extra else [])]
    return ", ".join(words) if words else "nothing"


def adoption(provider: Any, current: Item, inputs: Item) -> str:
    """What adopting `current` changes, or why the preview will refuse it (another stack's ownership label)."""
    if OWNER_LABEL in (current.get("labels") or {}):
        return (
            f"refused at preview: it carries the {OWNER_LABEL} label of a Pulumi deployment (a stack manages it); "
            "remove the label in Konnect if none does"
        )
    return said(plan(provider, current, inputs), OWNERSHIP)


def auth0_rows(found: Found, env: EnvironmentConfig) -> list[Row]:
    admin, grant, api = found.admin, found.grant, found.api
    method = admin.get("token_endpoint_auth_method")
    credentials = "nothing" if method == env.admin_app.authentication_method else "authentication_method"
    return [
        Row("admin app", "Auth0", admin["client_id"], admin["name"], "import", "nothing"),
        Row(
            "admin app credentials",
            "Auth0",
            admin["client_id"],
            "client secret (read, never shown)",
            "import",
            credentials,
        ),
        Row(
            "admin Management API grant",
            "Auth0",
            grant["id"],
            f"{len(grant['scope'])} permissions",
            "import",
            "nothing",
        ),
        Row("API audience", "Auth0", api["id"], f"{api.get('name')} ({api['identifier']})", "import", "nothing"),
        Row("API scopes", "Auth0", api["identifier"], f"{len(api.get('scopes') or [])} scopes", "import", "nothing"),
    ]


def konnect_rows(found: Found, env: EnvironmentConfig) -> list[Row]:
    provider = found.provider
    inputs = declared.provider_inputs(env, found.admin["client_id"], SECRET_STAND_IN)
    rows = [
        Row(
            "DCR provider",
            "Konnect",
            provider["id"],
            provider["name"],
            "adopt",
            adoption(KonnectDcrProviderProvider(), provider, inputs),
        )
    ]
    by_name = {s["name"]: s for s in found.strategies}
    for strategy in env.strategies:
        current = by_name[strategy.name]
        wanted = declared.strategy_inputs(env, strategy, provider["id"])
        change = adoption(KonnectAuthStrategyProvider(), current, wanted)
        rows.append(Row("application auth strategy", "Konnect", current["id"], current["name"], "adopt", change))
    if found.portal is not None:
        portal = declared.portal_args(env)
        change = adoption(KonnectPortalProvider(), found.portal, portal_inputs(portal))
        rows.append(Row("portal", "Konnect", found.portal["id"], found.portal["name"], "adopt", change))
    portal_id = found.portal["id"] if found.portal else ""
    for item, entry in zip(found.published, env.apis, strict=True):
        args = declared.published_api_args(env, entry, portal_id=portal_id, strategy_id=item.strategy["id"], spec=None)
        change = adoption(KonnectApiProvider(), item.api, api_inputs(args))
        rows.append(Row("API", "Konnect", item.api["id"], item.api["name"], "adopt", change))
        rows.append(publication_row(found, item.api, item.publication, publication_inputs(args, item.api["id"])))
    return rows


def publication_row(found: Found, api: Item, publication: Item, inputs: Item) -> Row:
    assert found.portal is not None
    provider = KonnectApiPublicationProvider()
    seen = provider.observed(provider.props_from_api(publication, inputs))
    wanted = provider.observable(inputs)
    change = said(changes({k: wanted[k] for k in provider.changed(seen, wanted)}))
    name = f"{api['name']} in {found.portal['name']}"
    return Row("API publication", "Konnect", f"{api['id']}/{found.portal['id']}", name, "adopt (one PUT)", change)


def rows(found: Found, env: EnvironmentConfig) -> list[Row]:
    return [*auth0_rows(found, env), *konnect_rows(found, env)]
