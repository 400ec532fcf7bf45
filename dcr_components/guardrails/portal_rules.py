"""Rules on a portal's developer sign-in (`portal.signIn`): the portal's OIDC identity provider trusts this stack's
tenant, and its Auth0 app is a sign-in app only — a regular web app with no Management API grant, whose callbacks
are https (plain http only on a loopback host: the sandbox)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from .values import is_known, reveal
from .view import AUTH0_CLIENT, AUTH0_GRANT, Finding, Res, Stack, host_of, management_tenant

__all__ = ["KONNECT_IDENTITY_PROVIDER", "portal_sign_in"]

KONNECT_IDENTITY_PROVIDER = "pulumi-python:dynamic/konnect:PortalIdentityProvider"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _sign_in_apps(stack: Stack, idp: Res) -> list[Res]:
    found = stack.sources(idp, "client_id", AUTH0_CLIENT)
    client_id = idp.plain("client_id")
    if is_known(client_id) and client_id:
        found += [c for c in stack.of_type(AUTH0_CLIENT) if c.plain("clientId") == client_id and c not in found]
    return found


def _app_findings(stack: Stack, app: Res) -> list[Finding]:
    findings: list[Finding] = []
    for grant in stack.of_type(AUTH0_GRANT):
        tenant = management_tenant(grant.get("audience"))
        if tenant and stack.refers_to(grant, "clientId", app, "clientId"):
            findings.append(
                Finding(
                    grant.urn,
                    f"the portal's sign-in app '{app.name}' is granted Management API scopes on {tenant}: a sign-in "
                    "app signs people in and needs none; delete this grant",
                )
            )
    callbacks = app.plain("callbacks")
    for url in callbacks if isinstance(callbacks, list) else []:
        if not isinstance(url, str) or not is_known(url):
            continue
        parts = urlsplit(url)
        if parts.scheme != "https" and parts.hostname not in LOOPBACK:
            findings.append(
                Finding(
                    app.urn,
                    f"callback '{url}' of the portal's sign-in app '{app.name}' must use https:// (plain http only "
                    "on a loopback host, as on the sandbox): the authorization code travels in it",
                )
            )
    return findings


def portal_sign_in(stack: Stack, config: dict[str, Any]) -> list[Finding]:
    tenants = stack.tenant_domains() | stack.custom_domains(list(config.get("customDomains") or []))
    findings: list[Finding] = []
    for idp in stack.of_type(KONNECT_IDENTITY_PROVIDER):
        issuer = reveal(idp.get("issuer_url"))
        host = host_of(issuer)
        if host is not None and tenants and host not in tenants:
            findings.append(
                Finding(
                    idp.urn,
                    f"the portal's identity provider '{idp.name}' trusts '{issuer}', not this stack's Auth0 tenant "
                    f"({', '.join(sorted(tenants))}): developers must sign in with the tenant the DCR apps live in",
                )
            )
        for app in _sign_in_apps(stack, idp):
            findings += _app_findings(stack, app)
    return findings
