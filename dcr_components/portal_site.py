"""What a portal shows, declared with it: its pages and snippets (Markdown from the project's files), its look
(theme, colors, layout, menus, CSS) and its custom domain. A portal given no pages gets a home page listing its
APIs (see config_portal.DEFAULT_HOME)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pulumi

from .config_portal import CustomDomainConfig, CustomizationConfig, PageConfig, SnippetConfig
from .konnect import KonnectPortalCustomDomain, KonnectPortalCustomization, KonnectPortalPage, KonnectPortalSnippet

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


class PortalSite(pulumi.ComponentResource):
    """`KonnectPortalPage`s (parents first), `KonnectPortalSnippet`s, `KonnectPortalCustomization`,
    `KonnectPortalCustomDomain`."""

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
            made[page.slug] = KonnectPortalPage(
                f"{name}-page-{page.resource_key}",
                slug=page.slug,
                title=page.title,
                content=page.content if page.content is not None else args.texts[f"portal.pages.{index}.file"],
                visibility=page.visibility,
                description=page.description,
                parent_page_id=parent.id if parent else None,
                **common,
                opts=pulumi.ResourceOptions(parent=self),
            )
        for index, snippet in enumerate(args.snippets):
            KonnectPortalSnippet(
                f"{name}-snippet-{snippet.name}",
                name=snippet.name,
                title=snippet.title,
                content=snippet.content if snippet.content is not None else args.texts[f"portal.snippets.{index}.file"],
                visibility=snippet.visibility,
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
