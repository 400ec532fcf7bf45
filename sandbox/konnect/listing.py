"""How the Konnect emulator's collections answer lists: Konnect's filter operators and `page[size]`/`page[number]`
pagination with `meta.page`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..web import Request, Response
from .exceptions import BadRequest, issue
from .models import Item

__all__ = ["filtered", "matches", "page", "top_field"]

FILTER_OPERATORS = ("", "eq", "neq", "contains", "oeq", "ocontains")


def top_field(field: str, item: Item) -> Any:
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
