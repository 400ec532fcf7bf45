"""Preflight for a deployed environment: live checks against Auth0 and Konnect, one line each.

`python -m dcr_components verify --stack dev` reads the stack's config and outputs through the pulumi CLI, then
checks what a developer's app registration needs. Konnect is reached exactly as the providers reach it (settings from
`konnect:*` config, else KONNECT_TOKEN / KONNECT_REGION / KONNECT_SERVER_URL; KonnectClient with its retries and
typed errors). A check that needs another one is skipped, saying which, when that one did not pass. Secrets are used,
never printed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cached_property
from typing import Any
from urllib.parse import quote

from ..konnect.client import KonnectClient, KonnectSettings
from ..konnect.errors import KonnectConfigError, NotFoundError
from ..permissions import admin_permissions
from . import portal_checks
from .checks import Check, CheckFailed, attempt, bad_credentials
from .inbox import choose_mailbox, is_sandbox
from .stack import StackView
from .tenant import client_credentials, jwt_claims, tenant

__all__ = ["Verifier", "run_checks", "steps"]


class Verifier:
    def __init__(self, stack: StackView, verify_tls: Any = True) -> None:
        self.stack, self.env, self.verify_tls = stack, stack.env, verify_tls
        self.auth0 = tenant(self.env, verify_tls)
        self.admin_claims: dict[str, Any] = {}
        self.admin_access_token = ""
        self.provider: dict[str, Any] = {}
        self.strategies: list[dict[str, Any]] = []

    @cached_property
    def konnect(self) -> KonnectClient:
        """Built on first use, like the providers' client: a settings problem fails the Konnect checks only."""
        return KonnectClient(KonnectSettings.resolve(self.stack.config.get))

    def auth0_setting(self, key: str) -> str:
        """`auth0:<key>` from the stack config, else the AUTH0_* variable the auth0 provider reads too."""
        env_name = "AUTH0_" + "".join(f"_{c}" if c.isupper() else c.upper() for c in key)
        return str(self.stack.config.get(f"auth0:{key}") or os.environ.get(env_name) or "")

    def management_token(self) -> str:
        """What the Auth0 provider deploys with: auth0:apiToken, or a token for auth0:clientId/clientSecret (or
        their AUTH0_API_TOKEN / AUTH0_CLIENT_ID / AUTH0_CLIENT_SECRET variables)."""
        token = self.auth0_setting("apiToken")
        if token:
            return token
        reply = client_credentials(
            self.auth0, self.env.management_audience, self.auth0_setting("clientId"), self.auth0_setting("clientSecret")
        )
        if reply.status_code in (401, 403):
            raise bad_credentials("Auth0", "auth0:clientId / auth0:clientSecret", "set the deployer app's credentials")
        reply.raise_for_status()
        return str(reply.json()["access_token"])

    # ---- checks (each returns what it found, or raises CheckFailed) ------------------------------------

    def admin_token(self) -> str:
        # A JSON body on purpose, unlike tenant.client_credentials (form-encoded, as OAuth clients send it): this
        # check asks for the token the way Konnect asks for it with the admin app's credentials.
        reply = self.auth0.post(
            "/oauth/token",
            json={
                "grant_type": "client_credentials",
                "audience": self.env.management_audience,
                "client_id": self.stack.outputs["admin_client_id"],
                "client_secret": self.stack.outputs["admin_client_secret"],
            },
        )
        if reply.status_code == 401:
            raise bad_credentials(
                "Auth0",
                "the admin app's client id and secret (outputs admin_client_id / admin_client_secret)",
                "the secret was rotated outside Pulumi: `pulumi refresh` then `pulumi up` hands the new one to Konnect",
            )
        if reply.status_code != 200:
            raise CheckFailed(
                "an access token for the Management API",
                f"{reply.status_code} {reply.json().get('error_description', '')}",
                "check the admin app's grant; `pulumi up` restores it",
            )
        self.admin_access_token = str(reply.json()["access_token"])
        self.admin_claims = jwt_claims(self.admin_access_token)
        return f"token for {self.env.management_audience}"

    def grant_permissions(self) -> str:
        wanted = admin_permissions(self.env.developer_managed_scopes)
        granted = set(str(self.admin_claims.get("scope", "")).split())
        missing = [p for p in wanted if p not in granted]
        if missing:
            raise CheckFailed(
                ", ".join(wanted),
                f"missing {', '.join(missing)}",
                "`pulumi up` re-applies the grant; or add the permission to the admin app's Management API grant",
            )
        return f"{len(wanted)} permissions granted"

    def api_audience(self) -> str:
        identifier = self.env.api.identifier
        reply = self.auth0.get(
            f"/api/v2/resource-servers/{quote(identifier, safe='')}",
            headers={"Authorization": f"Bearer {self.management_token()}"},
        )
        if reply.status_code == 401:
            raise bad_credentials("Auth0", "auth0:apiToken", "set a valid Management API token (or clientId/secret)")
        if reply.status_code == 404:
            raise CheckFailed(f"an API with identifier {identifier}", "no such API", "run `pulumi up` to recreate it")
        reply.raise_for_status()
        have = {s["value"] for s in reply.json().get("scopes") or []}
        asked = {s for strategy in self.env.strategies for s in strategy.scopes if s != "openid"}
        missing = sorted(asked - have)
        if missing:
            raise CheckFailed(
                f"scopes {sorted(asked)}", f"missing {missing}", "run `pulumi up` to restore the API's scopes"
            )
        return f"{identifier} with {len(have)} scopes"

    def konnect_objects(self) -> str:
        """Read the DCR provider and every strategy once; the Konnect checks below use what this read."""
        try:
            self.provider = self.konnect.get(f"/v2/dcr-providers/{self.stack.outputs['dcr_provider_id']}") or {}
            self.strategies = [
                self.konnect.get(f"/v2/application-auth-strategies/{sid}") or {}
                for sid in self.stack.outputs["strategy_ids"].values()
            ]
        except NotFoundError as exc:
            raise CheckFailed(
                "the stack's DCR provider and strategies", f"missing in Konnect ({exc.path})", "run `pulumi up`"
            ) from None
        return f"DCR provider and {len(self.strategies)} strategies"

    def issuer(self) -> str:
        expected = self.env.issuer  # https and no trailing slash: the config schema enforces both
        seen = {"DCR provider": self.provider.get("issuer")}
        for strategy in self.strategies:
            seen[f"strategy {strategy.get('name')}"] = (
                (strategy.get("configs") or {}).get("openid-connect", {}).get("issuer")
            )
        wrong = {k: v for k, v in seen.items() if v != expected}
        if wrong:
            raise CheckFailed(
                expected,
                "; ".join(f"{k}: {v}" for k, v in wrong.items()),
                "issuers must match byte for byte (no trailing slash): `pulumi up` resets them",
            )
        return expected

    def konnect_verify(self) -> str:
        body = self.konnect.request("POST", f"/v2/dcr-providers/{self.stack.outputs['dcr_provider_id']}/verify") or {}
        if body.get("status") != "success":
            raise CheckFailed(
                "status success",
                f"{body.get('status')}: {'; '.join(body.get('errors') or [])}",
                "check the admin app's credentials and permissions, then `pulumi up`",
            )
        return "Konnect reports success"

    def strategy_shape(self) -> str:
        problems = []
        claims = {s.name: s.credential_claim for s in self.env.strategies}
        for strategy in self.strategies:
            oidc = (strategy.get("configs") or {}).get("openid-connect", {})
            if "openid" not in oidc.get("scopes", []):
                problems.append(f"{strategy.get('name')}: scopes {oidc.get('scopes')} lack openid")
            if oidc.get("credential_claim") != claims.get(str(strategy.get("name")), ["azp"]):
                problems.append(f"{strategy.get('name')}: credential_claim {oidc.get('credential_claim')}")
            if (strategy.get("dcr_provider") or {}).get("id") != self.stack.outputs["dcr_provider_id"]:
                problems.append(f"{strategy.get('name')}: not linked to the DCR provider")
        if problems:
            raise CheckFailed(
                "openid in scopes, the configured credential claim, linked to the DCR provider",
                "; ".join(problems),
                "run `pulumi up` to restore the strategies",
            )
        return f"{len(claims)} strategies"


