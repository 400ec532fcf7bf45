"""`verify`'s Dev Portal checks: every strategy is published on an API of a portal that lets developers sign in,
the portal's developer API answers at `portal_url`, and (on the sandbox, or when asked) a developer's whole round
trip works (trial.py). Each returns what it found or raises CheckFailed."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from ..config import EnvironmentConfig
from ..konnect.client import KonnectClient
from ..konnect.errors import NotFoundError
from .checks import CheckFailed
from .inbox import NO_INBOX, Mailbox
from .stack import StackView
from .trial import Step, Trial, TrialFailed

__all__ = ["portal_answers", "published", "round_trip", "sign_in"]

DECLARE = "declare `portal` and `apis` in the stack config, then `pulumi up` (README: Dev Portal)"


def published(konnect: KonnectClient, outputs: dict[str, Any]) -> str:
    """A strategy published nowhere lets no developer register: the console click this project replaces."""
    portal_id = outputs.get("portal_id")
    if not portal_id:
        raise CheckFailed("a portal with the strategies published", "the stack declares no portal", DECLARE)
    try:
        portal = konnect.get(f"/v3/portals/{portal_id}") or {}
    except NotFoundError:
        raise CheckFailed(f"portal {portal_id}", "missing in Konnect", "run `pulumi up`") from None
    if not portal.get("authentication_enabled"):
        raise CheckFailed(
            "authentication_enabled on the portal",
            f"portal {portal.get('name')} lets no developer sign in",
            "set portal.authenticationEnabled: true (the default), then `pulumi up`",
        )
    used: dict[str, list[str]] = {}
    for api_name, api_id in (outputs.get("api_ids") or {}).items():
        try:
            publication = konnect.get(f"/v3/apis/{api_id}/publications/{portal_id}") or {}
        except NotFoundError:
            continue
        for strategy_id in publication.get("auth_strategy_ids") or []:
            used.setdefault(strategy_id, []).append(api_name)
    strategies: dict[str, str] = outputs.get("strategy_ids") or {}
    unused = [name for name, sid in strategies.items() if sid not in used]
    if unused:
        raise CheckFailed(
            "each strategy published on at least one API of the portal",
            f"published on no API: {', '.join(unused)}",
            "name the strategy in an apis[] entry (`strategy:`), then `pulumi up`",
        )
    return "; ".join(f"{name} on {', '.join(used[sid])}" for name, sid in strategies.items())


def portal_answers(outputs: dict[str, Any], verify_tls: Any = True) -> str:
    """Without a session the Portal API answers 401 with a problem body (200 if it lets anyone list strategies)."""
    url = outputs.get("portal_url")
    if not url:
        raise CheckFailed("a portal_url output", "the stack declares no portal", DECLARE)
    reply = httpx.get(f"{url}/api/v3/application-auth-strategies", timeout=15, verify=verify_tls)
    if reply.status_code not in (200, 401) or "json" not in reply.headers.get("content-type", ""):
        raise CheckFailed(
            "200 or 401 with a JSON body from GET /api/v3/application-auth-strategies",
            f"{reply.status_code} {reply.headers.get('content-type', 'without a content type')}",
            "check the portal's domain: portal_url is https://<canonical_domain> of the portal",
        )
    return f"{url} answers ({reply.status_code} without a session)"


def round_trip(
    stack: StackView,
    konnect: KonnectClient,
    mailbox: Mailbox | None,
    email: str | None,
    verify_tls: Any = True,
    sandbox: bool = False,
) -> str:
    """The trial (trial.py) as one check. `mailbox` brings the emailed token: the sandbox lists it; from a real
    inbox (`email`) a person pastes it."""
    if mailbox is None:
        raise CheckFailed(
            "an inbox for the verification email",
            NO_INBOX,
            "pass --email <an inbox you can read> with --round-trip, in a terminal",
        )
    steps: list[Step] = []
    try:
        trial = Trial(stack, konnect, mailbox, verify_tls=verify_tls, sandbox=sandbox)
        if email:
            trial.email = email
        trial.run(steps.append)
    except TrialFailed as exc:
        raise CheckFailed(
            "sign-up, app with DCR, registration, token, deletion", f"{exc.step}: {exc.reason}", "see `make try`"
        ) from None
    failed = [s for s in steps if not s.ok]
    if failed:
        raise CheckFailed("the trial to clean up after itself", failed[0].detail, "delete it in the Konnect console")
    return ", ".join(s.name for s in steps if s.name not in ("portal", "cleaned up"))


def sign_in(
    konnect: KonnectClient, auth0: httpx.Client, admin_token: str, env: EnvironmentConfig, outputs: dict[str, Any]
) -> str:
    """With `portal.signIn`: the portal's OIDC identity provider trusts the stack's tenant, its client is an Auth0 app
    whose callbacks hold the portal's sign-in redirect URI, and the portal's settings let developers sign in with it.
    The app is read with the admin app's token (it may read clients)."""
    portal_id, url = outputs.get("portal_id"), str(outputs.get("portal_url") or "").rstrip("/")
    listed: Any = konnect.request("GET", f"/v3/portals/{portal_id}/identity-providers")  # an array, not a page
    idp = next((i for i in listed or [] if i.get("type") == "oidc"), None)
    if idp is None or not idp.get("enabled"):
        raise CheckFailed("an enabled OIDC identity provider on the portal", "none", "run `pulumi up`")
    config = idp.get("config") or {}
    if str(config.get("issuer_url", "")).rstrip("/") != env.issuer:
        raise CheckFailed(
            f"issuer {env.issuer}/ (the tenant)", str(config.get("issuer_url")), "run `pulumi up` to reset it"
        )
    settings = konnect.get(f"/v3/portals/{portal_id}/authentication-settings") or {}
    if not settings.get("oidc_auth_enabled"):
        raise CheckFailed("oidc_auth_enabled in the portal's sign-in settings", "false", "run `pulumi up`")
    client_id = str(config.get("client_id") or "")
    reply = auth0.get(
        f"/api/v2/clients/{quote(client_id, safe='')}",
        params={"fields": "name,app_type,callbacks"},
        headers={"Authorization": f"Bearer {admin_token}"},
    )
    if reply.status_code == 404:
        raise CheckFailed(f"Auth0 app {client_id} (the identity provider's client)", "no such app", "run `pulumi up`")
    reply.raise_for_status()
    app, callback = reply.json(), f"{url}/login"
    if callback not in (app.get("callbacks") or []):
        raise CheckFailed(
            f"{callback} among the Auth0 app's callbacks",
            f"callbacks {app.get('callbacks') or []}",
            "run `pulumi up`: the sign-in app's callbacks follow the portal's URL",
        )
    return f"{env.issuer}/ app {app.get('name')!r} ({client_id}) calls back to {callback}"
