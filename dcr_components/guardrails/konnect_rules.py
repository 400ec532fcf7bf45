"""Rules on the Konnect side: the DCR provider's issuer, the OIDC strategies, production protection, publication."""

from __future__ import annotations

from typing import Any

from .auth0_rules import admin_clients
from .values import is_known, reveal
from .view import (
    KONNECT_DCR_PROVIDER,
    KONNECT_PUBLICATION,
    KONNECT_STRATEGY,
    Finding,
    Res,
    Stack,
    host_of,
    management_tenant,
)

__all__ = ["dcr_strategies", "issuer_matches_tenant", "oidc_strategy", "production_protection", "strategy_published"]

RENAME_TRIGGER = "credentials-exchange"


def issuer_matches_tenant(stack: Stack, config: dict[str, Any]) -> list[Finding]:
    tenants = stack.tenant_domains()
    customs = stack.custom_domains(list(config.get("customDomains") or []))
    findings: list[Finding] = []
    for provider in stack.of_type(KONNECT_DCR_PROVIDER):
        if provider.plain("provider_type") != "auth0":
            continue
        issuer = provider.plain("issuer")
        audience = reveal(provider.get("dcr_config") or {}).get("initial_client_audience")
        if not isinstance(issuer, str) or not is_known(issuer):
            continue

        def report(message: str, provider: Res = provider) -> None:
            findings.append(Finding(provider.urn, message))

        if not issuer.startswith("https://"):
            report(f"issuer '{issuer}' must use https://")
            continue
        if issuer.endswith("/"):
            report(f"issuer '{issuer}' must not end with '/': use '{issuer.rstrip('/')}' (Konnect compares it exactly)")
            continue
        host = host_of(issuer)
        # Konnect's way for a custom domain is the issuer on it plus the tenant's Management API as the initial
        # client audience: that pair names the tenant itself (config `customDomain` makes exactly it), so it needs
        # no auth0.CustomDomain in this stack nor a repeat in the policy config.
        tied = host not in tenants and is_known(audience) and management_tenant(audience) in tenants
        if tenants and host not in tenants | customs and not tied:
            report(
                f"issuer host '{host}' is neither this stack's Auth0 tenant ({', '.join(sorted(tenants))}) nor a "
                "declared custom domain: use https://<tenant domain>, or declare the custom domain (an "
                "auth0.CustomDomain in the stack, or customDomains in the policy config)"
            )
        elif host in customs and not (is_known(audience) and management_tenant(audience)):
            report(
                f"issuer '{issuer}' is a custom domain: set dcr_config.initial_client_audience to the tenant's "
                "Management API identifier, https://<tenant domain>/api/v2/"
            )
        elif host in tenants and audience:
            report(
                "dcr_config.initial_client_audience is only for an issuer on a custom domain: remove it "
                f"(the issuer '{issuer}' is the tenant itself)"
            )
    return findings


def dcr_strategies(stack: Stack) -> list[Res]:
    return [
        s
        for s in stack.of_type(KONNECT_STRATEGY)
        if s.plain("strategy_type") == "openid_connect"
        and (s.get("dcr_provider_id") is not None or s.property_deps.get("dcr_provider_id"))
    ]


def oidc_strategy(stack: Stack, config: dict[str, Any]) -> list[Finding]:
    claims = set(config.get("credentialClaims") or ["azp"])
    providers = stack.of_type(KONNECT_DCR_PROVIDER)
    findings: list[Finding] = []
    for strategy in dcr_strategies(stack):
        oidc = reveal(strategy.get("configs") or {}).get("openid-connect") or {}
        problems: list[str] = []
        scopes = oidc.get("scopes")
        if is_known(scopes) and "openid" not in (scopes or []):
            problems.append("add 'openid' to configs.openid-connect.scopes")
        claim = oidc.get("credential_claim")
        if is_known(claim) and not claims & set(claim or []):
            problems.append(
                f"set configs.openid-connect.credential_claim to {sorted(claims)} (the DCR app's client id)"
            )
        names, values = oidc.get("token_post_args_names") or [], oidc.get("token_post_args_values") or []
        if is_known(names) and "audience" not in names:
            problems.append("send the API audience: token_post_args_names ['audience'] with the API identifier")
        elif is_known(names) and is_known(values) and not values[names.index("audience") :][:1]:
            problems.append("give the 'audience' token argument a value (the API identifier)")
        if not any(stack.refers_to(strategy, "dcr_provider_id", p, "id") for p in providers):
            problems.append("reference a DCR provider declared in this stack (dcr_provider_id=<provider>.id)")
        if problems:
            findings.append(Finding(strategy.urn, f"strategy '{strategy.name}': {'; '.join(problems)}"))
    return findings


def _production(stack: Stack, config: dict[str, Any]) -> bool:
    names = config.get("productionStacks") or ["prod", "production"]
    return stack.name in names


def production_protection(stack: Stack, config: dict[str, Any]) -> list[Finding]:
    if not _production(stack, config):
        return []
    renames = any(
        RENAME_TRIGGER in str(reveal(a.get("supportedTriggers"))) for a in stack.of_type("auth0:index/action:Action")
    )
    findings: list[Finding] = []
    for provider in stack.of_type(KONNECT_DCR_PROVIDER):
        keep = [provider, *admin_clients(stack, provider)]
        findings += [
            Finding(r.urn, f"'{r.name}' is not protected in production stack '{stack.name}': set protect=True")
            for r in keep
            if not r.protect
        ]
        if not renames:
            findings.append(
                Finding(
                    provider.urn,
                    f"production stack '{stack.name}' has no rename Action: turn it on (renameAction.enabled: true) "
                    "so DCR apps in Auth0 carry the portal application's name",
                )
            )
    return findings


def strategy_published(stack: Stack, config: dict[str, Any]) -> list[Finding]:
    publications = stack.of_type(KONNECT_PUBLICATION)
    findings: list[Finding] = []
    for strategy in dcr_strategies(stack):
        used = any(
            strategy.urn in p.property_deps.get("auth_strategy_ids", [])
            or (is_known(strategy.plain("id")) and strategy.plain("id") in (p.plain("auth_strategy_ids") or []))
            for p in publications
        )
        if not used:
            findings.append(
                Finding(
                    strategy.urn,
                    f"strategy '{strategy.name}' is published on no API, so no developer can register with it: "
                    "publish an API with it (apis[].strategy in the stack config)",
                )
            )
    return findings
