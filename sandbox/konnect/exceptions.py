"""Konnect's problem+json error bodies, as typed errors the backend raises and the App answers."""

from __future__ import annotations

import secrets
from typing import Any

from ..faults import Faults
from ..web import HttpError, Response

__all__ = ["BadRequest", "Conflict", "KonnectProblem", "NotFound", "fault_reply", "issue", "problem", "unauthorized"]


def problem(status: int, title: str, detail: str, **extra: Any) -> Response:
    body = {
        "status": status,
        "title": title,
        "instance": f"kong:trace:{secrets.randbelow(10**19)}",
        "detail": detail,
        **extra,
    }
    return Response(status, body, content_type="application/problem+json")


def issue(field: str, reason: str, rule: str, source: str = "body", **extra: Any) -> dict[str, Any]:
    """One `invalid_parameters` entry."""
    return {"field": field, "reason": reason, "rule": rule, "source": source, **extra}


class KonnectProblem(HttpError):
    def __init__(self, status: int, title: str, detail: str, **extra: Any) -> None:
        super().__init__(f"{status} {title}: {detail}")
        self.status, self.title, self.detail, self.extra = status, title, detail, extra

    def response(self) -> Response:
        return problem(self.status, self.title, self.detail, **self.extra)


class BadRequest(KonnectProblem):
    def __init__(self, issues: list[dict[str, Any]]) -> None:
        super().__init__(400, "Invalid Request", "Invalid Parameters", invalid_parameters=issues)


class NotFound(KonnectProblem):
    def __init__(self) -> None:
        super().__init__(404, "Not Found", "Not Found")


class Conflict(KonnectProblem):
    def __init__(self, detail: str) -> None:
        super().__init__(409, "Conflict", detail)


def unauthorized() -> Response:
    return problem(401, "Unauthorized", "Unauthorized")


def fault_reply(status: int, faults: Faults) -> Response:
    """An injected failure, shaped as Konnect's gateway answers it."""
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
        return BadRequest([issue("body", "injected by the sandbox", "invalid")]).response()
    titles = {409: "Conflict", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}
    return problem(status, titles.get(status, "Internal Server Error"), "Injected by the sandbox")
