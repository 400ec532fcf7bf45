"""Reading a tenant through Auth0's Management API as its own clients do: a token (the stack's `auth0:apiToken`, or a
client-credentials grant with `auth0:clientId`/`auth0:clientSecret`, or the AUTH0_* variables the provider reads), and
every list followed to its end in the pagination that endpoint has:
- offset (applications, APIs): `page` from 0, `per_page` up to 100, `include_totals=true` → `{total, start, limit}`;
- checkpoint (client grants): `take` up to 100, `from` the `next` cursor of the previous page, until none is given;
- numbered (Actions, trigger bindings): `page`/`per_page`, until a page is short or `total` items were read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

import httpx

from .tenant import client_credentials

__all__ = ["Auth0ReadError", "ManagementApi", "management_api"]

PAGE = 100


class Auth0ReadError(Exception):
    """A Management API call failed: the call, the status and Auth0's message (never a credential)."""


class ManagementApi:
    def __init__(self, http: httpx.Client, token: str) -> None:
        self.http = http
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.call("GET", path, params=params)

    def call(self, method: str, path: str, body: Any = None, params: Mapping[str, Any] | None = None) -> Any:
        """One Management API call; its JSON answer (None when empty); an Auth0ReadError naming the call on failure."""
        try:
            reply = self.http.request(method, f"/api/v2{path}", params=params, json=body, headers=self.headers)
        except httpx.HTTPError as exc:
            raise Auth0ReadError(
                f"Auth0 {method} {path}: {type(exc).__name__} talking to {self.http.base_url.host}"
            ) from None
        if reply.status_code >= 400:
            try:
                message = reply.json().get("message", reply.text)
            except ValueError:
                message = reply.text
            raise Auth0ReadError(f"Auth0 {method} {path} failed: {reply.status_code} {message}")
        return reply.json() if reply.content else None

    def offset(self, path: str, key: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        page = 0
        while True:
            body = self.get(path, {**(params or {}), "page": page, "per_page": PAGE, "include_totals": "true"}) or {}
            if isinstance(body, list):  # a tenant that ignores include_totals: pages end with a short one
                items += body
                if len(body) < PAGE:
                    return items
            else:
                chunk = body.get(key) or []
                items += chunk
                if not chunk or int(body.get("start", 0)) + len(chunk) >= int(body.get("total", 0)):
                    return items
            page += 1

    def checkpoint(self, path: str, key: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            query = {**(params or {}), "take": PAGE, **({"from": cursor} if cursor else {})}
            body = self.get(path, query) or {}
            items += body.get(key) or []
            cursor = body.get("next")
            if not cursor:
                return items

    def numbered(self, path: str, key: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        page, total = 0, None
        while True:
            body = self.get(path, {**(params or {}), "page": page, "per_page": PAGE}) or {}
            chunk = body.get(key) or []
            items += chunk
            total = body.get("total", total)
            if len(chunk) < PAGE or (total is not None and len(items) >= int(total)):
                return items
            page += 1

    def resource_server(self, key: str) -> dict[str, Any] | None:
        """An API by its id or by its identifier (which goes URL-encoded into the path)."""
        try:
            found = self.get(f"/resource-servers/{quote(key, safe='')}")
        except Auth0ReadError as exc:
            if " 404 " in str(exc):
                return None
            raise
        return dict(found) if isinstance(found, dict) else None


def management_api(domain: str, get: Callable[[str], Any]) -> ManagementApi:
    """The tenant's Management API with the stack's Auth0 credentials (config first, then the AUTH0_* variables)."""
    http = httpx.Client(base_url=f"https://{domain}", timeout=30)
    token = get("auth0:apiToken") or os.environ.get("AUTH0_API_TOKEN")
    if not token:
        client_id = get("auth0:clientId") or os.environ.get("AUTH0_CLIENT_ID")
        secret = get("auth0:clientSecret") or os.environ.get("AUTH0_CLIENT_SECRET")
        if not (client_id and secret):
            raise Auth0ReadError(
                "Auth0 credentials missing: set auth0:apiToken, or auth0:clientId and auth0:clientSecret, in the "
                "stack (or AUTH0_API_TOKEN, or AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET)"
            )
        reply = client_credentials(http, f"https://{domain}/api/v2/", str(client_id), str(secret))
        if reply.status_code != 200:
            raise Auth0ReadError(f"Auth0 refused auth0:clientId / auth0:clientSecret: {reply.status_code}")
        token = reply.json()["access_token"]
    return ManagementApi(http, str(token))
