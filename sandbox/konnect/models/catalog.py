"""Portals, APIs (with their versions) and API publications: the management side of the Dev Portal v3."""

from __future__ import annotations

import copy
import re
import uuid
from collections.abc import Callable

from .. import catalog_schema, schema
from ..exceptions import BadRequest, Conflict, NotFound, issue
from .common import Item, merge, now

__all__ = ["CatalogStore", "slugify"]

PORTAL_DEFAULTS: Item = {
    "description": None,
    "authentication_enabled": True,
    "rbac_enabled": False,
    "sipr_enabled": False,
    "default_api_visibility": "private",
    "default_page_visibility": "private",
    "default_application_auth_strategy_id": None,
    "auto_approve_developers": False,
    "auto_approve_applications": False,
    "notifications_developer_pii_visibility_enabled": False,
    "labels": {},
}


def slugify(text: str) -> str:
    return re.sub(r"[^\w-]+", "-", text.lower()).strip("-")


def validated(node: schema.Node, body: Item) -> Item:
    problems = schema.check(node, body)
    if problems:
        raise BadRequest(problems)
    return body


class CatalogStore:
    def __init__(self) -> None:
        self.portals: dict[str, Item] = {}
        self.apis: dict[str, Item] = {}
        self.versions: dict[str, list[Item]] = {}
        self.publications: dict[tuple[str, str], Item] = {}

    def reset(self) -> None:
        for store in (self.portals, self.apis, self.versions, self.publications):
            store.clear()

    # --- portals ------------------------------------------------------------------------------------------

    def portal(self, id_: str) -> Item:
        if id_ not in self.portals:
            raise NotFound()
        return self.portals[id_]

    def portal_by_domain(self, domain: str) -> Item:
        found = next((p for p in self.portals.values() if p["canonical_domain"] == domain), None)
        if found is None:
            raise NotFound()
        return found

    def _unique_portal_name(self, name: str, other_than: str | None = None) -> None:
        if any(p["name"] == name and p["id"] != other_than for p in self.portals.values()):
            raise Conflict(f"A portal named {name!r} already exists")

    def create_portal(self, body: Item) -> Item:
        validated(catalog_schema.PORTAL_CREATE, body)
        self._unique_portal_name(body["name"])
        id_, stamp = str(uuid.uuid4()), now()
        labels = {k: v for k, v in (body.get("labels") or {}).items() if v is not None}
        domain = f"{id_}.sandbox.kongportals.local"
        item = {
            "id": id_,
            **PORTAL_DEFAULTS,
            "display_name": body["name"],
            **copy.deepcopy(body),
            "labels": labels,
            "default_domain": domain,
            "canonical_domain": domain,
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.portals[id_] = item
        return item

    def update_portal(self, id_: str, body: Item) -> Item:
        item = self.portal(id_)
        validated(catalog_schema.PORTAL_UPDATE, body)
        if "name" in body:
            self._unique_portal_name(body["name"], other_than=id_)
        merge(item, {k: v for k, v in body.items() if k != "labels"})
        for key in ("description", "default_application_auth_strategy_id"):  # nullable: null sets null
            if key in body and body[key] is None:
                item[key] = None
        if "labels" in body:
            merge(item["labels"], body["labels"] or {k: None for k in item["labels"]})
        item["updated_at"] = now()
        return item

    # --- APIs and their versions --------------------------------------------------------------------------

    def api(self, id_or_slug: str) -> Item:
        found = self.apis.get(id_or_slug) or next((a for a in self.apis.values() if a["slug"] == id_or_slug), None)
        if found is None:
            raise NotFound()
        return found

    def api_view(self, item: Item) -> Item:
        view = {k: copy.deepcopy(v) for k, v in item.items() if k != "spec_content"}
        versions = self.versions.get(item["id"]) or []
        current = versions[-1] if versions else None
        view["current_version_summary"] = (
            None
            if current is None
            else {k: current[k] for k in ("id", "version", "created_at", "updated_at")} | {"spec": {"type": "oas3"}}
        )
        view["api_spec_ids"] = []
        view["portals"] = [
            {k: self.portals[pid][k] for k in ("id", "name", "display_name")}
            for (aid, pid) in self.publications
            if aid == item["id"] and pid in self.portals
        ]
        return view

    def _unique_api(self, name: str, version: str | None, other_than: str | None = None) -> None:
        if any(a["name"] == name and a["version"] == version and a["id"] != other_than for a in self.apis.values()):
            raise Conflict("The name + version combination must be unique")

    def create_api(self, body: Item) -> Item:
        validated(catalog_schema.API_CREATE, body)
        self._unique_api(body["name"], body.get("version"))
        id_, stamp = str(uuid.uuid4()), now()
        item = {
            "id": id_,
            "name": body["name"],
            "description": body.get("description"),
            "version": body.get("version"),
            "slug": body.get("slug") or slugify(f"{body['name']}-{body.get('version') or ''}"),
            "labels": copy.deepcopy(body.get("labels") or {}),
            "attributes": copy.deepcopy(body.get("attributes") or {}),
            "implementation_mode": None,
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.apis[id_] = item
        if body.get("spec_content"):
            self.add_version(id_, {"version": body.get("version") or "1", "spec": {"content": body["spec_content"]}})
        return item

    def update_api(self, id_: str, body: Item) -> Item:
        item = self.api(id_)
        validated(catalog_schema.API_UPDATE, body)
        self._unique_api(
            str(body.get("name", item["name"])), body.get("version", item["version"]), other_than=item["id"]
        )
        for key in ("name", "description", "version", "slug", "attributes"):
            if key in body:
                item[key] = copy.deepcopy(body[key])
        if "labels" in body:
            merge(item["labels"], body["labels"] or {k: None for k in item["labels"]})
        item["updated_at"] = now()
        return item

    def add_version(self, api_id: str, body: Item) -> Item:
        self.api(api_id)
        validated(catalog_schema.API_VERSION, body)
        if self.versions.get(api_id):
            # Kong's List API Versions: "You can only have one version for an API."
            raise Conflict("You can only have one version for an API; update it instead")
        stamp = now()
        version = {
            "id": str(uuid.uuid4()),
            "version": body.get("version") or "1",
            "spec": {"content": body["spec"]["content"], "type": "oas3"},
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.versions.setdefault(api_id, []).append(version)
        return version

    def version(self, api_id: str, version_id: str) -> Item:
        self.api(api_id)
        found = next((v for v in self.versions.get(api_id) or [] if v["id"] == version_id), None)
        if found is None:
            raise NotFound()
        return found

    def update_version(self, api_id: str, version_id: str, body: Item) -> Item:
        item = self.version(api_id, version_id)
        validated(catalog_schema.API_VERSION_UPDATE, body)
        if "version" in body:
            item["version"] = body["version"]
        if "spec" in body:
            item["spec"] = {"content": body["spec"]["content"], "type": "oas3"}
        item["updated_at"] = now()
        return item

    def delete_version(self, api_id: str, version_id: str) -> None:
        self.versions[api_id].remove(self.version(api_id, version_id))

    @staticmethod
    def version_view(item: Item) -> Item:
        return {k: v for k, v in item.items() if k != "spec"} | {"spec": {"type": "oas3"}}

    # --- publications (identity: the API and the portal) --------------------------------------------------

    @staticmethod
    def publication_view(item: Item) -> Item:
        return {k: copy.deepcopy(v) for k, v in item.items() if k not in ("api_id", "portal_id")}

    def unpublish(self, api_id: str, portal_id: str) -> None:
        self.publication(api_id, portal_id)
        del self.publications[(api_id, portal_id)]

    def publication(self, api_id: str, portal_id: str) -> Item:
        if (api_id, portal_id) not in self.publications:
            raise NotFound()
        return self.publications[(api_id, portal_id)]

    def put_publication(self, api_id: str, portal_id: str, body: Item, known_strategy: Callable[[str], bool]) -> Item:
        """PUT replaces: an omitted visibility becomes private; omitted auth_strategy_ids the portal's default."""
        self.api(api_id)
        portal = self.portal(portal_id)
        validated(catalog_schema.PUBLICATION, body)
        strategies = body.get("auth_strategy_ids")
        if "auth_strategy_ids" not in body and portal["default_application_auth_strategy_id"]:
            strategies = [portal["default_application_auth_strategy_id"]]
        for index, strategy_id in enumerate(strategies or []):
            if not known_strategy(strategy_id):
                raise BadRequest([issue(f"auth_strategy_ids[{index}]", "auth strategy not found", "missing_reference")])
        previous = self.publications.get((api_id, portal_id))
        stamp = now()
        item = {
            "api_id": api_id,
            "portal_id": portal_id,
            "auth_strategy_ids": strategies,
            "visibility": body.get("visibility", "private"),
            "auto_approve_registrations": bool(body.get("auto_approve_registrations", False)),
            "created_at": previous["created_at"] if previous else stamp,
            "updated_at": stamp,
        }
        self.publications[(api_id, portal_id)] = item
        return item

    def users_of_strategy(self, strategy_id: str) -> list[str]:
        """The APIs whose publications use this strategy (what makes deleting it a conflict)."""
        return [aid for (aid, _pid), p in self.publications.items() if strategy_id in (p["auth_strategy_ids"] or [])]
