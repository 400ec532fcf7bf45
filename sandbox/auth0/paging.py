"""Auth0's list envelopes, each as the endpoint that uses it answers.

- Offset (clients, client grants, resource servers): `page` (from 0) and `per_page` (default 50, at most 100);
  with `include_totals=true` the `{total, start, limit, <items>}` envelope, else a bare array.
- Checkpoint (applications, client grants): `from` (a cursor) and `take`; `{<items>, next}` with `next` only while more remain.
- Numbered (Actions, their versions, trigger bindings): `{<items>, page, total, per_page}` where `page` shows only
  past the first page and `total` only on the first page of a non-empty list: what a tenant answers, and what makes
  the Go SDK's `HasNext()` (`total > start + limit`) stop after one empty page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..web import Request, Response

__all__ = ["checkpoint", "numbered", "offset", "page_of"]

Item = dict[str, Any]


def page_of(req: Request, default: int = 50) -> tuple[int, int]:
    per_page = max(1, min(int(req.arg("per_page") or default), 100))
    return max(0, int(req.arg("page") or 0)), per_page


def offset(req: Request, items: list[Item], key: str) -> Response:
    number, per_page = page_of(req)
    chunk = items[number * per_page : (number + 1) * per_page]
    if (req.arg("include_totals") or "false") == "true":
        return Response(200, {"total": len(items), "start": number * per_page, "limit": per_page, key: chunk})
    return Response(200, chunk)


def checkpoint(
    req: Request, items: list[Item], key: str, id_key: str = "id", view: Callable[[Item], Item] | None = None
) -> Response:
    """`from` is the cursor a previous page answered as `next` (the id of its last item); `take` the page size.
    `view` renders each item (field selection) after the cursor was taken from the stored one."""
    take = max(1, min(int(req.arg("take") or 50), 100))
    cursor = req.arg("from")
    start = next((i + 1 for i, item in enumerate(items) if item[id_key] == cursor), 0) if cursor else 0
    chunk = items[start : start + take]
    body: Item = {key: [view(item) for item in chunk] if view else chunk}
    if start + take < len(items) and chunk:
        body["next"] = chunk[-1][id_key]
    return Response(200, body)


def numbered(req: Request, items: list[Item], key: str, default: int = 50) -> Response:
    number, per_page = page_of(req, default)
    body: Item = {key: items[number * per_page : (number + 1) * per_page]}
    if number:
        body["page"] = number
    elif items:
        body["total"] = len(items)
    body["per_page"] = per_page
    return Response(200, body)
