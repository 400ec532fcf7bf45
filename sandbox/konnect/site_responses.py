"""Handlers of the developer Portal API v3 for what the portal shows and who the developer is: the portal's context,
its published pages and snippets (public ones to anyone, private ones once signed in), its customization, and the
signed-in developer with their teams. Served under `/portal/<canonical domain>` like the rest of the Portal API."""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import unquote

from ..web import Request, Response
from .exceptions import NotFound
from .listing import page
from .models import Item, KonnectBackend
from .models.developers import Unauthorized

__all__ = ["COOKIE", "SiteResponses", "session_developer"]

COOKIE = "portalaccesstoken"
PAGE_FIELDS = ("id", "slug", "title", "visibility", "description", "parent_page_id", "created_at", "updated_at")
SNIPPET_FIELDS = ("id", "name", "title", "visibility", "description", "created_at", "updated_at")


def session_developer(backend: KonnectBackend, portal: Item, req: Request) -> Item | None:
    """The developer signed in with this request's cookie, if any (anonymous readers see public content)."""
    cookie = SimpleCookie(req.headers.get("cookie", ""))
    token = cookie[COOKIE].value if COOKIE in cookie else None
    developer = backend.developers.developers.get(backend.developers.sessions.get(token or "", ""))
    if developer is None or developer["portal_id"] != portal["id"] or developer["status"] != "approved":
        return None
    return developer


class SiteResponses:
    def __init__(self, backend: KonnectBackend) -> None:
        self.backend = backend
        self.content = backend.content

    def portal(self, req: Request) -> Item:
        return self.backend.catalog.portal_by_domain(req.params["domain"])

    def shown(self, item: Item, reader: Item | None) -> bool:
        return item.get("status") == "published" and (item["visibility"] == "public" or reader is not None)

    def context(self, req: Request) -> Response:
        found = self.portal(req)
        settings = self.backend.access.authentication(found["id"])
        return Response(
            200,
            {
                "portal_id": found["id"],
                "org_id": "org-sandbox",
                "basic_auth_enabled": settings["basic_auth_enabled"],
                "oidc_auth_enabled": settings["oidc_auth_enabled"],
                "saml_auth_enabled": settings["saml_auth_enabled"],
                "authentication_enabled": found["authentication_enabled"],
                "rbac_enabled": found["rbac_enabled"],
                "name": found["name"],
                "canonical_domain": found["canonical_domain"],
            },
        )

    def pages(self, req: Request) -> Response:
        found = self.portal(req)
        reader = session_developer(self.backend, found, req)

        def tree(parent: str | None) -> list[Item]:
            below = [
                p for p in self.content.pages_of(found["id"]) if p["parent_page_id"] == parent and self.shown(p, reader)
            ]
            below.sort(key=lambda p: p["created_at"])
            return [{**{k: p[k] for k in PAGE_FIELDS if k in p}, "children": tree(p["id"])} for p in below]

        return Response(200, {"data": tree(None)})

    def page(self, req: Request) -> Response:
        found = self.portal(req)
        reader = session_developer(self.backend, found, req)
        wanted = unquote(req.params["path"]).strip("/")
        for item in self.content.pages_of(found["id"]):
            if self.content.path_of(item).strip("/") == wanted and self.shown(item, reader):
                return Response(200, {**{k: item[k] for k in PAGE_FIELDS if k in item}, "content": item["content"]})
        raise NotFound()

    def snippets(self, req: Request) -> Response:
        found = self.portal(req)
        reader = session_developer(self.backend, found, req)
        items = [s for s in self.content.snippets_of(found["id"]) if self.shown(s, reader)]
        return page([{k: s[k] for k in SNIPPET_FIELDS if k in s} for s in items], req)

    def snippet(self, req: Request) -> Response:
        found = self.portal(req)
        reader = session_developer(self.backend, found, req)
        for item in self.content.snippets_of(found["id"]):
            if item["name"] == req.params["name"] and self.shown(item, reader):
                return Response(200, {**{k: item[k] for k in SNIPPET_FIELDS if k in item}, "content": item["content"]})
        raise NotFound()

    def customization(self, req: Request) -> Response:
        return Response(200, self.content.customization(self.portal(req)["id"]))

    def me(self, req: Request) -> Response:
        developer = self.signed_in(req)
        return Response(200, {k: developer[k] for k in ("id", "email", "full_name", "created_at", "updated_at")})

    def teams(self, req: Request) -> Response:
        developer = self.signed_in(req)
        fields = ("id", "name", "description", "created_at", "updated_at")
        teams = self.backend.access.teams_of_developer(developer["portal_id"], developer["id"])
        return page([{k: t[k] for k in fields} for t in teams], req)

    def logout(self, req: Request) -> Response:
        cookie = SimpleCookie(req.headers.get("cookie", ""))
        if COOKIE in cookie:
            self.backend.developers.sessions.pop(cookie[COOKIE].value, None)
        return Response(204, headers={"Set-Cookie": f"{COOKIE}=; Path=/; Max-Age=0"})

    def signed_in(self, req: Request) -> Item:
        found = self.portal(req)
        developer = session_developer(self.backend, found, req)
        if developer is None:
            raise Unauthorized("Unauthorized", "Unauthorized")
        return developer
