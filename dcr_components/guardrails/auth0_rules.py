"""Rules on the Auth0 side: the admin app's Management API grant, no other Management API client, secret inputs."""

from __future__ import annotations

from typing import Any

from ..permissions import admin_permissions
from .values import Secret, is_known, reveal
from .view import (
    ADMIN_APP_COMPONENT,
    AUTH0_CLIENT,
    AUTH0_GRANT,
    AUTH0_PROVIDER,
    KONNECT_DCR_PROVIDER,
    Finding,
    Res,
    Stack,
    inside,
    management_tenant,
)

__all__ = ["admin_clients", "admin_grant_exact", "management_api_only_admin", "secrets_are_secret"]


def admin_clients(stack: Stack, provider: Res) -> list[Res]:
    """The Auth0 clients a DCR provider uses as its admin app (`dcr_config.initial_client_id`)."""
    found = stack.sources(provider, "dcr_config", AUTH0_CLIENT)
    initial = reveal(provider.get("dcr_config") or {}).get("initial_client_id")
    if is_known(initial) and initial:
        found += [c for c in stack.of_type(AUTH0_CLIENT) if c.plain("clientId") == initial and c not in found]
    return found


def component_admins(stack: Stack) -> list[Res]:
    """The clients of the library's AdminApp components (with or without a DCR provider in this stack)."""
    return [c for c in stack.of_type(AUTH0_CLIENT) if inside(c, ADMIN_APP_COMPONENT)]


def _grants_of(stack: Stack, client: Res) -> list[Res]:
    return [
        g
        for g in stack.of_type(AUTH0_GRANT)
        if management_tenant(g.get("audience")) and stack.refers_to(g, "clientId", client, "clientId")
    ]


def _admin_cases(stack: Stack) -> list[tuple[Res, bool | None]]:
    """Each admin app with whether developer-managed scopes are on (None: no DCR provider here says, either is right)."""
    cases: list[tuple[Res, bool | None]] = []
    for provider in stack.of_type(KONNECT_DCR_PROVIDER):
        if provider.plain("provider_type") != "auth0":
            continue
        developer_scopes = reveal(provider.get("dcr_config") or {}).get("use_developer_managed_scopes") is True
        cases += [(client, developer_scopes) for client in admin_clients(stack, provider)]
    seen = [c for c, _ in cases]
    return cases + [(c, None) for c in component_admins(stack) if c not in seen]


def _grant_finding(client: Res, grants: list[Res], developer_scopes: bool | None) -> list[Finding]:
    scopes = [reveal(g.get("scopes")) for g in grants]
    if not all(is_known(s) for s in scopes):
        return []
    granted = {s for group in scopes for s in (group or [])}
    if developer_scopes is None:
        # The Auth0 half alone: either of Konnect's two sets, the nearer one named when neither holds.
        if granted in (set(admin_permissions(False)), set(admin_permissions(True))):
            return []
        developer_scopes = "read:resource_servers" in granted
    expected = set(admin_permissions(developer_scopes))
    extra, missing = sorted(granted - expected), sorted(expected - granted)
    if not extra and not missing:
        return []
    why = "developer-managed scopes are on" if developer_scopes else "developer-managed scopes are off"
    parts = [f"remove {', '.join(extra)}"] if extra else []
    parts += [f"add {', '.join(missing)}"] if missing else []
    return [
        Finding(
            grant.urn,
            f"the DCR admin app '{client.name}' must hold exactly the {len(expected)} Management API "
            f"permissions Konnect needs ({why}): {' and '.join(parts)}",
        )
        for grant in grants
    ]


def admin_grant_exact(stack: Stack, config: dict[str, Any]) -> list[Finding]:
    findings: list[Finding] = []
    for client, developer_scopes in _admin_cases(stack):
        grants = _grants_of(stack, client)
        if grants:
            findings += _grant_finding(client, grants, developer_scopes)
            continue
        expected = sorted(admin_permissions(bool(developer_scopes)))
        findings.append(
            Finding(
                client.urn,
                f"the DCR admin app '{client.name}' has no Management API grant: grant it exactly {', '.join(expected)}",
            )
        )
    return findings


def management_api_only_admin(stack: Stack, config: dict[str, Any]) -> list[Finding]:
    admins = [c for p in stack.of_type(KONNECT_DCR_PROVIDER) for c in admin_clients(stack, p)]
    admins += component_admins(stack)
    findings: list[Finding] = []
    for grant in stack.of_type(AUTH0_GRANT):
        tenant = management_tenant(grant.get("audience"))
        if (
            not tenant
            or inside(grant, ADMIN_APP_COMPONENT)
            or any(stack.refers_to(grant, "clientId", admin, "clientId") for admin in admins)
        ):
            continue
        owners = stack.sources(grant, "clientId", AUTH0_CLIENT)
        who = f"client '{owners[0].name}'" if owners else "a client that is not the DCR admin app"
        findings.append(
            Finding(
                grant.urn,
                f"{who} is granted Management API scopes on {tenant}: only the DCR admin app may be; "
                "delete this grant or give the client a grant on your own API instead",
            )
        )
    return findings


# Inputs that must travel as Pulumi secrets, by resource type (a plain value lands in state and logs unencrypted).
SECRET_INPUTS: dict[str, tuple[str, ...]] = {
    KONNECT_DCR_PROVIDER: ("initial_client_secret", "dcr_token", "api_key"),
    "auth0:index/clientCredentials:ClientCredentials": ("clientSecret",),
    AUTH0_CLIENT: ("clientSecret",),
    AUTH0_PROVIDER: ("clientSecret", "apiToken"),
    "pulumi-python:dynamic/konnect:PortalIdentityProvider": ("client_secret",),
}


def _plain_action_secrets(res: Res) -> list[str]:
    secrets = res.get("secrets")
    if isinstance(secrets, Secret) or not isinstance(secrets, list):
        return []
    return [
        str(reveal(s).get("name")) for s in secrets if isinstance(s, dict) and not isinstance(s.get("value"), Secret)
    ]


def secrets_are_secret(stack: Stack, config: dict[str, Any]) -> list[Finding]:
    findings: list[Finding] = []
    for res in stack.resources:
        plain = [
            k
            for k in SECRET_INPUTS.get(res.type, ())
            if res.get(k) not in (None, "") and not isinstance(res.get(k), Secret)
        ]
        if res.type == "auth0:index/action:Action":
            plain += [f"secrets[{name}]" for name in _plain_action_secrets(res)]
        for key in plain:
            findings.append(
                Finding(
                    res.urn,
                    f"'{key}' of '{res.name}' is a plain value: pass it as a secret "
                    "(pulumi.Output.secret(…), or `pulumi config set --secret` and config.require_secret)",
                )
            )
    return findings
