"""The tenant's signing key for ID tokens: RS256, as every Auth0 tenant signs them, published as a JWKS at
`/.well-known/jwks.json` so that relying parties (a Konnect portal) verify what the tenant issues."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from .tokens import b64

__all__ = ["SigningKey"]


def _int(value: int) -> str:
    return b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


class SigningKey:
    """One RSA key per tenant (made when the emulator starts; a reset keeps it, as a tenant keeps its keys)."""

    def __init__(self) -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        numbers = self._key.public_key().public_numbers()
        self.public = {"kty": "RSA", "use": "sig", "alg": "RS256", "n": _int(numbers.n), "e": _int(numbers.e)}
        self.kid = b64(hashlib.sha256(json.dumps(self.public, sort_keys=True).encode()).digest()[:16])

    def jwks(self) -> dict[str, Any]:
        return {"keys": [{**self.public, "kid": self.kid}]}

    def sign(self, claims: dict[str, Any]) -> str:
        head = b64(json.dumps({"alg": "RS256", "typ": "JWT", "kid": self.kid}).encode())
        body = b64(json.dumps(claims).encode())
        signature = self._key.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
        return f"{head}.{body}.{b64(signature)}"
