"""The whole portal in the stack config, under `portal` (a portal the stack makes or adopts): developer sign-in with
the Auth0 tenant, teams with their roles on the APIs and the IdP groups mapped to them, pages and snippets from
Markdown files, the customization and a custom domain. Messages name the key and the rule, never the value."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator
from pydantic.alias_generators import to_camel

from .config_parts import Camel, Token, unique
from .konnect.validation import Text

__all__ = [
    "DEFAULT_HOME",
    "CustomDomainConfig",
    "CustomizationConfig",
    "PageConfig",
    "PortalConfig",
    "SignInConfig",
    "SnippetConfig",
    "TeamConfig",
]

Visibility = Literal["public", "private"]
Status = Literal["published", "unpublished"]
# A portal nobody gave pages still gets one a person can read: a home page listing the published APIs (Konnect's
# `::apis-list` block), as Kong's own how-to makes it.
DEFAULT_HOME = "# {title}\n\nThe APIs you can use, and the applications you register for them.\n\n::apis-list\n"


class SignInConfig(Camel):
    """Developers sign in to the portal with the stack's Auth0 tenant (OIDC), instead of or beside email + password."""

    app_name: Text | None = Field(default=None, min_length=1, max_length=200, description="the Auth0 app's name")
    scopes: list[Token] = Field(default_factory=lambda: ["openid", "email", "profile"], min_length=1, max_length=20)
    basic_auth: bool = Field(default=False, description="keep Konnect's email + password sign-in beside Auth0")
    groups_claim: str | None = Field(
        default=None,
        pattern=r"^https?://\S+$",
        max_length=200,
        description="an ID token claim holding each user's app_metadata.groups (an Auth0 Action sets it); teams map to them",
    )

    @model_validator(mode="after")
    def _openid(self) -> SignInConfig:
        if "openid" not in self.scopes:
            raise ValueError("scopes: must include 'openid'")
        unique(self.scopes, "scopes")
        return self


class TeamConfig(Camel):
    name: Text = Field(min_length=1, max_length=250)
    description: str | None = Field(default=None, min_length=1, max_length=250)
    groups: list[Token] = Field(default_factory=list, max_length=50, description="IdP groups mapped to this team")
    apis: dict[str, Literal["viewer", "consumer"]] = Field(
        default_factory=dict, description="its role on each API, by the API's key: viewer (sees it) or consumer"
    )
    can_own_applications: bool = Field(default=False, description="its members may own applications together")

    @property
    def resource_key(self) -> str:
        return re.sub(r"[^\w-]+", "-", self.name).strip("-").lower()


class PageConfig(Camel):
    slug: str = Field(min_length=1, max_length=512, pattern=r"^(/|[\w-]+)$", description="`/` is the home page")
    title: Text | None = Field(default=None, max_length=512)
    file: str | None = Field(default=None, description="Markdown, relative to the project directory")
    content: str | None = Field(default=None, max_length=1_000_000)
    parent: str | None = Field(default=None, pattern=r"^[\w-]+$", description="the slug of the page it sits under")
    visibility: Visibility = "public"
    status: Status = "published"
    description: str | None = Field(default=None, max_length=160)

    @model_validator(mode="after")
    def _one_source(self) -> PageConfig:
        if (self.file is None) == (self.content is None):
            raise ValueError("set either file (a Markdown file of the project) or content")
        return self

    @property
    def resource_key(self) -> str:
        return "home" if self.slug == "/" else "-".join(p for p in (self.parent, self.slug) if p)


class SnippetConfig(Camel):
    name: str = Field(min_length=1, max_length=512, pattern=r"^[\w-]+$")
    title: Text | None = Field(default=None, max_length=512)
    file: str | None = None
    content: str | None = Field(default=None, max_length=1_000_000)
    visibility: Visibility = "public"
    status: Status = "published"

    @model_validator(mode="after")
    def _one_source(self) -> SnippetConfig:
        if (self.file is None) == (self.content is None):
            raise ValueError("set either file (a Markdown file of the project) or content")
        return self


