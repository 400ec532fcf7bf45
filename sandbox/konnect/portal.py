"""What Konnect itself does with an auth0 DCR provider, acted out against the IdP named by its issuer.

- `verify`: get a token with the initial client credentials, create and delete a probe application.
- a developer "creates an application" in the portal with a DCR-backed strategy: token, POST /clients with the
  four konnect_* metadata keys, POST /client-grants to the strategy's audience; deleting the application
  deletes both. Auth0's own errors (e.g. insufficient_scope) come back unchanged.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

import httpx

from .models import KonnectBackend

__all__ = ["create_application", "delete_application", "verify_auth0"]


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
    config = strategy["configs"].get("openid-connect", {})
    names, values = config.get("token_post_args_names") or [], config.get("token_post_args_values") or []
    return dict(zip(names, values, strict=False)).get("audience")


def create_application(backend: KonnectBackend, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    strategy, provider = backend.dcr_provider_of(str(body.get("auth_strategy_id")))
    app_id = str(uuid.uuid4())
    metadata = {
        "konnect_portal_id": str(body.get("portal_id") or "portal-1"),
        "konnect_developer_id": str(body.get("developer_id") or "developer-1"),
        "konnect_org_id": "org-sandbox",
        "konnect_application_id": app_id,
    }
    scopes = [s for s in body.get("scopes") or strategy["configs"]["openid-connect"]["scopes"] if s != "openid"]
    created: dict[str, Any] | None = None
    try:
        session = Auth0Session(provider, backend.outbound_verify)
        created = session.call(
            "create client",
            "POST",
            "/clients",
            {
                "name": str(body.get("name") or "developer app"),
                "app_type": "non_interactive",
                "grant_types": ["client_credentials"],
                "client_metadata": metadata,
            },
        )
        grant = session.call(
            "create client grant",
            "POST",
            "/client-grants",
            {"client_id": created["client_id"], "audience": audience_of(strategy), "scope": scopes},
        )
    except IdpError as exc:
        if created is not None:  # do not leave a half-made app behind in the IdP
            with contextlib.suppress(IdpError):
                session.call("roll back client", "DELETE", f"/clients/{created['client_id']}")
        return 400, {"detail": f"DCR failed at {exc.step}", "idp_status": exc.status, "idp_error": exc.body}
    except httpx.HTTPError as exc:
        return 502, {"detail": f"Unable to reach the issuer {provider['issuer']}: {type(exc).__name__}"}
    backend.applications[app_id] = {
        "id": app_id,
        "auth_strategy_id": strategy["id"],
        "client_id": created["client_id"],
        "grant_id": grant["id"],
        "metadata": metadata,
    }
    # The secret is shown once, here, and never stored by Konnect.
    return 201, {
        "id": app_id,
        "client_id": created["client_id"],
        "client_secret": created["client_secret"],
        "audience": audience_of(strategy),
        "scopes": scopes,
    }


def delete_application(backend: KonnectBackend, app_id: str) -> tuple[int, dict[str, Any]]:
    app = backend.applications.get(app_id)
    if app is None:
        return 404, {"detail": "Not Found"}
    _strategy, provider = backend.dcr_provider_of(app["auth_strategy_id"])
    try:
        session = Auth0Session(provider, backend.outbound_verify)
        session.call("delete client grant", "DELETE", f"/client-grants/{app['grant_id']}")
        session.call("delete client", "DELETE", f"/clients/{app['client_id']}")
    except IdpError as exc:
        return 400, {"detail": f"DCR failed at {exc.step}", "idp_status": exc.status, "idp_error": exc.body}
    del backend.applications[app_id]
    return 204, {}
