"""What a portal shows, declared with it: its pages and snippets (Markdown from the project's files), its look
(theme, colors, layout, menus, CSS, logo and favicon) and its custom domain. A portal given no pages gets a home page listing its
APIs (see config_portal.DEFAULT_HOME)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pulumi

from .config_portal import CustomDomainConfig, CustomizationConfig, PageConfig, SnippetConfig
from .konnect import (
    KonnectPortalCustomDomain,
    KonnectPortalCustomization,
    KonnectPortalImage,
    KonnectPortalPage,
    KonnectPortalSnippet,
)

__all__ = ["PortalSite", "PortalSiteArgs"]


@dataclass(frozen=True, kw_only=True)
class PortalSiteArgs:
    portal_id: pulumi.Input[str]
    pages: list[PageConfig] = field(default_factory=list)
    snippets: list[SnippetConfig] = field(default_factory=list)
    customization: CustomizationConfig | None = None
    custom_domain: CustomDomainConfig | None = None
    texts: dict[str, str] = field(default_factory=dict)
    """The files' text by key path (config.read_portal_files): `portal.pages.0.file`, …"""
    portal_existed: bool = False
    default_home: bool = False
    """`pages` holds the default home page (config_portal.DEFAULT_HOME), not declared ones."""


class PortalSite(pulumi.ComponentResource):
    """`KonnectPortalPage`s (parents first), `KonnectPortalSnippet`s, `KonnectPortalCustomization`,
    `KonnectPortalImage`s (logo, favicon), `KonnectPortalCustomDomain`."""

    dns_record: pulumi.Output[dict[str, str] | None]
    """The CNAME to create for the custom domain (None without one)."""
    domain_status: pulumi.Output[str | None]

    def __init__(self, name: str, args: PortalSiteArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("dcr:index:PortalSite", name, {}, opts)
        common: dict[str, Any] = {"portal_id": args.portal_id, "portal_existed": args.portal_existed}
        made: dict[str, KonnectPortalPage] = {}
        # Parents before their children: a child names its parent's id.
        for index, page in sorted(enumerate(args.pages), key=lambda item: item[1].parent is not None):
            parent = made.get(page.parent) if page.parent else None
            # The default home page (no `pages` declared) fills a gap only: a home page already there (a console
            # edit, a portal older than this default) is left as it is, now and in later runs.
            default = args.default_home and page.slug == "/"
            keep = pulumi.ResourceOptions(ignore_changes=["content", "title", "visibility"]) if default else None
            made[page.slug] = KonnectPortalPage(
                f"{name}-page-{page.resource_key}",
                slug=page.slug,
                title=page.title,
                content=page.content if page.content is not None else args.texts[f"portal.pages.{index}.file"],
                visibility=page.visibility,
                status=page.status,
                description=page.description,
                parent_page_id=parent.id if parent else None,
                keep_found=default,
                **common,
                opts=pulumi.ResourceOptions.merge(pulumi.ResourceOptions(parent=self), keep),
            )
        for index, snippet in enumerate(args.snippets):
            KonnectPortalSnippet(
                f"{name}-snippet-{snippet.name}",
                name=snippet.name,
                title=snippet.title,
                content=snippet.content if snippet.content is not None else args.texts[f"portal.snippets.{index}.file"],
                visibility=snippet.visibility,
                status=snippet.status,
                **common,
                opts=pulumi.ResourceOptions(parent=self),
            )
        look = args.customization
        if look is not None:
            menu: dict[str, Any] = {}
            if look.menu is not None:
                menu["main"] = [item.model_dump() for item in look.menu]
            if look.footer is not None:
                menu["footer_bottom"] = [item.model_dump() for item in look.footer]
            KonnectPortalCustomization(
                f"{name}-customization",
                portal_id=args.portal_id,
                theme=look.theme(),
                layout=look.layout,
                css=args.texts.get("portal.customization.cssFile"),
                menu=menu or None,
                robots=look.robots,
                opts=pulumi.ResourceOptions(parent=self),
            )
        for kind in ("logo", "favicon"):
            image = args.texts.get(f"portal.customization.{kind}File")
            if image is not None:
                KonnectPortalImage(
                    f"{name}-{kind}",
                    portal_id=args.portal_id,
                    kind=kind,
                    data=image,
                    opts=pulumi.ResourceOptions(parent=self),
                )
        self.dns_record = pulumi.Output.from_input(None)
        self.domain_status = pulumi.Output.from_input(None)
        if args.custom_domain is not None:
            domain = KonnectPortalCustomDomain(
                f"{name}-custom-domain",
                portal_id=args.portal_id,
                hostname=args.custom_domain.hostname,
                enabled=args.custom_domain.enabled,
                opts=pulumi.ResourceOptions(parent=self),
            )
            self.dns_record, self.domain_status = domain.dns_record, domain.verification_status
        self.register_outputs({"dns_record": self.dns_record, "domain_status": self.domain_status})
