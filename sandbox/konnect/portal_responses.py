"""Handlers of the developer Portal API v3 (`/api/v3/…` of a portal, authenticated by the `portalaccesstoken`
cookie), served under `/portal/<canonical domain>`: a local emulator has no DNS for portal domains."""

from __future__ import annotations

from http.cookies import SimpleCookie

from ..web import Request, Response
from . import catalog_schema, portal
from .exceptions import KonnectProblem, NotFound
from .listing import page
from .models import Item, KonnectBackend
from .models.catalog import validated
from .responses import body_of

__all__ = ["PortalResponses"]

COOKIE = "portalaccesstoken"


class Forbidden(KonnectProblem):
    def __init__(self, detail: str) -> None:
        super().__init__(403, "Forbidden", detail)


class PortalResponses:
    def __init__(self, backend: KonnectBackend) -> None:
        self.backend = backend
        self.developers = backend.developers

    def portal(self, req: Request, signing_up: bool = False) -> Item:
        found = self.backend.catalog.portal_by_domain(req.params["domain"])
        if signing_up and not found["authentication_enabled"]:
            raise Forbidden("Developer authentication is disabled for this portal")
        # With basic auth off (the portal signs developers in through its identity provider only), neither a sign-up
        # with a password nor a password login is taken.
        if signing_up and not self.backend.access.authentication(found["id"])["basic_auth_enabled"]:
            raise Forbidden("Basic authentication is disabled for this portal: sign in with its identity provider")
        return found

    def developer(self, req: Request) -> tuple[Item, Item]:
        found = self.portal(req)
        cookie = SimpleCookie(req.headers.get("cookie", ""))
        token = cookie[COOKIE].value if COOKIE in cookie else None
        return found, self.developers.session(found["id"], token)

    # sign-up, email verification, password, login
    def sign_up(self, req: Request) -> Response:
        body = validated(catalog_schema.REGISTER, body_of(req))
        self.developers.sign_up(self.portal(req, signing_up=True), body["email"], body["full_name"])
        return Response(201)

    def verify_email(self, req: Request) -> Response:
        body = validated(catalog_schema.VERIFY_EMAIL, body_of(req))
        return Response(202, self.developers.verify_email(self.portal(req)["id"], body["token"]))

    def reset_password(self, req: Request) -> Response:
        body = validated(catalog_schema.RESET_PASSWORD, body_of(req))
        self.developers.set_password(self.portal(req)["id"], body["token"], body["password"])
        return Response(204)

    def authenticate(self, req: Request) -> Response:
        body = validated(catalog_schema.AUTHENTICATE, body_of(req))
        token = self.developers.authenticate(
            self.portal(req, signing_up=True)["id"], body["username"], body["password"]
        )
        # Not `Secure`: the emulator speaks plain HTTP, where a client would never send a Secure cookie back.
        return Response(204, headers={"Set-Cookie": f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax"})

    # what the portal offers
    def strategies(self, req: Request) -> Response:
        found, _developer = self.developer(req)
        return page([self.backend.portal_strategy_view(s) for s in self.backend.portal_strategy_ids(found)], req)

    def apis(self, req: Request) -> Response:
        found, _developer = self.developer(req)
        items = [
            {
                "id": api["id"],
                "name": api["name"],
                "version": api["version"],
                "slug": api["slug"],
                "description": api["description"],
                "auth_strategies": [self.backend.portal_strategy_view(s) for s in pub["auth_strategy_ids"] or []],
            }
            for api, pub in self.backend.visible_apis(found, _developer["id"])
        ]
        return page(items, req)

    def api_actions(self, req: Request) -> Response:
        found, developer = self.developer(req)
        api = self.backend.catalog.api(req.params["api"])
        publication = self.backend.catalog.publications.get((api["id"], found["id"]))
        if publication is None or not self.backend.may_view(found, developer["id"], api["id"], publication):
            raise NotFound()
        register = (
            bool(publication["auth_strategy_ids"])
            and found["authentication_enabled"]
            and self.backend.may_register(found, developer["id"], api["id"])
        )
        return Response(200, {"actions": {"view": True, "register": register, "view_documentation": True}})

    # applications
    def list_applications(self, req: Request) -> Response:
        _found, developer = self.developer(req)
        apps = self.developers.applications_of(developer["id"])
        return page([portal.application_view(self.backend, a) for a in apps], req)

    def create_application(self, req: Request) -> Response:
        found, developer = self.developer(req)
        body = validated(catalog_schema.APPLICATION_CREATE, body_of(req))
        return Response(201, portal.create_application(self.backend, found, developer, body))

    def get_application(self, req: Request) -> Response:
        _found, developer = self.developer(req)
        return Response(
            200, portal.application_view(self.backend, self.developers.application(req.params["app"], developer))
        )

    def update_application(self, req: Request) -> Response:
        _found, developer = self.developer(req)
        app = self.developers.application(req.params["app"], developer)
        body = validated(catalog_schema.APPLICATION_UPDATE, body_of(req))
        app.update({k: v for k, v in body.items() if k in ("name", "description", "redirect_uri", "scopes")})
        return Response(200, portal.application_view(self.backend, app))

    def delete_application(self, req: Request) -> Response:
        _found, developer = self.developer(req)
        portal.delete_application(self.backend, self.developers.application(req.params["app"], developer))
        return Response(204)

    def regenerate_secret(self, req: Request) -> Response:
        _found, developer = self.developer(req)
        return Response(
            201, portal.regenerate_secret(self.backend, self.developers.application(req.params["app"], developer))
        )

    # registrations
    def list_registrations(self, req: Request) -> Response:
        _found, developer = self.developer(req)
        app = self.developers.application(req.params["app"], developer)
        return page(
            [portal.registration_view(self.backend, r) for r in self.developers.registrations_of(app["id"])], req
        )

    def create_registration(self, req: Request) -> Response:
        found, developer = self.developer(req)
        app = self.developers.application(req.params["app"], developer)
        body = validated(catalog_schema.REGISTRATION_CREATE, body_of(req))
        return Response(201, portal.register(self.backend, found, app, body["api_id"]))

    def get_registration(self, req: Request) -> Response:
        _found, developer = self.developer(req)
        app = self.developers.application(req.params["app"], developer)
        return Response(
            200, portal.registration_view(self.backend, self.developers.registration(req.params["reg"], app["id"]))
        )

    def delete_registration(self, req: Request) -> Response:
        _found, developer = self.developer(req)
        app = self.developers.application(req.params["app"], developer)
        self.developers.unregister(req.params["reg"], app["id"])
        return Response(204)
