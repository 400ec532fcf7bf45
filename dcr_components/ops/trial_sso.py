"""The trial's developer on a portal that signs developers in with the stack's Auth0 tenant (`portal.signIn`): a
person of the tenant made for the trial (in its database connection, with the IdP groups of a team holding a role on
the API when there is one), signed in to the portal through Auth0 — no Konnect password — and removed afterwards.

The sign-in follows the tenant's login page as a browser would. A real tenant's Universal Login page is made for
people, not scripts, so the trial signs in this way on the sandbox only; elsewhere a portal that keeps basic auth
beside Auth0 is tried with a password, and one that does not is left to a person with a browser (the trial says so).
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urljoin

import httpx

from ..config import ApiEntry, EnvironmentConfig
from ..config_portal import TeamConfig
from .management import ManagementApi, management_api
from .portal_developer import PortalDeveloper
from .stack import StackView

__all__ = ["CONNECTION", "AuthZeroPerson", "expected_apis", "team_for"]

CONNECTION = "Username-Password-Authentication"


def team_for(env: EnvironmentConfig, api_key: str) -> TeamConfig | None:
    """The first team with IdP groups that holds a role on the API: the trial's person gets its first group."""
    teams = env.portal.teams if env.portal else []
    return next((t for t in teams if api_key in t.apis and t.groups), None)


def expected_apis(env: EnvironmentConfig, team: TeamConfig | None) -> tuple[list[str], list[str]]:
    """The stack's APIs a member of `team` sees in the portal, and those they must not see: a public API is seen by
    every signed-in developer; with RBAC on, a private one only through a team's role (RBAC off: every one)."""
    rbac = bool(env.portal and env.portal.rbac_enabled)

    def seen(api: ApiEntry) -> bool:
        return api.visibility == "public" or not rbac or (team is not None and api.resource_key in team.apis)

    return [a.name for a in env.apis if seen(a)], [a.name for a in env.apis if not seen(a)]


class AuthZeroPerson:
    """A person of the stack's tenant, for one trial: made, signed in to the portal, removed. The Management API is
    called with the stack's own Auth0 credentials (the admin app may not manage users)."""

    def __init__(self, stack: StackView, verify: Any = True) -> None:
        self.verify = verify
        self.api: ManagementApi = management_api(stack.env.auth0_domain, stack.config.get)
        self.user_id: str | None = None
        self.password = secrets.token_urlsafe(18) + "-Aa1"

    def make(self, email: str, name: str, groups: list[str]) -> None:
        body = {
            "email": email,
            "password": self.password,
            "connection": CONNECTION,
            "name": name,
            "email_verified": True,
            "app_metadata": {"groups": groups},
        }
        self.user_id = str(self.api.call("POST", "/users", body)["user_id"])

    def sign_in(self, dev: PortalDeveloper, email: str) -> None:
        """From the portal's SSO start to its session cookie, through the tenant's login page."""
        browser = httpx.Client(timeout=30, verify=self.verify)
        try:
            at = dev.sso_start()
            login = urljoin(at, browser.get(at).headers["location"])
            if browser.get(login).status_code != 200:
                raise RuntimeError("the tenant's login page did not answer")
            fields = {"username": email, "password": self.password, "action": "default"}
            resume = browser.post(login, data=fields)
            if resume.status_code != 302:
                raise RuntimeError(f"the tenant refused the sign-in ({resume.status_code})")
            back = browser.get(urljoin(login, resume.headers["location"]))
            callback = back.headers.get("location", "")
            if back.status_code != 302 or "code=" not in callback:
                raise RuntimeError(f"the tenant did not send the browser back with a code ({back.status_code})")
            dev.sso_finish(callback)
        finally:
            browser.close()

    def remove(self) -> None:
        if self.user_id:
            self.api.call("DELETE", f"/users/{self.user_id}")
            self.user_id = None

    def close(self) -> None:
        self.api.http.close()
