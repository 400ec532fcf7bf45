"""Konnect may add fields at any level of a response: reads, diffs, refreshes and updates stay clean, and outputs
carry only what we know. Every response goes through the emulator, then gains an unknown field in each object."""

from __future__ import annotations

import json
from typing import Any

import httpx

from dcr_components.konnect import (
    KonnectAuthStrategyProvider,
    KonnectClient,
    KonnectDcrProviderProvider,
    KonnectSettings,
)
from tests.support.contract import ContractChecker
from tests.support.data import AUTH0
from tests.support.results import outs
from tests.support.sandbox import KONNECT_TOKEN, RunningSandbox

EXTRA = "field_from_a_future_konnect"


def with_extras(value: Any) -> Any:
    """An unknown field in every object, nested ones included (labels are user data, not a schema level)."""
    if isinstance(value, list):
        return [with_extras(v) for v in value]
    if isinstance(value, dict):
        grown = {k: (v if k == "labels" else with_extras(v)) for k, v in value.items()}
        return {**grown, EXTRA: {"nested": True}}
    return value


class GrowingKonnect(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.grown = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        if not response.content or not response.headers.get("content-type", "").startswith("application/json"):
            return response
        self.grown += 1
        return httpx.Response(
            response.status_code, headers=response.headers, json=with_extras(json.loads(response.content))
        )


def connected(provider: Any, konnect: RunningSandbox, contract: ContractChecker | None) -> GrowingKonnect:
    app = contract.wrap(konnect.sandbox.app) if contract else konnect.sandbox.app
    transport = GrowingKonnect(httpx.WSGITransport(app=app))
    provider.connect(KonnectClient(KonnectSettings("http://konnect.test", KONNECT_TOKEN), transport=transport))
    return transport


def no_extras(value: Any) -> bool:
    return EXTRA not in json.dumps(value)


def test_unknown_fields_everywhere_leave_reads_diffs_and_updates_clean(
    konnect: RunningSandbox, contract: ContractChecker | None
) -> None:
    dcr, strategy = KonnectDcrProviderProvider(), KonnectAuthStrategyProvider()
    grown = connected(dcr, konnect, contract)
    connected(strategy, konnect, contract)
    created = dcr.create({**AUTH0, "owner_tag": "a" * 40})
    oidc = {
        "name": "oidc",
        "display_name": "OIDC",
        "strategy_type": "openid_connect",
        "dcr_provider_id": created.id,
        "configs": {
            "openid-connect": {
                "issuer": AUTH0["issuer"],
                "credential_claim": ["azp"],
                "scopes": ["openid"],
                "auth_methods": ["client_credentials"],
                "token_post_args_names": ["audience"],
                "token_post_args_values": ["https://api.example.com"],
            }
        },
        "principals": {"enabled": False},
        "owner_tag": "b" * 40,
    }
    made = strategy.create(oidc)
    assert grown.grown > 0
    for provider, result, declared in ((dcr, created, AUTH0), (strategy, made, oidc)):
        read = provider.read(result.id, outs(result))
        assert read.id == result.id and read.inputs is None, "an unknown field was taken for drift"
        assert no_extras(outs(read)) and no_extras(outs(result))
        assert provider.diff(result.id, outs(read), declared).changes is False
    konnect.clear_log()
    updated = dcr.update(created.id, outs(created), {**AUTH0, "name": "renamed"})
    assert konnect.writes() == [("PATCH", f"/v2/dcr-providers/{created.id}")]
    assert outs(updated)["name"] == "renamed" and no_extras(outs(updated))
    assert konnect.state()["dcr_providers"][0]["name"] == "renamed"
    # Drift in a known field is still seen through the noise.
    assert (
        konnect.api("PATCH", f"/v2/application-auth-strategies/{made.id}", {"display_name": "Changed"}).status_code
        == 200
    )
    read = strategy.read(made.id, outs(made))
    assert read.inputs is not None and read.inputs["display_name"] == "Changed"
    assert strategy.diff(made.id, outs(read), oidc).changes is True
