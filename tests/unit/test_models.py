"""Wire-model validation: valid shapes pass, each invalid one fails naming the field and the rule."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from dcr_components.konnect.auth_strategy import AuthStrategyProps
from dcr_components.konnect.dcr_provider import DcrProviderProps
from dcr_components.konnect.validation import describe_errors

AUTH0: dict[str, Any] = {
    "name": "dcr",
    "provider_type": "auth0",
    "issuer": "https://tenant.eu.auth0.com",
    "dcr_config": {"initial_client_id": "abc"},
    "initial_client_secret": "s3cret",
}
OIDC: dict[str, Any] = {
    "name": "oidc",
    "display_name": "OIDC",
    "strategy_type": "openid_connect",
    "configs": {
        "openid-connect": {
            "issuer": "https://tenant.eu.auth0.com",
            "credential_claim": ["azp"],
            "scopes": ["openid", "read"],
            "auth_methods": ["client_credentials"],
        }
    },
}


def errors_of(model: Any, data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return describe_errors(info.value)


@pytest.mark.parametrize(
    "extra",
    [
        {
            "provider_type": "auth0",
            "dcr_config": {
                "initial_client_id": "a",
                "initial_client_audience": "https://x/api/v2/",
                "use_developer_managed_scopes": True,
            },
        },
        {"provider_type": "azureAd", "issuer": "https://sts.windows.net/0b3c0d5e-1111-2222-3333-444455556666"},
        {"provider_type": "curity"},
        {"provider_type": "okta", "dcr_config": {}, "initial_client_secret": None, "dcr_token": "tok"},
        {
            "provider_type": "http",
            "dcr_config": {"dcr_base_url": "http://127.0.0.1:9/dcr"},
            "initial_client_secret": None,
            "api_key": "abcdefghijkl_0123",
        },
        {"provider_type": "kongIdentity", "dcr_config": {}, "initial_client_secret": None},
    ],
)
def test_every_provider_type_accepts_its_documented_shape(extra: dict[str, Any]) -> None:
    data = {**AUTH0, **extra}
    props = DcrProviderProps.model_validate({k: v for k, v in data.items() if v is not None})
    assert props.provider_type == extra["provider_type"]


def test_create_body_puts_the_write_only_secret_inside_dcr_config() -> None:
    body = DcrProviderProps.model_validate(AUTH0).create_body()
    assert body["dcr_config"] == {
        "initial_client_id": "abc",
        "initial_client_secret": "s3cret",
        "use_developer_managed_scopes": False,
    }
    assert "initial_client_secret" not in {k for k in body if k != "dcr_config"}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"issuer": "https://tenant.eu.auth0.com/"}, ("issuer", "must not end with a trailing slash")),
        ({"issuer": "http://tenant.eu.auth0.com"}, ("issuer", "must be an https:// URL with a host")),
        ({"name": ""}, ("name", "String should have at least 1 character")),
        ({"name": "n" * 257}, ("name", "String should have at most 256 characters")),
        (
            {"provider_type": "Auth0"},
            ("provider_type", "Input should be 'auth0', 'azureAd', 'curity', 'okta', 'http' or 'kongIdentity'"),
        ),
        (
            {"labels": {"kong-env": "dev"}},
            ("labels", "label key 'kong-env' must not start with kong, konnect, mesh, kic or _"),
        ),
        (
            {"labels": {"env": "-dev"}},
            (
                "labels",
                "label 'env' value must start and end with a letter or digit and hold only letters, digits, '-', '.', '_'",
            ),
        ),
        ({"labels": {"k" * 64: "v"}}, ("labels", f"label key {'k' * 64!r} must be 1-63 characters")),
        (
            {"labels": {f"k{i}": "v" for i in range(50)}},
            ("labels", "at most 49 labels are allowed (Konnect's 50, less the ownership label)"),
        ),
        ({"labels": {"pulumi-owner": "x"}}, ("labels", "label key 'pulumi-owner' is reserved for the ownership label")),
        ({"name": "dcr\u200b"}, ("name", "must not contain control, bidi or zero-width characters")),
        ({"display_name": " "}, ("display_name", "must not be empty")),
        ({"dcr_config": {}}, ("dcr_config.initial_client_id", "Field required")),
        (
            {"dcr_config": {"initial_client_id": "a", "bogus": 1}},
            ("dcr_config.bogus", "Extra inputs are not permitted"),
        ),
        (
            {"dcr_config": {"initial_client_id": "a", "initial_client_secret": "x"}},
            (
                "dcr_config.initial_client_secret",
                "pass it as the top-level secret input `initial_client_secret`, not inside dcr_config",
            ),
        ),
        ({"initial_client_secret": None}, ("initial_client_secret", "required for provider_type auth0")),
        ({"dcr_token": "t"}, ("dcr_token", "not used by provider_type auth0")),
    ],
)
def test_invalid_dcr_provider_input_names_field_and_rule(change: dict[str, Any], expected: tuple[str, str]) -> None:
    data = {k: v for k, v in {**AUTH0, **change}.items() if v is not None}
    assert expected in errors_of(DcrProviderProps, data)


def http_provider(api_key: str, issuer: str = "https://idp.example.com") -> dict[str, Any]:
    return {
        "name": "h",
        "provider_type": "http",
        "issuer": issuer,
        "dcr_config": {"dcr_base_url": "https://dcr.example.com"},
        "api_key": api_key,
    }


@pytest.mark.parametrize(
    ("api_key", "reason"),
    [
        ("short_key", "String should have at least 12 characters"),
        ("has-a-dash-in-it", "String should match pattern '^[a-zA-Z0-9_]+$'"),
        ("k" * 257, "String should have at most 256 characters"),
    ],
)
def test_http_api_key_pattern_and_length_are_enforced_without_echoing_it(api_key: str, reason: str) -> None:
    errors = errors_of(DcrProviderProps, http_provider(api_key))
    assert ("api_key", reason) in errors
    assert api_key not in repr(errors)


def test_oidc_strategy_accepts_extra_plugin_keys_flat_inside_openid_connect() -> None:
    data = {**OIDC, "configs": {"openid-connect": {**OIDC["configs"]["openid-connect"], "cache_tokens": True}}}
    body = AuthStrategyProps.model_validate(data).create_body()
    assert body["configs"]["openid-connect"]["cache_tokens"] is True
    assert list(body["configs"]) == ["openid-connect"]


@pytest.mark.parametrize(
    ("config_change", "expected"),
    [
        ({"scopes": ["read"]}, ("configs.openid-connect.scopes", "must include 'openid'")),
        (
            {"issuer": "https://tenant.eu.auth0.com/"},
            ("configs.openid-connect.issuer", "must not end with a trailing slash"),
        ),
        (
            {"credential_claim": ["c"] * 11},
            ("configs.openid-connect.credential_claim", "List should have at most 10 items after validation, not 11"),
        ),
        (
            {"auth_methods": ["bearer", "magic"]},
            (
                "configs.openid-connect.auth_methods.1",
                "Input should be 'authorization_code', 'bearer', 'client_credentials', 'introspection', "
                "'kong_oauth2', 'password', 'refresh_token', 'session' or 'userinfo'",
            ),
        ),
        (
            {"scopes": ["openid", "read orders"]},
            ("configs.openid-connect.scopes.1", "must be 1-128 characters without whitespace or control characters"),
        ),
    ],
)
def test_invalid_oidc_config_names_field_and_rule(config_change: dict[str, Any], expected: tuple[str, str]) -> None:
    data = {**OIDC, "configs": {"openid-connect": {**OIDC["configs"]["openid-connect"], **config_change}}}
    assert expected in errors_of(AuthStrategyProps, data)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"configs": {"key-auth": {}}},
            ("configs", "strategy_type openid_connect needs exactly one key, 'openid-connect'"),
        ),
        (
            {"strategy_type": "key_auth", "configs": {"key-auth": {"key_names": []}}},
            ("configs.key-auth.key_names", "List should have at least 1 item after validation, not 0"),
        ),
        (
            {"strategy_type": "key_auth", "configs": {"key-auth": {"ttl": {"value": 0, "unit": "days"}}}},
            ("configs.key-auth.ttl.value", "Input should be greater than or equal to 1"),
        ),
        (
            {"strategy_type": "key_auth", "configs": {"key-auth": {"ttl": {"value": 1, "unit": "months"}}}},
            ("configs.key-auth.ttl.unit", "Input should be 'days', 'weeks' or 'years'"),
        ),
        (
            {
                "strategy_type": "key_auth",
                "configs": {"key-auth": {}},
                "dcr_provider_id": "6c1a3a2e-9d3c-4a59-9b38-6a5f2a4c1d10",
            },
            ("dcr_provider_id", "only openid_connect strategies use a DCR provider"),
        ),
        ({"dcr_provider_id": "not-a-uuid"}, ("dcr_provider_id", "must be a UUID")),
        ({"strategy_type": "basic"}, ("strategy_type", "Input should be 'openid_connect' or 'key_auth'")),
    ],
)
def test_invalid_auth_strategy_input_names_field_and_rule(change: dict[str, Any], expected: tuple[str, str]) -> None:
    assert expected in errors_of(AuthStrategyProps, {**OIDC, **change})


def test_check_names_the_field_in_the_reason_so_the_engine_never_prints_the_value() -> None:
    from dcr_components.konnect import KonnectDcrProviderProvider

    news = http_provider("has-a-dash-so-invalid-but-secret", issuer="https://idp.example.com/")
    failures = KonnectDcrProviderProvider().check({}, news).failures
    assert [(f.property, f.reason) for f in failures] == [
        ("", "issuer: must not end with a trailing slash"),
        ("", "api_key: String should match pattern '^[a-zA-Z0-9_]+$'"),
    ]
