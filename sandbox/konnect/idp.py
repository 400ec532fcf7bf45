"""What Konnect itself does at the IdP of an auth0 DCR provider, as the DCR admin app.

- verify: a token with the initial client credentials, then a probe client created and deleted;
- a developer's application: a token, `POST /clients` with the four `konnect_*` metadata keys, `POST /client-grants`
  to the strategy's audience; regenerating the secret rotates it at Auth0; deleting the application deletes both.
Auth0's own errors (e.g. insufficient_scope) come back unchanged, in IdpError.
"""

from __future__ import annotations

import contextlib
from typing import Any

import httpx

__all__ = ["IdpError", "audience_of", "create_client", "delete_client", "rotate_secret", "verify_auth0"]


class IdpError(Exception):
    def __init__(self, step: str, status: int, body: Any) -> None:
        self.step, self.status, self.body = step, status, body
        super().__init__(f"{step}: {status} {body}")


class Auth0Session:
    """The calls Konnect makes to an Auth0 tenant, as the DCR admin app."""

    def __init__(self, provider: dict[str, Any], verify: Any) -> None:
        config = provider["dcr_config"]
        self.issuer = provider["issuer"]
        self.http = httpx.Client(base_url=self.issuer, timeout=15, verify=verify)
        audience = config.get("initial_client_audience") or f"{self.issuer}/api/v2/"
        reply = self.http.post(
            "/oauth/token",
            json={
                "grant_type": "client_credentials",
                "audience": audience,
                "client_id": config.get("initial_client_id"),
                "client_secret": config.get("initial_client_secret"),
            },
        )
        self._check("token", reply)
        self.http.headers["Authorization"] = f"Bearer {reply.json()['access_token']}"

    @staticmethod
    def _check(step: str, reply: httpx.Response) -> None:
        if reply.status_code >= 400:
            try:
                body: Any = reply.json()
            except ValueError:
                body = reply.text
            raise IdpError(step, reply.status_code, body)

    def call(self, step: str, method: str, path: str, body: Any = None) -> Any:
        reply = self.http.request(method, f"/api/v2{path}", json=body)
        self._check(step, reply)
        return reply.json() if reply.content else None


def verify_auth0(provider: dict[str, Any], verify: Any) -> dict[str, Any]:
    try:
        session = Auth0Session(provider, verify)
        probe = session.call(
            "create probe application",
            "POST",
            "/clients",
            {"name": "konnect-dcr-verify", "app_type": "non_interactive", "grant_types": ["client_credentials"]},
        )
        session.call("delete probe application", "DELETE", f"/clients/{probe['client_id']}")
    except IdpError as exc:
        return {
            "status": "failed",
            "errors": [f"Unable to create the DCR application ({exc.step}: {exc.status} {exc.body})"],
        }
    except httpx.HTTPError as exc:
        return {
            "status": "failed",
            "errors": [f"Unable to reach the issuer {provider['issuer']}: {type(exc).__name__}"],
        }
    return {"status": "success", "errors": []}


def audience_of(strategy: dict[str, Any]) -> str | None:
    """The API audience a DCR strategy's applications are granted: its `audience` token POST argument."""
    config = strategy["configs"].get("openid-connect", {})
    names, values = config.get("token_post_args_names") or [], config.get("token_post_args_values") or []
    return dict(zip(names, values, strict=False)).get("audience")


def create_client(
    provider: dict[str, Any],
    verify: Any,
    *,
    name: str,
    metadata: dict[str, str],
    audience: str | None,
    scopes: list[str],
) -> dict[str, Any]:
    """An Auth0 client for a developer's application, granted `scopes` on `audience`; rolled back if the grant fails.

    Returns client_id, client_secret and grant_id; raises IdpError with Auth0's own answer, or httpx.HTTPError.
    """
    session = Auth0Session(provider, verify)
    body = {
        "name": name,
        "app_type": "non_interactive",
        "grant_types": ["client_credentials"],
        "client_metadata": metadata,
    }
    created = session.call("create client", "POST", "/clients", body)
    try:
        grant = session.call(
            "create client grant",
            "POST",
            "/client-grants",
            {"client_id": created["client_id"], "audience": audience, "scope": scopes},
        )
    except IdpError:
        with contextlib.suppress(IdpError):  # do not leave a half-made app behind in the IdP
            session.call("roll back client", "DELETE", f"/clients/{created['client_id']}")
        raise
    return {"client_id": created["client_id"], "client_secret": created["client_secret"], "grant_id": grant["id"]}


def delete_client(provider: dict[str, Any], verify: Any, client_id: str, grant_id: str | None) -> None:
    session = Auth0Session(provider, verify)
    if grant_id:
        session.call("delete client grant", "DELETE", f"/client-grants/{grant_id}")
    session.call("delete client", "DELETE", f"/clients/{client_id}")


def rotate_secret(provider: dict[str, Any], verify: Any, client_id: str) -> str:
    """A new client secret, made by Auth0 (`update:client_keys`)."""
    session = Auth0Session(provider, verify)
    return str(session.call("rotate client secret", "POST", f"/clients/{client_id}/rotate-secret")["client_secret"])
