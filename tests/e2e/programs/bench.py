"""Benchmark program: one DCR provider, N auth strategies using it, M Auth0 APIs (config `dcr-e2e:bench`)."""

import pulumi
import pulumi_auth0 as auth0

from dcr_components.konnect import KonnectAuthStrategy, KonnectDcrProvider

spec = pulumi.Config().get_object("bench") or {}
strategies, apis = int(spec.get("strategies", 0)), int(spec.get("apis", 0))
if strategies:
    provider = KonnectDcrProvider(
        "bench-dcr", name="bench-dcr", provider_type="kongIdentity", issuer="https://issuer.bench.example"
    )
    for i in range(strategies):
        KonnectAuthStrategy(
            f"bench-strategy-{i}",
            name=f"bench-{i}",
            display_name=f"Bench {i}",
            strategy_type="openid_connect",
            dcr_provider_id=provider.id,
            configs={
                "openid-connect": {
                    "issuer": "https://issuer.bench.example",
                    "credential_claim": ["azp"],
                    "scopes": ["openid"],
                    "auth_methods": ["client_credentials"],
                }
            },
        )
for i in range(apis):
    auth0.ResourceServer(f"bench-api-{i}", identifier=f"https://api{i}.bench.example", name=f"Bench API {i}")
