"""Auth0's error bodies as typed errors: Management API `{statusCode, error, message, errorCode}` and OAuth
`{error, error_description}`."""

from __future__ import annotations

import time
from typing import Any

from ..faults import Faults
from ..web import HttpError, Response

__all__ = ["Auth0Error", "OAuthError", "error_body", "fault_reply"]

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


def fault_reply(status: int, faults: Faults) -> Response:
    """An injected failure; a 429 carries Auth0's rate-limit headers with a reset in the future."""
    reset = int(time.time() + max(1.0, faults.retry_after))
    headers = {"X-RateLimit-Limit": "50", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}
    if status == 429:
        return Response(429, error_body(429, "Global limit has been reached", "too_many_requests"), headers=headers)
    return Response(
        status, {"statusCode": status, "error": "Service Unavailable", "message": "Injected by the sandbox"}
    )
