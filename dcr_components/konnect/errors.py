"""One exception tree for Konnect API failures, built from problem+json bodies."""

from __future__ import annotations

from typing import Any

import httpx

__all__ = [
    "BadRequestError",
    "ConflictError",
    "ForbiddenError",
    "KonnectAPIError",
    "KonnectConfigError",
    "KonnectConnectionError",
    "KonnectError",
    "KonnectResponseError",
    "KonnectTimeoutError",
    "NotFoundError",
    "OwnershipError",
    "RateLimitedError",
    "RegistrationLossError",
    "ServerError",
    "UnauthorizedError",
    "make_status_error",
]


class KonnectError(Exception):
    """Base of every error this package raises for Konnect."""


class KonnectConfigError(KonnectError, ValueError):
    """The provider settings (`konnect:*` config or KONNECT_* env vars) cannot work; raised before any call."""


class KonnectResponseError(KonnectError):
    """Konnect answered 2xx with a body that lacks what its contract requires."""


class KonnectConnectionError(KonnectError):
    """The request never got an HTTP answer (DNS, refused connection, reset)."""


class KonnectTimeoutError(KonnectConnectionError):
    """The request timed out before an HTTP answer arrived."""


class KonnectAPIError(KonnectError):
    """Konnect answered with an error status; fields come from the problem+json body."""

    status: int

    def __init__(
        self,
        *,
        status: int,
        method: str,
        path: str,
        title: str = "",
        detail: str = "",
        instance: str = "",
        invalid_parameters: list[dict[str, Any]] | None = None,
    ) -> None:
        self.status = status
        self.method = method
        self.path = path
        self.title = title
        self.detail = detail
        self.instance = instance
        self.invalid_parameters = invalid_parameters or []
        super().__init__(self._render())

    def _render(self) -> str:
        """One line: the call, status, title, detail, each invalid parameter, a hint, the trace id."""
        line = f"Konnect {self.method} {self.path} failed: {self.status}"
        if self.title:
            line += f" {self.title}"
        if self.detail and self.detail != self.title:
            line += f": {self.detail}"
        problems = []
        for item in self.invalid_parameters:
            rule = f" (rule {item['rule']})" if item.get("rule") else ""
            problems.append(f"{item.get('field', '?')}: {item.get('reason', 'invalid')}{rule}")
        if problems:
            line += f" [{'; '.join(problems)}]"
        hint = HINTS.get(self.status)
        if hint:
            line += f"; {hint}"
        if self.instance:
            line += f" (trace {self.instance})"
        return line


# What a person can do about a status, when that is always the same.
HINTS = {
    401: (
        "Konnect refused the token: set a valid one with `pulumi config set --secret konnect:token <kpat_…|spat_…>` "
        "or KONNECT_TOKEN (after rotating it, run refresh and destroy with --run-program)"
    ),
    403: 'the token lacks a role: it needs "DCR Provider Creator" and "Auth Strategy Creator"',
}


class OwnershipError(KonnectError):
    """An object cannot be taken over: it is missing, of another kind, or owned by another deployment."""


class RegistrationLossError(KonnectError):
    """A delete would end developers' applications or registrations, and the resource does not allow it."""


class BadRequestError(KonnectAPIError):
    status = 400


class UnauthorizedError(KonnectAPIError):
    status = 401


class ForbiddenError(KonnectAPIError):
    status = 403


class NotFoundError(KonnectAPIError):
    status = 404


class ConflictError(KonnectAPIError):
    status = 409


class RateLimitedError(KonnectAPIError):
    status = 429


class ServerError(KonnectAPIError):
    status = 500


_BY_STATUS: dict[int, type[KonnectAPIError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitedError,
}


def _body(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def make_status_error(response: httpx.Response) -> KonnectAPIError:
    """Build the typed error for an error response; never includes request headers (the token)."""
    body = _body(response)
    status = response.status_code
    cls = _BY_STATUS.get(status, ServerError if status >= 500 else KonnectAPIError)
    invalid = body.get("invalid_parameters")
    return cls(
        status=status,
        method=response.request.method,
        path=response.request.url.path,
        title=str(body.get("title") or response.reason_phrase or ""),
        # Kong's rate limiter answers {"message": "..."} instead of problem+json.
        detail=str(body.get("detail") or body.get("message") or ""),
        instance=str(body.get("instance") or ""),
        invalid_parameters=invalid if isinstance(invalid, list) else None,
    )
