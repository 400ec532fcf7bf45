"""Pulumi mocks: a codified environment imports its Auth0 objects by id, adopts its Konnect ones by id, names adopted
objects by their known ids (no replacement shown in a preview), and registers the registration guard last."""

from __future__ import annotations

from typing import Any

import pulumi

from dcr_components.config import parse_config
from tests.support.data import ENVIRONMENT
from tests.support.mocks import AuthMocks, by_type, everything

PROVIDER = "0b1c5f3e-1111-4000-8000-000000000001"
STRATEGY = "0b1c5f3e-2222-4000-8000-000000000002"
PORTAL = "0b1c5f3e-3333-4000-8000-000000000003"
API = "0b1c5f3e-4444-4000-8000-000000000004"
CODIFIED = {
    **ENVIRONMENT,
    "adminApp": {"description": ""},
    "portal": {"name": "acme-portal"},
    "apis": [{"name": "Orders", "version": "v1"}],
    "existing": {
        "adminClientId": "adminClient",
        "adminGrantId": "cgr_1",
        "apiId": "rs1",
        "dcrProviderId": PROVIDER,
        "strategyIds": {"cc": STRATEGY},
        "portalId": PORTAL,
        "apiIds": {"orders": API},
    },
}


def one(mocks: AuthMocks, typ: str) -> pulumi.runtime.MockResourceArgs:
    (found,) = by_type(mocks, typ)
    return found


@pulumi.runtime.test
def test_the_auth0_half_imports_each_existing_object_by_its_import_id(mocks: AuthMocks) -> pulumi.Output[Any]:
    from dcr_components.environment import DcrEnvironment

    env = DcrEnvironment("acme", parse_config(CODIFIED))

    def check(_: Any) -> None:
        imports = {r.typ.split(":")[-1]: r.resource_id for r in mocks.registered if r.typ.startswith("auth0:")}
        assert imports == {
            "Client": "adminClient",
            "ClientGrant": "cgr_1",
            "ClientCredentials": "adminClient",  # the credentials' import id is the client id
            "ResourceServer": "rs1",
            "ResourceServerScopes": ENVIRONMENT["api"]["identifier"],  # the scopes' is the API identifier
        }
        assert one(mocks, "auth0:index/client:Client").inputs["description"] == ""  # as the app has it

    return everything(env).apply(check)


@pulumi.runtime.test
def test_konnect_objects_are_adopted_and_named_by_their_known_ids(mocks: AuthMocks) -> pulumi.Output[Any]:
    from dcr_components.environment import DcrEnvironment

    env = DcrEnvironment("acme", parse_config(CODIFIED))

    def check(_: Any) -> None:
        provider = one(mocks, "pulumi-python:dynamic/konnect:DcrProvider")
        strategy = one(mocks, "pulumi-python:dynamic/konnect:AuthStrategy")
        portal = one(mocks, "pulumi-python:dynamic/konnect:Portal")
        api = one(mocks, "pulumi-python:dynamic/konnect:Api")
        publication = one(mocks, "pulumi-python:dynamic/konnect:ApiPublication")
        adopted = [r.inputs["adopt_id"] for r in (provider, strategy, portal, api)]
        assert adopted == [PROVIDER, STRATEGY, PORTAL, API]
        assert all(r.inputs["delete_adopted"] is False for r in (provider, strategy, portal, api, publication))
        # Known before any run (the mocks would give "<name>-id" for a resource's own id).
        assert strategy.inputs["dcr_provider_id"] == PROVIDER
        assert (publication.inputs["api_id"], publication.inputs["portal_id"]) == (API, PORTAL)
        assert publication.inputs["auth_strategy_ids"] == [STRATEGY]
        assert publication.inputs["adopt_existing"] is True

    return pulumi.Output.all(everything(env), env.api_ids, env.registration_guard.id).apply(check)


@pulumi.runtime.test
def test_delete_on_destroy_lets_adopted_objects_go_and_imported_ones_are_no_longer_kept(
    mocks: AuthMocks,
) -> pulumi.Output[Any]:
    from dcr_components.environment import DcrEnvironment

    config = {**CODIFIED, "existing": {**CODIFIED["existing"], "deleteOnDestroy": True}}
    env = DcrEnvironment("acme", parse_config(config))

    def check(_: Any) -> None:
        provider = one(mocks, "pulumi-python:dynamic/konnect:DcrProvider")
        assert provider.inputs["delete_adopted"] is True
        guard = one(mocks, "pulumi-python:dynamic/konnect:RegistrationGuard")
        assert not any(slot["kept"] for slot in guard.inputs["objects"].values())

    return pulumi.Output.all(everything(env), env.api_ids, env.registration_guard.id).apply(check)


@pulumi.runtime.test
def test_the_guard_knows_every_object_a_destroy_would_delete_and_which_are_kept(
    mocks: AuthMocks,
) -> pulumi.Output[Any]:
    from dcr_components.environment import DcrEnvironment

    greenfield = {**ENVIRONMENT, "portal": {"name": "p", "forceDestroy": False}, "apis": [{"name": "Orders"}]}
    env = DcrEnvironment("dev", parse_config(greenfield))

    def check(_: Any) -> None:
        objects = one(mocks, "pulumi-python:dynamic/konnect:RegistrationGuard").inputs["objects"]
        assert {slot: (o["kind"], o["kept"], o["allow"]) for slot, o in objects.items()} == {
            "dcr_provider": ("dcr_provider", False, False),
            "strategy:cc": ("strategy", False, False),
            "portal": ("portal", False, False),
            "api:orders": ("api", False, False),
            "publication:orders": ("publication", False, False),
        }
        assert objects["publication:orders"]["id"] == "dev-api-orders-api-id/dev-dev-portal-portal-id"

    return pulumi.Output.all(everything(env), env.api_ids, env.registration_guard.id).apply(check)
