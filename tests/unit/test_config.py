"""The stack config schema: valid configs parse; every invalid one names the key and the rule."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from dcr_components.config import ConfigError, parse_config
from tests.unit.test_components import CONFIG


def with_change(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(CONFIG)
    target: Any = data
    *parents, last = path.split(".")
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is ...:
        del target[last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return data


def test_a_minimal_config_derives_issuer_and_audiences() -> None:
    env = parse_config(CONFIG)
    assert env.issuer == "https://acme.eu.auth0.com"
    assert env.management_audience == "https://acme.eu.auth0.com/api/v2/"
    assert env.initial_client_audience is None
    assert env.admin_app_name == "Konnect Portal DCR Admin"
    assert env.strategies[0].credential_claim == ["azp"]


def test_a_custom_domain_becomes_the_issuer_and_needs_the_management_audience() -> None:
    env = parse_config({**CONFIG, "customDomain": "login.acme.example"})
    assert env.issuer == "https://login.acme.example"
    assert env.initial_client_audience == "https://acme.eu.auth0.com/api/v2/"


@pytest.mark.parametrize(
    ("path", "value", "line"),
    [
        (
            "auth0Domain",
            "https://acme.eu.auth0.com/",
            "konnect-auth0-dcr:dcr.auth0Domain: must be a bare host[:port] without scheme, path or trailing slash, e.g. acme.eu.auth0.com",
        ),
        ("auth0Domain", ..., "konnect-auth0-dcr:dcr.auth0Domain: Field required"),
        ("api.name", "<API>", "konnect-auth0-dcr:dcr.api.name: must not contain '<' or '>' (Auth0 rejects them)"),
        (
            "strategies",
            [],
            "konnect-auth0-dcr:dcr.strategies: List should have at least 1 item after validation, not 0",
        ),
        (
            "strategies.0.scopes",
            ["delete:orders"],
            "konnect-auth0-dcr:dcr.strategies.0.scopes: ['delete:orders'] are not scopes of the API 'https://api.acme.example/dcr'",
        ),
        (
            "labels",
            {"konnect-env": "dev"},
            "konnect-auth0-dcr:dcr.labels: label key 'konnect-env' must not start with kong, konnect, mesh, kic or _",
        ),
        (
            "renameAction",
            {"enabled": True, "runtime": "node16"},
            "konnect-auth0-dcr:dcr.renameAction.runtime: String should match pattern '^node(18|22)$'",
        ),
        ("colour", "blue", "konnect-auth0-dcr:dcr.colour: Extra inputs are not permitted"),
    ],
)
def test_invalid_config_names_the_key_and_the_rule(path: str, value: Any, line: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(with_change(path, value))
    assert f"  {line}" in str(info.value).splitlines()


def test_every_problem_is_reported_at_once() -> None:
    bad = {**CONFIG, "auth0Domain": "http://x/", "providerName": "", "strategies": []}
    with pytest.raises(ConfigError) as info:
        parse_config(bad)
    assert [p for p, _ in info.value.problems] == ["auth0Domain", "providerName", "strategies"]


@pytest.mark.parametrize("stack", ["staging", "prod"])
def test_shipped_real_stack_files_stop_on_their_placeholders(stack: str) -> None:
    import yaml

    from tests.support.engine import ROOT

    raw = yaml.safe_load((ROOT / "stacks" / f"Pulumi.{stack}.yaml").read_text())["config"]["konnect-auth0-dcr:dcr"]
    with pytest.raises(ConfigError) as info:
        parse_config(raw)
    assert [p for p, _ in info.value.problems] == ["auth0Domain", "api.identifier"]


def test_the_dev_stack_file_is_a_valid_sandbox_environment() -> None:
    import yaml

    from tests.support.engine import ROOT

    raw = yaml.safe_load((ROOT / "stacks" / "Pulumi.dev.yaml").read_text())["config"]
    env = parse_config(raw["konnect-auth0-dcr:dcr"])
    assert env.issuer == "https://127.0.0.1:18412"
    assert raw["auth0:domain"] == env.auth0_domain
    assert "secure" in raw["auth0:apiToken"] and "secure" in raw["konnect:token"]
