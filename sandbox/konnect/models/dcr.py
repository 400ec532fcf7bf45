"""DCR providers and application auth strategies: stored as written (write-only secrets included, for the control
plane's `state`); `*_view` is what the API returns."""

from __future__ import annotations

import copy
import uuid
from typing import Any

from .. import schema
from ..exceptions import BadRequest, Conflict, NotFound, issue
from .common import Item, merge, now

__all__ = ["CONFIG_KEY", "DcrStore"]

STRATEGY_TYPES = ("key_auth", "openid_connect")
CONFIG_KEY = {"key_auth": "key-auth", "openid_connect": "openid-connect"}


class DcrStore:
    def __init__(self) -> None:
        self.providers: dict[str, Item] = {}
        self.strategies: dict[str, Item] = {}

    def reset(self) -> None:
        self.providers.clear()
        self.strategies.clear()

    # --- DCR providers ------------------------------------------------------------------------------------

    def provider_view(self, item: Item) -> Item:
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

    def provider(self, id_: str) -> Item:
        item = self.providers.get(id_)
        if item is None:
            raise NotFound()
        return item

    def create_provider(self, body: Item) -> Item:
        ptype = body.get("provider_type")
        if ptype not in schema.PROVIDER_TYPES:
            choices = schema.PROVIDER_TYPES
            raise BadRequest([issue("provider_type", "must be one of the provider types", "enum", choices=choices)])
        problems = schema.check(schema.dcr_create(ptype), body)
        if problems:
            raise BadRequest(problems)
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
        return self.provider_view(item)

    def update_provider(self, id_: str, body: Item) -> Item:
        item = self.provider(id_)
        problems = schema.check(schema.DCR_UPDATE, body)
        allowed = schema.CREATE_CONFIG[item["provider_type"]]["props"]
        problems += [
            issue(f"dcr_config.{k}", f"not valid for provider_type {item['provider_type']}", "unknown_property")
            for k in (body.get("dcr_config") or {})
            if k not in allowed
        ]
        if problems:
            raise BadRequest(problems)
        merge(item, body)
        item["updated_at"] = now()
        return self.provider_view(item)

    def delete_provider(self, id_: str) -> None:
        self.provider(id_)
        users = [s["id"] for s in self.strategies.values() if s.get("dcr_provider_id") == id_]
        if users:
            raise Conflict(f"DCR provider is referenced by application auth strategies [{', '.join(users)}]")
        del self.providers[id_]

    def list_providers(self) -> list[Item]:
        return [self.provider_view(p) for p in self.providers.values()]

    # --- application auth strategies ----------------------------------------------------------------------

    def strategy_view(self, item: Item, in_use: bool) -> Item:
        """`in_use`: some API publication uses it (the backend knows)."""
        view = {k: copy.deepcopy(v) for k, v in item.items() if k != "dcr_provider_id"}
        provider = self.providers.get(item.get("dcr_provider_id") or "")
        view["dcr_provider"] = (
            None
            if provider is None
            else {k: provider[k] for k in ("id", "name", "display_name", "provider_type") if k in provider}
        )
        view["active"] = in_use
        view["supports_multiple_credentials"] = item["strategy_type"] == "key_auth" or bool(
            provider and provider["dcr_config"].get("allow_multiple_credentials")
        )
        return view

    def strategy(self, id_: str) -> Item:
        item = self.strategies.get(id_)
        if item is None:
            raise NotFound()
        return item

    def _reference_problems(self, body: Item) -> list[dict[str, Any]]:
        ref = body.get("dcr_provider_id")
        if isinstance(ref, str) and ref and ref not in self.providers:
            return [issue("dcr_provider_id", "DCR provider not found", "missing_reference")]
        return []

    def create_strategy(self, body: Item, replacing: Item | None = None) -> Item:
        stype = body.get("strategy_type")
        if stype not in STRATEGY_TYPES:
            choices = list(STRATEGY_TYPES)
            raise BadRequest([issue("strategy_type", "must be key_auth or openid_connect", "enum", choices=choices)])
        problems = schema.check(schema.strategy_create(stype), body) or self._reference_problems(body)
        if problems:
            raise BadRequest(problems)
        stamp = now()
        item = {
            "id": replacing["id"] if replacing else str(uuid.uuid4()),
            "labels": {},
            **copy.deepcopy(body),
            "created_at": replacing["created_at"] if replacing else stamp,
            "updated_at": stamp,
        }
        self.strategies[item["id"]] = item
        return item

    def replace_strategy(self, id_: str, body: Item) -> Item:
        return self.create_strategy(body, replacing=self.strategy(id_))

    def update_strategy(self, id_: str, body: Item) -> Item:
        item = self.strategy(id_)
        problems = schema.check(schema.STRATEGY_UPDATE, body) or self._reference_problems(body)
        wrapper = CONFIG_KEY[item["strategy_type"]]
        problems += [
            issue(f"configs.{k}", f"not valid for strategy_type {item['strategy_type']}", "invalid")
            for k in (body.get("configs") or {})
            if k != wrapper
        ]
        if problems:
            raise BadRequest(problems)
        body = dict(body)
        if "dcr_provider_id" in body:
            item["dcr_provider_id"] = body.pop("dcr_provider_id")
        merge(item, body)
        item["updated_at"] = now()
        return item

    def delete_strategy(self, id_: str, used_by: list[str]) -> None:
        """`used_by`: the APIs whose publications use it (the backend knows them)."""
        self.strategy(id_)
        if used_by:
            raise Conflict(f"Auth strategy is used by API publications [{', '.join(used_by)}]")
        del self.strategies[id_]

    def dcr_provider_of(self, strategy_id: str) -> tuple[Item, Item]:
        """The strategy and its auth0 DCR provider, as a developer's application registration needs them."""
        strategy = self.strategies.get(strategy_id)
        provider = self.providers.get((strategy or {}).get("dcr_provider_id") or "")
        if strategy is None or provider is None or provider["provider_type"] != "auth0":
            raise BadRequest(
                [
                    issue(
                        "auth_strategy_id",
                        "must name an openid_connect strategy backed by an auth0 DCR provider",
                        "invalid",
                    )
                ]
            )
        return strategy, provider
