"""Developers sign in to a portal through the Auth0 tenant: the Auth0 emulator runs the authorization code flow as
Auth0's Universal Login does (its ID tokens verified by PyJWT against the tenant's JWKS, as any relying party would),
and the Konnect emulator, as the portal's OIDC relying party, signs the developer in without a password and puts
them in the teams their groups map to."""

from __future__ import annotations

import ssl
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest

from tests.support.sandbox import RunningSandbox
from tests.support.tenant import mgmt

GROUPS_CLAIM = "https://portal.example/groups"
ACTION = f"""
exports.onExecutePostLogin = async (event, api) => {{
  api.idToken.setCustomClaim("{GROUPS_CLAIM}", (event.user.app_metadata || {{}}).groups || []);
}};
"""


def trust(auth0: RunningSandbox) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(auth0.ca_path))


def web_app(auth0: RunningSandbox, callback: str) -> dict[str, Any]:
    body = {
        "name": "Portal sign-in",
        "app_type": "regular_web",
        "callbacks": [callback],
        "allowed_logout_urls": [callback],
    }
    return dict(mgmt(auth0, "POST", "/clients", body).json())


def person(auth0: RunningSandbox, email: str, groups: list[str]) -> dict[str, Any]:
    body = {
        "email": email,
        "password": "Sign-in-pw-1",
        "connection": "Username-Password-Authentication",
        "app_metadata": {"groups": groups},
    }
    reply = mgmt(auth0, "POST", "/users", body)
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


def bind_groups_action(auth0: RunningSandbox) -> None:
    trigger = [{"id": "post-login", "version": "v3"}]
    action = mgmt(
        auth0, "POST", "/actions/actions", {"name": "groups", "code": ACTION, "supported_triggers": trigger}
    ).json()
    mgmt(auth0, "GET", f"/actions/actions/{action['id']}")  # built
    mgmt(auth0, "POST", f"/actions/actions/{action['id']}/deploy")
    bindings = {"bindings": [{"ref": {"type": "action_id", "value": action["id"]}, "display_name": "groups"}]}
    assert mgmt(auth0, "PATCH", "/actions/triggers/post-login/bindings", bindings).status_code == 200


def sign_in_at_auth0(auth0: RunningSandbox, start: str, email: str, password: str = "Sign-in-pw-1") -> str:
    """Follow the tenant's Universal Login from an authorization URL to the callback URL it sends the browser to."""
    tenant = httpx.Client(verify=trust(auth0), timeout=15)
    login = tenant.get(start).headers["location"]
    assert login.startswith("/u/login?state="), login
    page = tenant.get(f"{auth0.url}{login}")
    assert page.status_code == 200 and 'name="password"' in page.text
    resume = tenant.post(f"{auth0.url}{login}", data={"username": email, "password": password, "action": "default"})
    assert resume.status_code == 302, resume.text
    back = tenant.get(f"{auth0.url}{resume.headers['location']}")
    assert back.status_code == 302
    return str(back.headers["location"])


