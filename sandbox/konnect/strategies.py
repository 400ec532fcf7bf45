"""Konnect sandbox: /v2/application-auth-strategies."""

from __future__ import annotations

import copy
import uuid
from functools import partial
from typing import Any

from ..web import Request, Response
from . import schema
from .errors import bad_request, not_found, problem, read_body
from .query import filter_items, merge, now, page, top_field


class StrategyRoutes:
    providers: dict[str, dict[str, Any]]
    strategies: dict[str, dict[str, Any]]
    applications: dict[str, dict[str, Any]]
    outbound_verify: Any

    def strategy_view(self, item: dict[str, Any]) -> dict[str, Any]:
        view = {k: copy.deepcopy(v) for k, v in item.items() if k not in ("dcr_provider_id", "in_use")}
        provider = self.providers.get(item.get("dcr_provider_id") or "")
        view["dcr_provider"] = (
            None
            if provider is None
            else {k: provider[k] for k in ("id", "name", "display_name", "provider_type") if k in provider}
        )
        view["active"] = bool(item.get("in_use"))
        multi = item["strategy_type"] == "key_auth" or bool(
            provider and provider["dcr_config"].get("allow_multiple_credentials")
        )
        view["supports_multiple_credentials"] = multi
        return view

    def _strategy_issues(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        ref = body.get("dcr_provider_id")
        if isinstance(ref, str) and ref and ref not in self.providers:
            return [
                {
                    "field": "dcr_provider_id",
                    "reason": "DCR provider not found",
                    "rule": "missing_reference",
                    "source": "body",
                }
            ]
        return []

    def create_strategy(self, req: Request, existing: dict[str, Any] | None = None) -> Response:
        body, error = read_body(req)
        if error:
            return error
        stype = body.get("strategy_type")
        if stype not in ("key_auth", "openid_connect"):
            return bad_request(
                [
                    {
                        "field": "strategy_type",
                        "reason": "must be key_auth or openid_connect",
                        "rule": "enum",
                        "choices": ["key_auth", "openid_connect"],
                        "source": "body",
                    }
                ]
            )
        issues = schema.check(schema.strategy_create(stype), body) or self._strategy_issues(body)
        if issues:
            return bad_request(issues)
        stamp = now()
        item = {
            "id": existing["id"] if existing else str(uuid.uuid4()),
            "labels": {},
            **copy.deepcopy(body),
            "created_at": existing["created_at"] if existing else stamp,
            "updated_at": stamp,
            "in_use": bool(existing and existing.get("in_use")),
        }
        self.strategies[item["id"]] = item
        return Response(201, self.strategy_view(item))

    def replace_strategy(self, req: Request) -> Response:
        existing = self.strategies.get(req.params["id"])
        return self.create_strategy(req, existing) if existing else not_found()

    def get_strategy(self, req: Request) -> Response:
        item = self.strategies.get(req.params["id"])
        return Response(200, self.strategy_view(item)) if item else not_found()

    def update_strategy(self, req: Request) -> Response:
        item = self.strategies.get(req.params["id"])
        if not item:
            return not_found()
        body, error = read_body(req)
        if error:
            return error
        issues = schema.check(schema.STRATEGY_UPDATE, body) or self._strategy_issues(body)
        wrapper = {"key_auth": "key-auth", "openid_connect": "openid-connect"}[item["strategy_type"]]
        issues += [
            {
                "field": f"configs.{k}",
                "reason": f"not valid for strategy_type {item['strategy_type']}",
                "rule": "invalid",
                "source": "body",
            }
            for k in (body.get("configs") or {})
            if k != wrapper
        ]
        if issues:
            return bad_request(issues)
        if "dcr_provider_id" in body:
            item["dcr_provider_id"] = body.pop("dcr_provider_id")
        merge(item, body)
        item["updated_at"] = now()
        return Response(200, self.strategy_view(item))

    def delete_strategy(self, req: Request) -> Response:
        item = self.strategies.get(req.params["id"])
        if not item:
            return not_found()
        if item.get("in_use"):
            return problem(409, "Conflict", "Auth strategy is used by a product version or API publication")
        del self.strategies[item["id"]]
        return Response(204)

    def mark_in_use(self, req: Request) -> Response:
        item = self.strategies.get(req.params["id"])
        if not item:
            return not_found()
        item["in_use"] = bool((req.json() or {}).get("in_use", True))
        return Response(204)

    def list_strategies(self, req: Request) -> Response:
        items = [self.strategy_view(s) for s in self.strategies.values()]
        for field in ("strategy_type", "name", "display_name"):
            items = filter_items(items, req, field, partial(top_field, field))
        items = filter_items(items, req, "dcr_provider_id", lambda i: (i["dcr_provider"] or {}).get("id"))
        items = filter_items(items, req, "dcr_provider_name", lambda i: (i["dcr_provider"] or {}).get("name"))
        items = filter_items(items, req, "dcr_provider_type", lambda i: (i["dcr_provider"] or {}).get("provider_type"))
        return page(items, req)
