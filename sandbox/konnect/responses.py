"""Konnect emulator handlers: request → backend call → response, with Konnect's filters and pagination."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from ..web import Request, Response
from . import portal
from .exceptions import BadRequest, issue, unauthorized
from .models import Item, KonnectBackend

__all__ = ["KonnectResponses"]

FILTER_OPERATORS = ("", "eq", "neq", "contains", "oeq", "ocontains")
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


def matches(op: str, value: Any, raw: str) -> bool:
    options = raw.split(",")
    if op in ("", "eq"):
        return bool(value == raw)
    if op == "neq":
        return bool(value != raw)
    if op == "oeq":
        return value in options
    text = value if isinstance(value, str) else ""
    return raw in text if op == "contains" else any(o in text for o in options)


def filtered(items: list[Item], req: Request, field: str, get: Callable[[Item], Any]) -> list[Item]:
    """filter[f] and filter[f][eq|neq|contains|oeq|ocontains]: Konnect's filter operators."""
    for op in FILTER_OPERATORS:
        raw = req.arg(f"filter[{field}]" + (f"[{op}]" if op else ""))
        if raw is not None:
            items = [i for i in items if matches(op, get(i), raw)]
    return items


def page(items: list[Item], req: Request) -> Response:
    try:
        size = int(req.arg("page[size]") or 10)
        number = int(req.arg("page[number]") or 1)
    except ValueError:
        raise BadRequest([issue("page", "must be an integer", "is_integer", "query")]) from None
    if size < 1 or number < 1:
        field = "page[size]" if size < 1 else "page[number]"
        raise BadRequest([issue(field, "must be at least 1", "min", "query", minimum=1)])
    size = min(size, 100)
    chunk = items[(number - 1) * size : number * size]
    return Response(200, {"data": chunk, "meta": {"page": {"number": number, "size": size, "total": len(items)}}})


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

    def authorize(self, req: Request) -> Response | None:
        return None if req.headers.get("authorization") == f"Bearer {self.backend.token}" else unauthorized()

    # DCR providers
    def list_providers(self, req: Request) -> Response:
        items = self.backend.list_providers()
        for field in PROVIDER_FILTERS:
            items = filtered(items, req, field, partial(provider_field, field))
        return page(items, req)

    def create_provider(self, req: Request) -> Response:
        return Response(201, self.backend.create_provider(body_of(req)))

    def get_provider(self, req: Request) -> Response:
        return Response(200, self.backend.provider_view(self.backend.provider(req.params["id"])))

    def update_provider(self, req: Request) -> Response:
        return Response(200, self.backend.update_provider(req.params["id"], body_of(req)))

    def delete_provider(self, req: Request) -> Response:
        self.backend.delete_provider(req.params["id"])
        return Response(204)

    def verify_provider(self, req: Request) -> Response:
        item = self.backend.provider(req.params["id"])
        if item["provider_type"] == "auth0":
            return Response(200, portal.verify_auth0(item, self.backend.outbound_verify))
        return Response(200, {"status": "success", "errors": []})

    # application auth strategies
    def list_strategies(self, req: Request) -> Response:
        items = self.backend.list_strategies()
        for field, get in STRATEGY_FILTERS.items():
            items = filtered(items, req, field, get)
        return page(items, req)

    def create_strategy(self, req: Request) -> Response:
        return Response(201, self.backend.create_strategy(body_of(req)))

    def get_strategy(self, req: Request) -> Response:
        return Response(200, self.backend.strategy_view(self.backend.strategy(req.params["id"])))

    def update_strategy(self, req: Request) -> Response:
        return Response(200, self.backend.update_strategy(req.params["id"], body_of(req)))

    def replace_strategy(self, req: Request) -> Response:
        return Response(201, self.backend.replace_strategy(req.params["id"], body_of(req)))

    def delete_strategy(self, req: Request) -> Response:
        self.backend.delete_strategy(req.params["id"])
        return Response(204)

    # control plane
    def state(self, _req: Request) -> Response:
        return Response(200, self.backend.inventory())

    def mark_in_use(self, req: Request) -> Response:
        self.backend.set_in_use(req.params["id"], bool((req.json() or {}).get("in_use", True)))
        return Response(204)

    def create_application(self, req: Request) -> Response:
        status, body = portal.create_application(self.backend, req.json() or {})
        return Response(status, body)

    def delete_application(self, req: Request) -> Response:
        status, body = portal.delete_application(self.backend, req.params["id"])
        return Response(status, body or None)
