"""Wire helpers of the auth0 stand-in: Struct conversion, the Management API client, the Kind base."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx
from google.protobuf import struct_pb2
from google.protobuf.json_format import MessageToDict

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
Props = dict[str, Any]
SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"


def to_dict(struct: struct_pb2.Struct) -> Props:
    return dict(_plain(MessageToDict(struct, preserving_proto_field_name=True)))


def _plain(value: Any) -> Any:
    """Unwrap secret envelopes (the engine sends config secrets wrapped) and make whole doubles integers."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        if value.get(SIG_KEY) == SECRET_SIG:
            return _plain(value.get("value"))
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def to_struct(props: Props) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update({k: v for k, v in props.items() if v is not None})
    return struct


def is_loopback(domain: str) -> bool:
    host = domain.split("//")[-1].rsplit(":", 1)[0].strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


RETRIED_STATUSES = frozenset({500, 502, 503, 504, 524})
SERVER_RETRIES = 3


class Api:
    """The Management API of the configured (loopback) tenant, with the real provider's retry rules."""

    def __init__(self, domain: str, token: str | None, client_id: str | None, client_secret: str | None) -> None:
        self.base = f"https://{domain.split('//')[-1].rstrip('/')}"
        self.http = httpx.Client(base_url=self.base, timeout=30)
        if not token:
            reply = self.http.post(
                "/oauth/token",
                data={
                    "grant_type": "client_credentials",
                    "audience": f"{self.base}/api/v2/",
                    "client_id": client_id or "",
                    "client_secret": client_secret or "",
                },
            )
            reply.raise_for_status()
            token = reply.json()["access_token"]
        self.http.headers["Authorization"] = f"Bearer {token}"

    def call(self, method: str, path: str, body: Any = None, missing_ok: bool = False) -> Any:
        """One call with the provider's retries; None for a 404 on GET or DELETE (or wherever `missing_ok`).

        As the provider's client does: 429 is retried without limit, after X-RateLimit-Reset (5 s without it);
        5xx and transport errors are retried 3 times, backing off from 0.5 s. The two are counted apart, so rate
        limits met first never use up the retries a 503 gets.
        """
        failures = 0
        while True:
            try:
                reply = self.http.request(method, f"/api/v2{path}", json=body)
            except httpx.TransportError:
                if failures == SERVER_RETRIES:
                    raise
                failures += 1
                time.sleep(0.5 * 2 ** (failures - 1))
                continue
            if reply.status_code == 429:
                reset = float(reply.headers.get("x-ratelimit-reset") or 0)
                time.sleep(min(5.0, max(0.2, reset - time.time())) if reset else 5.0)
                continue
            if reply.status_code in RETRIED_STATUSES and failures < SERVER_RETRIES:
                failures += 1
                time.sleep(0.5 * 2 ** (failures - 1))
                continue
            if reply.status_code == 404 and (missing_ok or method in ("GET", "DELETE")):
                return None
            if reply.status_code >= 400:
                raise RuntimeError(f"{method} {path}: {reply.status_code} {reply.text}")
            return reply.json() if reply.content else None


def enc(value: str) -> str:
    return quote(value, safe="")


class Kind:
    """One pulumi-auth0 resource type: its ForceNew inputs and its CRUD against the Management API."""

    token = ""
    replace_on: tuple[str, ...] = ()
    computed: tuple[str, ...] = ()
    # Optional + Computed in the provider's schema: left undeclared, the tenant's value is kept and never diffed.
    optional_computed: tuple[str, ...] = ()

    def create(self, api: Api, news: Props) -> tuple[str, Props]:
        raise NotImplementedError

    def read(self, api: Api, id_: str, olds: Props) -> Props | None:
        raise NotImplementedError

    def update(self, api: Api, id_: str, olds: Props, news: Props) -> Props:
        raise NotImplementedError

    def delete(self, api: Api, id_: str, olds: Props) -> None:
        raise NotImplementedError


POLL_TIMEOUT = 360.0  # the real provider's create timeout for Actions: 6 minutes
POLL_INTERVAL = 0.05


def poll(api: Api, path: str, done: Callable[[Props], bool], what: str) -> Props:
    deadline = time.monotonic() + POLL_TIMEOUT
    while time.monotonic() < deadline:
        current = api.call("GET", path) or {}
        if current.get("status") == "failed":
            raise RuntimeError(f"{what}: the action build failed")
        if done(current):
            return current
        time.sleep(POLL_INTERVAL)
    raise RuntimeError(f"{what}: timed out after {POLL_TIMEOUT:g} s")
