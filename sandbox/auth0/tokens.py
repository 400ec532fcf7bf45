"""The JWTs the Auth0 emulator issues: HS256 over its own key, verified on every Management API call."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

__all__ = ["b64", "decode", "encode"]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def encode(key: bytes, claims: dict[str, Any]) -> str:
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps(claims).encode())
    sig = b64(hmac.new(key, f"{head}.{body}".encode(), hashlib.sha256).digest())
    return f"{head}.{body}.{sig}"


def decode(key: bytes, token: str) -> dict[str, Any] | None:
    """The claims of a token this key signed and that has not expired; None otherwise."""
    try:
        head, body, sig = token.split(".")
    except ValueError:
        return None
    expected = b64(hmac.new(key, f"{head}.{body}".encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(expected, sig):
        return None
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    return claims if claims["exp"] > time.time() else None
