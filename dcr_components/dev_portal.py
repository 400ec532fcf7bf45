"""The Dev Portal side of an environment: the portal (created, or an existing one used), and each API published in it
with a DCR strategy, so that developers can register applications without a console click."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi

from .konnect import KonnectApi, KonnectApiPublication, KonnectPortal, KonnectPortalReference

__all__ = [
    "DevPortal",
    "DevPortalArgs",
    "PublishedApi",
    "PublishedApiArgs",
    "api_inputs",
    "portal_inputs",
    "publication_inputs",
]


@dataclass(frozen=True, kw_only=True)
class DevPortalArgs:
    name: str | None = None
    """Create a portal with this (unique) name (or adopt one, `adopt_id`); or give `existing_id`."""
    existing_id: str | None = None
    """Use this existing portal: read, published into, never changed or deleted."""
    adopt_id: str | None = None
    """With `name`: manage this existing portal (adopted: converged to the declaration, handed back by destroy
    unless `delete_adopted`)."""
    display_name: str | None = None
    description: str | None = None
    authentication_enabled: bool = True
    rbac_enabled: bool = False
    auto_approve_developers: bool = False
    auto_approve_applications: bool = False
    default_api_visibility: str | None = None
    default_page_visibility: str | None = None
    force_destroy: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    delete_adopted: bool = False
    allow_registration_loss: bool = False

    def __post_init__(self) -> None:
        if (self.name is None) == (self.existing_id is None):
            raise ValueError("DevPortalArgs: set either name (create a portal) or existing_id (use one)")
        if self.adopt_id is not None and self.name is None:
            raise ValueError("DevPortalArgs: adopt_id needs name (an adopted portal is managed)")

    @property
    def known_id(self) -> str | None:
        """The portal's id when the declaration names it (a referenced or adopted portal), known before any run."""
        return self.existing_id or self.adopt_id


def portal_inputs(args: DevPortalArgs) -> dict[str, Any]:
    """The inputs of the `KonnectPortal` a DevPortal with `name` declares (codify plans with them too)."""
    return {
        "name": str(args.name),
        "display_name": args.display_name,
        "description": args.description,
        "authentication_enabled": args.authentication_enabled,
        "rbac_enabled": args.rbac_enabled,
        "auto_approve_developers": args.auto_approve_developers,
        "auto_approve_applications": args.auto_approve_applications,
        "default_api_visibility": args.default_api_visibility,
        "default_page_visibility": args.default_page_visibility,
        "labels": args.labels,
        "force_destroy": args.force_destroy,
        "adopt_id": args.adopt_id,
        "delete_adopted": args.delete_adopted,
        "allow_registration_loss": args.allow_registration_loss,
    }


class DevPortal(pulumi.ComponentResource):
    """A `KonnectPortal` this stack owns, or a `KonnectPortalReference` to one it does not."""

    portal_id: pulumi.Output[str]
    portal_url: pulumi.Output[str]
    """Base URL of the portal's developer API (Portal API v3)."""
    portal: KonnectPortal | KonnectPortalReference
    """The resource that holds the portal (what publications are created after and deleted before)."""

    def __init__(self, name: str, args: DevPortalArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("dcr:index:DevPortal", name, {}, opts)
        child = pulumi.ResourceOptions(parent=self)
        portal: KonnectPortal | KonnectPortalReference
        if args.existing_id is not None:
            portal = KonnectPortalReference(f"{name}-existing", portal_id=args.existing_id, opts=child)
        else:
            portal = KonnectPortal(f"{name}-portal", **portal_inputs(args), opts=child)
        self.portal = portal
        self.portal_id = portal.id
        self.portal_url = portal.portal_url
        self.register_outputs({"portal_id": self.portal_id, "portal_url": self.portal_url})


@dataclass(frozen=True, kw_only=True)
class PublishedApiArgs:
    portal_id: pulumi.Input[str]
    strategy_id: pulumi.Input[str]
    """The one auth strategy of the publication (Konnect allows one)."""
    name: str
    version: str | None = None
    slug: str | None = None
    description: str | None = None
    spec_content: str | None = None
    """A changed spec becomes a new version of the same API (its publication and registrations stay)."""
    visibility: str = "private"
    auto_approve_registrations: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    after: Sequence[pulumi.Resource] = ()
    """What the API is created after and deleted before (its strategy): Konnect's delete order. When `portal_id` or
    `strategy_id` is a plain id (an adopted object's, known before any run), list that object's resource here too."""
    adopt_id: str | None = None
    """Manage this existing API (adopted) instead of creating one."""
    adopt_publication: bool = False
    """The API and the portal both existed: a publication already there is adopted (kept by destroy)."""
    delete_adopted: bool = False
    allow_registration_loss: bool = False


def api_inputs(args: PublishedApiArgs) -> dict[str, Any]:
    """The inputs of the `KonnectApi` a PublishedApi declares (codify plans with them too)."""
    return {
        "name": args.name,
        "version": args.version,
        "slug": args.slug,
        "description": args.description,
        "spec_content": args.spec_content,
        "labels": args.labels,
        "adopt_id": args.adopt_id,
        "delete_adopted": args.delete_adopted,
        "allow_registration_loss": args.allow_registration_loss,
    }


def publication_inputs(args: PublishedApiArgs, api_id: pulumi.Input[str]) -> dict[str, Any]:
    """The inputs of its `KonnectApiPublication`."""
    return {
        "api_id": api_id,
        "portal_id": args.portal_id,
        "auth_strategy_ids": [args.strategy_id],
        "visibility": args.visibility,
        "auto_approve_registrations": args.auto_approve_registrations,
        "adopt_existing": args.adopt_publication,
        "delete_adopted": args.delete_adopted,
        "allow_registration_loss": args.allow_registration_loss,
    }


class PublishedApi(pulumi.ComponentResource):
    """`KonnectApi` + its `KonnectApiPublication` in the portal with the strategy."""

    api_id: pulumi.Output[str]
    """The API's id, resolved once its publication exists."""

    def __init__(self, name: str, args: PublishedApiArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("dcr:index:PublishedApi", name, {}, opts)
        api = KonnectApi(
            f"{name}-api", **api_inputs(args), opts=pulumi.ResourceOptions(parent=self, depends_on=list(args.after))
        )
        publication = KonnectApiPublication(
            f"{name}-publication",
            # An adopted API's id is known before any run: the publication is then never shown as replaced.
            **publication_inputs(args, args.adopt_id or api.id),
            opts=pulumi.ResourceOptions(parent=self, depends_on=[api, *args.after]),
        )
        # Known once the API is published: what a developer needs is the published API.
        self.api_id = pulumi.Output.all(api.id, publication.id).apply(lambda ids: str(ids[0]))
        self.register_outputs({"api_id": self.api_id})
