"""The DCR environment of one stack, declared from its stack config (see stacks/Pulumi.<stack>.yaml)."""

import pulumi

from dcr_components.konnect import KonnectAuthStrategy, KonnectDcrProvider

config = pulumi.Config()
dcr = config.require_object("dcr")

provider = KonnectDcrProvider(
    "dcr-provider",
    name=dcr["name"],
    provider_type="auth0",
    issuer=dcr["issuer"],
    dcr_config={"initial_client_id": dcr["initialClientId"]},
    initial_client_secret=config.require_secret("initialClientSecret"),
    labels=dcr.get("labels"),
)
strategy = KonnectAuthStrategy(
    "oidc-strategy",
    name=f"{dcr['name']}-oidc",
    display_name="Client credentials",
    strategy_type="openid_connect",
    dcr_provider_id=provider.id,
    configs={
        "openid-connect": {
            "issuer": dcr["issuer"],
            "credential_claim": ["azp"],
            "scopes": ["openid", *dcr.get("scopes", [])],
            "auth_methods": ["client_credentials", "bearer"],
        }
    },
)
pulumi.export("dcr_provider_id", provider.id)
pulumi.export("auth_strategy_id", strategy.id)
