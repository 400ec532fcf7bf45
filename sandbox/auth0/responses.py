"""Auth0's error bodies and small helpers shared by the emulator's routes."""

from __future__ import annotations

import base64
import secrets
import string
import time
from datetime import UTC, datetime
from typing import Any

from ..web import Faults, Request, Response

ALNUM = string.ascii_letters + string.digits


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def rand(n: int) -> str:
    return "".join(secrets.choice(ALNUM) for _ in range(n))


def error(status: int, message: str, code: str | None = None) -> Response:
    names = {
        400: "Bad Request",
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not Found",
        409: "Conflict",
        429: "Too Many Requests",
    }
    body: dict[str, Any] = {"statusCode": status, "error": names.get(status, "Error"), "message": message}
    if code:
        body["errorCode"] = code
    return Response(status, body)


def oauth_error(status: int, code: str, description: str) -> Response:
    return Response(status, {"error": code, "error_description": description})


def fault_reply(status: int, faults: Faults) -> Response:
    reset = int(time.time() + max(1.0, faults.retry_after))
    headers = {"X-RateLimit-Limit": "50", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}
    if status == 429:
        return Response(429, error(429, "Global limit has been reached", "too_many_requests").body, headers=headers)
    return Response(
        status, {"statusCode": status, "error": "Service Unavailable", "message": "Injected by the sandbox"}
    )


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def page(req: Request, items: list[dict[str, Any]], key: str) -> Response:
    per_page = min(int(req.arg("per_page") or 50), 100)
    number = int(req.arg("page") or 0)
    chunk = items[number * per_page : (number + 1) * per_page]
    if (req.arg("include_totals") or "false") == "true":
        return Response(200, {"start": number * per_page, "limit": per_page, "total": len(items), key: chunk})
    return Response(200, chunk)


def pick_fields(req: Request, item: dict[str, Any]) -> dict[str, Any]:
    fields = req.arg("fields")
    if not fields:
        return item
    wanted = set(fields.split(","))
    include = (req.arg("include_fields") or "true") == "true"
    return {k: v for k, v in item.items() if (k in wanted) == include}
