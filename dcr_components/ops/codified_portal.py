"""The rest of a codified portal in `portal`: its pages and snippets (their Markdown inline, as they are), and its
teams with their roles on the stack's APIs, each adopted by its key (a page by slug and parent, a snippet or a team by
name) with nothing to change; and what stays as it is, with why: the sign-in (its identity provider's secret is
never readable), IdP group mappings, the customization (a PUT replaces the whole document), roles on other APIs.
Plan rows come from the providers' own diff, as for the DCR objects (codify_plan.py)."""

from __future__ import annotations

import re
from typing import Any

from ..konnect._base import KonnectResourceProvider
from ..konnect.portal_content import PortalPageProvider, PortalSnippetProvider
from ..konnect.portal_teams import PortalTeamProvider
from ..portal_access import ROLE_NAMES
from .codify_plan import Row, said
from .discovery import LeftOut
from .discovery_portal import PortalExtras

__all__ = ["extras_part", "extras_rows"]

Item = dict[str, Any]
SLUG = re.compile(r"^(/|[\w-]+)$")
ROLES = {name: role for role, name in ROLE_NAMES.items()}
KEEP = "kept as it is: the stack does not manage it"


def _page(page: Item) -> Item:
    entry: Item = {"slug": page["slug"]}
    if page.get("title"):
        entry["title"] = page["title"]
    entry["content"] = page.get("content") or ""
    if page.get("parent_slug"):
        entry["parent"] = page["parent_slug"]
    entry["visibility"] = page.get("visibility") or "public"
    if page.get("status") == "unpublished":
        entry["status"] = "unpublished"
    if page.get("description"):
        entry["description"] = page["description"]
    return entry


def pages_part(extras: PortalExtras, left: list[LeftOut]) -> list[Item]:
    entries: list[Item] = []
    skipped: set[str] = set()
    for page in extras.pages:
        if not SLUG.match(str(page["slug"])) or page.get("parent_page_id") in skipped:
            skipped.add(str(page["id"]))
            left.append(LeftOut("portal page", str(page["id"]), f"slug '{page['slug']}' (or its parent's): {KEEP}"))
            continue
        entries.append(_page(page))
    return entries


def snippets_part(extras: PortalExtras) -> list[Item]:
    entries: list[Item] = []
    for snippet in extras.snippets:
        entry: Item = {"name": snippet["name"]}
        if snippet.get("title"):
            entry["title"] = snippet["title"]
        entry["content"] = snippet.get("content") or ""
        entry["visibility"] = snippet.get("visibility") or "public"
        if snippet.get("status") == "unpublished":
            entry["status"] = "unpublished"
        entries.append(entry)
    return entries


def teams_part(extras: PortalExtras, api_keys: dict[str, str], left: list[LeftOut]) -> list[Item]:
    """Each team with its roles on the stack's APIs (by API key); roles elsewhere and group mappings stay as is."""
    entries: list[Item] = []
    for team, roles, groups in extras.teams:
        entry: Item = {"name": team["name"]}
        if team.get("description"):
            entry["description"] = team["description"]
        if team.get("can_own_applications"):
            entry["canOwnApplications"] = True
        apis: Item = {}
        for role in roles:
            key = api_keys.get(str(role.get("entity_id")))
            if key is None or role.get("role_name") not in ROLES or key in apis:
                left.append(
                    LeftOut(
                        f"role of team '{team['name']}'", str(role.get("id")), f"not on one of the stack's APIs: {KEEP}"
                    )
                )
                continue
            apis[key] = ROLES[str(role["role_name"])]
        if apis:
            entry["apis"] = apis
        if groups:
            left.append(
                LeftOut(
                    f"IdP groups of team '{team['name']}'",
                    ", ".join(groups),
                    f"{KEEP} (they map the identity provider's groups; see the sign-in below)",
                )
            )
        entries.append(entry)
    return entries


def extras_part(extras: PortalExtras, api_keys: dict[str, str]) -> tuple[Item, list[LeftOut]]:
    """The `portal` keys that declare what was found as it is, and what stays outside the stack."""
    left: list[LeftOut] = []
    part: Item = {"pages": pages_part(extras, left)}
    if extras.snippets:
        part["snippets"] = snippets_part(extras)
    teams = teams_part(extras, api_keys, left)
    if teams:
        part["teams"] = teams
    for idp in extras.idps:
        config = idp.get("config") or {}
        left.append(
            LeftOut(
                f"sign-in: {idp.get('type')} identity provider",
                str(idp.get("id")),
                f"issuer {config.get('issuer_url') or config.get('idp_metadata_url')}: {KEEP}; Konnect never returns "
                "its client secret, so `portal.signIn` makes the stack's own Auth0 app and takes the provider over",
            )
        )
    if extras.customization:
        left.append(
            LeftOut("customization", "", f"{KEEP}; `portal.customization` replaces the whole document when declared")
        )
    return part, left


def _change(provider: KonnectResourceProvider, found: Item, inputs: Item) -> str:
    seen = provider.observed(provider.props_from_api(found, inputs))
    wanted = provider.observable(inputs)
    return said(provider.changed(seen, wanted))


def extras_rows(extras: PortalExtras, part: Item, portal_id: str) -> list[Row]:
    """What adopting each page, snippet and team changes: nothing, when codify declared it as it is."""
    common = {"portal_id": portal_id, "portal_existed": True}
    by_slug = {(p.get("parent_slug"), p["slug"]): p for p in extras.pages}
    ids = {p["slug"]: p["id"] for p in extras.pages}
    rows: list[Row] = []
    for entry in part.get("pages", []):
        found = by_slug[(entry.get("parent"), entry["slug"])]
        inputs = {
            **common,
            **{k: v for k, v in entry.items() if k != "parent"},
            "parent_page_id": ids.get(entry.get("parent")),
            "keep_found": False,
        }
        change = _change(PortalPageProvider(), found, {k: v for k, v in inputs.items() if v is not None})
        rows.append(Row("portal page", "Konnect", str(found["id"]), str(found["slug"]), "adopt (by slug)", change))
    by_name = {s["name"]: s for s in extras.snippets}
    for entry in part.get("snippets", []):
        found = by_name[entry["name"]]
        change = _change(PortalSnippetProvider(), found, {**common, **entry})
        rows.append(Row("portal snippet", "Konnect", str(found["id"]), entry["name"], "adopt (by name)", change))
    teams = {t["name"]: t for t, _roles, _groups in extras.teams}
    for entry in part.get("teams", []):
        found = teams[entry["name"]]
        inputs = {**common, "name": entry["name"], "description": entry.get("description")}
        inputs["can_own_applications"] = bool(entry.get("canOwnApplications"))
        change = _change(PortalTeamProvider(), found, {k: v for k, v in inputs.items() if v is not None})
        roles = f", {len(entry.get('apis', {}))} role(s) found as declared" if entry.get("apis") else ""
        rows.append(Row("portal team", "Konnect", str(found["id"]), entry["name"], "adopt (by name)", change + roles))
    return rows
