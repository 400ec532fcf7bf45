"""How a person signs in at the tenant (OpenID Connect, authorization code flow), the way Auth0's Universal Login
runs it: `GET /authorize` → 302 `/u/login?state=T` (the login page) → `POST /u/login?state=T` with email and
password → 302 `/authorize/resume?state=T` (post-login Actions run here) → 302 to the application's callback with
`code` and its `state`; then `POST /oauth/token` (grant `authorization_code`) answers an RS256 ID token that the
tenant's JWKS verifies, and an access token for `/userinfo`. The discovery document names every endpoint."""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from ..web import Request, Response
from .exceptions import OAuthError
from .models import Auth0Backend
from .runtime import run_post_login

__all__ = ["SignInResponses", "exchange_code"]

Item = dict[str, Any]
INTERACTIVE = ("regular_web", "spa", "native")
CODE_LIFETIME = 600
ID_TOKEN_LIFETIME = 36000


def html(status: int, body: str) -> Response:
    return Response(status, body, content_type="text/html; charset=utf-8")


def redirect(to: str) -> Response:
    return Response(302, None, headers={"Location": to})


def login_page(state: str, error: str = "") -> str:
    shown = f'<p class="error">{error}</p>' if error else ""
    return (
        "<!doctype html><html><head><title>Log in</title></head><body><h1>Log in</h1>"
        f'{shown}<form method="post" action="/u/login?state={state}">'
        '<input name="username" type="email" autocomplete="username">'
        '<input name="password" type="password" autocomplete="current-password">'
        '<button type="submit" name="action" value="default">Continue</button></form></body></html>'
    )


