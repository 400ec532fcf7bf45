"""A developer's round trip through a deployed environment's Dev Portal, for a person to watch (`make try`) and for
`verify` to prove: sign up, approval, log in, create an application (Konnect runs DCR at Auth0), register it for a
published API, get a token from Auth0 for the API's audience, see the Action's rename, delete the application and
see its Auth0 client go.

Only the contracts the actors have are used: the Portal API v3 at `portal_url` (PortalDeveloper) for the developer,
Konnect's admin API for what a portal admin would approve, Auth0's token endpoint and, with the admin app's own
credentials, its Management API to look at the client. What the trial created is deleted again, also when a step
fails. The application's secret is used, never printed.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from ..konnect.client import KonnectClient
from .inbox import Mailbox
from .portal_developer import PortalDeveloper
from .stack import StackView
from .tenant import client_credentials, jwt_claims, tenant
from .trial_leftovers import TRIAL_NAME, admin_token
from .trial_sso import AuthZeroPerson, expected_apis, team_for
from .trial_target import Step, Target, TrialFailed, one_line, target_of

__all__ = ["Step", "Target", "Trial", "TrialFailed", "target_of"]


@dataclass
class Trial:
    stack: StackView
    konnect: KonnectClient
    mailbox: Mailbox
    api_name: str | None = None
    email: str = field(default_factory=lambda: f"dcr-try-{secrets.token_hex(4)}@example.com")
    verify_tls: Any = True
    sandbox: bool = False
    """Konnect is the sandbox: a portal with `signIn` is signed in to through the tenant's login page (trial_sso)."""
    developer_id: str | None = field(default=None, init=False)
    # repr=False: these hold the developer's password, the app's secret and an admin token
    password: str = field(default="", init=False, repr=False)
    app: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    admin_token: str = field(default="", init=False, repr=False)
    interrupted: bool = field(default=False, init=False)
    """Set by a signal handler (the CLI's SIGTERM and Ctrl-C): the trial stops before its next step."""

    def run(self, say: Callable[[Step], None] = lambda step: None) -> list[Step]:
        """Every step in order, each told to `say` as it passes; the first failure raises TrialFailed. What the trial
        created is removed on the way out, also when `interrupted` stops it (KeyboardInterrupt)."""
        done: list[Step] = []
        self.target = target_of(self.stack, self.api_name)
        self.dev = PortalDeveloper(self.target.portal_url, verify=self.verify_tls)
        self.auth0 = tenant(self.stack.env, self.verify_tls)
        try:
            for name, action in self.steps():
                # Stopped between steps, never inside a request: an exception raised in the middle of one could
                # leave the HTTP client's connection pool locked, and the clean-up below would wait on it forever.
                if self.interrupted:
                    raise KeyboardInterrupt
                try:
                    step = Step(name, action())
                except TrialFailed:
                    raise
                except Exception as exc:  # every failure is reported as the step it stopped
                    raise TrialFailed(name, one_line(exc)) from None
                done.append(step)
                say(step)
        finally:
            for step in self.clean_up():
                say(step)
            self.dev.close()
            self.auth0.close()
        return done

    def steps(self) -> Iterator[tuple[str, Callable[[], str]]]:
        yield (
            "portal",
            lambda: f"{self.target.portal_url} publishes {self.target.api_name} ({self.target.strategy_name})",
        )
        if self.signs_in_with_auth0():
            yield "signed in with Auth0", self.sign_in_with_auth0
            yield "approved", self.approve_developer
            yield "sees its team's APIs", self.team_apis
        else:
            yield "signed up", self.sign_up
            yield "approved", self.approve_developer
            yield "logged in", self.log_in
        portal, existed = self.stack.env.portal, self.stack.env.existing.portal_id is not None
        if portal is not None and portal.name is not None and any(p.slug == "/" for p in portal.page_list(existed)):
            yield "home page", self.home_page
        yield "can register", self.can_register
        yield "app created", self.create_app
        yield "registered", self.register
        yield "token from Auth0", self.token
        if self.stack.env.rename_action.enabled:
            yield "renamed by the Action", self.renamed
        yield "app deleted", self.delete_app

    # ---- the developer's steps ---------------------------------------------------------------------------------

    def sign_up(self) -> str:
        self.dev.sign_up(self.email, TRIAL_NAME)  # with the address, what `try --clean-up` knows a trial's by
        self.developer_id = self.admin_developer()["id"]
        self.password = secrets.token_urlsafe(18) + "-Aa1"
        self.dev.set_password(self.dev.verify_email(self.mailbox(self.email)), self.password)
        return f"{self.email}, email verified, password set"

    def signs_in_with_auth0(self) -> bool:
        """A portal with `signIn` is tried through Auth0 on the sandbox; elsewhere with a password if it keeps basic
        auth, else not at all (a real tenant's login page is for a person with a browser)."""
        sign_in = self.stack.env.portal.sign_in if self.stack.env.portal else None
        if sign_in is None or (sign_in.basic_auth and not self.sandbox):
            return False
        if not self.sandbox:
            raise TrialFailed(
                "signed in with Auth0",
                f"the portal signs developers in with Auth0 only: sign in with a browser at {self.target.portal_url}"
                " (the trial signs in through the tenant's login page on the sandbox only)",
            )
        return True

    def sign_in_with_auth0(self) -> str:
        team = team_for(self.stack.env, self.target.api_key)
        self.person = AuthZeroPerson(self.stack, self.verify_tls)
        self.person.make(self.email, TRIAL_NAME, list(team.groups[:1]) if team else [])
        self.person.sign_in(self.dev, self.email)
        self.developer_id = self.admin_developer()["id"]
        groups = f" in group {team.groups[0]}" if team else ""
        return f"{self.email}{groups}, through {self.stack.env.auth0_domain}'s login (OIDC code flow, no password)"

    def team_apis(self) -> str:
        team = team_for(self.stack.env, self.target.api_key)
        seen = sorted(a["name"] for a in self.dev.apis())
        wanted, hidden = expected_apis(self.stack.env, team)
        if sorted(wanted) != seen:
            raise TrialFailed("sees its team's APIs", f"sees {seen or 'none'}, not {sorted(wanted)}")
        teams = [t["name"] for t in self.dev.teams()]
        if team is not None and team.name not in teams:
            raise TrialFailed("sees its team's APIs", f"in teams {teams or 'none'}, not {team.name}")
        shut = f"; not {', '.join(hidden)}" if hidden else ""
        return f"team {', '.join(teams) or '(none)'}: sees {', '.join(seen)}{shut}"

    def home_page(self) -> str:
        page = self.dev.page("/")
        return f"{page.get('title')!r}, {len(str(page.get('content') or ''))} characters of Markdown"

    def admin_developer(self) -> dict[str, Any]:
        listed = self.konnect.list_all(f"/v3/portals/{self.target.portal_id}/developers")
        return next(d for d in listed if d.get("email") == self.email)

    def approve_developer(self) -> str:
        if self.admin_developer().get("status") == "approved":
            return "by the portal (it auto-approves developers)"
        path = f"/v3/portals/{self.target.portal_id}/developers/{self.developer_id}"
        self.konnect.request("PATCH", path, json={"status": "approved"})
        return "by the portal admin (PATCH …/developers/{id})"

    def log_in(self) -> str:
        self.dev.log_in(self.email, self.password)
        return "session cookie portalaccesstoken set"

    def can_register(self) -> str:
        offered = {s["id"]: s.get("name") for s in self.dev.strategies()}
        if self.target.strategy_id not in offered:
            raise TrialFailed("can register", f"the portal does not offer strategy {self.target.strategy_name}")
        if not self.dev.actions(self.target.api_id).get("register"):
            raise TrialFailed("can register", f"{self.target.api_name} does not allow registration")
        return f"{offered[self.target.strategy_id]} is offered; {self.target.api_name} allows registration"

    def create_app(self) -> str:
        self.app = self.dev.create_application(f"dcr-try-{secrets.token_hex(3)}", self.target.strategy_id)
        return f"{self.app['name']}, Auth0 client id {self.app['client_id']} (its secret is shown once, not printed)"

    def register(self) -> str:
        registration = self.dev.register(self.app["id"], self.target.api_id)
        if registration["status"] == "approved":
            return f"{self.target.api_name}: approved (the publication auto-approves)"
        path = f"/v3/portals/{self.target.portal_id}/applications/{self.app['id']}/registrations/{registration['id']}"
        self.konnect.request("PATCH", path, json={"status": "approved"})
        return f"{self.target.api_name}: {registration['status']}, then approved by the portal admin"

    def token(self) -> str:
        audience = self.stack.env.api.identifier
        reply = client_credentials(self.auth0, audience, self.app["client_id"], self.app["client_secret"])
        if reply.status_code != 200:
            raise TrialFailed("token from Auth0", f"{reply.status_code} {reply.json().get('error_description', '')}")
        claims = jwt_claims(reply.json()["access_token"])
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if audience not in audiences:
            raise TrialFailed("token from Auth0", f"audience {claims['aud']}, not {audience}")
        return f"audience {audience}, scopes {claims.get('scope') or '(none)'}"

    def renamed(self) -> str:
        wanted = f"{self.target.portal_id}+{self.developer_id}+{self.app['id']}"
        reply = self.management("GET", f"/clients/{quote(self.app['client_id'], safe='')}?fields=name")
        if reply.status_code != 200 or reply.json().get("name") != wanted:
            raise TrialFailed("renamed by the Action", f"client name is not {wanted}")
        return wanted

    def delete_app(self) -> str:
        self.dev.delete_application(self.app["id"])
        client_id, self.app = self.app["client_id"], {}
        status = self.management("GET", f"/clients/{quote(client_id, safe='')}").status_code
        if status != 404:
            raise TrialFailed("app deleted", f"the Auth0 client {client_id} is still there ({status})")
        return f"Auth0 client {client_id} is gone"

    # ---- helpers -----------------------------------------------------------------------------------------------

    def management(self, method: str, path: str) -> httpx.Response:
        """The Management API with the admin app's own token (it may read clients: that is its job)."""
        if not self.admin_token:
            self.admin_token = admin_token(self.stack, self.auth0)
        return self.auth0.request(method, f"/api/v2{path}", headers={"Authorization": f"Bearer {self.admin_token}"})

    def clean_up(self) -> list[Step]:
        """The application (if a step failed before its deletion) and the developer account: nothing stays."""
        said: list[Step] = []
        if self.app:
            try:
                self.dev.delete_application(self.app["id"])
                said.append(Step("cleaned up", f"application {self.app['name']} deleted"))
            except Exception as exc:  # reported; the developer's deletion below still runs
                said.append(Step("clean-up", f"application {self.app['id']}: {one_line(exc)}", ok=False))
        if self.developer_id:
            try:
                self.konnect.request("DELETE", f"/v3/portals/{self.target.portal_id}/developers/{self.developer_id}")
                said.append(Step("cleaned up", f"developer {self.email} deleted"))
            except Exception as exc:  # reported, like the one above
                said.append(Step("clean-up", f"developer {self.developer_id}: {one_line(exc)}", ok=False))
        person = getattr(self, "person", None)
        if person is not None:
            try:
                person.remove()
                said.append(Step("cleaned up", f"Auth0 user {self.email} deleted"))
            except Exception as exc:  # reported, like the ones above
                said.append(Step("clean-up", f"Auth0 user {self.email}: {one_line(exc)}", ok=False))
            person.close()
        return said
