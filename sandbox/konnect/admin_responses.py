"""Konnect emulator handlers for the portal admin's view (Portal Management v3): a portal's developers, their
applications and the applications' registrations, listed, approved, revoked and deleted with the org's token."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from ..web import Request, Response
from . import catalog_schema, portal
from .listing import filtered, page, top_field
from .models import Item, KonnectBackend
from .models.catalog import validated
from .responses import body_of

__all__ = ["AdminResponses"]

DEVELOPER_FILTERS = {"email": "email", "name": "full_name", "status": "status"}
# A registration row of the portal-wide list is the registration and its application.
REGISTRATION_FILTERS: dict[str, Callable[[Item], Any]] = {
    "application_name": lambda row: row["app"]["name"],
    "developer_id": lambda row: row["app"]["developer_id"],
    "status": lambda row: row["reg"]["status"],
}


class AdminResponses:
    def __init__(self, backend: KonnectBackend) -> None:
        self.backend = backend
        self.catalog = backend.catalog

    # the portal admin's view of developers, applications and registrations
    def list_developers(self, req: Request) -> Response:
        self.catalog.portal(req.params["id"])
        items = [portal.admin_developer_view(d) for d in self.backend.developers.of_portal(req.params["id"])]
        for field, key in DEVELOPER_FILTERS.items():
            items = filtered(items, req, field, partial(top_field, key))
        return page(items, req)

    def get_developer(self, req: Request) -> Response:
        developer = self.backend.developers.developer(req.params["id"], req.params["developer"])
        return Response(200, portal.admin_developer_view(developer))

    def update_developer(self, req: Request) -> Response:
        status = validated(catalog_schema.DEVELOPER_STATUS, body_of(req)).get("status", "approved")
        developer = self.backend.developers.set_status(req.params["id"], req.params["developer"], status)
        return Response(200, portal.admin_developer_view(developer))

    def delete_developer(self, req: Request) -> Response:
        portal.delete_developer(
            self.backend, self.backend.developers.developer(req.params["id"], req.params["developer"])
        )
        return Response(204)

    def list_applications(self, req: Request) -> Response:
        apps = self.backend.developers.applications_of_portal(req.params["id"])
        return page([portal.admin_application_view(self.backend, a) for a in apps], req)

    def get_application(self, req: Request) -> Response:
        app = self.backend.developers.application(req.params["app"], portal_id=req.params["id"])
        return Response(200, portal.admin_application_view(self.backend, app))

    def delete_application(self, req: Request) -> Response:
        portal.delete_application(
            self.backend, self.backend.developers.application(req.params["app"], portal_id=req.params["id"])
        )
        return Response(204)

    def list_portal_registrations(self, req: Request) -> Response:
        """Every registration of the portal's applications; filters `application_name`, `developer_id`, `status`."""
        self.catalog.portal(req.params["id"])
        developers = self.backend.developers
        rows = [
            {"reg": reg, "app": app}
            for app in developers.applications_of_portal(req.params["id"])
            for reg in developers.registrations_of(app["id"])
        ]
        for field, get in REGISTRATION_FILTERS.items():
            rows = filtered(rows, req, field, get)
        return page([portal.admin_registration_view(self.backend, row["reg"]) for row in rows], req)

    def list_registrations(self, req: Request) -> Response:
        app = self.backend.developers.application(req.params["app"], portal_id=req.params["id"])
        regs = self.backend.developers.registrations_of(app["id"])
        return page([portal.admin_registration_view(self.backend, r) for r in regs], req)

    def update_registration(self, req: Request) -> Response:
        app = self.backend.developers.application(req.params["app"], portal_id=req.params["id"])
        reg = self.backend.developers.registration(req.params["reg"], app["id"])
        reg["status"] = validated(catalog_schema.REGISTRATION_STATUS, body_of(req)).get("status", reg["status"])
        return Response(200, portal.admin_registration_view(self.backend, reg))