class MenuItemConfig(Camel):
    path: str = Field(min_length=1, max_length=512)
    title: Text
    visibility: Visibility = "public"
    external: bool = False


class CustomizationConfig(Camel):
    mode: Literal["light", "dark", "system"] | None = None
    primary_color: str | None = Field(default=None, pattern=r"^#[0-9A-Fa-f]{6}$")
    layout: Literal["topnav", "sidebar"] | None = None
    menu: list[MenuItemConfig] | None = Field(default=None, max_length=20)
    footer: list[MenuItemConfig] | None = Field(default=None, max_length=20)
    css_file: str | None = None
    logo_file: str | None = Field(default=None, description="PNG, JPEG, GIF, ICO, WebP or SVG, at most 256 KiB")
    favicon_file: str | None = Field(default=None, description="as logoFile")
    robots: str | None = None

    def theme(self) -> dict[str, object] | None:
        theme: dict[str, object] = {}
        if self.mode:
            theme["mode"] = self.mode
        if self.primary_color:
            theme["colors"] = {"primary": self.primary_color}
        return theme or None


class CustomDomainConfig(Camel):
    hostname: str = Field(max_length=253, pattern=r"^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$")
    enabled: bool = True


class PortalConfig(Camel):
    """The Dev Portal (v3) the APIs are published in: `name` to create one, or `id` to use an existing one."""

    id: Token | None = Field(default=None, max_length=64, description="an existing portal's id: used, never changed")
    name: Text | None = Field(default=None, max_length=255)
    display_name: Text | None = Field(default=None, max_length=255)
    description: str | None = Field(default=None, max_length=512)
    authentication_enabled: bool = True
    rbac_enabled: bool = False
    auto_approve_developers: bool = False
    auto_approve_applications: bool = False
    default_api_visibility: Visibility | None = None
    default_page_visibility: Visibility | None = None
    force_destroy: bool = Field(default=False, description="let destroy delete the portal with its publications")
    sign_in: SignInConfig | None = None
    teams: list[TeamConfig] = Field(default_factory=list, max_length=100)
    pages: list[PageConfig] | None = Field(default=None, max_length=200, description="default: a home page")
    snippets: list[SnippetConfig] = Field(default_factory=list, max_length=100)
    customization: CustomizationConfig | None = None
    custom_domain: CustomDomainConfig | None = None

    @model_validator(mode="after")
    def _one_way(self) -> PortalConfig:
        if (self.id is None) == (self.name is None):
            raise ValueError("set either name (to create a portal) or id (to use an existing one)")
        if self.id is not None and self.model_fields_set - {"id"}:
            raise ValueError(
                f"{to_camel(sorted(self.model_fields_set - {'id'})[0])}: only for a portal this stack creates (name)"
            )
        unique([t.name for t in self.teams], "teams.name")
        unique([s.name for s in self.snippets], "snippets.name")
        pages = self.pages or []
        unique([f"{p.parent}/{p.slug}" for p in pages], "pages.slug")
        slugs = {p.slug for p in pages}
        for i, page in enumerate(pages):
            if page.parent is not None and page.parent not in slugs:
                raise ValueError(f"pages.{i}.parent: not the slug of another pages[] entry")
        if any(t.groups for t in self.teams) and (self.sign_in is None or self.sign_in.groups_claim is None):
            raise ValueError("teams: groups map IdP groups to teams: they need signIn.groupsClaim")
        return self

    def page_list(self, existed: bool = False) -> list[PageConfig]:
        """The declared pages; a portal the stack makes given none gets a home page listing its APIs (`pages: []`
        for none); one that `existed` keeps the pages it has unless some are declared."""
        if self.pages is not None or existed:
            return list(self.pages or [])
        title = self.display_name or self.name or "Developer portal"
        return [PageConfig(slug="/", title="Home", content=DEFAULT_HOME.format(title=title))]
