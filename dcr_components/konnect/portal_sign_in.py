"""How developers sign in to a portal: its OIDC identity provider (`/v3/portals/{id}/identity-providers`) and the
IdP groups mapped to its teams (`…/team-group-mappings`); the portal's authentication settings are in
portal_settings.py.

The IdP's client secret is write-only in Konnect: a Pulumi secret, kept from the inputs and sent again only when it
changes (or when an existing IdP is converged). Konnect enables one identity provider at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource
from pydantic import BaseModel, ConfigDict, Field

from ._base import lifecycle
from .errors import NotFoundError
from .portal_child import PortalChildProvider, child_inputs, first_match
from .props import OWNERSHIP, field_patch
from .validation import Url, Uuid

__all__ = ["IdentityProviderProps", "KonnectPortalIdentityProvider", "KonnectPortalTeamMapping", "TeamMappingProps"]

CONFIG = ("issuer_url", "client_id", "scopes", "claim_mappings")


class Claims(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = "name"
    email: str = "email"
    groups: str = "groups"


class IdentityProviderProps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    portal_id: Uuid
    portal_existed: bool = False
    type: Literal["oidc"] = "oidc"
    enabled: bool = True
    issuer_url: Url  # as the IdP writes it in its tokens' `iss` (Auth0's ends in a slash)
    client_id: str = Field(min_length=1)
    client_secret: str = Field(min_length=1)
    scopes: list[str] = Field(default_factory=lambda: ["openid", "email", "profile"], min_length=1)
    claim_mappings: Claims = Field(default_factory=Claims)


class PortalIdentityProviderProvider(PortalChildProvider):
    props_model = IdentityProviderProps
    child = "identity-providers"
    kind = "portal identity provider"
    natural_key = ("type",)
    replace_on: ClassVar[frozenset[str]] = frozenset({"portal_id", "type"})
    secret_fields = ("client_secret",)

    def body(self, spec: Any) -> dict[str, Any]:
        config = {k: getattr(spec, k) for k in CONFIG} | {"client_secret": spec.client_secret}
        config["claim_mappings"] = spec.claim_mappings.model_dump()
        return {"type": spec.type, "enabled": spec.enabled, "config": config}

    def listed(self, portal_id: str) -> list[dict[str, Any]]:
        listed: Any = self.client.get(self.path(portal_id))  # Konnect answers a bare array here
        return list(listed or [])

    def props_from_api(self, body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
        config = body.get("config") or {}
        props = {"type": body.get("type"), "enabled": bool(body.get("enabled"))}
        props.update({k: config[k] for k in CONFIG if k in config})
        kept = ("portal_id", "portal_existed", "client_secret")
        return {**props, **{k: previous[k] for k in kept if previous.get(k) is not None}}

    def patch_body(self, olds: dict[str, Any], news: dict[str, Any], force_secrets: bool = False) -> dict[str, Any]:
        patch = field_patch(olds, news, ("enabled",))
        config = {k: news[k] for k in CONFIG if k in news and olds.get(k) != news[k]}
        if force_secrets or olds.get("client_secret") != news.get("client_secret"):
            config["client_secret"] = news["client_secret"]
        if config:
            patch["config"] = config
        return patch


class TeamMappingProps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    portal_id: Uuid
    portal_existed: bool = False
    idp_id: Uuid
    team_id: Uuid
    group: str = Field(min_length=1)


class PortalTeamMappingProvider(PortalChildProvider):
    """An IdP group mapped to a team: no PATCH in Konnect (every change replaces it); known by team and group."""

    props_model = TeamMappingProps
    child = "team-group-mappings"
    kind = "IdP group mapping"
    natural_key = ("team_id", "group")
    patchable = False
    replace_on: ClassVar[frozenset[str]] = frozenset({"portal_id", "idp_id", "team_id", "group"})

    @staticmethod
    def mapping_path(portal_id: Any, idp_id: Any, id_: str | None = None) -> str:
        base = f"/v3/portals/{portal_id}/identity-providers/{idp_id}/team-group-mappings"
        return base + (f"/{id_}" if id_ else "")

    def create(self, props: dict[str, Any]) -> CreateResult:
        spec = self.parse(props)
        path = self.mapping_path(spec.portal_id, spec.idp_id)
        wanted = {"team_id": spec.team_id, "group": spec.group}
        found = first_match((self.client.get(path) or {}).get("data") or [], wanted)
        body = found or self.client.request("POST", path, json=wanted) or {}
        how = self.obtained(props, found is not None)
        outs = {**self.declared(spec), OWNERSHIP: {"claim": "", "obtained": how}, **lifecycle(props)}
        return CreateResult(str(body["id"]), outs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            self.client.get(self.mapping_path(props["portal_id"], props["idp_id"], id_))
        except NotFoundError:
            return ReadResult(None, {})
        return ReadResult(id_, props)

    def object_path(self, props: Mapping[str, Any], id_: str) -> str:
        return self.mapping_path(props["portal_id"], props["idp_id"], id_)

    def props_from_api(self, body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
        return {"team_id": body.get("team_id"), "group": body.get("group"), **self.carried(previous, "idp_id")}

    def patch_body(self, olds: dict[str, Any], news: dict[str, Any], force_secrets: bool = False) -> dict[str, Any]:
        return {}


class KonnectPortalIdentityProvider(Resource, module="konnect", name="PortalIdentityProvider"):
    """A portal's OIDC identity provider: developers sign in at `issuer_url` with the app `client_id`/`client_secret`."""

    def __init__(
        self,
        resource_name: str,
        *,
        portal_id: pulumi.Input[str],
        issuer_url: pulumi.Input[str],
        client_id: pulumi.Input[str],
        client_secret: pulumi.Input[str],
        scopes: pulumi.Input[list[str]] | None = None,
        claim_mappings: pulumi.Input[dict[str, str]] | None = None,
        enabled: pulumi.Input[bool] = True,
        portal_existed: bool = False,
        delete_adopted: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = child_inputs(
            type(self),
            resource_name,
            opts,
            portal_id=portal_id,
            type="oidc",
            enabled=enabled,
            issuer_url=issuer_url,
            client_id=client_id,
            client_secret=pulumi.Output.secret(client_secret),
            scopes=scopes,
            claim_mappings=claim_mappings,
            portal_existed=portal_existed,
            delete_adopted=delete_adopted,
        )
        opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(additional_secret_outputs=["client_secret"]))
        super().__init__(PortalIdentityProviderProvider(), resource_name, props, opts)


class KonnectPortalTeamMapping(Resource, module="konnect", name="PortalTeamMapping"):
    """Developers whose IdP `group` claim names this group belong to the team (with team mapping on)."""

    def __init__(
        self,
        resource_name: str,
        *,
        portal_id: pulumi.Input[str],
        idp_id: pulumi.Input[str],
        team_id: pulumi.Input[str],
        group: pulumi.Input[str],
        portal_existed: bool = False,
        delete_adopted: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = child_inputs(
            type(self),
            resource_name,
            opts,
            portal_id=portal_id,
            idp_id=idp_id,
            team_id=team_id,
            group=group,
            portal_existed=portal_existed,
            delete_adopted=delete_adopted,
        )
        super().__init__(PortalTeamMappingProvider(), resource_name, props, opts)
