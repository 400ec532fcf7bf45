"""Auth0's error bodies as typed errors: Management API `{statusCode, error, message, errorCode}` and OAuth
`{error, error_description}`."""

from __future__ import annotations

import time
from typing import Any

from ..faults import Faults
from ..web import HttpError, Response

__all__ = [
    "Auth0Error",
    "OAuthError",
    "conflict",
    "error_body",
    "every_answer_headers",
    "fault_reply",
    "invalid",
    "missing",
]

NAMES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    503: "Service Unavailable",
}


def error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"statusCode": status, "error": NAMES.get(status, "Error"), "message": message}
    if code:
        body["errorCode"] = code
    return body


class Auth0Error(HttpError):
    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(f"{status} {message}")
        self.status, self.message, self.code = status, message, code

    def response(self) -> Response:
        return Response(self.status, error_body(self.status, self.message, self.code))


class OAuthError(HttpError):
    """What /oauth/token answers: the OAuth 2.0 error shape, not the Management API's."""

    def __init__(self, status: int, code: str, description: str) -> None:
        super().__init__(f"{status} {code}: {description}")
        self.status, self.code, self.description = status, code, description

    def response(self) -> Response:
        return Response(self.status, {"error": self.code, "error_description": self.description})


def rate_limit(remaining: int, reset_in: float = 1.0) -> dict[str, str]:
    reset = int(time.time() + max(1.0, reset_in))
    return {"x-ratelimit-limit": "50", "x-ratelimit-remaining": str(remaining), "x-ratelimit-reset": str(reset)}


def every_answer_headers() -> dict[str, str]:
    """Auth0 puts `x-ratelimit-*` on every Management API and token answer."""
    return rate_limit(remaining=49)


def fault_reply(status: int, faults: Faults) -> Response:
    """An injected failure; a 429 carries Auth0's rate-limit headers with a reset in the future."""
    headers = rate_limit(remaining=0, reset_in=faults.retry_after)
    if status == 429:
        return Response(429, error_body(429, "Global limit has been reached", "too_many_requests"), headers=headers)
    return Response(
        status, {"statusCode": status, "error": "Service Unavailable", "message": "Injected by the sandbox"}
    )


MISSING = {
    "client": ("The client does not exist", "inexistent_client"),
    "grant": ("The client grant does not exist", "inexistent_client_grant"),
    "server": ("The resource server does not exist", "inexistent_resource_server"),
    "action": ("That action does not exist.", None),
    "version": ("That action version does not exist.", None),
    "user": ("The user does not exist.", "inexistent_user"),
}


def missing(kind: str) -> Auth0Error:
    return Auth0Error(404, *MISSING[kind])


def invalid(message: str) -> Auth0Error:
    return Auth0Error(400, f"Payload validation error: '{message}'.", "invalid_body")


def conflict(message: str, code: str) -> Auth0Error:
    return Auth0Error(409, message, code)
