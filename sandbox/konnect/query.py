"""Helpers shared by the Konnect routes: timestamps, JSON merge, filters and pagination."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ..web import Request, Response
from .errors import bad_request


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{datetime.now(UTC).microsecond // 1000:03d}Z"


def merge(target: dict[str, Any], patch: dict[str, Any]) -> None:
    """JSON merge: nested objects merge, null deletes a key."""
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def provider_field(field: str, item: dict[str, Any]) -> Any:
    return item.get(field, item["dcr_config"].get(field))


def top_field(field: str, item: dict[str, Any]) -> Any:
    return item.get(field)


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


def filter_items(
    items: list[dict[str, Any]], req: Request, field: str, get: Callable[[dict[str, Any]], Any]
) -> list[dict[str, Any]]:
    """filter[f], filter[f][eq|neq|contains|oeq|ocontains]: Konnect's filter operators."""
    for op in ("", "eq", "neq", "contains", "oeq", "ocontains"):
        raw = req.arg(f"filter[{field}]" + (f"[{op}]" if op else ""))
        if raw is not None:
            items = [i for i in items if matches(op, get(i), raw)]
    return items


def page(items: list[dict[str, Any]], req: Request) -> Response:
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
