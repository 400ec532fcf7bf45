"""Konnect emulator handlers for what a portal shows (Portal Management v3): pages, snippets, customization, the
custom domain, the logo and the favicon."""

from __future__ import annotations

from typing import Any

from ..web import Request, Response
from . import portal_schema
from .exceptions import BadRequest, issue
from .listing import page
from .models import Item, KonnectBackend
from .models.catalog import validated
from .responses import body_of

__all__ = ["ContentResponses", "page_info", "page_view", "snippet_info", "snippet_view"]

PAGE_INFO = ("id", "slug", "title", "visibility", "status", "description", "parent_page_id", "created_at", "updated_at")
SNIPPET_INFO = ("id", "name", "title", "visibility", "status", "description", "created_at", "updated_at")


def page_info(item: Item) -> Item:
    return {k: item[k] for k in PAGE_INFO if k in item}


def page_view(item: Item) -> Item:
    return {**page_info(item), "content": item["content"]}


def snippet_info(item: Item) -> Item:
    return {k: item[k] for k in SNIPPET_INFO if k in item}


def snippet_view(item: Item) -> Item:
    return {**snippet_info(item), "content": item["content"]}


class ContentResponses:
    def __init__(self, backend: KonnectBackend) -> None:
        self.backend = backend
        self.content = backend.content

    def portal(self, req: Request) -> Item:
        return self.backend.catalog.portal(req.params["id"])

    # pages
    def list_pages(self, req: Request) -> Response:
        self.portal(req)
        return Response(200, {"data": self.content.tree(req.params["id"], page_info)})

    def create_page(self, req: Request) -> Response:
        body = validated(portal_schema.PAGE_CREATE, body_of(req))
        return Response(201, page_view(self.content.create_page(self.portal(req), body)))

    def get_page(self, req: Request) -> Response:
        return Response(200, page_view(self.content.page(self.portal(req)["id"], req.params["page"])))

    def update_page(self, req: Request) -> Response:
        body = validated(portal_schema.PAGE_UPDATE, body_of(req))
        return Response(200, page_view(self.content.update_page(self.portal(req)["id"], req.params["page"], body)))

    def delete_page(self, req: Request) -> Response:
        self.content.delete_page(self.portal(req)["id"], req.params["page"])
        return Response(204)

    def move_page(self, req: Request) -> Response:
        body = validated(portal_schema.MOVE_PAGE, body_of(req))
        portal_id = self.portal(req)["id"]
        self.content.update_page(portal_id, req.params["page"], {"parent_page_id": body.get("parent_page_id")})
        return Response(201, None)

    # snippets
    def list_snippets(self, req: Request) -> Response:
        self.portal(req)
        return page([snippet_info(s) for s in self.content.snippets_of(req.params["id"])], req)

    def create_snippet(self, req: Request) -> Response:
        body = validated(portal_schema.SNIPPET_CREATE, body_of(req))
        return Response(201, snippet_view(self.content.save_snippet(self.portal(req), body)))

    def get_snippet(self, req: Request) -> Response:
        return Response(200, snippet_view(self.content.snippet(self.portal(req)["id"], req.params["snippet"])))

    def update_snippet(self, req: Request) -> Response:
        body = validated(portal_schema.SNIPPET_UPDATE, body_of(req))
        return Response(200, snippet_view(self.content.save_snippet(self.portal(req), body, req.params["snippet"])))

    def delete_snippet(self, req: Request) -> Response:
        snippet = self.content.snippet(self.portal(req)["id"], req.params["snippet"])
        del self.content.snippets[snippet["id"]]
        return Response(204)

    # customization
    def get_customization(self, req: Request) -> Response:
        return Response(200, self.content.customization(self.portal(req)["id"]))

    def put_customization(self, req: Request) -> Response:
        body = validated(portal_schema.CUSTOMIZATION, body_of(req))
        return Response(200, self.content.customize(self.portal(req)["id"], body, replace=True))

    def patch_customization(self, req: Request) -> Response:
        body = validated(portal_schema.CUSTOMIZATION, body_of(req))
        return Response(200, self.content.customize(self.portal(req)["id"], body, replace=False))

    # custom domain
    def get_domain(self, req: Request) -> Response:
        return Response(200, self.content.domain(self.portal(req)["id"]))

    def add_domain(self, req: Request) -> Response:
        body: dict[str, Any] = validated(portal_schema.DOMAIN_CREATE, body_of(req))
        ssl = body["ssl"]
        if ssl["domain_verification_method"] == "custom_certificate":
            missing = [k for k in ("custom_certificate", "custom_private_key") if not ssl.get(k)]
            if missing:
                raise BadRequest([issue(f"ssl.{k}", "is a required field", "required") for k in missing])
        elif set(ssl) - {"domain_verification_method"}:
            raise BadRequest([issue("ssl", "http verification takes no certificate", "unknown_property")])
        return Response(201, self.content.add_domain(self.portal(req)["id"], body))

    def update_domain(self, req: Request) -> Response:
        body = validated(portal_schema.DOMAIN_UPDATE, body_of(req))
        return Response(200, self.content.update_domain(self.portal(req)["id"], body))

    def delete_domain(self, req: Request) -> Response:
        self.content.delete_domain(self.portal(req)["id"])
        return Response(204)

    # logo and favicon (one image each; Konnect has no DELETE for them)
    def get_asset(self, req: Request) -> Response:
        return Response(200, self.content.asset(self.portal(req)["id"], req.params["kind"]))

    def put_asset(self, req: Request) -> Response:
        body = validated(portal_schema.ASSET, body_of(req))
        portal_id = self.portal(req)["id"]
        self.content.assets[(portal_id, req.params["kind"])] = body["data"]
        return Response(200, self.content.asset(portal_id, req.params["kind"]))
