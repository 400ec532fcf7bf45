"""What a portal shows besides its APIs: pages (a tree: a page's path is its parent's path and its own slug), snippets,
its customization (one document per portal: PUT replaces it, PATCH merges into it) and its custom domain (one per
portal, verified by DNS; the sandbox has no DNS, so a new domain stays `pending`)."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from ..exceptions import BadRequest, Conflict, NotFound, issue
from .common import Item, merge, now

__all__ = ["DEFAULT_CUSTOMIZATION", "ContentStore"]

# What Konnect answers for a portal nobody customized.
DEFAULT_CUSTOMIZATION: Item = {
    "theme": {"name": "default", "mode": "light", "colors": {"primary": "#1155CB"}},
    "layout": "topnav",
    "css": None,
    "menu": {"main": [], "footer_sections": [], "footer_bottom": []},
    "spec_renderer": {
        "try_it_ui": True,
        "try_it_insomnia": True,
        "infinite_scroll": True,
        "show_schemas": True,
        "hide_internal": False,
        "hide_deprecated": False,
        "allow_custom_server_urls": True,
    },
    "robots": None,
}
PAGE_DEFAULTS: Item = {"title": "", "status": "unpublished", "parent_page_id": None}


class ContentStore:
    def __init__(self) -> None:
        self.pages: dict[str, Item] = {}  # page id -> page (with its portal_id)
        self.snippets: dict[str, Item] = {}
        self.customizations: dict[str, Item] = {}  # portal id -> document
        self.domains: dict[str, Item] = {}  # portal id -> custom domain
        self.assets: dict[tuple[str, str], str] = {}  # (portal id, logo|favicon) -> data URL

    def reset(self) -> None:
        for store in (self.pages, self.snippets, self.customizations, self.domains, self.assets):
            store.clear()

    def forget_portal(self, portal_id: str) -> None:
        for store in (self.pages, self.snippets):
            for key in [k for k, v in store.items() if v["portal_id"] == portal_id]:
                del store[key]
        self.customizations.pop(portal_id, None)
        self.domains.pop(portal_id, None)
        for kind in ("logo", "favicon"):
            self.assets.pop((portal_id, kind), None)

    # --- pages --------------------------------------------------------------------------------------------

    def pages_of(self, portal_id: str) -> list[Item]:
        return [p for p in self.pages.values() if p["portal_id"] == portal_id]

    def page(self, portal_id: str, page_id: str) -> Item:
        found = self.pages.get(page_id)
        if found is None or found["portal_id"] != portal_id:
            raise NotFound()
        return found

    def path_of(self, page: Item) -> str:
        """A page's path: its ancestors' slugs and its own, `/` for the home page."""
        slugs: list[str] = []
        current: Item | None = page
        while current is not None:
            slugs.append(current["slug"].strip("/"))
            current = self.pages.get(current["parent_page_id"] or "")
        return "/" + "/".join(s for s in reversed(slugs) if s)

    def _check_place(self, portal_id: str, slug: str, parent: str | None, other_than: str | None = None) -> None:
        if parent is not None:
            self.page(portal_id, parent)
        for page in self.pages_of(portal_id):
            if page["id"] != other_than and page["slug"] == slug and page["parent_page_id"] == parent:
                raise Conflict(f"A page with the slug {slug!r} already exists at this place")

    def create_page(self, portal: Item, body: Item) -> Item:
        parent = body.get("parent_page_id")
        self._check_place(portal["id"], body["slug"], parent)
        stamp = now()
        page = {
            "id": str(uuid.uuid4()),
            **PAGE_DEFAULTS,
            "visibility": portal["default_page_visibility"],
            **copy.deepcopy(body),
            "portal_id": portal["id"],
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.pages[page["id"]] = page
        return page

    def update_page(self, portal_id: str, page_id: str, body: Item) -> Item:
        page = self.page(portal_id, page_id)
        slug, parent = str(body.get("slug", page["slug"])), body.get("parent_page_id", page["parent_page_id"])
        if parent == page_id:
            raise BadRequest([issue("parent_page_id", "a page cannot be its own parent", "invalid")])
        self._check_place(portal_id, slug, parent, other_than=page_id)
        page.update(copy.deepcopy(body))
        page["updated_at"] = now()
        return page

    def delete_page(self, portal_id: str, page_id: str) -> None:
        page = self.page(portal_id, page_id)
        if any(p["parent_page_id"] == page["id"] for p in self.pages.values()):
            raise Conflict("The page has child pages: move or delete them first")
        del self.pages[page_id]

    def tree(self, portal_id: str, view: Any, parent: str | None = None) -> list[Item]:
        """The pages below `parent`, each as `view` shows it with its `children`."""
        below = sorted(
            (p for p in self.pages_of(portal_id) if p["parent_page_id"] == parent), key=lambda p: p["created_at"]
        )
        return [{**view(p), "children": self.tree(portal_id, view, p["id"])} for p in below]

    # --- snippets -----------------------------------------------------------------------------------------

    def snippet(self, portal_id: str, snippet_id: str) -> Item:
        found = self.snippets.get(snippet_id)
        if found is None or found["portal_id"] != portal_id:
            raise NotFound()
        return found

    def snippets_of(self, portal_id: str) -> list[Item]:
        return [s for s in self.snippets.values() if s["portal_id"] == portal_id]

    def save_snippet(self, portal: Item, body: Item, snippet_id: str | None = None) -> Item:
        name = body.get("name")
        if name is not None and any(
            s["name"] == name and s["id"] != snippet_id for s in self.snippets_of(portal["id"])
        ):
            raise Conflict(f"A snippet named {name!r} already exists")
        if snippet_id is not None:
            snippet = self.snippet(portal["id"], snippet_id)
            snippet.update(copy.deepcopy(body))
            snippet["updated_at"] = now()
            return snippet
        stamp = now()
        snippet = {
            "id": str(uuid.uuid4()),
            "title": body["name"],  # always in answers: the name unless a title is given
            "status": "unpublished",
            "visibility": portal["default_page_visibility"],
            **copy.deepcopy(body),
            "portal_id": portal["id"],
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.snippets[snippet["id"]] = snippet
        return snippet

    # --- customization and custom domain ------------------------------------------------------------------

    def customization(self, portal_id: str) -> Item:
        return self.customizations.setdefault(portal_id, copy.deepcopy(DEFAULT_CUSTOMIZATION))

    def customize(self, portal_id: str, body: Item, replace: bool) -> Item:
        if replace:
            self.customizations[portal_id] = {**copy.deepcopy(DEFAULT_CUSTOMIZATION), **copy.deepcopy(body)}
        else:
            merge(self.customization(portal_id), body)
        return self.customizations[portal_id]

    def domain(self, portal_id: str) -> Item:
        if portal_id not in self.domains:
            raise NotFound()
        return self.domains[portal_id]

    def add_domain(self, portal_id: str, body: Item) -> Item:
        if portal_id in self.domains:
            raise Conflict("The portal has a custom domain already: delete it first")
        if any(d["hostname"] == body["hostname"] for d in self.domains.values()):
            raise Conflict(f"The hostname {body['hostname']!r} is another portal's custom domain")
        stamp = now()
        ssl = body["ssl"]
        self.domains[portal_id] = {
            "hostname": body["hostname"],
            "enabled": body["enabled"],
            "ssl": {
                "domain_verification_method": ssl["domain_verification_method"],
                "verification_status": "pending",
                "validation_errors": [],
                **({"skip_ca_check": bool(ssl.get("skip_ca_check"))} if "custom_certificate" in ssl else {}),
            },
            "cname_status": "pending",
            "created_at": stamp,
            "updated_at": stamp,
        }
        return self.domains[portal_id]

    def update_domain(self, portal_id: str, body: Item) -> Item:
        domain = self.domain(portal_id)
        if "enabled" in body:
            domain["enabled"] = body["enabled"]
        if "skip_ca_check" in (body.get("ssl") or {}):
            domain["ssl"]["skip_ca_check"] = bool(body["ssl"]["skip_ca_check"])
        domain["updated_at"] = now()
        return domain

    def asset(self, portal_id: str, kind: str) -> Item:
        """A portal's logo or favicon; a portal given none has none (404)."""
        if (portal_id, kind) not in self.assets:
            raise NotFound()
        return {"data": self.assets[(portal_id, kind)]}

    def delete_domain(self, portal_id: str) -> None:
        self.domain(portal_id)
        del self.domains[portal_id]

    @staticmethod
    def public(item: Item) -> dict[str, Any]:
        """An object as the API shows it: never the store's own `portal_id`."""
        return {k: v for k, v in item.items() if k != "portal_id"}