KONNECT_READ = "Konnect holds the stack's DCR provider and strategies"
ADMIN_TOKEN = "admin app gets a Management API token"
ROUND_TRIP = "a developer's round trip (sign-up, app with DCR, registration, token, deletion)"


def steps(v: Verifier, trip: Callable[[], str] | None) -> list[tuple[str, Callable[[], str], tuple[str, ...]]]:
    """(name, check, names of the checks it needs)."""
    out = v.stack.outputs
    listed: list[tuple[str, Callable[[], str], tuple[str, ...]]] = [
        (ADMIN_TOKEN, v.admin_token, ()),
        ("admin grant holds the required permissions", v.grant_permissions, (ADMIN_TOKEN,)),
        ("API audience exists with the strategies' scopes", v.api_audience, ()),
        (KONNECT_READ, v.konnect_objects, ()),
        ("issuer in Konnect equals the tenant's, byte for byte", v.issuer, (KONNECT_READ,)),
        ("Konnect verifies the DCR provider", v.konnect_verify, (KONNECT_READ,)),
        ("OIDC strategies: openid, credential claim, DCR provider", v.strategy_shape, (KONNECT_READ,)),
        (
            "each strategy is published on an API of a portal with sign-in",
            lambda: portal_checks.published(v.konnect, out),
            (KONNECT_READ,),
        ),
        (
            "the portal's developer API answers at portal_url",
            lambda: portal_checks.portal_answers(out, v.verify_tls),
            (),
        ),
    ]
    if v.env.portal is not None and v.env.portal.sign_in is not None:
        listed.append(
            (
                "developers sign in with the tenant: the portal's IdP and the Auth0 app's callback",
                lambda: portal_checks.sign_in(v.konnect, v.auth0, v.admin_access_token, v.env, out),
                (ADMIN_TOKEN,),
            )
        )
    if trip is not None:  # a developer's round trip needs everything above: any failure would only repeat there
        listed.append((ROUND_TRIP, trip, tuple(name for name, _check, _needs in listed)))
    return listed


