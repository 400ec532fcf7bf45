"""A portal's developer teams and the roles they hold on APIs (`/v3/portals/{id}/teams`, `…/assigned-roles`): with
the portal's RBAC on, a private API reaches the developers of the teams holding API Viewer or API Consumer on it,
and only API Consumer may register applications for it.

A team is known by its name and updates in place. A role assignment has no PATCH in Konnect, yet a team's role on
an API changing (viewer to consumer) is one in-place update here: the new assignment is made before the old one goes
(the team is never without access in between), and `role_id` follows the assignment Konnect holds now. Only another
team, API or region replaces the resource.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult
from pydantic import BaseModel, ConfigDict, Field

from ._base import lifecycle
from .errors import NotFoundError
from .portal_child import PortalChildProvider, child_inputs, first_match
from .props import OWNERSHIP, field_patch
from .validation import Uuid

__all__ = ["API_ROLES", "KonnectPortalTeam", "KonnectPortalTeamRole", "TeamProps", "TeamRoleProps"]

API_ROLES = ("API Viewer", "API Consumer")
Region = Literal["us", "eu", "au", "me", "in", "sg", "*"]


class TeamProps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    portal_id: Uuid
    portal_existed: bool = False
    name: str = Field(min_length=1, max_length=250)
    description: str | None = Field(default=None, min_length=1, max_length=250)
    can_own_applications: bool = False


class TeamRoleProps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    portal_id: Uuid
    portal_existed: bool = False
    team_id: Uuid
    role_name: Literal["API Viewer", "API Consumer"]
    entity_id: Uuid
    entity_type_name: Literal["Services"] = "Services"
    entity_region: Region = "*"


TEAM_FIELDS = ("name", "description", "can_own_applications")
ROLE_FIELDS = ("role_name", "entity_id", "entity_type_name", "entity_region")


class PortalTeamProvider(PortalChildProvider):
    props_model = TeamProps
    child = "teams"
    kind = "portal team"
    natural_key = ("name",)
    replace_on: ClassVar[frozenset[str]] = frozenset({"portal_id"})
    defaulted: ClassVar[frozenset[str]] = frozenset({"description"})

    def props_from_api(self, body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
        props = {k: body.get(k) for k in TEAM_FIELDS if body.get(k) is not None}
        props["can_own_applications"] = bool(body.get("can_own_applications"))
        return {**props, **self.carried(previous)}

    def patch_body(self, olds: dict[str, Any], news: dict[str, Any], force_secrets: bool = False) -> dict[str, Any]:
        return field_patch(olds, news, TEAM_FIELDS)


class PortalTeamRoleProvider(PortalChildProvider):
    props_model = TeamRoleProps
    child = "assigned-roles"
    kind = "portal team role"
    natural_key = ROLE_FIELDS
    patchable = False
    replace_on: ClassVar[frozenset[str]] = frozenset(
        {"portal_id", "team_id", "entity_id", "entity_type_name", "entity_region"}
    )

    @staticmethod
    def role_path(portal_id: Any, team_id: Any, id_: str | None = None) -> str:
        return f"/v3/portals/{portal_id}/teams/{team_id}/assigned-roles" + (f"/{id_}" if id_ else "")

    def assign(self, props: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """The assignment of the declared role (one found with it, else a new one), and whether it was found."""
        spec = self.parse(props)
        path = self.role_path(spec.portal_id, spec.team_id)
        wanted = {k: getattr(spec, k) for k in ROLE_FIELDS}
        found = first_match(self.client.list_all(path), wanted)
        return (found or self.client.request("POST", path, json=wanted) or {}), found is not None

    def object_path(self, props: Mapping[str, Any], id_: str) -> str:
        """The assignment Konnect holds now (`role_id`), which is the resource's id until a role change."""
        return self.role_path(props["portal_id"], props["team_id"], str(props.get("role_id") or id_))

    def create(self, props: dict[str, Any]) -> CreateResult:
        body, found = self.assign(props)
        how = self.obtained(props, found)
        outs = {**self.declared(self.parse(props)), OWNERSHIP: {"claim": "", "obtained": how}, "role_id": body["id"]}
        outs.update(lifecycle(props))
        return CreateResult(str(body["id"]), self.outputs(outs, body))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        body, _found = self.assign(news)
        previous = str(olds.get("role_id") or id_)
        if body["id"] != previous:
            self.delete(id_, olds)
        outs = {**self.declared(self.parse(news)), OWNERSHIP: olds.get(OWNERSHIP), "role_id": body["id"]}
        outs.update(lifecycle(news))
        return UpdateResult(self.outputs(outs, body))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            listed = self.client.list_all(self.role_path(props["portal_id"], props["team_id"]))
        except NotFoundError:
            return ReadResult(None, {})  # the team is gone, and its roles with it
        current = str(props.get("role_id") or id_)
        return ReadResult(id_, props) if any(r.get("id") == current for r in listed) else ReadResult(None, {})

    def props_from_api(self, body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
        return {**{k: body.get(k) for k in ROLE_FIELDS}, **self.carried(previous, "team_id")}

    def patch_body(self, olds: dict[str, Any], news: dict[str, Any], force_secrets: bool = False) -> dict[str, Any]:
        return {}  # no PATCH in Konnect: update() assigns the new role and removes the old one


class KonnectPortalTeam(Resource, module="konnect", name="PortalTeam"):
    """A team of a portal's developers."""

    name: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        portal_id: pulumi.Input[str],
        name: pulumi.Input[str],
        description: pulumi.Input[str] | None = None,
        can_own_applications: pulumi.Input[bool] = False,
        portal_existed: bool = False,
        delete_adopted: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = child_inputs(
            type(self),
            resource_name,
            opts,
            portal_id=portal_id,
            name=name,
            description=description,
            can_own_applications=can_own_applications,
            portal_existed=portal_existed,
            delete_adopted=delete_adopted,
        )
        super().__init__(PortalTeamProvider(), resource_name, props, opts)


class KonnectPortalTeamRole(Resource, module="konnect", name="PortalTeamRole"):
    """A role a team holds on an API: `API Viewer` (sees it) or `API Consumer` (may also register for it). Its id is
    the assignment first made; its state's `role_id` the one Konnect holds now."""

    def __init__(
        self,
        resource_name: str,
        *,
        portal_id: pulumi.Input[str],
        team_id: pulumi.Input[str],
        role_name: pulumi.Input[str],
        api_id: pulumi.Input[str],
        region: pulumi.Input[str] = "*",
        portal_existed: bool = False,
        delete_adopted: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = child_inputs(
            type(self),
            resource_name,
            opts,
            portal_id=portal_id,
            team_id=team_id,
            role_name=role_name,
            entity_id=api_id,
            entity_type_name="Services",
            entity_region=region,
            portal_existed=portal_existed,
            delete_adopted=delete_adopted,
        )
        super().__init__(PortalTeamRoleProvider(), resource_name, props, opts)
