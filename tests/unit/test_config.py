"""The stack config schema: valid configs parse; every invalid one names the key and the rule."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from dcr_components.config import ConfigError, load_config, parse_config, provider_problems
from tests.support.data import ENVIRONMENT


def with_change(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(ENVIRONMENT)
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
    env = parse_config(ENVIRONMENT)
    assert env.issuer == "https://acme.eu.auth0.com"
    assert env.management_audience == "https://acme.eu.auth0.com/api/v2/"
    assert env.initial_client_audience is None
    assert env.admin_app_name is None  # DcrEnvironment names it after the environment
    assert env.strategies[0].resource_key == "cc"
    assert env.strategies[0].credential_claim == ["azp"]


def test_a_custom_domain_becomes_the_issuer_and_needs_the_management_audience() -> None:
    env = parse_config({**ENVIRONMENT, "customDomain": "login.acme.example"})
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
            ["read:orders", "delete:orders"],
            "konnect-auth0-dcr:dcr.strategies.0.scopes.1: not a scope of api.scopes",
        ),
        (
            "labels",
            {f"k{i}": "v" for i in range(50)},
            "konnect-auth0-dcr:dcr.labels: at most 49 labels are allowed (Konnect's 50, less the ownership label)",
        ),
        (
            "labels",
            {"pulumi-owner": "mine"},
            "konnect-auth0-dcr:dcr.labels: label key 'pulumi-owner' is reserved for the ownership label",
        ),
        (
            "strategies.0.authMethods",
            ["client_credentials", "magic"],
            "konnect-auth0-dcr:dcr.strategies.0.authMethods.1: Input should be 'authorization_code', 'bearer', "
            "'client_credentials', 'introspection', 'kong_oauth2', 'password', 'refresh_token', 'session' or 'userinfo'",
        ),
        ("strategies.0.displayName", "  ", "konnect-auth0-dcr:dcr.strategies.0.displayName: must not be empty"),
        (
            "strategies.0.name",
            "cc\u202egnp.exe",
            "konnect-auth0-dcr:dcr.strategies.0.name: must not contain control, bidi or zero-width characters",
        ),
        (
            "providerName",
            "acme\x00dev",
            "konnect-auth0-dcr:dcr.providerName: must not contain control, bidi or zero-width characters",
        ),
        (
            "api.identifier",
            "https://api.acme.example/dcr v2",
            "konnect-auth0-dcr:dcr.api.identifier: must not contain whitespace, control, bidi or zero-width characters",
        ),
        (
            "api.scopes.1.name",
            "write:\torders",
            "konnect-auth0-dcr:dcr.api.scopes.1.name: must not contain whitespace, control, bidi or zero-width characters",
        ),
        (
            "api.scopes.1",
            {"name": "read:orders"},
            "konnect-auth0-dcr:dcr.api.scopes.1: duplicate of an earlier entry",
        ),
        (
            "strategies.0.scopes",
            ["read:orders", "read:orders"],
            "konnect-auth0-dcr:dcr.strategies.0.scopes.1: duplicate of an earlier entry",
        ),
        (
            "strategies",
            [{"name": f"s{i}", "displayName": "S"} for i in range(501)],
            "konnect-auth0-dcr:dcr.strategies: List should have at most 500 items after validation, not 501",
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
    bad = {**ENVIRONMENT, "auth0Domain": "http://x/", "providerName": "", "strategies": []}
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


def test_strategy_names_and_keys_are_unique() -> None:
    twice = [{"name": "a", "displayName": "A"}, {"name": "b", "key": "a", "displayName": "B"}]
    with pytest.raises(ConfigError) as info:
        parse_config({**ENVIRONMENT, "strategies": twice})
    assert info.value.problems == [("strategies.key.1", "duplicate of an earlier entry")]


def test_no_message_echoes_the_value_it_rejects() -> None:
    secret = "sk_live_do_not_print_9f2c"
    bad = {
        **ENVIRONMENT,
        "providerName": f"{secret}\x07",
        "labels": {"env": f"{secret}!"},
        "api": {**ENVIRONMENT["api"], "identifier": f"{secret} x"},
    }
    with pytest.raises(ConfigError) as info:
        parse_config(bad)
    assert [p for p, _ in info.value.problems] == ["providerName", "api.identifier", "labels"]
    assert secret not in str(info.value)


@pytest.mark.parametrize(
    ("settings", "line"),
    [
        (
            {"auth0:domain": "other.eu.auth0.com"},
            "auth0:domain: must equal konnect-auth0-dcr:dcr.auth0Domain (the tenant the grants are for)",
        ),
        (
            {"konnect:serverUrl": "eu.api.konghq.com"},
            "konnect:serverUrl: must start with https:// (or http:// for a local sandbox)",
        ),
        ({"konnect:region": "mars"}, "konnect:region: must be one of us, eu, au, me, in, sg"),
    ],
)
def test_provider_keys_that_contradict_the_environment_are_named(settings: dict[str, str], line: str) -> None:
    problems = provider_problems(ENVIRONMENT["auth0Domain"], settings.get)
    assert f"  {line}" in str(ConfigError(problems)).splitlines()


def test_matching_provider_keys_pass() -> None:
    settings = {"auth0:domain": "acme.eu.auth0.com", "konnect:serverUrl": "https://eu.api.konghq.com"}
    assert provider_problems("acme.eu.auth0.com", settings.get) == []


def test_another_programs_namespace_is_read_and_every_problem_named_under_it_at_once(
    stack_config: Callable[[dict[str, Any]], None],
) -> None:
    stack_config({"acme:dcr": {**ENVIRONMENT, "providerName": ""}, "auth0:domain": "other.eu.auth0.com"})
    with pytest.raises(ConfigError) as info:
        load_config(namespace="acme")
    assert isinstance(info.value, pulumi.RunError)  # Pulumi shows the message alone, no traceback
    assert str(info.value).splitlines() == [
        "invalid stack config:",
        "  acme:dcr.providerName: String should have at least 1 character",
        "  auth0:domain: must equal acme:dcr.auth0Domain (the tenant the grants are for)",
    ]


def test_a_valid_environment_loads_from_another_namespace(stack_config: Callable[[dict[str, Any]], None]) -> None:
    stack_config({"acme:dcr": ENVIRONMENT, "auth0:domain": ENVIRONMENT["auth0Domain"]})
    assert load_config(namespace="acme").provider_name == ENVIRONMENT["providerName"]


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (
            {"portal": {}},
            "konnect-auth0-dcr:dcr.portal: set either name (to create a portal) or id (to use an existing one)",
        ),
        (
            {"portal": {"id": "4b1f9a56-0000-4000-8000-000000000000", "autoApproveDevelopers": True}},
            "konnect-auth0-dcr:dcr.portal.autoApproveDevelopers: only for a portal this stack creates (name)",
        ),
        (
            {"apis": [{"name": "Orders"}]},
            "konnect-auth0-dcr:dcr.portal: required to publish apis (set portal.name, or portal.id of an existing one)",
        ),
        (
            {"portal": {"name": "p"}, "apis": [{"name": "Orders", "strategy": "nope"}]},
            "konnect-auth0-dcr:dcr.apis.0.strategy: not the name or key of a strategies[] entry",
        ),
        (
            {"portal": {"name": "p"}, "apis": [{"name": "Orders"}, {"name": "Orders"}]},
            "konnect-auth0-dcr:dcr.apis.key.1: duplicate of an earlier entry",
        ),
        (
            {"portal": {"name": "p"}, "apis": [{"name": "Orders", "visibility": "secret"}]},
            "konnect-auth0-dcr:dcr.apis.0.visibility: Input should be 'public' or 'private'",
        ),
    ],
)
def test_portal_and_api_settings_name_the_key_and_the_rule(change: dict[str, Any], line: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config({**ENVIRONMENT, **change})
    assert f"  {line}" in str(info.value).splitlines()


def test_an_api_is_published_with_the_strategy_it_names_else_the_first() -> None:
    two = [{"name": "a", "displayName": "A"}, {"name": "b", "key": "bee", "displayName": "B"}]
    env = parse_config(
        {
            **ENVIRONMENT,
            "strategies": two,
            "portal": {"name": "p"},
            "apis": [{"name": "x", "strategy": "bee"}, {"name": "y"}],
        }
    )
    assert [env.strategy_of(api).name for api in env.apis] == ["b", "a"]


def test_a_missing_spec_file_is_named_before_anything_runs(stack_config: Callable[[dict[str, Any]], None]) -> None:
    apis = [{"name": "Orders", "specFile": "specs/does-not-exist.yaml"}]
    stack_config({"acme:dcr": {**ENVIRONMENT, "portal": {"name": "p"}, "apis": apis}})
    with pytest.raises(ConfigError) as info:
        load_config(namespace="acme")
    assert str(info.value).splitlines()[1:] == [
        "  acme:dcr.apis.0.specFile: no such file (paths are relative to the project directory)"
    ]


ORDERS = [{"name": "Orders API"}]


@pytest.mark.parametrize(
    ("portal", "line"),
    [
        (
            {"signIn": {"scopes": ["email"]}},
            "konnect-auth0-dcr:dcr.portal.signIn.scopes: must include 'openid'",
        ),
        (
            {"signIn": {"groupsClaim": "groups"}},
            "konnect-auth0-dcr:dcr.portal.signIn.groupsClaim: String should match pattern '^https?://\\S+$'",
        ),
        (
            {"teams": [{"name": "Partners", "groups": ["partners"]}]},
            "konnect-auth0-dcr:dcr.portal.teams: groups map IdP groups to teams: they need signIn.groupsClaim",
        ),
        (
            {"teams": [{"name": "Partners", "apis": {"payments": "consumer"}}]},
            "konnect-auth0-dcr:dcr.portal.teams.0.apis.payments: not the key of an apis[] entry",
        ),
        (
            {"teams": [{"name": "Partners", "apis": {"orders-api": "owner"}}]},
            "konnect-auth0-dcr:dcr.portal.teams.0.apis.orders-api: Input should be 'viewer' or 'consumer'",
        ),
        (
            {"pages": [{"slug": "/", "title": "Home"}]},
            "konnect-auth0-dcr:dcr.portal.pages.0: set either file (a Markdown file of the project) or content",
        ),
        (
            {"pages": [{"slug": "guide", "content": "x", "parent": "docs"}]},
            "konnect-auth0-dcr:dcr.portal.pages.0.parent: not the slug of another pages[] entry",
        ),
        (
            {"customDomain": {"hostname": "not a host"}},
            "konnect-auth0-dcr:dcr.portal.customDomain.hostname: String should match pattern "
            "'^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63}$'",
        ),
        (
            {"customization": {"primaryColor": "blue"}},
            "konnect-auth0-dcr:dcr.portal.customization.primaryColor: String should match pattern '^#[0-9A-Fa-f]{6}$'",
        ),
    ],
)
def test_whole_portal_settings_name_the_key_and_the_rule(portal: dict[str, Any], line: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config({**ENVIRONMENT, "portal": {"name": "p", **portal}, "apis": ORDERS})
    assert f"  {line}" in str(info.value).splitlines()


def test_a_portal_made_without_pages_gets_a_home_page_listing_its_apis_and_none_with_an_empty_list() -> None:
    env = parse_config({**ENVIRONMENT, "portal": {"name": "p", "displayName": "Partner portal"}, "apis": ORDERS})
    assert env.portal is not None
    (home,) = env.portal.page_list()
    assert home.slug == "/" and home.content is not None
    assert home.content.startswith("# Partner portal\n") and "::apis-list" in home.content
    env = parse_config({**ENVIRONMENT, "portal": {"name": "p", "pages": []}, "apis": ORDERS})
    assert env.portal is not None and env.portal.page_list() == []


def test_a_missing_page_file_is_named_before_anything_runs(stack_config: Callable[[dict[str, Any]], None]) -> None:
    pages = [{"slug": "/", "file": "portal/nowhere.md"}]
    stack_config({"acme:dcr": {**ENVIRONMENT, "portal": {"name": "p", "pages": pages}, "apis": ORDERS}})
    with pytest.raises(ConfigError) as info:
        load_config(namespace="acme")
    assert str(info.value).splitlines()[1:] == [
        "  acme:dcr.portal.pages.0.file: no such file (paths are relative to the project directory)"
    ]


ADOPTED = "0b1c5f3e-1111-4000-8000-000000000001"


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (
            {"existing": {"strategyIds": {"nope": ADOPTED}}},
            "konnect-auth0-dcr:dcr.existing.strategyIds.nope: not the key (or name) of a strategies[] entry",
        ),
        (
            {"existing": {"apiIds": {"orders": ADOPTED}}},
            "konnect-auth0-dcr:dcr.existing.apiIds.orders: not the key of an apis[] entry",
        ),
        (
            {"existing": {"portalId": ADOPTED}, "portal": {"id": ADOPTED}},
            "konnect-auth0-dcr:dcr.existing.portalId: needs portal.name (an adopted portal is managed; portal.id only "
            "references one)",
        ),
        (
            {"existing": {"renameActionId": "act_1"}},
            "konnect-auth0-dcr:dcr.existing.renameActionId: needs renameAction.enabled",
        ),
        (
            {"existing": {"adminGrantId": "cgr_1"}},
            "konnect-auth0-dcr:dcr.existing.adminGrantId: needs adminClientId (the grant is the admin app's)",
        ),
        ({"existing": {"dcrProviderId": "not-a-uuid"}}, "konnect-auth0-dcr:dcr.existing.dcrProviderId: must be a UUID"),
        (
            {"existing": {"strategyIds": {"cc": ADOPTED}, "dcrProviderId": ADOPTED, "apiIds": {}, "x": 1}},
            "konnect-auth0-dcr:dcr.existing.x: Extra inputs are not permitted",
        ),
        (
            {"adminApp": {"permissions": ["read:clients", "create:users"]}},
            "konnect-auth0-dcr:dcr.adminApp.permissions: must be exactly the DCR permissions for this "
            "developerManagedScopes setting (read:clients, create:clients, delete:clients, update:clients, "
            "read:client_grants, create:client_grants, delete:client_grants, update:client_grants, update:client_keys), "
            "in any order",
        ),
        (
            {"api": {**ENVIRONMENT["api"], "tokenLifetime": 2592001}},
            "konnect-auth0-dcr:dcr.api.tokenLifetime: Input should be less than or equal to 2592000",
        ),
    ],
)
def test_the_ids_of_existing_objects_are_checked_against_the_roles_the_config_declares(
    change: dict[str, Any], line: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({**ENVIRONMENT, **change})
    assert str(caught.value).splitlines()[1:] == [f"  {line}"]


def test_existing_objects_by_id_with_permissions_in_the_tenants_order_parse() -> None:
    from dcr_components.permissions import ADMIN_PERMISSIONS

    env = parse_config(
        {
            **ENVIRONMENT,
            "adminApp": {"description": "", "permissions": list(reversed(ADMIN_PERMISSIONS))},
            "existing": {"adminClientId": "abc", "adminGrantId": "cgr_1", "strategyIds": {"cc": ADOPTED}},
        }
    )
    assert env.admin_app.permission_list(False) == list(reversed(ADMIN_PERMISSIONS))
    assert env.existing.strategy_ids == {"cc": ADOPTED} and not env.existing.delete_on_destroy
