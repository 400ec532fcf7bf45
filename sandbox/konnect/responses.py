"""Konnect emulator handlers for the management APIs of DCR providers, auth strategies, portals, APIs and their
publications: request → backend call → response, with Konnect's filters and pagination (`listing`). The portal
admin's view of developers, applications and registrations is `admin_responses`."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from ..web import Request, Response
from . import idp, portal
from .exceptions import BadRequest, issue, unauthorized
from .listing import filtered, page, top_field
from .models import Item, KonnectBackend

__all__ = ["KonnectResponses", "body_of"]

PROVIDER_FILTERS = ("id", "name", "issuer", "provider_type", "initial_client_id", "initial_client_audience")

STRATEGY_FILTERS: dict[str, Callable[[Item], Any]] = {
    "strategy_type": lambda i: i.get("strategy_type"),
    "name": lambda i: i.get("name"),
    "display_name": lambda i: i.get("display_name"),
    "dcr_provider_id": lambda i: (i["dcr_provider"] or {}).get("id"),
    "dcr_provider_name": lambda i: (i["dcr_provider"] or {}).get("name"),
    "dcr_provider_type": lambda i: (i["dcr_provider"] or {}).get("provider_type"),
}


def provider_field(field: str, item: Item) -> Any:
    """Filters reach into dcr_config for initial_client_id and initial_client_audience."""
    return item.get(field, item["dcr_config"].get(field))


def body_of(req: Request) -> Item:
    try:
        body = req.json()
    except ValueError:
        raise BadRequest([issue("body", "is not valid JSON", "type")]) from None
    if not isinstance(body, dict):
        raise BadRequest([issue("body", "must be an object", "is_object")])
    return body


class KonnectResponses:
    def __init__(self, backend: KonnectBackend) -> None:
        self.backend = backend
        self.dcr, self.catalog = backend.dcr, backend.catalog

    def authorize(self, req: Request) -> Response | None:
        if req.path.startswith("/portal/"):
            return None  # the developer Portal API authenticates by its own cookie
        return None if req.headers.get("authorization") == f"Bearer {self.backend.token}" else unauthorized()

    # DCR providers
    def list_providers(self, req: Request) -> Response:
        items = self.dcr.list_providers()
        for field in PROVIDER_FILTERS:
            items = filtered(items, req, field, partial(provider_field, field))
        return page(items, req)

    def create_provider(self, req: Request) -> Response:
        return Response(201, self.dcr.create_provider(body_of(req)))

    def get_provider(self, req: Request) -> Response:
        return Response(200, self.dcr.provider_view(self.dcr.provider(req.params["id"])))

    def update_provider(self, req: Request) -> Response:
        return Response(200, self.dcr.update_provider(req.params["id"], body_of(req)))

    def delete_provider(self, req: Request) -> Response:
        self.dcr.delete_provider(req.params["id"])
        return Response(204)

    def verify_provider(self, req: Request) -> Response:
        item = self.dcr.provider(req.params["id"])
        if item["provider_type"] == "auth0":
            return Response(200, idp.verify_auth0(item, self.backend.outbound_verify))
        return Response(200, {"status": "success", "errors": []})

    # application auth strategies
    def list_strategies(self, req: Request) -> Response:
        items = self.backend.list_strategies()
        for field, get in STRATEGY_FILTERS.items():
            items = filtered(items, req, field, get)
        return page(items, req)

    def create_strategy(self, req: Request) -> Response:
        return Response(201, self.backend.strategy_view(self.dcr.create_strategy(body_of(req))))

    def get_strategy(self, req: Request) -> Response:
        return Response(200, self.backend.strategy_view(self.dcr.strategy(req.params["id"])))

    def update_strategy(self, req: Request) -> Response:
        return Response(200, self.backend.strategy_view(self.dcr.update_strategy(req.params["id"], body_of(req))))

    def replace_strategy(self, req: Request) -> Response:
        return Response(201, self.backend.strategy_view(self.dcr.replace_strategy(req.params["id"], body_of(req))))

    def delete_strategy(self, req: Request) -> Response:
        self.backend.delete_strategy(req.params["id"])
        return Response(204)

    # portals
    def list_portals(self, req: Request) -> Response:
        items = list(self.catalog.portals.values())
        for field in ("name", "display_name"):
            items = filtered(items, req, field, partial(top_field, field))
        return page(items, req)

    def create_portal(self, req: Request) -> Response:
        return Response(201, self.backend.create_portal(body_of(req)))

    def get_portal(self, req: Request) -> Response:
        return Response(200, self.catalog.portal(req.params["id"]))

    def update_portal(self, req: Request) -> Response:
        return Response(200, self.catalog.update_portal(req.params["id"], body_of(req)))

    def delete_portal(self, req: Request) -> Response:
        for app in self.backend.delete_portal(req.params["id"], force=req.arg("force") == "true"):
            portal.delete_application(self.backend, app)
        return Response(204)

    # APIs, their versions and publications
    def list_apis(self, req: Request) -> Response:
        items = [self.catalog.api_view(a) for a in self.catalog.apis.values()]
        for field in ("name", "version", "slug"):
            items = filtered(items, req, field, partial(top_field, field))
        return page(items, req)

    def create_api(self, req: Request) -> Response:
        return Response(201, self.catalog.api_view(self.catalog.create_api(body_of(req))))

    def get_api(self, req: Request) -> Response:
        return Response(200, self.catalog.api_view(self.catalog.api(req.params["id"])))

    def update_api(self, req: Request) -> Response:
        return Response(200, self.catalog.api_view(self.catalog.update_api(req.params["id"], body_of(req))))

    def delete_api(self, req: Request) -> Response:
        self.backend.delete_api(req.params["id"])
        return Response(204)

    def add_api_version(self, req: Request) -> Response:
        version = self.catalog.add_version(self.catalog.api(req.params["id"])["id"], body_of(req))
        return Response(201, self.catalog.version_view(version))

    def list_api_versions(self, req: Request) -> Response:
        api = self.catalog.api(req.params["id"])
        return page([self.catalog.version_view(v) for v in self.catalog.versions.get(api["id"]) or []], req)

    def get_api_version(self, req: Request) -> Response:
        return Response(200, self.catalog.version_view(self.catalog.version(req.params["id"], req.params["version"])))

    def update_api_version(self, req: Request) -> Response:
        item = self.catalog.update_version(req.params["id"], req.params["version"], body_of(req))
        return Response(200, self.catalog.version_view(item))

    def delete_api_version(self, req: Request) -> Response:
        self.catalog.delete_version(req.params["id"], req.params["version"])
        return Response(204)

    def put_publication(self, req: Request) -> Response:
        item = self.backend.put_publication(req.params["id"], req.params["portal"], body_of(req))
        return Response(200, self.catalog.publication_view(item))

    def get_publication(self, req: Request) -> Response:
        return Response(
            200, self.catalog.publication_view(self.catalog.publication(req.params["id"], req.params["portal"]))
        )

    def delete_publication(self, req: Request) -> Response:
        self.catalog.unpublish(req.params["id"], req.params["portal"])
        return Response(204)

    # control plane
    def state(self, _req: Request) -> Response:
        return Response(200, self.backend.inventory())

    def emails(self, _req: Request) -> Response:
        """What Konnect would have emailed: no email is sent; a test or `make try` reads the tokens here."""
        return Response(200, {"emails": list(self.backend.developers.emails)})
