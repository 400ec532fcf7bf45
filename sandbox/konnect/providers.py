"""Konnect sandbox: /v2/dcr-providers (+ /verify) and the portal's DCR round trip."""

from __future__ import annotations

import copy
import uuid
from functools import partial
from typing import Any

from ..web import Request, Response
from . import portal, schema
from .errors import bad_request, not_found, problem, read_body
from .query import filter_items, merge, now, page, provider_field


class ProviderRoutes:
    providers: dict[str, dict[str, Any]]
    strategies: dict[str, dict[str, Any]]
    applications: dict[str, dict[str, Any]]
    outbound_verify: Any

    def provider_view(self, item: dict[str, Any]) -> dict[str, Any]:
        view = {k: copy.deepcopy(v) for k, v in item.items() if k != "dcr_config"}
        view["dcr_config"] = {k: v for k, v in item.get("dcr_config", {}).items() if k not in schema.WRITE_ONLY}
        if item["provider_type"] == "auth0":
            # The response schema requires both keys (audience nullable) even when never set.
            view["dcr_config"] = {
                "initial_client_audience": None,
                "use_developer_managed_scopes": False,
                **view["dcr_config"],
            }
        view["active"] = any(s.get("dcr_provider_id") == item["id"] for s in self.strategies.values())
        return view

    def create_provider(self, req: Request) -> Response:
        body, error = read_body(req)
        if error:
            return error
        ptype = body.get("provider_type")
        if ptype not in schema.PROVIDER_TYPES:
            return bad_request(
                [
                    {
                        "field": "provider_type",
                        "reason": "must be one of the provider types",
                        "rule": "enum",
                        "choices": schema.PROVIDER_TYPES,
                        "source": "body",
                    }
                ]
            )
        issues = schema.check(schema.dcr_create(ptype), body)
        if issues:
            return bad_request(issues)
        stamp = now()
        item = {
            "id": str(uuid.uuid4()),
            **copy.deepcopy(body),
            "labels": body.get("labels") or {},
            "dcr_config": body.get("dcr_config") or {},
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.providers[item["id"]] = item
        return Response(201, self.provider_view(item))

    def get_provider(self, req: Request) -> Response:
        item = self.providers.get(req.params["id"])
        return Response(200, self.provider_view(item)) if item else not_found()

    def update_provider(self, req: Request) -> Response:
        item = self.providers.get(req.params["id"])
        if not item:
            return not_found()
        body, error = read_body(req)
        if error:
            return error
        issues = schema.check(schema.DCR_UPDATE, body)
        allowed = schema.CREATE_CONFIG[item["provider_type"]]["props"]
        issues += [
            {
                "field": f"dcr_config.{k}",
                "reason": f"not valid for provider_type {item['provider_type']}",
                "rule": "unknown_property",
                "source": "body",
            }
            for k in (body.get("dcr_config") or {})
            if k not in allowed
        ]
        if issues:
            return bad_request(issues)
        merge(item, body)
        item["updated_at"] = now()
        return Response(200, self.provider_view(item))

    def delete_provider(self, req: Request) -> Response:
        pid = req.params["id"]
        if pid not in self.providers:
            return not_found()
        users = [s["id"] for s in self.strategies.values() if s.get("dcr_provider_id") == pid]
        if users:
            return problem(
                409, "Conflict", f"DCR provider is referenced by application auth strategies [{', '.join(users)}]"
            )
        del self.providers[pid]
        return Response(204)

    def verify_provider(self, req: Request) -> Response:
        item = self.providers.get(req.params["id"])
        if not item:
            return not_found()
        if item["provider_type"] == "auth0":
            return Response(200, portal.verify_auth0(item, self.outbound_verify))
        return Response(200, {"status": "success", "errors": []})

    def create_application(self, req: Request) -> Response:
        status, body = portal.create_application(self, req.json() or {})
        return Response(status, body)

    def delete_application(self, req: Request) -> Response:
        status, body = portal.delete_application(self, req.params["id"])
        return Response(status, body or None)

    def list_providers(self, req: Request) -> Response:
        items = [self.provider_view(p) for p in self.providers.values()]
        for field in ("id", "name", "issuer", "provider_type", "initial_client_id", "initial_client_audience"):
            items = filter_items(items, req, field, partial(provider_field, field))
        return page(items, req)
