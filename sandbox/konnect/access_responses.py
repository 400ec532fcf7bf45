"""Konnect emulator handlers for who may do what in a portal (Portal Management v3): developer sign-in settings,
identity providers and their team mappings, teams with their members and roles, and the role catalogue."""

from __future__ import annotations

from ..web import Request, Response
from . import portal, portal_schema
from .exceptions import BadRequest, NotFound
from .listing import page
from .models import API_ROLES, Item, KonnectBackend
from .models.catalog import validated
from .responses import body_of
from .schema import check

__all__ = ["AccessResponses", "team_view"]

TEAM_FIELDS = ("id", "name", "description", "can_own_applications", "created_at", "updated_at")
ROLE_FIELDS = ("id", "role_name", "entity_id", "entity_type_name", "entity_region")
MAPPING_FIELDS = ("id", "team_id", "group", "created_at", "updated_at")


def team_view(team: Item) -> Item:
    return {k: team[k] for k in TEAM_FIELDS}


class AccessResponses:
    def __init__(self, backend: KonnectBackend) -> None:
        self.backend = backend
        self.access = backend.access

    def portal_id(self, req: Request) -> str:
        return str(self.backend.catalog.portal(req.params["id"])["id"])

    # sign-in
    def get_authentication(self, req: Request) -> Response:
        return Response(200, self.access.authentication(self.portal_id(req)))

    def set_authentication(self, req: Request) -> Response:
        body = validated(portal_schema.AUTH_SETTINGS, body_of(req))
        return Response(200, self.access.set_authentication(self.portal_id(req), body))

    def list_idps(self, req: Request) -> Response:
        kind = req.arg("filter[type]") or req.arg("filter[type][eq]")
        return Response(200, [self.access.idp_view(i) for i in self.access.idps_of(self.portal_id(req), kind)])

    def add_idp(self, req: Request) -> Response:
        body = validated(portal_schema.IDP_CREATE, body_of(req))
        self._check_config(body["type"], body.get("config") or {})
        return Response(201, self.access.idp_view(self.access.add_idp(self.portal_id(req), body)))

    def get_idp(self, req: Request) -> Response:
        idp = self.access.mine(self.access.idps, self.portal_id(req), req.params["idp"])
        return Response(200, self.access.idp_view(idp))

    def update_idp(self, req: Request) -> Response:
        portal_id = self.portal_id(req)
        body = validated(portal_schema.IDP_UPDATE, body_of(req))
        idp = self.access.mine(self.access.idps, portal_id, req.params["idp"])
        if "config" in body:
            self._check_config(idp["type"], {**idp["config"], **(body["config"] or {})})
        return Response(200, self.access.idp_view(self.access.update_idp(portal_id, req.params["idp"], body)))

    def delete_idp(self, req: Request) -> Response:
        self.access.delete_idp(self.portal_id(req), req.params["idp"])
        return Response(204)

    @staticmethod
    def _check_config(kind: str, config: Item) -> None:
        problems = check(portal_schema.IDP_CONFIG[kind], config, "config")
        if problems:
            raise BadRequest(problems)

    def list_group_mappings(self, req: Request) -> Response:
        portal_id = self.portal_id(req)
        self.access.mine(self.access.idps, portal_id, req.params["idp"])
        rows = [{k: m[k] for k in MAPPING_FIELDS} for m in self.access.mappings_of(req.params["idp"])]
        for field in ("team_id", "group"):
            wanted = req.arg(f"filter[{field}]") or req.arg(f"filter[{field}][eq]")
            rows = [r for r in rows if wanted is None or r[field] == wanted]
        meta = {"page": {"size": max(len(rows), 10), "next": None, "previous": None}}
        return Response(200, {"data": rows, "meta": meta})

    def map_group(self, req: Request) -> Response:
        body = validated(portal_schema.GROUP_MAPPING, body_of(req))
        mapping = self.access.map_group(self.portal_id(req), req.params["idp"], body)
        return Response(201, {k: mapping[k] for k in MAPPING_FIELDS})

    def get_group_mapping(self, req: Request) -> Response:
        mapping = self.access.mine(self.access.mappings, self.portal_id(req), req.params["mapping"])
        return Response(200, {k: mapping[k] for k in MAPPING_FIELDS})

    def delete_group_mapping(self, req: Request) -> Response:
        self.access.mine(self.access.mappings, self.portal_id(req), req.params["mapping"])
        del self.access.mappings[req.params["mapping"]]
        return Response(204)

    # teams
    def list_teams(self, req: Request) -> Response:
        return page([team_view(t) for t in self.access.teams_of(self.portal_id(req))], req)

    def create_team(self, req: Request) -> Response:
        body = validated(portal_schema.TEAM_CREATE, body_of(req))
        return Response(201, team_view(self.access.save_team(self.portal_id(req), body)))

    def get_team(self, req: Request) -> Response:
        return Response(200, team_view(self.access.mine(self.access.teams, self.portal_id(req), req.params["team"])))

    def update_team(self, req: Request) -> Response:
        body = validated(portal_schema.TEAM_UPDATE, body_of(req))
        return Response(200, team_view(self.access.save_team(self.portal_id(req), body, req.params["team"])))

    def delete_team(self, req: Request) -> Response:
        self.access.delete_team(self.portal_id(req), req.params["team"])
        return Response(204)

    def list_members(self, req: Request) -> Response:
        portal_id = self.portal_id(req)
        self.access.mine(self.access.teams, portal_id, req.params["team"])
        members = self.access.members.get(req.params["team"], set())
        developers = [d for d in self.backend.developers.of_portal(portal_id) if d["id"] in members]
        return page([{**portal.admin_developer_view(d), "active": d["status"] == "approved"} for d in developers], req)

    def add_member(self, req: Request) -> Response:
        portal_id = self.portal_id(req)
        body = validated(portal_schema.ADD_MEMBER, body_of(req))
        self.backend.developers.developer(portal_id, body["id"])
        self.access.add_member(portal_id, req.params["team"], body["id"])
        return Response(201, None)

    def remove_member(self, req: Request) -> Response:
        self.access.remove_member(self.portal_id(req), req.params["team"], req.params["developer"])
        return Response(204)

    def developer_teams(self, req: Request) -> Response:
        portal_id = self.portal_id(req)
        self.backend.developers.developer(portal_id, req.params["developer"])
        return page([team_view(t) for t in self.access.teams_of_developer(portal_id, req.params["developer"])], req)

    def list_roles(self, req: Request) -> Response:
        self.access.mine(self.access.teams, self.portal_id(req), req.params["team"])
        return page([{k: r[k] for k in ROLE_FIELDS} for r in self.access.roles_of(req.params["team"])], req)

    def assign_role(self, req: Request) -> Response:
        body = validated(portal_schema.ASSIGN_ROLE, body_of(req))
        self.backend.catalog.api(body["entity_id"])  # a role is held on an API of the org
        role = self.access.assign(self.portal_id(req), req.params["team"], body)
        return Response(201, {k: role[k] for k in ROLE_FIELDS})

    def unassign_role(self, req: Request) -> Response:
        role = self.access.mine(self.access.roles, self.portal_id(req), req.params["role"])
        if role["team_id"] != req.params["team"]:
            raise NotFound()
        del self.access.roles[role["id"]]
        return Response(204)

    def role_catalogue(self, _req: Request) -> Response:
        return Response(200, API_ROLES)
