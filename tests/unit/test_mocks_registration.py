"""Pulumi mocks: the Konnect resources register with the right type, inputs and secretness (no provider runs)."""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.runtime import rpc

from tests.support.mocks import AuthMocks


@pulumi.runtime.test
def test_dcr_provider_registers_as_a_dynamic_konnect_resource(mocks: AuthMocks) -> pulumi.Output[Any]:
    from dcr_components.konnect import KonnectDcrProvider

    provider = KonnectDcrProvider(
        "dcr",
        name="dcr",
        provider_type="auth0",
        issuer="https://t.auth0.com",
        dcr_config={"initial_client_id": "id"},
        initial_client_secret="s3cret",
    )

    def check(urn: str) -> None:
        assert urn.endswith("$pulumi-python:dynamic/konnect:DcrProvider::dcr")
        (reg,) = mocks.registered
        assert reg.inputs["provider_type"] == "auth0"
        assert reg.inputs["dcr_config"] == {"initial_client_id": "id"}
        # Registered inside Pulumi's secret envelope: encrypted in state, masked in output.
        assert reg.inputs["initial_client_secret"] == {rpc._special_sig_key: rpc._special_secret_sig, "value": "s3cret"}
        assert "dcr_token" not in reg.inputs and "api_key" not in reg.inputs

    return provider.urn.apply(check)


@pulumi.runtime.test
def test_auth_strategy_registers_with_hyphenated_configs_and_the_provider_reference(
    mocks: AuthMocks,
) -> pulumi.Output[Any]:
    from dcr_components.konnect import KonnectAuthStrategy

    strategy = KonnectAuthStrategy(
        "oidc",
        name="oidc",
        display_name="OIDC",
        strategy_type="openid_connect",
        dcr_provider_id="pid",
        configs={
            "openid-connect": {
                "issuer": "https://t.auth0.com",
                "credential_claim": ["azp"],
                "scopes": ["openid"],
                "auth_methods": ["bearer"],
            }
        },
    )

    def check(urn: str) -> None:
        assert urn.endswith("$pulumi-python:dynamic/konnect:AuthStrategy::oidc")
        reg = next(r for r in mocks.registered if r.name == "oidc")
        assert list(reg.inputs["configs"]) == ["openid-connect"]
        assert reg.inputs["dcr_provider_id"] == "pid"

    return strategy.urn.apply(check)
