"""httpx transport for the Konnect v2 API: base URL, auth, timeouts and the retry policy.

The retry policy is a handful of small named functions so each rule can be tested on its own.
"""

from __future__ import annotations

import email.utils
import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from .errors import KonnectConfigError, KonnectConnectionError, KonnectTimeoutError, make_status_error

__all__ = [
    "REGIONS",
    "KonnectClient",
    "KonnectSettings",
    "backoff_delay",
    "base_url_for",
    "parse_retry_after",
    "should_retry",
]

REGIONS: dict[str, str] = {
    "us": "https://us.api.konghq.com",
    "eu": "https://eu.api.konghq.com",
    "au": "https://au.api.konghq.com",
    "me": "https://me.api.konghq.com",
    "in": "https://in.api.konghq.com",
    "sg": "https://sg.api.konghq.com",
}

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
DEFAULT_MAX_RETRIES = 4
MAX_HONOURED_WAIT = 60.0
BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
# Statuses where the gateway may not have reached (or finished in) the backend.
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "PATCH", "DELETE"})
USER_AGENT = "konnect-auth0-dcr/0.1 (+pulumi dynamic provider)"


def base_url_for(region: str | None, server_url: str | None) -> str:
    """An explicit server URL wins (the sandbox); otherwise the region's geo endpoint."""
    if server_url:
        if not server_url.startswith(("https://", "http://")):
            raise KonnectConfigError(
                "konnect:serverUrl (or KONNECT_SERVER_URL) must start with https:// (or http:// for a local sandbox)"
            )
        return server_url.rstrip("/")
    key = (region or "us").lower()
    if key not in REGIONS:
        raise KonnectConfigError(f"konnect:region (or KONNECT_REGION) must be one of {', '.join(REGIONS)}")
    return REGIONS[key]


def should_retry(method: str, status: int | None, error: Exception | None = None) -> bool:
    """Whether a failed attempt may be sent again without risking a duplicate write.

    A POST is retried only when the request provably was not processed: the connection
    was never made, or the rate limiter rejected it (429). 409 is a real conflict: never retried.
    """
    method = method.upper()
    if error is not None:
        if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
            return True
        return method in IDEMPOTENT_METHODS and isinstance(error, httpx.TransportError)
    if status is None or status == 409:
        return False
    if status == 429:
        return True
    return method in IDEMPOTENT_METHODS and status in TRANSIENT_STATUSES


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds the server asked us to wait: Retry-After (seconds or HTTP date), else RateLimit-Reset."""
    raw = headers.get("retry-after")
    if raw:
        raw = raw.strip()
        try:
            return max(0.0, float(raw))
        except ValueError:
            parsed = email.utils.parsedate_to_datetime(raw) if raw else None
            if parsed is not None:
                current = time.time() if now is None else now
                return max(0.0, parsed.timestamp() - current)
    reset = headers.get("ratelimit-reset")
    if reset:
        try:
            return max(0.0, float(reset.strip()))
        except ValueError:
            return None
    return None


def backoff_delay(attempt: int, retry_after: float | None, jitter: Callable[[], float] = random.random) -> float:
    """Honour a sane server hint; otherwise capped exponential backoff with jitter."""
    if retry_after is not None and 0 <= retry_after <= MAX_HONOURED_WAIT:
        return retry_after
    base: float = min(BACKOFF_CAP, BACKOFF_BASE * (2**attempt))
    return base * (0.75 + 0.5 * jitter())


@dataclass(frozen=True)
class KonnectSettings:
    """Where and how to reach Konnect. `repr` hides the token."""

    base_url: str
    token: str

    def __repr__(self) -> str:
        return f"KonnectSettings(base_url={self.base_url!r}, token=<redacted>)"

    @classmethod
    def resolve(cls, get: Callable[[str], Any]) -> KonnectSettings:
        """Read `konnect:*` stack config through `get`, falling back to KONNECT_* env vars."""
        token = get("konnect:token") or os.environ.get("KONNECT_TOKEN")
        if not token:
            raise KonnectConfigError(
                "Konnect token missing: run `pulumi config set --secret konnect:token <kpat_…|spat_…>` "
                "or export KONNECT_TOKEN"
            )
        server_url = get("konnect:serverUrl") or os.environ.get("KONNECT_SERVER_URL")
        region = get("konnect:region") or os.environ.get("KONNECT_REGION")
        return cls(base_url=base_url_for(region, server_url), token=str(token))


class KonnectClient:
    """One pooled httpx.Client per provider process; typed errors out, JSON dicts in and out."""

    def __init__(
        self,
        settings: KonnectSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        sleep: Callable[[float], None] = time.sleep,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self._http = httpx.Client(
            base_url=settings.base_url,
            headers={"Authorization": f"Bearer {settings.token}", "User-Agent": USER_AGENT},
            timeout=timeout,
            transport=transport,
        )
        self._max_retries = max_retries
        self._sleep = sleep

    @property
    def base_url(self) -> str:
        return str(self._http.base_url).rstrip("/")

    def close(self) -> None:
        self._http.close()

    def request(
        self, method: str, path: str, *, json: Any = None, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any] | None:
        """Send with retries; return the JSON body (None for 204) or raise a KonnectError."""
        attempt = 0
        while True:
            try:
                response = self._http.request(method, path, json=json, params=params)
            except httpx.TransportError as exc:
                if attempt < self._max_retries and should_retry(method, None, exc):
                    self._sleep(backoff_delay(attempt, None))
                    attempt += 1
                    continue
                kind = KonnectTimeoutError if isinstance(exc, httpx.TimeoutException) else KonnectConnectionError
                raise kind(
                    f"Konnect {method} {path}: {type(exc).__name__} talking to {self._http.base_url.host}"
                ) from None
            if response.is_success:
                return response.json() if response.content else None
            if attempt < self._max_retries and should_retry(method, response.status_code):
                self._sleep(backoff_delay(attempt, parse_retry_after(response.headers)))
                attempt += 1
                continue
            raise make_status_error(response)

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
        return self.request("GET", path, params=params)

    def list_all(
        self, path: str, params: Mapping[str, Any] | None = None, page_size: int = 100
    ) -> list[dict[str, Any]]:
        """Follow `page[number]` until `meta.page.total` items were read."""
        items: list[dict[str, Any]] = []
        number = 1
        while True:
            query = {**(params or {}), "page[size]": page_size, "page[number]": number}
            body = self.get(path, query) or {}
            data = body.get("data") or []
            items.extend(data)
            total = int(((body.get("meta") or {}).get("page") or {}).get("total", len(items)))
            if not data or len(items) >= total:
                return items
            number += 1
