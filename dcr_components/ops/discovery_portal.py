"""What else a codified portal holds, read through Konnect's admin API: its pages (listed as a tree, each read for its
Markdown), snippets, teams with their roles, customization, sign-in settings and identity providers. codify declares
what the stack can carry over unchanged and names the rest (codified_portal.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..konnect.client import KonnectClient
from ..konnect.errors import NotFoundError
from ..konnect.portal_content import page_tree

__all__ = ["PortalExtras", "discover_extras"]

Item = dict[str, Any]


@dataclass
class PortalExtras:
    pages: list[Item] = field(default_factory=list)
    """Parents before children; each with its `content` and its parent's `parent_slug`."""
    snippets: list[Item] = field(default_factory=list)
    teams: list[tuple[Item, list[Item], list[str]]] = field(default_factory=list)
    """Each team with its assigned roles and the IdP groups mapped to it."""
    customization: Item | None = None
    settings: Item = field(default_factory=dict)
    idps: list[Item] = field(default_factory=list)


def discover_extras(konnect: KonnectClient, portal_id: str) -> PortalExtras:
    base = f"/v3/portals/{portal_id}"
    extras = PortalExtras()
    slugs: dict[str, str] = {}
    for listed in page_tree(konnect.get(f"{base}/pages") or {}):
        page = konnect.get(f"{base}/pages/{listed['id']}") or listed
        slugs[str(page["id"])] = str(page["slug"])
        extras.pages.append({**page, "parent_slug": slugs.get(str(page.get("parent_page_id") or ""))})
    for listed in konnect.list_all(f"{base}/snippets"):
        extras.snippets.append(konnect.get(f"{base}/snippets/{listed['id']}") or listed)
    idps: Any = konnect.request("GET", f"{base}/identity-providers")  # an array, not a page
    extras.idps = list(idps or [])
    groups: dict[str, list[str]] = {}
    for idp in extras.idps:
        for mapping in konnect.list_all(f"{base}/identity-providers/{idp['id']}/team-group-mappings"):
            groups.setdefault(str(mapping.get("team_id")), []).append(str(mapping.get("group")))
    for team in konnect.list_all(f"{base}/teams"):
        roles = konnect.list_all(f"{base}/teams/{team['id']}/assigned-roles")
        extras.teams.append((team, roles, groups.get(str(team["id"]), [])))
    try:
        extras.customization = konnect.get(f"{base}/customization")
    except NotFoundError:
        extras.customization = None
    extras.settings = konnect.get(f"{base}/authentication-settings") or {}
    return extras