def round_trip_check(v: Verifier, round_trip: bool | None, email: str | None) -> Callable[[], str] | None:
    """The round trip runs by itself on the sandbox (its mailbox is an endpoint); elsewhere only when asked, and
    then a person reads the verification email at `email` and pastes its token."""
    if round_trip is False:
        return None
    try:
        base = v.konnect.base_url
    except KonnectConfigError:
        return None  # the Konnect checks report it
    sandbox = is_sandbox(base)
    if not (round_trip or sandbox):
        return None  # elsewhere only when asked
    mailbox = choose_mailbox(base, email, sandbox=sandbox)
    return lambda: portal_checks.round_trip(v.stack, v.konnect, mailbox, email, v.verify_tls, sandbox)


def run_checks(
    stack: StackView, verify_tls: Any = True, round_trip: bool | None = None, email: str | None = None
) -> list[Check]:
    """Every check, in order; `round_trip` None runs the developer round trip on the sandbox only, True anywhere
    (a real portal emails `email`), False never."""
    v = Verifier(stack, verify_tls)
    results: dict[str, Check] = {}
    for name, check, needs in steps(v, round_trip_check(v, round_trip, email)):
        blocked = [n for n in needs if not results[n].ok]
        if blocked:
            results[name] = Check(name, "skip", found=f"needs '{blocked[0]}', which did not pass")
        else:
            results[name] = attempt(name, check)
    return list(results.values())
