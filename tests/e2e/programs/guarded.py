"""e2e program for the policy pack: a DCR setup written with raw resources (as another team's program would be), with
one mistake chosen by config, so that each mandatory policy has a program that breaks it.

config  auth0:domain, konnect:serverUrl, konnect:token (secret), auth0:apiToken (secret)
        dcr-e2e:case  ok | extra-permission | other-client-grant | foreign-issuer | strategy-wrong-claim | plain-secret
"""

import pulumi
import pulumi_auth0 as auth0

from dcr_components.konnect import KonnectAuthStrategy, KonnectDcrProvider
from dcr_components.permissions import admin_permissions

case = pulumi.Config().get("case") or "ok"
domain = pulumi.Config("auth0").require("domain")
management = f"https://{domain}/api/v2/"
audience = "https://api.guarded.example.com/orders"

admin = auth0.Client(
    "admin-app", name="Guarded DCR admin", app_type="non_interactive", grant_types=["client_credentials"]
)
auth0.ClientGrant(
    "admin-grant",
    client_id=admin.client_id,
    audience=management,
    scopes=admin_permissions(False) + (["create:users"] if case == "extra-permission" else []),
)
credentials = auth0.ClientCredentials(
    "admin-credentials", client_id=admin.client_id, authentication_method="client_secret_post"
)
if case == "other-client-grant":
    reporting = auth0.Client(
        "reporting-app", name="Reporting", app_type="non_interactive", grant_types=["client_credentials"]
    )
    auth0.ClientGrant("reporting-grant", client_id=reporting.client_id, audience=management, scopes=["read:users"])
if case == "plain-secret":
    auth0.Action(
        "rename-action",
        name="Guarded rename",
        code="exports.onExecuteCredentialsExchange = async () => {};",
        supported_triggers=auth0.ActionSupportedTriggersArgs(id="credentials-exchange", version="v2"),
        secrets=[auth0.ActionSecretArgs(name="CLIENT_SECRET", value="typed-in-plain-text")],
    )

issuer = "https://someone-else.eu.auth0.com" if case == "foreign-issuer" else f"https://{domain}"
provider = KonnectDcrProvider(
    "dcr-provider",
    name="guarded-dcr",
    provider_type="auth0",
    issuer=issuer,
    dcr_config={"initial_client_id": admin.client_id},
    initial_client_secret=credentials.client_secret.apply(lambda s: s or ""),
)
oidc = {
    "issuer": issuer,
    "credential_claim": ["azp"],
    "scopes": ["openid", "read:orders"],
    "auth_methods": ["client_credentials", "bearer"],
    "token_post_args_names": ["audience"],
    "token_post_args_values": [audience],
}
if case == "strategy-wrong-claim":
    # Konnect accepts it, and every token then maps to the wrong application (and carries no API audience).
    oidc = {**oidc, "credential_claim": ["sub"], "token_post_args_names": [], "token_post_args_values": []}
KonnectAuthStrategy(
    "strategy",
    name="guarded-cc",
    display_name="Client credentials",
    strategy_type="openid_connect",
    dcr_provider_id=provider.id,
    configs={"openid-connect": oidc},
)
