"""KonnectAuthStrategyProvider against the Konnect sandbox over real HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from dcr_components.konnect import ConflictError, KonnectAuthStrategyProvider
from tests.support.results import outs
from tests.support.sandbox import RunningSandbox, publish

ISSUER = "https://tenant.eu.auth0.com"


def dcr_provider(konnect: RunningSandbox) -> str:
    body = {
        "provider_type": "auth0",
        "name": "dcr",
        "issuer": ISSUER,
        "dcr_config": {"initial_client_id": "a", "initial_client_secret": "b"},
    }
    return str(konnect.api("POST", "/v2/dcr-providers", body).json()["id"])


def oidc(provider_id: str | None, **config: Any) -> dict[str, Any]:
    return {
        "name": "oidc",
        "display_name": "Client credentials",
        "strategy_type": "openid_connect",
        "dcr_provider_id": provider_id,
        "labels": {"env": "test"},
        "configs": {
            "openid-connect": {
                "issuer": ISSUER,
                "credential_claim": ["azp"],
                "scopes": ["openid", "read"],
                "auth_methods": ["client_credentials", "bearer"],
                **config,
            }
        },
    }


def stored(konnect: RunningSandbox, id_: str) -> dict[str, Any]:
    return next(s for s in konnect.state()["application_auth_strategies"] if s["id"] == id_)


def test_oidc_strategy_references_the_dcr_provider_which_turns_active(
    konnect: RunningSandbox, strategies: KonnectAuthStrategyProvider
) -> None:
    pid = dcr_provider(konnect)
    created = strategies.create(oidc(pid))
    assert outs(created)["dcr_provider_id"] == pid
    assert konnect.api("GET", f"/v2/dcr-providers/{pid}").json()["active"] is True
    assert konnect.api("GET", f"/v2/application-auth-strategies/{created.id}").json()["dcr_provider"]["id"] == pid


def test_extra_oidc_keys_travel_flat_and_come_back_equal(
    konnect: RunningSandbox, strategies: KonnectAuthStrategyProvider
) -> None:
    strategy = strategies
    created = strategy.create(oidc(None, cache_tokens=True))
    assert stored(konnect, created.id)["configs"]["openid-connect"]["cache_tokens"] is True
    read = strategy.read(created.id, outs(created))
    assert strategy.diff(created.id, outs(read), oidc(None, cache_tokens=True)).changes is False


def test_scope_change_and_extra_key_removal_patch_in_place(
    konnect: RunningSandbox, strategies: KonnectAuthStrategyProvider
) -> None:
    strategy = strategies
    created = strategy.create(oidc(None, cache_tokens=True))
    news = oidc(None)
    news["configs"]["openid-connect"]["scopes"] = ["openid", "read", "write"]
    assert strategy.diff(created.id, outs(created), news).replaces == []
    strategy.update(created.id, outs(created), news)
    config = stored(konnect, created.id)["configs"]["openid-connect"]
    assert config["scopes"] == ["openid", "read", "write"]
    assert "cache_tokens" not in config
    assert konnect.writes()[-1] == ("PATCH", f"/v2/application-auth-strategies/{created.id}")


def test_detaching_the_dcr_provider_sends_null(
    konnect: RunningSandbox, strategies: KonnectAuthStrategyProvider
) -> None:
    pid = dcr_provider(konnect)
    strategy = strategies
    created = strategy.create(oidc(pid))
    strategy.update(created.id, outs(created), oidc(None))
    assert stored(konnect, created.id)["dcr_provider_id"] is None
    assert konnect.api("GET", f"/v2/dcr-providers/{pid}").json()["active"] is False


def test_strategy_type_change_replaces(konnect: RunningSandbox, strategies: KonnectAuthStrategyProvider) -> None:
    strategy = strategies
    created = strategy.create(oidc(None))
    key_auth = {
        "name": "oidc",
        "display_name": "Keys",
        "strategy_type": "key_auth",
        "configs": {"key-auth": {"key_names": ["apikey"]}},
    }
    assert strategy.diff(created.id, outs(created), key_auth).replaces == ["strategy_type"]


def test_key_auth_strategy_round_trips_with_ttl(
    konnect: RunningSandbox, strategies: KonnectAuthStrategyProvider
) -> None:
    strategy = strategies
    props = {
        "name": "keys",
        "display_name": "Keys",
        "strategy_type": "key_auth",
        "configs": {"key-auth": {"key_names": ["apikey"], "ttl": {"value": 30, "unit": "days"}}},
    }
    created = strategy.create(props)
    read = strategy.read(created.id, outs(created))
    assert outs(read)["configs"] == props["configs"]
    assert strategy.diff(created.id, outs(read), props).changes is False


def test_delete_of_a_strategy_in_use_explains_the_conflict(
    konnect: RunningSandbox, strategies: KonnectAuthStrategyProvider
) -> None:
    strategy = strategies
    created = strategy.create(oidc(None))
    publish(konnect, created.id)
    with pytest.raises(
        ConflictError, match=r"is still in use: a product version or API publication in a portal uses it"
    ):
        strategy.delete(created.id, outs(created))


def test_adopting_a_strategy_by_id_patches_instead_of_posting(
    konnect: RunningSandbox, strategies: KonnectAuthStrategyProvider
) -> None:
    existing = konnect.api("POST", "/v2/application-auth-strategies", {**oidc(None), "name": "by-hand"}).json()
    konnect.clear_log()
    strategy = strategies
    adopted = strategy.create({**oidc(None), "adopt_id": existing["id"]})
    assert adopted.id == existing["id"]
    assert konnect.writes() == [("PATCH", f"/v2/application-auth-strategies/{existing['id']}")]
    assert stored(konnect, existing["id"])["name"] == "oidc"
