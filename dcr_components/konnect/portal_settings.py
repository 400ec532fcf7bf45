"""A portal's settings that exist with the portal and are never created or deleted, only changed: how developers sign
in (`/v3/portals/{id}/authentication-settings`: basic auth on or off, team mapping from IdP groups) and its look
(`…/customization`: theme, layout, menus, CSS, robots; PUT replaces the whole document); and its custom domain
(`…/custom-domain`, one per portal). Each resource's id is the portal's; deleting one puts back what the portal had
(settings) or Konnect's defaults (customization), or removes the domain.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult
from pydantic import BaseModel, ConfigDict, Field

from ._base import KonnectResourceProvider
from .deployment import refuse_import
from .errors import NotFoundError
from .validation import Uuid

__all__ = ["AuthSettingsProps", "CustomizationProps", "KonnectPortalAuthSettings", "KonnectPortalCustomization"]


class AuthSettingsProps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    portal_id: Uuid
    basic_auth_enabled: bool = True
    oidc_team_mapping_enabled: bool = False


SETTINGS = ("basic_auth_enabled", "oidc_team_mapping_enabled")


class PortalAuthSettingsProvider(KonnectResourceProvider):
    """The portal's sign-in settings: the resource's id is the portal's; delete puts back what was there."""

    props_model = AuthSettingsProps
    collection = ""
    kind = "portal authentication settings"
    replace_on: ClassVar[frozenset[str]] = frozenset({"portal_id"})

    @staticmethod
    def path(portal_id: str) -> str:
        return f"/v3/portals/{portal_id}/authentication-settings"

    def props_from_api(self, body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
        return {"portal_id": previous.get("portal_id"), **{k: bool(body.get(k)) for k in SETTINGS}}

    def patch_body(self, olds: dict[str, Any], news: dict[str, Any], force_secrets: bool = False) -> dict[str, Any]:
        return {k: news[k] for k in SETTINGS if olds.get(k) != news.get(k)}

    def create(self, props: dict[str, Any]) -> CreateResult:
        spec = self.parse(props)
        before = self.client.get(self.path(spec.portal_id)) or {}
        wanted = self.declared(spec)
        patch = self.patch_body(self.props_from_api(before, wanted), wanted)
        body = self.client.request("PATCH", self.path(spec.portal_id), json=patch) if patch else before
        # What the portal had: delete puts it back (the settings are the portal's, never deleted).
        previous = {k: bool(before.get(k)) for k in SETTINGS}
        outs = {**wanted, "previous": previous, "oidc_auth_enabled": bool((body or {}).get("oidc_auth_enabled"))}
        return CreateResult(str(spec.portal_id), outs)

    def parse(self, props: Any) -> Any:
        return super().parse({k: v for k, v in props.items() if k not in ("previous", "oidc_auth_enabled")})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            body = self.client.get(self.path(id_)) or {}
        except NotFoundError:
            return ReadResult(None, {})
        current = self.props_from_api(body, props)
        drifted = bool(self.changed(self.observed(props), self.observed(current)))
        return ReadResult(id_, {**props, **current}, inputs=current if drifted else None)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        patch = self.patch_body(self.observed(olds), self.observable(news))
        if patch:
            self.client.request("PATCH", self.path(id_), json=patch)
        return UpdateResult({**olds, **self.observable(news)})

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        previous = props.get("previous") or {"basic_auth_enabled": True, "oidc_team_mapping_enabled": False}
        try:
            self.client.request("PATCH", self.path(id_), json={k: bool(previous.get(k)) for k in SETTINGS})
        except NotFoundError:
            return  # the portal is gone


class KonnectPortalAuthSettings(Resource, module="konnect", name="PortalAuthSettings"):
    """A portal's sign-in settings: basic auth (email and password) on or off, and team mapping from IdP groups."""

    def __init__(
        self,
        resource_name: str,
        *,
        portal_id: pulumi.Input[str],
        basic_auth_enabled: pulumi.Input[bool] = True,
        oidc_team_mapping_enabled: pulumi.Input[bool] = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        refuse_import(type(self), resource_name, opts)
        props = {
            "portal_id": portal_id,
            "basic_auth_enabled": basic_auth_enabled,
            "oidc_team_mapping_enabled": oidc_team_mapping_enabled,
        }
        super().__init__(PortalAuthSettingsProvider(), resource_name, props, opts)


class MenuItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    path: str = Field(max_length=512)
    title: str
    visibility: Literal["public", "private"] = "public"
    external: bool = False


class FooterSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=512)
    items: list[MenuItem]


class Menu(BaseModel):
    model_config = ConfigDict(extra="forbid")
    main: list[MenuItem] | None = None
    footer_sections: list[FooterSection] | None = None
    footer_bottom: list[MenuItem] | None = None


class Theme(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    mode: Literal["light", "dark", "system"] | None = None
    colors: dict[Literal["primary"], str] | None = None


class CustomizationProps(BaseModel):
    """The declared customization, in Konnect's shape; what is left out stays Konnect's default."""

    model_config = ConfigDict(extra="forbid")

    portal_id: Uuid
    theme: Theme | None = None
    layout: str | None = None
    css: str | None = None
    menu: Menu | None = None
    spec_renderer: dict[str, bool] | None = None
    robots: str | None = None

    def document(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True, exclude={"portal_id"})


def declared_part(declared: Any, held: Any) -> Any:
    """What Konnect holds of what was declared (nested objects compared key by key; lists whole)."""
    if isinstance(declared, dict) and isinstance(held, dict):
        return {k: declared_part(v, held.get(k)) for k, v in declared.items()}
    return held


class PortalCustomizationProvider(KonnectResourceProvider):
    props_model = CustomizationProps
    collection = ""
    kind = "portal customization"
    replace_on: ClassVar[frozenset[str]] = frozenset({"portal_id"})

    @staticmethod
    def path(portal_id: str) -> str:
        return f"/v3/portals/{portal_id}/customization"

    def observable(self, props: Any) -> dict[str, Any]:
        spec: CustomizationProps = self.parse(props)
        return {"portal_id": spec.portal_id, **spec.document()}

    def observed(self, props: Any) -> dict[str, Any]:
        return {k: v for k, v in props.items() if k in self.props_model.model_fields and v is not None}

    def create(self, props: dict[str, Any]) -> CreateResult:
        spec: CustomizationProps = self.parse(props)
        self.client.request("PUT", self.path(spec.portal_id), json=spec.document())
        return CreateResult(str(spec.portal_id), self.observable(props))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        spec: CustomizationProps = self.parse(news)
        if self.changed(self.observed(olds), self.observable(news)):
            self.client.request("PUT", self.path(id_), json=spec.document())
        return UpdateResult(self.observable(news))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            held = self.client.get(self.path(id_)) or {}
        except NotFoundError:
            return ReadResult(None, {})
        current = {"portal_id": id_, **declared_part({k: v for k, v in props.items() if k != "portal_id"}, held)}
        current = {k: v for k, v in current.items() if v is not None}
        drifted = bool(self.changed(self.observed(props), current))
        return ReadResult(id_, current, inputs=current if drifted else None)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        try:
            self.client.request("PUT", self.path(id_), json={})  # Konnect's defaults again
        except NotFoundError:
            return


class KonnectPortalCustomization(Resource, module="konnect", name="PortalCustomization"):
    """A portal's look: `theme`, `layout`, `css`, `menu`, `spec_renderer`, `robots` (Konnect's PortalCustomizationV3
    shape); the whole document is PUT, so what is left out is Konnect's default."""

    def __init__(
        self,
        resource_name: str,
        *,
        portal_id: pulumi.Input[str],
        theme: pulumi.Input[dict[str, Any]] | None = None,
        layout: pulumi.Input[str] | None = None,
        css: pulumi.Input[str] | None = None,
        menu: pulumi.Input[dict[str, Any]] | None = None,
        spec_renderer: pulumi.Input[dict[str, bool]] | None = None,
        robots: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        refuse_import(type(self), resource_name, opts)
        props = {
            "portal_id": portal_id,
            "theme": theme,
            "layout": layout,
            "css": css,
            "menu": menu,
            "spec_renderer": spec_renderer,
            "robots": robots,
        }
        super().__init__(PortalCustomizationProvider(), resource_name, props, opts)
