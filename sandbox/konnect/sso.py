"""A developer signing in to a portal through its OIDC identity provider, as Konnect does it (the relying party):

1. `GET <portal>/api/v3/developer/authenticate/sso` reads the IdP's discovery document and answers 302 to its
   authorization endpoint (code flow, the IdP's scopes, a state and a nonce of its own);
2. the IdP signs the person in and sends them back to `<portal>/login?code=…&state=…` (the portal's sign-in redirect
   URI: `https://<domain>/login` on Konnect, `<base>/portal/<domain>/login` on the sandbox);
3. there Konnect exchanges the code with the IdP's client id and secret, verifies the ID token (RS256 against the
   IdP's JWKS; issuer, audience, nonce, expiry), reads the mapped claims (name, email, groups), signs the developer
   up or in (SSO developers are approved), puts them in the teams their groups map to when team mapping is on, and
   answers 302 to the portal's home with the session cookie.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from urllib.parse import urlencode

import httpx
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from ..web import Request, Response
from .exceptions import BadRequest, KonnectProblem, issue
from .models import Item, KonnectBackend
from .site_responses import COOKIE

__all__ = ["SsoResponses", "verify_id_token"]


def _b64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify_id_token(token: str, jwks: Item, issuer: str, audience: str, nonce: str) -> Item:
    """The claims of an RS256 ID token the IdP's JWKS verifies; ValueError naming what is wrong otherwise."""
    try:
        head, body, signature = token.split(".")
        header, claims = json.loads(_b64(head)), json.loads(_b64(body))
    except ValueError:
        raise ValueError("the ID token is not a JWT") from None
    if header.get("alg") != "RS256":
        raise ValueError(f"the ID token is signed with {header.get('alg')}, not RS256")
    key = next((k for k in jwks.get("keys", []) if k.get("kid") == header.get("kid")), None)
    if key is None:
        raise ValueError("no key of the IdP's JWKS signed the ID token")
    public = rsa.RSAPublicNumbers(int.from_bytes(_b64(key["e"]), "big"), int.from_bytes(_b64(key["n"]), "big"))
    try:
        public.public_key().verify(_b64(signature), f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    except Exception:
        raise ValueError("the ID token's signature does not verify") from None
    if str(claims.get("iss", "")).rstrip("/") != issuer.rstrip("/"):
        raise ValueError("the ID token comes from another issuer")
    if claims.get("aud") != audience and audience not in (claims.get("aud") or []):
        raise ValueError("the ID token is for another client")
    if claims.get("nonce") != nonce or float(claims.get("exp", 0)) < time.time():
        raise ValueError("the ID token is stale or not this sign-in's")
    return dict(claims)


class SsoFailed(KonnectProblem):
    def __init__(self, detail: str) -> None:
        super().__init__(400, "SSO Failed", detail)


class SsoResponses:
    def __init__(self, backend: KonnectBackend) -> None:
        self.backend = backend
        self.pending: dict[str, Item] = {}  # state -> the sign-in it belongs to

    def portal(self, req: Request) -> Item:
        return self.backend.catalog.portal_by_domain(req.params["domain"])

    def callback_url(self, req: Request) -> str:
        return f"http://{req.headers.get('host', '')}/portal/{req.params['domain']}/login"

    def discovery(self, idp: Item) -> Item:
        url = f"{idp['config']['issuer_url'].rstrip('/')}/.well-known/openid-configuration"
        reply = httpx.get(url, timeout=15, verify=self.backend.outbound_verify)
        reply.raise_for_status()
        return dict(reply.json())

    def start(self, req: Request) -> Response:
        found = self.portal(req)
        idp = self.backend.access.enabled_idp(found["id"], "oidc")
        if idp is None:
            raise BadRequest([issue("portal", "no OIDC identity provider is enabled for this portal", "invalid")])
        try:
            endpoints = self.discovery(idp)
        except httpx.HTTPError as exc:
            raise SsoFailed(f"Unable to reach the identity provider: {type(exc).__name__}") from None
        state, nonce = secrets.token_urlsafe(18), secrets.token_urlsafe(18)
        self.pending[state] = {"portal_id": found["id"], "idp_id": idp["id"], "nonce": nonce, "endpoints": endpoints}
        query = {
            "response_type": "code",
            "client_id": idp["config"]["client_id"],
            "redirect_uri": self.callback_url(req),
            "scope": " ".join(idp["config"]["scopes"]),
            "state": state,
            "nonce": nonce,
        }
        return Response(302, None, headers={"Location": f"{endpoints['authorization_endpoint']}?{urlencode(query)}"})

    def finish(self, req: Request) -> Response:
        found = self.portal(req)
        started = self.pending.pop(req.arg("state") or "", None)
        if started is None or started["portal_id"] != found["id"]:
            raise SsoFailed("Unknown or used sign-in state")
        if req.arg("error"):
            raise SsoFailed(
                f"The identity provider refused the sign-in: {req.arg('error_description') or req.arg('error')}"
            )
        idp = self.backend.access.mine(self.backend.access.idps, found["id"], started["idp_id"])
        claims = self.claims(req, idp, started)
        mapping = idp["config"]["claim_mappings"]
        email = claims.get(mapping.get("email", "email"))
        if not isinstance(email, str):
            raise SsoFailed("The ID token carries no email claim")
        developer = self.backend.developers.sso_developer(
            found["id"], email, str(claims.get(mapping.get("name", "name")) or email)
        )
        if self.backend.access.authentication(found["id"])["oidc_team_mapping_enabled"]:
            groups = claims.get(mapping.get("groups", "groups")) or []
            self.backend.access.map_member(found["id"], idp["id"], developer["id"], [str(g) for g in groups])
        session = self.backend.developers.open_session(developer["id"])
        home = f"/portal/{req.params['domain']}/"
        cookie = f"{COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax"
        return Response(302, None, headers={"Location": home, "Set-Cookie": cookie})

    def claims(self, req: Request, idp: Item, started: Item) -> Item:
        endpoints, config = started["endpoints"], idp["config"]
        try:
            reply = httpx.post(
                endpoints["token_endpoint"],
                data={
                    "grant_type": "authorization_code",
                    "code": req.arg("code") or "",
                    "redirect_uri": self.callback_url(req),
                    "client_id": config["client_id"],
                    "client_secret": config.get("client_secret") or "",
                },
                timeout=15,
                verify=self.backend.outbound_verify,
            )
            if reply.status_code != 200:
                raise SsoFailed(f"The identity provider refused the code: {reply.status_code} {reply.text[:200]}")
            jwks = httpx.get(endpoints["jwks_uri"], timeout=15, verify=self.backend.outbound_verify).json()
        except httpx.HTTPError as exc:
            raise SsoFailed(f"Unable to reach the identity provider: {type(exc).__name__}") from None
        try:
            return verify_id_token(
                str(reply.json().get("id_token")), jwks, config["issuer_url"], config["client_id"], started["nonce"]
            )
        except ValueError as exc:
            raise SsoFailed(str(exc)) from None
