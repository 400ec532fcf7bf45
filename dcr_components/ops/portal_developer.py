"""A developer's client of a Dev Portal, written from Kong's Portal API v3 only: paths, bodies, status codes and
the `portalaccesstoken` cookie as the spec gives them, against a portal's base URL (`portal_url`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

__all__ = ["PortalDeveloper", "PortalError"]


class PortalError(Exception):
    def __init__(self, method: str, path: str, response: httpx.Response) -> None:
        self.status = response.status_code
        try:
            self.body: Any = response.json()
        except ValueError:
            self.body = response.text
        detail = self.body.get("detail") if isinstance(self.body, dict) else self.body
        super().__init__(f"{method} {path}: {self.status} {detail}")


class PortalDeveloper:
    """One developer's session with one portal (its cookie jar holds `portalaccesstoken` once logged in)."""

    def __init__(self, portal_url: str, verify: Any = True) -> None:
        self.http = httpx.Client(base_url=portal_url.rstrip("/"), timeout=30, verify=verify)

    def close(self) -> None:
        self.http.close()

    def call(self, method: str, path: str, expect: int, json: Any = None) -> Any:
        response = self.http.request(method, f"/api/v3{path}", json=json)
        if response.status_code != expect:
            raise PortalError(method, path, response)
        return response.json() if response.content else None

    # account: register, verify the emailed token, set a password, log in
    def sign_up(self, email: str, full_name: str) -> None:
        self.call("POST", "/developer", 201, {"email": email, "full_name": full_name})

    def verify_email(self, token: str) -> str:
        """The emailed token for a reset token, with which the password is set."""
        return str(self.call("POST", "/developer/verify-email", 202, {"token": token})["token"])

    def set_password(self, reset_token: str, password: str) -> None:
        self.call("POST", "/developer/reset-password", 204, {"token": reset_token, "password": password})

    def log_in(self, email: str, password: str) -> None:
        self.call("POST", "/developer/authenticate", 204, {"username": email, "password": password})

    def sso_start(self) -> str:
        """Where the portal sends the browser to sign in with its identity provider (its answer is a 302)."""
        response = self.http.get("/api/v3/developer/authenticate/sso")
        if response.status_code != 302:
            raise PortalError("GET", "/developer/authenticate/sso", response)
        return str(response.headers["location"])

    def sso_finish(self, callback_url: str) -> None:
        """The IdP's redirect back to the portal's sign-in URI: the portal answers with the session cookie."""
        response = self.http.get(callback_url)
        if response.status_code != 302 or "portalaccesstoken" not in self.http.cookies:
            raise PortalError("GET", "/login", response)

    def me(self) -> dict[str, Any]:
        return dict(self.call("GET", "/developer/me", 200))

    def teams(self) -> list[dict[str, Any]]:
        return list(self.call("GET", "/developer/teams", 200)["data"])

    def page(self, path: str) -> dict[str, Any]:
        """A published page by its path (`/` the home page)."""
        return dict(self.call("GET", f"/pages/{quote(path.strip('/') or '/', safe='')}", 200))

    # discovery
    def apis(self) -> list[dict[str, Any]]:
        return list(self.call("GET", "/apis", 200)["data"])

    def strategies(self) -> list[dict[str, Any]]:
        return list(self.call("GET", "/application-auth-strategies", 200)["data"])

    def actions(self, api_id_or_slug: str) -> dict[str, bool]:
        return dict(self.call("GET", f"/apis/{api_id_or_slug}/actions", 200)["actions"])

    # applications and their registrations
    def create_application(self, name: str, auth_strategy_id: str, **extra: Any) -> dict[str, Any]:
        """Konnect registers the client at the IdP inside this call; the secret is in this answer only."""
        return dict(
            self.call("POST", "/applications", 201, {"name": name, "auth_strategy_id": auth_strategy_id, **extra})
        )

    def register(self, application_id: str, api_id: str) -> dict[str, Any]:
        return dict(self.call("POST", f"/applications/{application_id}/registrations", 201, {"api_id": api_id}))

    def registrations(self, application_id: str) -> list[dict[str, Any]]:
        return list(self.call("GET", f"/applications/{application_id}/registrations", 200)["data"])

    def regenerate_secret(self, application_id: str) -> dict[str, Any]:
        return dict(self.call("POST", f"/applications/{application_id}/regenerate-secret", 201))

    def delete_application(self, application_id: str) -> None:
        self.call("DELETE", f"/applications/{application_id}", 204)
