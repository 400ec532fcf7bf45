"""The DCR policies: name, one-line description, default enforcement, the rule, and what its config accepts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .auth0_rules import admin_grant_exact, management_api_only_admin, secrets_are_secret
from .konnect_rules import issuer_matches_tenant, oidc_strategy, production_protection, strategy_published
from .portal_rules import portal_sign_in
from .view import Finding, Stack

__all__ = ["RULES", "Rule", "rule_named"]

_STRINGS = {"type": "array", "items": {"type": "string"}}


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    mandatory: bool
    check: Callable[[Stack, dict[str, Any]], list[Finding]]
    config: dict[str, dict[str, Any]] = field(default_factory=dict)


RULES: tuple[Rule, ...] = (
    Rule(
        "dcr-admin-grant-exact",
        "The DCR admin app's Management API grant is exactly the nine DCR permissions "
        "(+ read:resource_servers only with developer-managed scopes).",
        True,
        admin_grant_exact,
    ),
    Rule(
        "management-api-only-admin",
        "No client in the stack other than the DCR admin app is granted Management API scopes.",
        True,
        management_api_only_admin,
    ),
    Rule(
        "dcr-issuer-matches-tenant",
        "The DCR provider's issuer is https://<the stack's Auth0 tenant or custom domain> with no trailing slash; "
        "initial_client_audience only with a custom domain.",
        True,
        issuer_matches_tenant,
        {"customDomains": _STRINGS},
    ),
    Rule(
        "dcr-oidc-strategy",
        "Each openid_connect strategy with a DCR provider asks for openid, uses the azp credential claim, sends "
        "the API audience and references a DCR provider of this stack.",
        True,
        oidc_strategy,
        {"credentialClaims": _STRINGS},
    ),
    Rule(
        "portal-sign-in-app",
        "A portal's OIDC identity provider trusts this stack's Auth0 tenant; its Auth0 app holds no Management API "
        "grant and calls back over https (plain http only on a loopback host: the sandbox).",
        True,
        portal_sign_in,
        {"customDomains": _STRINGS},
    ),
    Rule(
        "secrets-are-secret",
        "Secrets (initial_client_secret, dcr_token, api_key, client secrets, Action secrets) are Pulumi secrets.",
        True,
        secrets_are_secret,
    ),
    Rule(
        "production-protection",
        "In production stacks the DCR provider and the admin app are protected and the rename Action is on.",
        False,
        production_protection,
        {"productionStacks": _STRINGS},
    ),
    Rule(
        "dcr-strategy-published",
        "Each DCR strategy is published on at least one API, so developers can register with it.",
        False,
        strategy_published,
    ),
)


def rule_named(name: str) -> Rule:
    return next(r for r in RULES if r.name == name)
