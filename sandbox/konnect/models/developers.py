"""A portal's developers (sign-up, email verification, password, approval, sessions), their applications and the
applications' API registrations, and the emails Konnect would have sent."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import Any

from ..exceptions import Conflict, KonnectProblem, NotFound
from .common import Item, now

__all__ = ["DeveloperStore", "Gone", "Unauthorized"]


class Gone(KonnectProblem):
    def __init__(self, detail: str) -> None:
        super().__init__(410, "Gone", detail)


class Unauthorized(KonnectProblem):
    def __init__(self, title: str, detail: str) -> None:
        super().__init__(401, title, detail)


def digest(password: str, salt: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 10_000).hex()


class DeveloperStore:
    def __init__(self) -> None:
        self.developers: dict[str, Item] = {}
        self.verify_tokens: dict[str, Item] = {}  # token -> {developer_id, used}
        self.reset_tokens: dict[str, Item] = {}
        self.sessions: dict[str, str] = {}  # portalaccesstoken -> developer id
        self.applications: dict[str, Item] = {}
        self.registrations: dict[str, Item] = {}
        self.emails: list[Item] = []

    def reset(self) -> None:
        for store in (
            self.developers,
            self.verify_tokens,
            self.reset_tokens,
            self.sessions,
            self.applications,
            self.registrations,
        ):
            store.clear()
        self.emails.clear()

    # --- developers ---------------------------------------------------------------------------------------

    def developer(self, portal_id: str, developer_id: str) -> Item:
        found = self.developers.get(developer_id)
        if found is None or found["portal_id"] != portal_id:
            raise NotFound()
        return found

    def of_portal(self, portal_id: str) -> list[Item]:
        return [d for d in self.developers.values() if d["portal_id"] == portal_id]

    def applications_of_portal(self, portal_id: str) -> list[Item]:
        return [a for a in self.applications.values() if a["portal_id"] == portal_id]

    def applications_of(self, developer_id: str) -> list[Item]:
        return [a for a in self.applications.values() if a["developer_id"] == developer_id]

    def unregister(self, reg_id: str, app_id: str) -> None:
        del self.registrations[self.registration(reg_id, app_id)["id"]]

    def developer_view(self, item: Item) -> Item:
        return {k: v for k, v in item.items() if k not in ("password", "salt")}

    def sign_up(self, portal: Item, email: str, full_name: str) -> Item:
        if any(d["portal_id"] == portal["id"] and d["email"] == email for d in self.developers.values()):
            raise Conflict("Developer with the given email already exists")
        stamp = now()
        developer = {
            "id": str(uuid.uuid4()),
            "portal_id": portal["id"],
            "email": email,
            "full_name": full_name,
            "status": "approved" if portal["auto_approve_developers"] else "pending",
            "email_verified": False,
            "password": None,
            "salt": secrets.token_hex(8),
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.developers[developer["id"]] = developer
        token = str(uuid.uuid4())
        self.verify_tokens[token] = {"developer_id": developer["id"], "used": False}
        self.emails.append({"to": email, "kind": "verify-email", "token": token, "portal_id": portal["id"]})
        return developer

    def _redeem(self, tokens: dict[str, Item], token: str) -> Item:
        entry = tokens.get(token)
        if entry is None:
            raise NotFound()
        if entry["used"]:
            raise Gone("This link was already used")
        entry["used"] = True
        return self.developers[entry["developer_id"]]

    def verify_email(self, portal_id: str, token: str) -> Item:
        developer = self._redeem(self.verify_tokens, token)
        if developer["portal_id"] != portal_id:
            raise NotFound()
        developer["email_verified"] = True
        reset = str(uuid.uuid4())
        self.reset_tokens[reset] = {"developer_id": developer["id"], "used": False}
        return {"email": developer["email"], "token": reset}

    def set_password(self, portal_id: str, token: str, password: str) -> None:
        developer = self._redeem(self.reset_tokens, token)
        if developer["portal_id"] != portal_id:
            raise NotFound()
        developer["password"] = digest(password, developer["salt"])
        developer["updated_at"] = now()

    def set_status(self, portal_id: str, developer_id: str, status: str) -> Item:
        developer = self.developer(portal_id, developer_id)
        developer["status"] = status
        developer["updated_at"] = now()
        return developer

    def forget_developer(self, developer_id: str) -> None:
        self.developers.pop(developer_id, None)
        for token in [t for t, owner in self.sessions.items() if owner == developer_id]:
            del self.sessions[token]

    def authenticate(self, portal_id: str, username: str, password: str) -> str:
        """A new session token, or Konnect's 401s: invalid credentials, or approval still required."""
        developer = next(
            (d for d in self.developers.values() if d["portal_id"] == portal_id and d["email"] == username), None
        )
        if (
            developer is None
            or developer["password"] is None
            or developer["password"] != digest(password, developer["salt"])
        ):
            raise Unauthorized("Invalid Credentials", "Invalid credentials")
        if developer["status"] != "approved":
            raise Unauthorized("Approval Required", "Your account is pending approval for access.")
        token = secrets.token_urlsafe(24)
        self.sessions[token] = developer["id"]
        return token

    def open_session(self, developer_id: str) -> str:
        token = secrets.token_urlsafe(24)
        self.sessions[token] = developer_id
        return token

    def sso_developer(self, portal_id: str, email: str, full_name: str) -> Item:
        """The developer an SSO sign-in is for: found by email, or signed up (SSO developers are approved)."""
        found = next(
            (d for d in self.developers.values() if d["portal_id"] == portal_id and d["email"] == email.lower()), None
        )
        if found is not None:
            return found
        stamp = now()
        developer: Item = {
            "id": str(uuid.uuid4()),
            "portal_id": portal_id,
            "email": email.lower(),
            "full_name": full_name,
            "status": "approved",
            "email_verified": True,
            "password": None,
            "salt": secrets.token_hex(8),
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.developers[developer["id"]] = developer
        return developer

    def session(self, portal_id: str, cookie: str | None) -> Item:
        """The developer behind a `portalaccesstoken` cookie of this portal."""
        developer = self.developers.get(self.sessions.get(cookie or "", ""))
        if developer is None or developer["portal_id"] != portal_id or developer["status"] != "approved":
            raise Unauthorized("Unauthorized", "Unauthorized")
        return developer

    # --- applications -------------------------------------------------------------------------------------

    def application(self, app_id: str, developer: Item | None = None, portal_id: str | None = None) -> Item:
        app = self.applications.get(app_id)
        if (
            app is None
            or (developer and app["developer_id"] != developer["id"])
            or (portal_id and app["portal_id"] != portal_id)
        ):
            raise NotFound()
        return app

    def add_application(self, developer: Item, body: Item, strategy_id: str, client: Item, app_id: str) -> Item:
        stamp = now()
        app = {
            "id": app_id,
            "portal_id": developer["portal_id"],
            "developer_id": developer["id"],
            "name": body["name"],
            "description": body.get("description"),
            "redirect_uri": body.get("redirect_uri"),
            "auth_strategy_id": strategy_id,
            "scopes": list(body.get("scopes") or []),
            "client_id": client.get("client_id"),
            "grant_id": client.get("grant_id"),
            "labels": {},
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.applications[app_id] = app
        return app

    def drop_application(self, app_id: str) -> None:
        self.applications.pop(app_id, None)
        for reg_id in [r for r, reg in self.registrations.items() if reg["application_id"] == app_id]:
            del self.registrations[reg_id]

    # --- registrations ------------------------------------------------------------------------------------

    def registration(self, reg_id: str, app_id: str) -> Item:
        found = self.registrations.get(reg_id)
        if found is None or found["application_id"] != app_id:
            raise NotFound()
        return found

    def register(self, app: Item, api_id: str, status: str) -> Item:
        if any(r["application_id"] == app["id"] and r["api_id"] == api_id for r in self.registrations.values()):
            raise Conflict("API is already registered to the application")
        stamp = now()
        reg = {
            "id": str(uuid.uuid4()),
            "application_id": app["id"],
            "api_id": api_id,
            "status": status,
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.registrations[reg["id"]] = reg
        return reg

    def registrations_of(self, app_id: str) -> list[Item]:
        return [r for r in self.registrations.values() if r["application_id"] == app_id]

    def forget_portal(self, portal_id: str) -> list[Item]:
        """Everything of a deleted portal goes; returns its applications (their IdP clients must go too)."""
        apps = [a for a in self.applications.values() if a["portal_id"] == portal_id]
        for app in apps:
            self.drop_application(app["id"])
        for dev_id in [d for d, dev in self.developers.items() if dev["portal_id"] == portal_id]:
            del self.developers[dev_id]
        return apps

    def inventory(self) -> dict[str, Any]:
        return {
            "developers": [self.developer_view(d) for d in self.developers.values()],
            "portal_applications": list(self.applications.values()),
            "registrations": list(self.registrations.values()),
        }
