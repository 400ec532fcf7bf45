"""Konnect API emulator: /v2/dcr-providers and /v2/application-auth-strategies, stateful, in memory."""

from __future__ import annotations

import copy
import secrets
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from ..web import App, Faults, Request, Response
from . import portal, schema

UUID_RE = r"(?P<id>[^/]+)"


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{datetime.now(UTC).microsecond // 1000:03d}Z"


def problem(status: int, title: str, detail: str, **extra: Any) -> Response:
    body = {
        "status": status,
        "title": title,
        "instance": f"kong:trace:{secrets.randbelow(10**19)}",
        "detail": detail,
        **extra,
    }
    return Response(status, body, content_type="application/problem+json")


def bad_request(issues: list[dict[str, Any]]) -> Response:
    return problem(400, "Invalid Request", "Invalid Parameters", invalid_parameters=issues)


def not_found() -> Response:
    return problem(404, "Not Found", "Not Found")


def fault_reply(status: int, faults: Faults) -> Response:
    if status == 429:
        wait = f"{faults.retry_after:g}"
        return Response(
            429,
            {"message": "API rate limit exceeded"},
            content_type="application/json; charset=utf-8",
            headers={
                "Retry-After": wait,
                "RateLimit-Limit": "3000",
                "RateLimit-Remaining": "0",
                "RateLimit-Reset": wait,
            },
        )
    if status == 400:
        return bad_request(
            [{"field": "body", "reason": "injected by the sandbox", "rule": "invalid", "source": "body"}]
        )
    titles = {409: "Conflict", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}
    return problem(status, titles.get(status, "Internal Server Error"), "Injected by the sandbox")


def merge(target: dict[str, Any], patch: dict[str, Any]) -> None:
    """JSON merge: nested objects merge, null deletes a key."""
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


class KonnectSandbox:
    def __init__(self, token: str) -> None:
        self.token = token
        self.providers: dict[str, dict[str, Any]] = {}
        self.strategies: dict[str, dict[str, Any]] = {}
        self.applications: dict[str, dict[str, Any]] = {}
        self.outbound_verify: Any = portal.outbound_verify()
        self.app = App("konnect", self._authorize, fault_reply)
        self.app.on_reset.append(self._clear)
        r = self.app.route
        r("GET", r"/v2/dcr-providers", self.list_providers)
        r("POST", r"/v2/dcr-providers", self.create_provider)
        r("GET", rf"/v2/dcr-providers/{UUID_RE}", self.get_provider)
        r("PATCH", rf"/v2/dcr-providers/{UUID_RE}", self.update_provider)
        r("DELETE", rf"/v2/dcr-providers/{UUID_RE}", self.delete_provider)
        r("POST", rf"/v2/dcr-providers/{UUID_RE}/verify", self.verify_provider)
        r("GET", r"/v2/application-auth-strategies", self.list_strategies)
        r("POST", r"/v2/application-auth-strategies", self.create_strategy)
        r("GET", rf"/v2/application-auth-strategies/{UUID_RE}", self.get_strategy)
        r("PATCH", rf"/v2/application-auth-strategies/{UUID_RE}", self.update_strategy)
        r("PUT", rf"/v2/application-auth-strategies/{UUID_RE}", self.replace_strategy)
        r("DELETE", rf"/v2/application-auth-strategies/{UUID_RE}", self.delete_strategy)
        r("GET", r"/_sandbox/state", lambda _r: Response(200, self.inventory()))
        r("POST", rf"/_sandbox/application-auth-strategies/{UUID_RE}/in-use", self.mark_in_use)
        # A developer registering / deleting an application in the portal (the DCR round trip).
        r("POST", r"/_sandbox/portal/applications", self.create_application)
        r("DELETE", rf"/_sandbox/portal/applications/{UUID_RE}", self.delete_application)

    tls = None

    def bound(self, domain: str) -> None:
        """Nothing depends on the port here (the Auth0 sandbox's does)."""

    def _authorize(self, req: Request) -> Response | None:
        if req.headers.get("authorization") != f"Bearer {self.token}":
            return problem(401, "Unauthorized", "Unauthorized")
        return None

    def _clear(self) -> None:
        self.providers.clear()
        self.strategies.clear()
        self.applications.clear()

    def inventory(self) -> dict[str, Any]:
        """Everything stored, write-only fields included: for tests only (control plane)."""
        return {
            "dcr_providers": list(self.providers.values()),
            "application_auth_strategies": list(self.strategies.values()),
        }

    # ---- DCR providers -------------------------------------------------------------------------
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

    def _body(self, req: Request) -> tuple[Any, Response | None]:
        try:
            body = req.json()
        except ValueError:
            return None, bad_request(
                [{"field": "body", "reason": "is not valid JSON", "rule": "type", "source": "body"}]
            )
        if not isinstance(body, dict):
            return None, bad_request(
                [{"field": "body", "reason": "must be an object", "rule": "is_object", "source": "body"}]
            )
        return body, None

    def create_provider(self, req: Request) -> Response:
        body, error = self._body(req)
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
        body, error = self._body(req)
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
            items = _filter(items, req, field, partial(_provider_field, field))
        return _page(items, req)

    # ---- Application auth strategies ---------------------------------------------------------------
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
        body, error = self._body(req)
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
        body, error = self._body(req)
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
            items = _filter(items, req, field, partial(_top_field, field))
        items = _filter(items, req, "dcr_provider_id", lambda i: (i["dcr_provider"] or {}).get("id"))
        items = _filter(items, req, "dcr_provider_name", lambda i: (i["dcr_provider"] or {}).get("name"))
        items = _filter(items, req, "dcr_provider_type", lambda i: (i["dcr_provider"] or {}).get("provider_type"))
        return _page(items, req)


def _provider_field(field: str, item: dict[str, Any]) -> Any:
    return item.get(field, item["dcr_config"].get(field))


def _top_field(field: str, item: dict[str, Any]) -> Any:
    return item.get(field)


def _matches(op: str, value: Any, raw: str) -> bool:
    options = raw.split(",")
    if op in ("", "eq"):
        return bool(value == raw)
    if op == "neq":
        return bool(value != raw)
    if op == "oeq":
        return value in options
    text = value if isinstance(value, str) else ""
    return raw in text if op == "contains" else any(o in text for o in options)


def _filter(
    items: list[dict[str, Any]], req: Request, field: str, get: Callable[[dict[str, Any]], Any]
) -> list[dict[str, Any]]:
    """filter[f], filter[f][eq|neq|contains|oeq|ocontains]: Konnect's filter operators."""
    for op in ("", "eq", "neq", "contains", "oeq", "ocontains"):
        raw = req.arg(f"filter[{field}]" + (f"[{op}]" if op else ""))
        if raw is not None:
            items = [i for i in items if _matches(op, get(i), raw)]
    return items


def _page(items: list[dict[str, Any]], req: Request) -> Response:
    try:
        size = int(req.arg("page[size]") or 10)
        number = int(req.arg("page[number]") or 1)
    except ValueError:
        return bad_request([{"field": "page", "reason": "must be an integer", "rule": "is_integer", "source": "query"}])
    if size < 1 or number < 1:
        return bad_request(
            [
                {
                    "field": "page[size]" if size < 1 else "page[number]",
                    "reason": "must be at least 1",
                    "rule": "min",
                    "minimum": 1,
                    "source": "query",
                }
            ]
        )
    size = min(size, 100)
    chunk = items[(number - 1) * size : number * size]
    return Response(200, {"data": chunk, "meta": {"page": {"number": number, "size": size, "total": len(items)}}})