def test_the_tenant_signs_a_person_in_with_the_code_flow_and_its_id_token_verifies_with_its_jwks(
    auth0: RunningSandbox,
) -> None:
    callback = "https://portal.example/login"
    app = web_app(auth0, callback)
    person(auth0, "ann@example.com", ["acme-partners"])
    bind_groups_action(auth0)
    discovery = httpx.get(f"{auth0.url}/.well-known/openid-configuration", verify=trust(auth0)).json()
    assert discovery["issuer"] == f"https://{auth0.domain}/"
    start = f"{discovery['authorization_endpoint']}?response_type=code&client_id={app['client_id']}&redirect_uri={callback}&scope=openid%20email%20profile&state=xyz&nonce=n-1"
    back = urlsplit(sign_in_at_auth0(auth0, start, "ann@example.com"))
    assert f"{back.scheme}://{back.netloc}{back.path}" == callback
    query = parse_qs(back.query)
    assert query["state"] == ["xyz"]
    exchange = {
        "grant_type": "authorization_code",
        "code": query["code"][0],
        "redirect_uri": callback,
        "client_id": app["client_id"],
        "client_secret": app["client_secret"],
    }
    tokens = httpx.post(discovery["token_endpoint"], data=exchange, verify=trust(auth0)).json()
    keys = jwt.PyJWKClient(discovery["jwks_uri"], ssl_context=trust(auth0))
    claims = jwt.decode(
        tokens["id_token"],
        keys.get_signing_key_from_jwt(tokens["id_token"]).key,
        algorithms=["RS256"],
        audience=app["client_id"],
        issuer=discovery["issuer"],
    )
    assert (claims["email"], claims["nonce"], claims[GROUPS_CLAIM]) == ("ann@example.com", "n-1", ["acme-partners"])
    me = httpx.get(
        discovery["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        verify=trust(auth0),
    )
    assert me.json()["email"] == "ann@example.com"
    again = httpx.post(discovery["token_endpoint"], data=exchange, verify=trust(auth0))
    assert again.status_code == 403  # a code is used once


def test_a_wrong_callback_or_password_gets_no_code(auth0: RunningSandbox) -> None:
    app = web_app(auth0, "https://portal.example/login")
    person(auth0, "ann@example.com", [])
    tenant = httpx.Client(verify=trust(auth0))
    wrong = tenant.get(
        f"{auth0.url}/authorize?response_type=code&client_id={app['client_id']}&redirect_uri=https://evil.example/&scope=openid"
    )
    assert wrong.status_code == 400 and "Callback URL mismatch" in wrong.text
    start = f"{auth0.url}/authorize?response_type=code&client_id={app['client_id']}&redirect_uri=https://portal.example/login&scope=openid"
    login = tenant.get(start).headers["location"]
    refused = tenant.post(f"{auth0.url}{login}", data={"username": "ann@example.com", "password": "nope"})
    assert refused.status_code == 400 and "Wrong email or password" in refused.text


@pytest.mark.parametrize("mapped", [True, False])
def test_a_developer_signs_in_to_the_portal_through_auth0_and_lands_in_their_groups_teams(
    konnect: RunningSandbox, auth0: RunningSandbox, mapped: bool
) -> None:
    portal = konnect.api("POST", "/v3/portals", {"name": "sso-portal"}).json()
    base = f"/v3/portals/{portal['id']}"
    site = f"{konnect.url}/portal/{portal['canonical_domain']}"
    app = web_app(auth0, f"{site}/login")
    person(auth0, "ann@example.com", ["acme-partners"])
    bind_groups_action(auth0)
    config = {
        "issuer_url": auth0.url,
        "client_id": app["client_id"],
        "client_secret": app["client_secret"],
        "claim_mappings": {"groups": GROUPS_CLAIM},
    }
    idp = konnect.api("POST", f"{base}/identity-providers", {"type": "oidc", "enabled": True, "config": config}).json()
    team = konnect.api("POST", f"{base}/teams", {"name": "partners"}).json()
    konnect.api(
        "POST",
        f"{base}/identity-providers/{idp['id']}/team-group-mappings",
        {"team_id": team["id"], "group": "acme-partners"},
    )
    konnect.api(
        "PATCH", f"{base}/authentication-settings", {"basic_auth_enabled": False, "oidc_team_mapping_enabled": mapped}
    )

    browser = httpx.Client(timeout=15)
    start = browser.get(f"{site}/api/v3/developer/authenticate/sso")
    assert start.status_code == 302 and start.headers["location"].startswith(f"{auth0.url}/authorize?")
    callback = sign_in_at_auth0(auth0, start.headers["location"], "ann@example.com")
    assert callback.startswith(f"{site}/login?code=")
    landed = browser.get(callback)
    assert landed.status_code == 302 and landed.headers["location"] == f"/portal/{portal['canonical_domain']}/"
    assert "portalaccesstoken" in browser.cookies  # the session, kept by the browser
    me = browser.get(f"{site}/api/v3/developer/me").json()
    assert me["email"] == "ann@example.com"
    teams = browser.get(f"{site}/api/v3/developer/teams").json()["data"]
    assert [t["name"] for t in teams] == (["partners"] if mapped else [])
    (developer,) = konnect.api("GET", f"{base}/developers").json()["data"]
    assert developer["status"] == "approved"  # SSO developers are approved
