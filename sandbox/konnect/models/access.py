"""Who may do what in a portal: its developer sign-in settings, its identity providers (one enabled at a time) and the
IdP groups mapped to its teams, the teams themselves with their members and the roles they hold on APIs."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from ..exceptions import Conflict, NotFound
from .common import Item, merge, now

__all__ = ["API_ROLES", "AccessStore"]

# GET /v3/portal-roles: what a team may be given on an API.
API_ROLES: Item = {
    "services": {
        "name": "Services",
        "roles": {
            "apiviewer": {
                "name": "API Viewer",
                "description": "API Viewers have read-only access to the documentation of a service in a portal",
            },
            "apiconsumer": {"name": "API Consumer", "description": "API Consumers can make calls to the given service"},
        },
    }
}
VIEWING = ("API Viewer", "API Consumer")
DEFAULT_SETTINGS: Item = {
    "basic_auth_enabled": True,
    "oidc_auth_enabled": False,
    "saml_auth_enabled": False,
    "oidc_team_mapping_enabled": False,
    "idp_mapping_enabled": False,
    "konnect_mapping_enabled": False,
}
OIDC_DEFAULTS: Item = {
    "scopes": ["email", "openid", "profile"],
    "claim_mappings": {"name": "name", "email": "email", "groups": "groups"},
}


class AccessStore:
    def __init__(self) -> None:
        self.settings: dict[str, Item] = {}  # portal id -> authentication settings
        self.idps: dict[str, Item] = {}
        self.mappings: dict[str, Item] = {}  # IdP group -> team
        self.teams: dict[str, Item] = {}
        self.members: dict[str, set[str]] = {}  # team id -> developer ids
        self.roles: dict[str, Item] = {}

    def reset(self) -> None:
        for store in (self.settings, self.idps, self.mappings, self.teams, self.members, self.roles):
            store.clear()

    def forget_portal(self, portal_id: str) -> None:
        self.settings.pop(portal_id, None)
        for store in (self.idps, self.mappings, self.teams, self.roles):
            for key in [k for k, v in store.items() if v["portal_id"] == portal_id]:
                del store[key]
        for team in [t for t in self.members if t not in self.teams]:
            del self.members[team]

    @staticmethod
    def mine(store: dict[str, Item], portal_id: str, key: str) -> Item:
        found = store.get(key)
        if found is None or found["portal_id"] != portal_id:
            raise NotFound()
        return found

    # --- sign-in settings and identity providers ------------------------------------------------------------

    def authentication(self, portal_id: str) -> Item:
        stored = self.settings.setdefault(portal_id, copy.deepcopy(DEFAULT_SETTINGS))
        view = dict(stored)
        oidc = self.enabled_idp(portal_id, "oidc")
        if oidc is not None:
            view["oidc_auth_enabled"] = True
            view["oidc_config"] = {
                "issuer": oidc["config"]["issuer_url"],
                "client_id": oidc["config"]["client_id"],
                "scopes": list(oidc["config"]["scopes"]),
                "claim_mappings": dict(oidc["config"]["claim_mappings"]),
            }
        return view

    def set_authentication(self, portal_id: str, body: Item) -> Item:
        self.authentication(portal_id)
        merge(self.settings[portal_id], {k: v for k, v in body.items() if k in DEFAULT_SETTINGS})
        return self.authentication(portal_id)

    def idps_of(self, portal_id: str, kind: str | None = None) -> list[Item]:
        return [i for i in self.idps.values() if i["portal_id"] == portal_id and kind in (None, i["type"])]

    def enabled_idp(self, portal_id: str, kind: str | None = None) -> Item | None:
        return next((i for i in self.idps_of(portal_id, kind) if i["enabled"]), None)

    def _only_one_enabled(self, portal_id: str, idp_id: str | None) -> None:
        other = self.enabled_idp(portal_id)
        if other is not None and other["id"] != idp_id:
            raise Conflict("Only one identity provider can be active at a time: disable the other one first")

    def add_idp(self, portal_id: str, body: Item) -> Item:
        if body.get("enabled"):
            self._only_one_enabled(portal_id, None)
        if any(i["type"] == body["type"] for i in self.idps_of(portal_id)):
            raise Conflict(f"The portal has an identity provider of type {body['type']} already")
        stamp = now()
        config = {**(OIDC_DEFAULTS if body["type"] == "oidc" else {}), **copy.deepcopy(body.get("config") or {})}
        idp = {
            "id": str(uuid.uuid4()),
            "type": body["type"],
            "enabled": bool(body.get("enabled", False)),
            "config": config,
            "portal_id": portal_id,
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.idps[idp["id"]] = idp
        return idp

    def update_idp(self, portal_id: str, idp_id: str, body: Item) -> Item:
        idp = self.mine(self.idps, portal_id, idp_id)
        if body.get("enabled"):
            self._only_one_enabled(portal_id, idp_id)
        if "enabled" in body:
            idp["enabled"] = bool(body["enabled"])
        if "config" in body:
            merge(idp["config"], body["config"] or {})
        idp["updated_at"] = now()
        return idp

    def delete_idp(self, portal_id: str, idp_id: str) -> None:
        self.mine(self.idps, portal_id, idp_id)
        del self.idps[idp_id]
        for key in [k for k, m in self.mappings.items() if m["idp_id"] == idp_id]:
            del self.mappings[key]

    @staticmethod
    def idp_view(idp: Item) -> Item:
        """An identity provider as the API shows it: never its client secret."""
        config = {k: v for k, v in idp["config"].items() if k != "client_secret"}
        return {k: v for k, v in idp.items() if k != "portal_id"} | {"config": config}

    def map_group(self, portal_id: str, idp_id: str, body: Item) -> Item:
        self.mine(self.idps, portal_id, idp_id)
        self.mine(self.teams, portal_id, body["team_id"])
        mapped = [m for m in self.mappings.values() if m["idp_id"] == idp_id]
        if any(m["team_id"] == body["team_id"] and m["group"] == body["group"] for m in mapped):
            raise Conflict("This group is mapped to this team already")
        stamp = now()
        mapping = {
            "id": str(uuid.uuid4()),
            "team_id": body["team_id"],
            "group": body["group"],
            "idp_id": idp_id,
            "portal_id": portal_id,
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.mappings[mapping["id"]] = mapping
        return mapping

    def mappings_of(self, idp_id: str) -> list[Item]:
        return [m for m in self.mappings.values() if m["idp_id"] == idp_id]

    # --- teams, members, roles ------------------------------------------------------------------------------

    def teams_of(self, portal_id: str) -> list[Item]:
        return [t for t in self.teams.values() if t["portal_id"] == portal_id]

    def save_team(self, portal_id: str, body: Item, team_id: str | None = None) -> Item:
        name = body.get("name")
        if name is not None and any(t["name"] == name and t["id"] != team_id for t in self.teams_of(portal_id)):
            raise Conflict(f"A team named {name!r} already exists")
        if team_id is not None:
            team = self.mine(self.teams, portal_id, team_id)
            team.update(copy.deepcopy(body))
            team["updated_at"] = now()
            return team
        stamp = now()
        team = {
            "id": str(uuid.uuid4()),
            # Konnect always answers with a description (never empty): a team made without one shows its name.
            "description": body["name"],
            "can_own_applications": False,
            **copy.deepcopy(body),
            "portal_id": portal_id,
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.teams[team["id"]] = team
        return team

    def delete_team(self, portal_id: str, team_id: str) -> None:
        self.mine(self.teams, portal_id, team_id)
        del self.teams[team_id]
        self.members.pop(team_id, None)
        for store in (self.roles, self.mappings):
            for key in [k for k, v in store.items() if v["team_id"] == team_id]:
                del store[key]

    def add_member(self, portal_id: str, team_id: str, developer_id: str) -> None:
        self.mine(self.teams, portal_id, team_id)
        members = self.members.setdefault(team_id, set())
        if developer_id in members:
            raise Conflict("The developer is a member of this team already")
        members.add(developer_id)

    def remove_member(self, portal_id: str, team_id: str, developer_id: str) -> None:
        self.mine(self.teams, portal_id, team_id)
        if developer_id not in self.members.get(team_id, set()):
            raise NotFound()
        self.members[team_id].discard(developer_id)

    def map_member(self, portal_id: str, idp_id: str, developer_id: str, groups: list[str]) -> None:
        """An SSO sign-in with team mapping on: the developer belongs to exactly the mapped teams their groups name
        (teams no group maps stay as they are)."""
        mapped = [m for m in self.mappings_of(idp_id) if m["portal_id"] == portal_id]
        for team_id in {m["team_id"] for m in mapped}:
            members = self.members.setdefault(team_id, set())
            if any(m["team_id"] == team_id and m["group"] in groups for m in mapped):
                members.add(developer_id)
            else:
                members.discard(developer_id)

    def teams_of_developer(self, portal_id: str, developer_id: str) -> list[Item]:
        return [t for t in self.teams_of(portal_id) if developer_id in self.members.get(t["id"], set())]

    def assign(self, portal_id: str, team_id: str, body: Item) -> Item:
        self.mine(self.teams, portal_id, team_id)
        fields = ("role_name", "entity_id", "entity_type_name", "entity_region")
        if any(r["team_id"] == team_id and all(r[f] == body[f] for f in fields) for r in self.roles.values()):
            raise Conflict("The team holds this role already")
        role = {"id": str(uuid.uuid4()), **{f: body[f] for f in fields}, "team_id": team_id, "portal_id": portal_id}
        self.roles[role["id"]] = role
        return role

    def roles_of(self, team_id: str) -> list[Item]:
        return [r for r in self.roles.values() if r["team_id"] == team_id]

    def may(self, portal_id: str, developer_id: str | None, api_id: str, roles: tuple[str, ...] = VIEWING) -> bool:
        """Whether one of the developer's teams holds one of `roles` on the API."""
        if developer_id is None:
            return False
        teams = {t["id"] for t in self.teams_of_developer(portal_id, developer_id)}
        return any(
            r["team_id"] in teams and r["entity_id"] == api_id and r["role_name"] in roles for r in self.roles.values()
        )

    @staticmethod
    def public(item: Item, *hidden: str) -> dict[str, Any]:
        return {k: v for k, v in item.items() if k not in ("portal_id", "team_id", "idp_id", *hidden)}
