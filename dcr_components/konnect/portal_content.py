"""A portal's pages and snippets (`/v3/portals/{id}/pages`, `…/snippets`): Markdown content, as Konnect resources.

A page is known by its slug and parent within its portal (the home page's slug is `/`), a snippet by its name. Both
update in place (PATCH); only moving to another portal replaces them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import pulumi
from pulumi.dynamic import Resource
from pydantic import BaseModel, ConfigDict, Field

from .portal_child import PortalChildProvider, child_inputs
from .props import field_patch
from .validation import Uuid

__all__ = ["KonnectPortalPage", "KonnectPortalSnippet", "PageProps", "SnippetProps", "page_tree"]

Visibility = Literal["public", "private"]
Status = Literal["published", "unpublished"]


class PageProps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    portal_id: Uuid
    portal_existed: bool = False
    keep_found: bool = False
    slug: str = Field(min_length=1, max_length=512, pattern=r"^[^\s?#]+$")
    title: str | None = Field(default=None, max_length=512)
    content: str = Field(max_length=1_000_000)
    visibility: Visibility | None = None
    status: Status = "published"
    description: str | None = Field(default=None, max_length=160)
    parent_page_id: Uuid | None = None


class SnippetProps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    portal_id: Uuid
    portal_existed: bool = False
    name: str = Field(min_length=1, max_length=512, pattern=r"^[\w-]+$")
    title: str | None = Field(default=None, max_length=512)
    content: str = Field(max_length=1_000_000)
    visibility: Visibility | None = None
    status: Status = "published"
    description: str | None = Field(default=None, max_length=160)


PAGE_FIELDS = ("slug", "title", "content", "visibility", "status", "description", "parent_page_id")
SNIPPET_FIELDS = ("name", "title", "content", "visibility", "status", "description")


def page_tree(listing: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The pages of a tree listing (`data`, each with `children`), parents before their children."""
    pages: list[dict[str, Any]] = []
    todo = list(listing.get("data") or [])
    while todo:
        page = todo.pop(0)
        pages.append({k: v for k, v in page.items() if k != "children"})
        todo += page.get("children") or []
    return pages


def from_api(body: Mapping[str, Any], previous: Mapping[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {**{k: body.get(k) for k in fields if body.get(k) is not None}, **PortalChildProvider.carried(previous)}


class PortalPageProvider(PortalChildProvider):
    props_model = PageProps
    child = "pages"
    kind = "portal page"
    natural_key = ("slug", "parent_page_id")
    replace_on: ClassVar[frozenset[str]] = frozenset({"portal_id"})
    # Konnect fills these in when they are not declared (the portal's default page visibility, an empty title).
    defaulted: ClassVar[frozenset[str]] = frozenset({"title", "visibility", "description"})

    def props_from_api(self, body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
        return from_api(body, previous, PAGE_FIELDS)

    def listed(self, portal_id: str) -> list[dict[str, Any]]:
        """Every page of the portal: Konnect lists them as a tree (roots with their `children`), unpaginated."""
        return page_tree(self.client.get(self.path(portal_id)) or {})

    def patch_body(self, olds: dict[str, Any], news: dict[str, Any], force_secrets: bool = False) -> dict[str, Any]:
        patch = field_patch(olds, news, PAGE_FIELDS)
        if olds.get("parent_page_id") and news.get("parent_page_id") is None:
            patch["parent_page_id"] = None  # moved to the top
        return patch


class PortalSnippetProvider(PortalChildProvider):
    props_model = SnippetProps
    child = "snippets"
    kind = "portal snippet"
    natural_key = ("name",)
    replace_on: ClassVar[frozenset[str]] = frozenset({"portal_id"})
    defaulted: ClassVar[frozenset[str]] = frozenset({"title", "visibility", "description"})

    def props_from_api(self, body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
        return from_api(body, previous, SNIPPET_FIELDS)

    def patch_body(self, olds: dict[str, Any], news: dict[str, Any], force_secrets: bool = False) -> dict[str, Any]:
        return field_patch(olds, news, SNIPPET_FIELDS)


class KonnectPortalPage(Resource, module="konnect", name="PortalPage"):
    """A page of a portal: Markdown `content` at `slug` (under `parent_page_id`); the home page's slug is `/`. With
    `keep_found`, a page already at that slug is taken as it is (never changed, kept on delete)."""

    slug: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        portal_id: pulumi.Input[str],
        slug: pulumi.Input[str],
        content: pulumi.Input[str],
        title: pulumi.Input[str] | None = None,
        visibility: pulumi.Input[str] | None = None,
        status: pulumi.Input[str] = "published",
        description: pulumi.Input[str] | None = None,
        parent_page_id: pulumi.Input[str] | None = None,
        portal_existed: bool = False,
        keep_found: bool = False,
        delete_adopted: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = child_inputs(
            type(self),
            resource_name,
            opts,
            portal_id=portal_id,
            slug=slug,
            content=content,
            title=title,
            visibility=visibility,
            status=status,
            description=description,
            parent_page_id=parent_page_id,
            portal_existed=portal_existed,
            keep_found=keep_found,
            delete_adopted=delete_adopted,
        )
        super().__init__(PortalPageProvider(), resource_name, props, opts)


class KonnectPortalSnippet(Resource, module="konnect", name="PortalSnippet"):
    """A snippet of a portal: Markdown `content` that pages include by `name`."""

    name: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        portal_id: pulumi.Input[str],
        name: pulumi.Input[str],
        content: pulumi.Input[str],
        title: pulumi.Input[str] | None = None,
        visibility: pulumi.Input[str] | None = None,
        status: pulumi.Input[str] = "published",
        description: pulumi.Input[str] | None = None,
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
            content=content,
            title=title,
            visibility=visibility,
            status=status,
            description=description,
            portal_existed=portal_existed,
            delete_adopted=delete_adopted,
        )
        super().__init__(PortalSnippetProvider(), resource_name, props, opts)
