"""codify without a tenant: the config it writes from what discovery found (values as they exist, defaults left out,
every object by id), its refusals, the choice between candidates, and the stack file it writes into."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from dcr_components.config import parse_config
from dcr_components.ops.codified import DEFAULT_DESCRIPTION, codified, shared_labels
from dcr_components.ops.discovery import CodifyError, Found, Published, one
from dcr_components.ops.stack_file import write_key
from dcr_components.permissions import ADMIN_PERMISSIONS

DOMAIN = "acme.eu.auth0.com"
PROVIDER = "0b1c5f3e-1111-4000-8000-000000000001"
STRATEGY = "0b1c5f3e-2222-4000-8000-000000000002"
PORTAL = "0b1c5f3e-3333-4000-8000-000000000003"
API = "0b1c5f3e-4444-4000-8000-000000000004"
AUDIENCE = "https://api.acme.example/orders"


def console_setup(**change: Any) -> Found:
    """What Kong's console guide leaves behind, as the two vendors' APIs answer for it."""
    strategy = {
        "id": STRATEGY,
        "name": "Auth0 client credentials",
        "display_name": "Client credentials",
        "strategy_type": "openid_connect",
        "dcr_provider": {"id": PROVIDER},
        "labels": {},
        "configs": {
            "openid-connect": {
                "issuer": f"https://{DOMAIN}",
                "credential_claim": ["azp"],
                "scopes": ["openid", "read:orders"],
                "auth_methods": ["client_credentials", "bearer"],
                "token_post_args_names": ["audience"],
                "token_post_args_values": [AUDIENCE],
            }
        },
    }
    found = Found(
        domain=DOMAIN,
        admin={
            "client_id": "adminClient",
            "name": "Konnect Portal DCR Admin",
            "app_type": "non_interactive",
            "grant_types": ["client_credentials"],
            "token_endpoint_auth_method": "client_secret_post",
        },
        grant={"id": "cgr_1", "client_id": "adminClient", "scope": list(ADMIN_PERMISSIONS)},
        api={
            "id": "rs1",
            "identifier": AUDIENCE,
            "name": "Orders",
            "signing_alg": "RS256",
            "token_lifetime": 86400,
            "allow_offline_access": False,
            "skip_consent_for_verifiable_first_party_clients": True,
            "scopes": [{"value": "read:orders", "description": "Read orders"}],
        },
        provider={
            "id": PROVIDER,
            "name": "Auth0 DCR",
            "provider_type": "auth0",
            "issuer": f"https://{DOMAIN}",
            "labels": {},
            "dcr_config": {"initial_client_id": "adminClient"},
        },
        strategies=[strategy],
        portal={"id": PORTAL, "name": "acme-portal", "display_name": "acme-portal", "authentication_enabled": True},
        published=[
            Published(
                {"id": API, "name": "Orders API", "version": "v1", "labels": {}},
                {"auth_strategy_ids": [STRATEGY], "visibility": "public", "auto_approve_registrations": False},
                strategy,
            )
        ],
    )
    for key, value in change.items():
        setattr(found, key, value)
    return found


def test_a_console_setup_becomes_a_valid_config_with_defaults_left_out_and_every_object_by_id() -> None:
    config = codified(console_setup())
    env = parse_config(config)  # the schema the program checks
    assert config["adminApp"] == {"description": ""}  # none in Auth0; Pulumi's default would change it
    assert "developerManagedScopes" not in config and "labels" not in config and "customDomain" not in config
    assert config["api"] == {
        "identifier": AUDIENCE,
        "name": "Orders",
        "scopes": [{"name": "read:orders", "description": "Read orders"}],
    }
    assert config["strategies"] == [
        {"name": "Auth0 client credentials", "displayName": "Client credentials", "scopes": ["read:orders"]}
    ]
    assert config["portal"] == {"name": "acme-portal"}
    assert config["apis"] == [
        {"name": "Orders API", "version": "v1", "strategy": "Auth0 client credentials", "visibility": "public"}
    ]
    assert config["existing"] == {
        "adminClientId": "adminClient",
        "adminGrantId": "cgr_1",
        "apiId": "rs1",
        "dcrProviderId": PROVIDER,
        "strategyIds": {"Auth0 client credentials": STRATEGY},
        "portalId": PORTAL,
        "apiIds": {"orders-api": API},
    }
    assert env.existing.api_ids == {"orders-api": API}
    assert "secret" not in yaml.safe_dump(config).lower()


def test_what_differs_from_the_projects_defaults_is_written_as_it_is() -> None:
    found = console_setup()
    found.admin["description"] = DEFAULT_DESCRIPTION
    found.admin["token_endpoint_auth_method"] = "client_secret_basic"
    found.grant["scope"] = list(reversed(ADMIN_PERMISSIONS))
    found.api.update(token_lifetime=7200, skip_consent_for_verifiable_first_party_clients=False)
    found.provider.update(issuer="https://login.acme.example", labels={"team": "dx"})
    found.provider["dcr_config"]["use_developer_managed_scopes"] = True
    found.grant["scope"].append("read:resource_servers")
    for item in (*found.strategies, found.portal, found.published[0].api):
        assert item is not None
        item["labels"] = {"team": "dx", "pulumi-owner": "x"}
    config = codified(found)
    assert config["adminApp"] == {
        "authenticationMethod": "client_secret_basic",
        "permissions": [*reversed(ADMIN_PERMISSIONS), "read:resource_servers"],
    }
    assert config["developerManagedScopes"] is True
    assert config["customDomain"] == "login.acme.example"
    assert (config["api"]["tokenLifetime"], config["api"]["skipConsentForVerifiableFirstPartyClients"]) == (7200, False)
    assert config["labels"] == {"team": "dx"}  # never another stack's ownership label
    parse_config(config)


def test_labels_only_objects_agree_on_are_declared() -> None:
    assert shared_labels([{"labels": {"a": "1", "b": "2"}}, {"labels": {"a": "1", "b": "3"}}, {"labels": {}}]) == {
        "a": "1"
    }


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"grant_types": ["client_credentials", "implicit"]}, "not a Machine-to-Machine app"),
        ({"app_type": "regular_web"}, "not a Machine-to-Machine app"),
    ],
)
def test_an_admin_app_the_stack_could_not_import_unchanged_is_refused(change: dict[str, Any], words: str) -> None:
    found = console_setup()
    found.admin.update(change)
    with pytest.raises(CodifyError, match=words):
        codified(found)


def test_a_grant_holding_more_than_the_dcr_permissions_is_refused_naming_the_extra_ones() -> None:
    found = console_setup()
    found.grant["scope"] = [*ADMIN_PERMISSIONS, "create:users"]
    with pytest.raises(CodifyError, match="holds create:users beyond the DCR permissions"):
        codified(found)


def test_two_apis_with_one_name_get_keys_of_their_own() -> None:
    found = console_setup()
    first = found.published[0]
    second = Published(
        {**first.api, "id": "0b1c5f3e-5555-4000-8000-000000000005", "version": "v2"}, first.publication, first.strategy
    )
    found.published.append(second)
    config = codified(found)
    assert [a.get("key") for a in config["apis"]] == [None, "orders-api-v2"]
    assert set(config["existing"]["apiIds"]) == {"orders-api", "orders-api-v2"}
    parse_config(config)


def test_two_candidates_for_one_role_are_listed_with_the_flag_that_chooses_and_nothing_is_guessed() -> None:
    candidates = [{"id": "p1", "name": "a"}, {"id": "p2", "name": "b"}]
    with pytest.raises(CodifyError) as caught:
        one("DCR provider", "--dcr-provider", candidates, lambda c: f"{c['id']} {c['name']}", None)
    assert str(caught.value).splitlines() == [
        "2 candidates for the DCR provider; choose one with --dcr-provider:",
        "  p1 a",
        "  p2 b",
    ]
    assert one("DCR provider", "--dcr-provider", candidates, str, "p2") == candidates[1]
    with pytest.raises(CodifyError, match="--dcr-provider p3: not one of"):
        one("DCR provider", "--dcr-provider", candidates, str, "p3")


def test_the_key_is_written_into_the_stack_file_keeping_secrets_comments_and_the_other_keys(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.acme.yaml"
    path.write_text(
        "encryptionsalt: v1:abc\n"
        "config:\n"
        "  # the tenant\n"
        "  auth0:domain: acme.eu.auth0.com\n"
        "  konnect-auth0-dcr:dcr:\n"
        "    auth0Domain: old\n"
        "\n"
        "  konnect:token:\n"
        "    secure: v1:encrypted\n"
    )
    value = {"auth0Domain": DOMAIN, "existing": {"dcrProviderId": PROVIDER}}
    assert write_key(path, "konnect-auth0-dcr:dcr", value) is True
    text = path.read_text()
    data = yaml.safe_load(text)
    assert data["config"]["konnect-auth0-dcr:dcr"] == value
    assert data["config"]["konnect:token"] == {"secure": "v1:encrypted"}
    assert data["encryptionsalt"] == "v1:abc" and "  # the tenant\n" in text
    fresh = tmp_path / "Pulumi.new.yaml"
    assert write_key(fresh, "konnect-auth0-dcr:dcr", copy.deepcopy(value)) is False
    assert yaml.safe_load(fresh.read_text()) == {"config": {"konnect-auth0-dcr:dcr": value}}


def test_the_plan_says_each_objects_change_and_refuses_one_another_stack_manages() -> None:
    from dcr_components.ops.codify_plan import rows

    found = console_setup()
    found.strategies[0]["labels"] = {"pulumi-owner": "f" * 40 + "." + "0" * 12}
    plan = {row.role: row.change for row in rows(found, parse_config(codified(found)))}
    assert plan["admin app"] == plan["API audience"] == "nothing"
    assert plan["DCR provider"] == (
        "dcr_config.initial_client_secret (write-only: sent again), this stack's ownership label"
    )
    assert plan["application auth strategy"].startswith("refused at preview: it carries the pulumi-owner label")
    assert plan["portal"] == plan["API"] == "this stack's ownership label"
    assert plan["API publication"] == "nothing"
