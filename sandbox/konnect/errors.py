"""Konnect's problem+json error bodies, as the emulator sends them."""

from __future__ import annotations

import secrets
from typing import Any

from ..web import Faults, Request, Response


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


def read_body(req: Request) -> tuple[Any, Response | None]:
    try:
        body = req.json()
    except ValueError:
        return None, bad_request([{"field": "body", "reason": "is not valid JSON", "rule": "type", "source": "body"}])
    if not isinstance(body, dict):
        return None, bad_request(
            [{"field": "body", "reason": "must be an object", "rule": "is_object", "source": "body"}]
        )
    return body, None
