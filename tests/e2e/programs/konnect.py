"""e2e program: Konnect DCR providers and auth strategies declared from structured stack config.

config  konnect:serverUrl, konnect:token (secret)
        dcr-e2e:providers  {logical: {provider_type, name, issuer, dcr_config?, labels?, display_name?, adopt_id?,
                                       retain_on_delete?}}
        dcr-e2e:secrets    {logical: secret value} (secret; sent as the type's write-only field)
        dcr-e2e:strategies {logical: {name, display_name, strategy_type, configs, provider?, labels?, adopt_id?}}
"""

from functools import partial

import pulumi

from dcr_components.konnect import KonnectAuthStrategy, KonnectDcrProvider

SECRET_FIELD = {
    "auth0": "initial_client_secret",
    "azureAd": "initial_client_secret",
    "curity": "initial_client_secret",
    "okta": "dcr_token",
    "http": "api_key",
}


def secret_of(values: dict[str, str], key: str) -> str:
    return values[key]


config = pulumi.Config()
secrets = config.get_secret_object("secrets") or pulumi.Output.secret({})
providers = {}
for logical, spec in (config.get_object("providers") or {}).items():
    field = SECRET_FIELD.get(spec["provider_type"])
    value = secrets.apply(partial(secret_of, key=logical)) if field else None
    providers[logical] = KonnectDcrProvider(
        logical,
        name=spec["name"],
        provider_type=spec["provider_type"],
        issuer=spec["issuer"],
        dcr_config=spec.get("dcr_config"),
        display_name=spec.get("display_name"),
        labels=spec.get("labels"),
        adopt_id=spec.get("adopt_id"),
        initial_client_secret=value if field == "initial_client_secret" else None,
        dcr_token=value if field == "dcr_token" else None,
        api_key=value if field == "api_key" else None,
        opts=pulumi.ResourceOptions(retain_on_delete=bool(spec.get("retain_on_delete"))),
    )
    pulumi.export(f"provider_{logical}", providers[logical].id)

for logical, spec in (config.get_object("strategies") or {}).items():
    ref = spec.get("provider")
    strategy = KonnectAuthStrategy(
        logical,
        name=spec["name"],
        display_name=spec["display_name"],
        strategy_type=spec["strategy_type"],
        configs=spec["configs"],
        labels=spec.get("labels"),
        adopt_id=spec.get("adopt_id"),
        dcr_provider_id=providers[ref].id if ref else None,
    )
    pulumi.export(f"strategy_{logical}", strategy.id)