class SignInResponses:
    def __init__(self, backend: Auth0Backend, ca_path: Path | None) -> None:
        self.backend = backend
        self.ca_path = ca_path

    @property
    def issuer(self) -> str:
        return f"https://{self.backend.domain}/"

    def discovery(self, _req: Request) -> Response:
        base = f"https://{self.backend.domain}"
        return Response(
            200,
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{base}/authorize",
                "token_endpoint": f"{base}/oauth/token",
                "userinfo_endpoint": f"{base}/userinfo",
                "jwks_uri": f"{base}/.well-known/jwks.json",
                "end_session_endpoint": f"{base}/oidc/logout",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["HS256", "RS256", "PS256"],
                "scopes_supported": ["openid", "profile", "email", "offline_access"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "claims_supported": ["aud", "email", "email_verified", "exp", "iat", "iss", "name", "nickname", "sub"],
                "grant_types_supported": ["authorization_code", "client_credentials", "refresh_token"],
            },
        )

    def jwks(self, _req: Request) -> Response:
        return Response(200, self.backend.signing.jwks())

    def authorize(self, req: Request) -> Response:
        client = self.backend.clients.clients.get(req.arg("client_id") or "")
        if client is None or client.get("app_type") not in INTERACTIVE:
            return html(
                400, "<h1>Unknown client</h1><p>The client_id is not an application that people sign in to.</p>"
            )
        redirect_uri = req.arg("redirect_uri") or ""
        if redirect_uri not in (client.get("callbacks") or []):
            return html(
                400, f"<h1>Callback URL mismatch</h1><p>{redirect_uri} is not in the application's callbacks.</p>"
            )
        back = {"state": req.arg("state")} if req.arg("state") else {}
        if req.arg("response_type") != "code":
            return redirect(f"{redirect_uri}?{urlencode({'error': 'unsupported_response_type', **back})}")
        if "openid" not in (req.arg("scope") or "").split():
            return redirect(f"{redirect_uri}?{urlencode({'error': 'invalid_scope', **back})}")
        state = secrets.token_urlsafe(18)
        self.backend.logins[state] = {
            "client_id": client["client_id"],
            "redirect_uri": redirect_uri,
            "state": req.arg("state"),
            "nonce": req.arg("nonce"),
            "scope": req.arg("scope"),
            "user_id": None,
            "expires": time.time() + CODE_LIFETIME,
        }
        return redirect(f"/u/login?state={state}")

    def login(self, req: Request) -> Response:
        state = req.arg("state") or ""
        if state not in self.backend.logins:
            return html(400, "<h1>Invalid state</h1>")
        return html(200, login_page(state))

    def submit_login(self, req: Request) -> Response:
        state = req.arg("state") or ""
        login = self.backend.logins.get(state)
        if login is None:
            return html(400, "<h1>Invalid state</h1>")
        fields = dict(parse_qsl(req.body.decode()))
        user = self.backend.users.sign_in(fields.get("username", ""), fields.get("password", ""))
        if user is None:
            return html(400, login_page(state, "Wrong email or password"))
        login["user_id"] = user["user_id"]
        return redirect(f"/authorize/resume?state={state}")

    def resume(self, req: Request) -> Response:
        login = self.backend.logins.pop(req.arg("state") or "", None)
        if login is None or login["user_id"] is None:
            return html(400, "<h1>Invalid state</h1>")
        user = self.backend.users.user(login["user_id"])
        client = self.backend.clients.client(login["client_id"])
        back = {"state": login["state"]} if login["state"] else {}
        failure, id_claims = run_post_login(self.backend, user, client, self.ca_path)
        if failure is not None:
            error = {"error": "access_denied", "error_description": failure, **back}
            return redirect(f"{login['redirect_uri']}?{urlencode(error)}")
        code = secrets.token_urlsafe(24)
        self.backend.codes[code] = {**login, "id_claims": id_claims, "expires": time.time() + CODE_LIFETIME}
        return redirect(f"{login['redirect_uri']}?{urlencode({'code': code, **back})}")

    def userinfo(self, req: Request) -> Response:
        bearer = req.headers.get("authorization", "").removeprefix("Bearer ").strip()
        claims = self.backend.claims_of(bearer)
        if claims is None or f"{self.issuer}userinfo" not in (claims.get("aud") or []):
            raise OAuthError(401, "invalid_token", "Unauthorized")
        user = self.backend.users.user(claims["sub"])
        return Response(
            200, {"sub": user["user_id"], **{k: user[k] for k in ("email", "email_verified", "name", "nickname")}}
        )

    def logout(self, req: Request) -> Response:
        client = self.backend.clients.clients.get(req.arg("client_id") or "")
        to = req.arg("returnTo") or ""
        if client is None or to not in (client.get("allowed_logout_urls") or []):
            return html(400, "<h1>Logout URL mismatch</h1>")
        return redirect(to)


def exchange_code(backend: Auth0Backend, client: Item, body: Item) -> Item:
    """`POST /oauth/token` with grant_type authorization_code: the tokens of a finished sign-in, once."""
    login = backend.codes.pop(str(body.get("code")), None)
    if login is None or login["expires"] < time.time() or login["client_id"] != client["client_id"]:
        raise OAuthError(403, "invalid_grant", "Invalid authorization code")
    if body.get("redirect_uri") != login["redirect_uri"]:
        raise OAuthError(403, "invalid_grant", "redirect_uri does not match the one of the authorization request")
    user = backend.users.user(login["user_id"])
    issued, issuer = int(time.time()), f"https://{backend.domain}/"
    claims = {
        "iss": issuer,
        "sub": user["user_id"],
        "aud": client["client_id"],
        "iat": issued,
        "exp": issued + ID_TOKEN_LIFETIME,
        **{k: user[k] for k in ("email", "email_verified", "name", "nickname")},
        **({"nonce": login["nonce"]} if login["nonce"] else {}),
        **login["id_claims"],
    }
    scope = login["scope"] or "openid"
    access = backend.issue_user_token(user["user_id"], [f"{issuer}userinfo"], scope)
    return {
        "access_token": access,
        "id_token": backend.signing.sign(claims),
        "scope": scope,
        "expires_in": 86400,
        "token_type": "Bearer",
    }
