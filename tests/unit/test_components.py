"""Pulumi mocks: component tree, names, parentage, the exact Management API permissions, secret outputs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from dcr_components.auth0 import ADMIN_PERMISSIONS, admin_permissions
from dcr_components.config import parse_config
from tests.support.data import ENVIRONMENT
from tests.support.mocks import AuthMocks, by_type, everything


def test_admin_permissions_are_exactly_kongs_nine_plus_read_resource_servers_when_developers_pick_scopes() -> None:
    assert admin_permissions(False) == [
        "read:clients",
        "create:clients",
        "delete:clients",
        "update:clients",
        "read:client_grants",
        "create:client_grants",
        "delete:client_grants",
        "update:client_grants",
        "update:client_keys",
    ]
    assert admin_permissions(True) == [*ADMIN_PERMISSIONS, "read:resource_servers"]


@pulumi.runtime.test
def test_environment_builds_the_full_tree_with_stable_child_names(mocks: AuthMocks) -> pulumi.Output[Any]:
    from dcr_components.environment import DcrEnvironment

    env = DcrEnvironment("dev", parse_config(ENVIRONMENT))

    def check(_: Any) -> None:
        names = {(r.typ, r.name) for r in mocks.registered}
        assert ("auth0:index/client:Client", "dev-admin-client") in names
        assert ("auth0:index/clientGrant:ClientGrant", "dev-admin-management-grant") in names
        assert ("auth0:index/clientCredentials:ClientCredentials", "dev-admin-credentials") in names
        assert ("auth0:index/resourceServer:ResourceServer", "dev-audience-api") in names
        assert ("auth0:index/resourceServerScopes:ResourceServerScopes", "dev-audience-scopes") in names
        assert ("pulumi-python:dynamic/konnect:DcrProvider", "dev-dcr-provider") in names
        assert ("pulumi-python:dynamic/konnect:AuthStrategy", "dev-strategy-cc") in names
        assert not by_type(mocks, "auth0:index/action:Action"), "the rename Action is opt-in"
        (client,) = by_type(mocks, "auth0:index/client:Client")
        # Default names carry the environment: several environments share one tenant.
        assert client.inputs["name"] == "Konnect Portal DCR Admin (dev)"
        assert (client.inputs["appType"], client.inputs["grantTypes"]) == ("non_interactive", ["client_credentials"])
        (grant,) = by_type(mocks, "auth0:index/clientGrant:ClientGrant")
        assert grant.inputs["audience"] == "https://acme.eu.auth0.com/api/v2/"
        assert grant.inputs["scopes"] == list(ADMIN_PERMISSIONS)
        assert grant.inputs["clientId"] == "dev-admin-client-client-id"

    return everything(env).apply(check)


@pulumi.runtime.test
def test_children_are_parented_to_their_components(mocks: AuthMocks) -> pulumi.Output[Any]:
    from dcr_components.environment import DcrEnvironment

    env = DcrEnvironment("dev", parse_config(ENVIRONMENT))

    def check(_: Any) -> None:
        # The mock monitor prefixes each URN type with its parent's type.
        monitor: Any = pulumi.runtime.settings.get_monitor()
        urns = set(monitor.get_registered_resources())
        expected = [
            "dcr:index:DcrEnvironment$dcr:index:AdminApp::dev-admin",
            "dcr:index:AdminApp$auth0:index/client:Client::dev-admin-client",
            "dcr:index:AdminApp$auth0:index/clientGrant:ClientGrant::dev-admin-management-grant",
            "dcr:index:AdminApp$auth0:index/clientCredentials:ClientCredentials::dev-admin-credentials",
            "dcr:index:DcrEnvironment$dcr:index:ApiAudience::dev-audience",
            "dcr:index:ApiAudience$auth0:index/resourceServer:ResourceServer::dev-audience-api",
            "dcr:index:DcrEnvironment$pulumi-python:dynamic/konnect:DcrProvider::dev-dcr-provider",
            "dcr:index:DcrEnvironment$pulumi-python:dynamic/konnect:AuthStrategy::dev-strategy-cc",
        ]
        for suffix in expected:
            assert any(u.endswith(suffix) for u in urns), f"{suffix} not among {sorted(urns)}"

    return everything(env).apply(check)


@pulumi.runtime.test
def test_dcr_provider_gets_the_admin_app_and_strategies_get_openid_azp_and_the_audience(
    mocks: AuthMocks,
) -> pulumi.Output[Any]:
    from dcr_components.environment import DcrEnvironment

    env = DcrEnvironment("dev", parse_config(ENVIRONMENT))

    def check(_: Any) -> None:
        (provider,) = by_type(mocks, "pulumi-python:dynamic/konnect:DcrProvider")
        assert provider.inputs["issuer"] == "https://acme.eu.auth0.com"
        assert provider.inputs["dcr_config"] == {
            "initial_client_id": "dev-admin-client-client-id",
            "use_developer_managed_scopes": False,
        }
        assert provider.inputs["initial_client_secret"]["value"] == "admin-secret-from-auth0"
        assert (
            provider.inputs["initial_client_secret"][pulumi.runtime.rpc._special_sig_key]
            == pulumi.runtime.rpc._special_secret_sig
        )
        (strategy,) = by_type(mocks, "pulumi-python:dynamic/konnect:AuthStrategy")
        oidc = strategy.inputs["configs"]["openid-connect"]
        assert oidc["scopes"] == ["openid", "read:orders"]
        assert oidc["credential_claim"] == ["azp"]
        assert oidc["token_post_args_values"] == ["https://api.acme.example/dcr"]
        assert strategy.inputs["dcr_provider_id"] == "dev-dcr-provider-id"

    return everything(env).apply(check)


@pulumi.runtime.test
def test_developer_managed_scopes_and_a_custom_domain_change_the_grant_and_the_dcr_config(
    mocks: AuthMocks,
) -> pulumi.Output[Any]:
    from dcr_components.environment import DcrEnvironment

    config = {**ENVIRONMENT, "developerManagedScopes": True, "customDomain": "login.acme.example"}
    env = DcrEnvironment("dev", parse_config(config))

    def check(_: Any) -> None:
        (grant,) = by_type(mocks, "auth0:index/clientGrant:ClientGrant")
        assert grant.inputs["scopes"] == [*ADMIN_PERMISSIONS, "read:resource_servers"]
        (provider,) = by_type(mocks, "pulumi-python:dynamic/konnect:DcrProvider")
        assert provider.inputs["issuer"] == "https://login.acme.example"
        assert provider.inputs["dcr_config"]["initial_client_audience"] == "https://acme.eu.auth0.com/api/v2/"
        assert provider.inputs["dcr_config"]["use_developer_managed_scopes"] is True

    return everything(env).apply(check)


@pulumi.runtime.test
def test_rename_action_ships_its_code_and_passes_constants_only_as_secret_action_secrets(
    mocks: AuthMocks,
) -> pulumi.Output[Any]:
    from dcr_components.environment import DcrEnvironment

    env = DcrEnvironment("dev", parse_config({**ENVIRONMENT, "renameAction": {"enabled": True}}))

    def check(_: Any) -> None:
        (action,) = by_type(mocks, "auth0:index/action:Action")
        assert action.inputs["supportedTriggers"] == {"id": "credentials-exchange", "version": "v2"}
        assert action.inputs["deploy"] is True
        code = action.inputs["code"]
        assert "onExecuteCredentialsExchange" in code and "konnect_portal_id" in code
        assert "acme.eu.auth0.com" not in code and "admin-secret-from-auth0" not in code
        # The whole secrets list travels inside Pulumi's secret envelope.
        envelope = action.inputs["secrets"]
        assert envelope[pulumi.runtime.rpc._special_sig_key] == pulumi.runtime.rpc._special_secret_sig
        secrets = {s["name"]: s["value"] for s in envelope["value"]}
        assert set(secrets) == {"ISSUER", "AUDIENCE", "CLIENT_ID", "CLIENT_SECRET"}
        assert secrets["CLIENT_SECRET"] == "admin-secret-from-auth0"
        assert secrets["ISSUER"] == "https://acme.eu.auth0.com"
        assert action.inputs["name"] == "Konnect DCR app names (dev)"
        # One binding of its own, never the trigger's whole list (another environment's Action stays bound).
        assert not by_type(mocks, "auth0:index/triggerActions:TriggerActions")
        (binding,) = by_type(mocks, "auth0:index/triggerAction:TriggerAction")
        assert (binding.inputs["trigger"], binding.inputs["actionId"]) == (
            "credentials-exchange",
            "dev-rename-action-id",
        )

    return everything(env).apply(check)


@pulumi.runtime.test
def test_a_strategy_keeps_its_resource_name_when_renamed_under_a_stable_key(mocks: AuthMocks) -> pulumi.Output[Any]:
    from dcr_components.environment import DcrEnvironment

    renamed = {**ENVIRONMENT, "strategies": [{**ENVIRONMENT["strategies"][0], "key": "cc", "name": "cc-renamed"}]}
    env = DcrEnvironment("dev", parse_config(renamed))

    def check(_: Any) -> None:
        (strategy,) = by_type(mocks, "pulumi-python:dynamic/konnect:AuthStrategy")
        assert (strategy.name, strategy.inputs["name"]) == ("dev-strategy-cc", "cc-renamed")

    return everything(env).apply(check)


@pulumi.runtime.test
def test_the_portal_its_apis_and_their_publications_wire_to_the_strategies(mocks: AuthMocks) -> pulumi.Output[Any]:
    from dcr_components.environment import DcrEnvironment

    config = {**ENVIRONMENT, "portal": {"name": "acme-portal"}, "apis": [{"name": "Orders", "version": "v1"}]}
    env = DcrEnvironment("dev", parse_config(config))

    def check(_: Any) -> None:
        (portal,) = by_type(mocks, "pulumi-python:dynamic/konnect:Portal")
        assert (portal.name, portal.inputs["name"]) == ("dev-dev-portal-portal", "acme-portal")
        assert "default_application_auth_strategy_id" not in portal.inputs  # never set unless asked
        (api,) = by_type(mocks, "pulumi-python:dynamic/konnect:Api")
        assert (api.name, api.inputs["name"], api.inputs["version"]) == ("dev-api-orders-api", "Orders", "v1")
        (publication,) = by_type(mocks, "pulumi-python:dynamic/konnect:ApiPublication")
        assert publication.inputs["auth_strategy_ids"] == ["dev-strategy-cc-id"]
        assert (publication.inputs["api_id"], publication.inputs["portal_id"]) == (
            "dev-api-orders-api-id",
            "dev-dev-portal-portal-id",
        )
        assert publication.inputs["visibility"] == "private"

    return pulumi.Output.all(everything(env), env.api_ids, env.portal_id).apply(check)


@pulumi.runtime.test
def test_an_existing_portal_is_referenced_not_managed(mocks: AuthMocks) -> pulumi.Output[Any]:
    from dcr_components.environment import DcrEnvironment

    existing = "4b1f9a56-0000-4000-8000-000000000000"
    env = DcrEnvironment("dev", parse_config({**ENVIRONMENT, "portal": {"id": existing}, "apis": [{"name": "Orders"}]}))

    def check(_: Any) -> None:
        assert not by_type(mocks, "pulumi-python:dynamic/konnect:Portal")
        (ref,) = by_type(mocks, "pulumi-python:dynamic/konnect:PortalReference")
        assert ref.inputs["portal_id"] == existing

    return pulumi.Output.all(everything(env), env.api_ids).apply(check)


def test_type_tokens_come_from_the_class_keywords_and_are_the_ones_existing_owner_tags_were_made_with() -> None:
    from dcr_components.konnect import KonnectApi, KonnectAuthStrategy, KonnectDcrProvider, KonnectPortal
    from dcr_components.konnect.deployment import type_token

    # Every owner tag hashes its resource's URN, which holds this token: a changed token orphans every object.
    assert [type_token(c) for c in (KonnectDcrProvider, KonnectAuthStrategy, KonnectPortal, KonnectApi)] == [
        "pulumi-python:dynamic/konnect:DcrProvider",
        "pulumi-python:dynamic/konnect:AuthStrategy",
        "pulumi-python:dynamic/konnect:Portal",
        "pulumi-python:dynamic/konnect:Api",
    ]

    class Renamed(KonnectDcrProvider, module="konnect", name="DcrProvider"):
        """A renamed class with the same keywords keeps the token."""

    assert type_token(Renamed) == "pulumi-python:dynamic/konnect:DcrProvider"


@pytest.mark.parametrize("kind", ["provider", "strategy", "portal", "reference", "api", "publication"])
def test_import_on_a_konnect_resource_is_refused_in_one_line_pointing_to_adopt_id(mocks: Any, kind: str) -> None:
    from dcr_components.konnect import (
        KonnectApi,
        KonnectApiPublication,
        KonnectAuthStrategy,
        KonnectDcrProvider,
        KonnectPortal,
        KonnectPortalReference,
    )

    opts = pulumi.ResourceOptions(import_="0f3c6a8e-1111-2222-3333-444455556666")
    make: dict[str, Callable[[], object]] = {
        "provider": lambda: KonnectDcrProvider("p", name="n", provider_type="auth0", issuer="https://t", opts=opts),
        "strategy": lambda: KonnectAuthStrategy(
            "s", name="n", display_name="d", strategy_type="key_auth", configs={}, opts=opts
        ),
        "portal": lambda: KonnectPortal("pt", name="n", opts=opts),
        "reference": lambda: KonnectPortalReference("r", portal_id="x", opts=opts),
        "api": lambda: KonnectApi("a", name="n", opts=opts),
        "publication": lambda: KonnectApiPublication(
            "pb", api_id="a", portal_id="p", auth_strategy_ids=None, opts=opts
        ),
    }
    with pytest.raises(pulumi.RunError) as refused:
        make[kind]()
    message = str(refused.value)
    assert "\n" not in message and "import_ does not work on a Konnect resource" in message
    assert "adopt_id='0f3c6a8e-1111-2222-3333-444455556666'" in message
    assert "python -m dcr_components codify" in message
    assert mocks.registered == []  # refused before anything registered
