"""A tenant's users in its database connection: created through the Management API, signing in at the Universal
Login page with their email and password; `app_metadata` is what Actions read (e.g. the groups a portal maps to
teams)."""

from __future__ import annotations

import copy
import hashlib
import secrets
from typing import Any

from .. import shapes
from ..exceptions import Auth0Error, conflict, invalid, missing

__all__ = ["CONNECTION", "UserStore"]

Item = dict[str, Any]
CONNECTION = "Username-Password-Authentication"


def _digest(password: str, salt: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 10_000).hex()


class UserStore:
    def __init__(self) -> None:
        self.users: dict[str, Item] = {}

    def reset(self) -> None:
        self.users.clear()

    def create(self, body: Item) -> Item:
        email, password = body.get("email"), body.get("password")
        if body.get("connection") != CONNECTION:
            raise Auth0Error(400, f"The connection does not exist: {body.get('connection')}", "inexistent_connection")
        if not isinstance(email, str) or "@" not in email:
            raise invalid(
                "Payload validation error: 'Object didn't pass validation for format email' on property email"
            )
        if not isinstance(password, str) or len(password) < 8:
            raise Auth0Error(400, "PasswordStrengthError: Password is too weak", "invalid_body")
        if any(u["email"] == email.lower() for u in self.users.values()):
            raise conflict("The user already exists.", "auth0_idp_error")
        stamp, salt = shapes.now(), secrets.token_hex(8)
        user: Item = {
            "user_id": f"auth0|{secrets.token_hex(12)}",
            "email": email.lower(),
            "email_verified": bool(body.get("email_verified", False)),
            "name": body.get("name") or email.lower(),
            "nickname": email.split("@")[0],
            "identities": [{"connection": CONNECTION, "provider": "auth0", "isSocial": False}],
            "app_metadata": copy.deepcopy(body.get("app_metadata") or {}),
            "user_metadata": copy.deepcopy(body.get("user_metadata") or {}),
            "created_at": stamp,
            "updated_at": stamp,
            "_salt": salt,
            "_password": _digest(password, salt),
        }
        self.users[user["user_id"]] = user
        return user

    def user(self, user_id: str) -> Item:
        if user_id not in self.users:
            raise missing("user")
        return self.users[user_id]

    def delete(self, user_id: str) -> None:
        self.users.pop(user_id, None)

    def by_email(self, email: str) -> list[Item]:
        return [u for u in self.users.values() if u["email"] == email.lower()]

    def sign_in(self, email: str, password: str) -> Item | None:
        found = next(iter(self.by_email(email)), None)
        if found is None or not secrets.compare_digest(found["_password"], _digest(password, found["_salt"])):
            return None
        return found
