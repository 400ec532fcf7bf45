"""The Auth0 sandbox answers the Management API calls pulumi-auth0 and Konnect DCR make, as Auth0 does."""

from __future__ import annotations

import shutil
from typing import Any

import httpx
import pytest

from dcr_components.auth0 import ACTION_CODE, ADMIN_PERMISSIONS
from dcr_components.ops.tenant import jwt_claims
from tests.support.answers import CLIENT_FIELDS, GRANT_FIELDS, SERVER_FIELDS
from tests.support.sandbox import RunningSandbox
from tests.support.tenant import admin_app, mgmt, token_for


def test_it_serves_https_with_a_localhost_certificate_from_its_own_ca(auth0: RunningSandbox) -> None:
    assert auth0.url.startswith("https://127.0.0.1:")
    assert auth0.ca_path is not None and auth0.ca_path.read_text().startswith("-----BEGIN CERTIFICATE-----")
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{auth0.url}/api/v2/clients", verify=True)  # the system roots do not know our CA


def test_the_system_management_api_is_seeded_and_found_by_raw_encoded_identifier(auth0: RunningSandbox) -> None:
    identifier = f"https://{auth0.domain}/api/v2/"
    encoded = identifier.replace("/", "%2F")
    response = mgmt(auth0, "GET", f"/resource-servers/{encoded}")
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["is_system"]) == ("Auth0 Management API", True)
    assert mgmt(auth0, "DELETE", f"/resource-servers/{encoded}").status_code == 403


@pytest.mark.parametrize("style", ["form", "json", "basic"])
def test_token_endpoint_accepts_body_json_and_basic_credentials(auth0: RunningSandbox, style: str) -> None:
    client = admin_app(auth0)
    response = token_for(auth0, client, style=style)
    assert response.status_code == 200
    body = response.json()
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 86400)
    token = jwt_claims(body["access_token"])
    assert token["azp"] == client["client_id"]
    assert token["scope"].split() == list(ADMIN_PERMISSIONS)


def test_token_endpoint_refuses_a_wrong_secret_and_an_ungranted_audience(auth0: RunningSandbox) -> None:
    client = admin_app(auth0)
    assert token_for(auth0, {**client, "client_secret": "wrong"}).json() == {
        "error": "access_denied",
        "error_description": "Unauthorized",
    }
    mgmt(auth0, "POST", "/resource-servers", {"identifier": "https://api.example/dcr", "name": "API"})
    refused = token_for(auth0, client, audience="https://api.example/dcr")
    assert refused.status_code == 403 and refused.json()["error"] == "access_denied"


def test_issued_tokens_call_the_management_api_within_their_grant_only(auth0: RunningSandbox) -> None:
    client = admin_app(auth0, [p for p in ADMIN_PERMISSIONS if p != "create:client_grants"])
    token = token_for(auth0, client).json()["access_token"]
    created = mgmt(auth0, "POST", "/clients", {"name": "dev app"}, token=token)
    assert created.status_code == 201
    denied = mgmt(
        auth0,
        "POST",
        "/client-grants",
        {"client_id": created.json()["client_id"], "audience": f"https://{auth0.domain}/api/v2/", "scope": []},
        token=token,
    )
    assert denied.status_code == 403
    assert denied.json() == {
        "statusCode": 403,
        "error": "Forbidden",
        "errorCode": "insufficient_scope",
        "message": "Insufficient scope, expected any of: create:client_grants",
    }
    assert mgmt(auth0, "GET", "/clients", token="not-a-token").status_code == 401


def test_client_metadata_patch_merges_and_null_deletes(auth0: RunningSandbox) -> None:
    client = mgmt(auth0, "POST", "/clients", {"name": "a", "client_metadata": {"x": "1", "y": "2"}}).json()
    patched = mgmt(auth0, "PATCH", f"/clients/{client['client_id']}", {"client_metadata": {"x": None, "z": "3"}}).json()
    assert patched["client_metadata"] == {"y": "2", "z": "3"}
    assert patched["client_secret"] == client["client_secret"]
    only = mgmt(auth0, "GET", f"/clients/{client['client_id']}?fields=client_id&include_fields=true").json()
    assert set(only) == {"client_id", "signing_keys"}  # a tenant adds the signing keys to whatever is asked
    assert (
        mgmt(auth0, "GET", f"/clients/{client['client_id']}/credentials?include_totals=true&per_page=50").json() == []
    )


def test_client_grant_lookup_used_for_adoption_and_direct_get(auth0: RunningSandbox) -> None:
    client = admin_app(auth0)
    audience = f"https://{auth0.domain}/api/v2/"
    listed = mgmt(
        auth0,
        "GET",
        f"/client-grants?audience={audience}&client_id={client['client_id']}&include_totals=true&per_page=50",
    ).json()
    assert (listed["total"], listed["start"], listed["limit"]) == (1, 0, 50)
    (grant,) = listed["client_grants"]
    assert grant["id"].startswith("cgr_")
    assert mgmt(auth0, "GET", f"/client-grants/{grant['id']}").json()["scope"] == list(ADMIN_PERMISSIONS)
    again = mgmt(auth0, "POST", "/client-grants", {"client_id": client["client_id"], "audience": audience, "scope": []})
    assert again.status_code == 409
    mgmt(auth0, "PATCH", f"/client-grants/{grant['id']}", {"scope": ["read:clients"]})
    assert mgmt(auth0, "GET", f"/client-grants/{grant['id']}").json()["scope"] == ["read:clients"]


def test_resource_server_scopes_are_patched_by_identifier_and_replace_the_list(auth0: RunningSandbox) -> None:
    server = mgmt(auth0, "POST", "/resource-servers", {"identifier": "https://api.example/dcr", "name": "API"}).json()
    assert (server["token_lifetime"], server["signing_alg"]) == (86400, "RS256")
    path = "/resource-servers/https:%2F%2Fapi.example%2Fdcr"
    mgmt(auth0, "PATCH", path, {"scopes": [{"value": "read:orders", "description": "Read"}]})
    mgmt(auth0, "PATCH", path, {"scopes": [{"value": "write:orders"}]})
    assert mgmt(auth0, "GET", f"/resource-servers/{server['id']}").json()["scopes"] == [{"value": "write:orders"}]
    assert mgmt(auth0, "PATCH", path, {"identifier": "https://other"}).status_code == 400


def test_lists_carry_start_limit_total_on_every_page(auth0: RunningSandbox) -> None:
    for i in range(3):
        mgmt(auth0, "POST", "/clients", {"name": f"c{i}"})
    first = mgmt(auth0, "GET", "/clients?include_totals=true&per_page=2&page=0").json()
    second = mgmt(auth0, "GET", "/clients?include_totals=true&per_page=2&page=1").json()
    assert (first["start"], first["limit"], first["total"], len(first["clients"])) == (0, 2, 3, 2)
    assert (second["start"], second["limit"], second["total"], len(second["clients"])) == (2, 2, 3, 1)
    assert isinstance(mgmt(auth0, "GET", "/clients").json(), list)


def deployed_action(auth0: RunningSandbox, code: str, secrets: list[dict[str, str]]) -> dict[str, Any]:
    action = mgmt(
        auth0,
        "POST",
        "/actions/actions",
        {
            "name": "rename",
            "code": code,
            "runtime": "node18-actions",
            "secrets": secrets,
            "supported_triggers": [{"id": "credentials-exchange", "version": "v2"}],
        },
    ).json()
    assert (action["status"], action["runtime"]) == ("pending", "node18-actions")
    assert action["secrets"] == [{"name": s["name"], "updated_at": action["updated_at"]} for s in secrets]
    statuses = [mgmt(auth0, "GET", f"/actions/actions/{action['id']}").json()["status"] for _ in range(2)]
    assert statuses == ["built", "built"]
    version = mgmt(auth0, "POST", f"/actions/actions/{action['id']}/deploy").json()
    assert version["deployed"] is False
    after = mgmt(auth0, "GET", f"/actions/actions/{action['id']}").json()
    assert (after["deployed_version"]["id"], after["deployed_version"]["deployed"]) == (version["id"], True)
    return dict(after)


def test_actions_build_then_deploy_and_bindings_replace_the_list(auth0: RunningSandbox) -> None:
    action = deployed_action(auth0, "exports.onExecuteCredentialsExchange = async () => {};", [])
    bound = mgmt(
        auth0,
        "PATCH",
        "/actions/triggers/credentials-exchange/bindings",
        {"bindings": [{"ref": {"type": "action_id", "value": action["id"]}, "display_name": "rename"}]},
    ).json()
    assert bound["bindings"][0]["action"]["id"] == action["id"]
    page = mgmt(auth0, "GET", "/actions/triggers/credentials-exchange/bindings?page=0&per_page=100").json()
    assert {k: v for k, v in page.items() if k != "bindings"} == {"total": 1, "per_page": 100}
    after = mgmt(auth0, "GET", "/actions/triggers/credentials-exchange/bindings?page=1&per_page=100").json()
    assert after == {"bindings": [], "page": 1, "per_page": 100}  # no total: the Go SDK's HasNext() stops here
    assert mgmt(auth0, "DELETE", f"/actions/actions/{action['id']}").status_code == 400
    mgmt(auth0, "PATCH", "/actions/triggers/credentials-exchange/bindings", {"bindings": []})
    assert mgmt(auth0, "DELETE", f"/actions/actions/{action['id']}").status_code == 204


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js runs bound Actions")
def test_the_rename_action_runs_on_credentials_exchange_and_renames_dcr_apps(auth0: RunningSandbox) -> None:
    admin = admin_app(auth0)
    secrets = [
        {"name": "ISSUER", "value": auth0.url},
        {"name": "AUDIENCE", "value": f"https://{auth0.domain}/api/v2/"},
        {"name": "CLIENT_ID", "value": admin["client_id"]},
        {"name": "CLIENT_SECRET", "value": admin["client_secret"]},
    ]
    action = deployed_action(auth0, ACTION_CODE, secrets)
    mgmt(
        auth0,
        "PATCH",
        "/actions/triggers/credentials-exchange/bindings",
        {"bindings": [{"ref": {"type": "action_id", "value": action["id"]}}]},
    )
    mgmt(auth0, "POST", "/resource-servers", {"identifier": "https://api.example/dcr", "name": "API"})
    app = mgmt(
        auth0,
        "POST",
        "/clients",
        {
            "name": "my app",
            "client_metadata": {
                "konnect_portal_id": "p1",
                "konnect_developer_id": "d1",
                "konnect_org_id": "o1",
                "konnect_application_id": "a1",
            },
        },
    ).json()
    mgmt(
        auth0,
        "POST",
        "/client-grants",
        {"client_id": app["client_id"], "audience": "https://api.example/dcr", "scope": []},
    )
    assert token_for(auth0, app, audience="https://api.example/dcr").status_code == 200
    assert mgmt(auth0, "GET", f"/clients/{app['client_id']}").json()["name"] == "p1+d1+a1"
    # The admin app has no konnect_* metadata: the Action returns early and leaves it alone.
    assert token_for(auth0, admin).status_code == 200
    assert mgmt(auth0, "GET", f"/clients/{admin['client_id']}").json()["name"] == "Konnect Portal DCR Admin"


def test_rate_limit_faults_carry_x_ratelimit_reset_in_the_future(auth0: RunningSandbox) -> None:
    import time

    auth0.faults(fail_next=1, status=429, retry_after=1)
    response = mgmt(auth0, "GET", "/clients")
    assert response.status_code == 429
    assert int(response.headers["x-ratelimit-reset"]) >= int(time.time())
    assert response.json()["errorCode"] == "too_many_requests"


def test_answers_carry_the_field_sets_a_tenant_answers_with(auth0: RunningSandbox) -> None:
    """Field sets of real tenant answers (Management API v2): absent fields stay absent, defaults are filled in."""
    server = mgmt(auth0, "POST", "/resource-servers", {"identifier": "https://api.example/only"}).json()
    assert set(server) == SERVER_FIELDS
    client = mgmt(auth0, "POST", "/clients", {"name": "only a name"}).json()
    assert set(client) == CLIENT_FIELDS
    body = {"client_id": client["client_id"], "audience": server["identifier"], "scope": []}
    assert set(mgmt(auth0, "POST", "/client-grants", body).json()) == GRANT_FIELDS
    code = "exports.onExecuteCredentialsExchange = async () => {};"
    trigger = [{"id": "credentials-exchange", "version": "v2"}]
    made = mgmt(auth0, "POST", "/actions/actions", {"name": "a", "code": code, "supported_triggers": trigger}).json()
    mgmt(auth0, "GET", f"/actions/actions/{made['id']}")
    version = mgmt(auth0, "POST", f"/actions/actions/{made['id']}/deploy").json()
    common = {"code", "dependencies", "id", "deployed", "number", "secrets", "status", "created_at", "updated_at"}
    assert set(version) == common | {"runtime", "supported_triggers", "action"}
    live = mgmt(auth0, "GET", f"/actions/actions/{made['id']}").json()
    assert set(live) == set(made) | {"current_version", "deployed_version"}
    assert set(live["deployed_version"]) == common | {"built_at", "runtime", "supported_triggers"}
    assert set(live["current_version"]) == {
        "id",
        "code",
        "runtime",
        "status",
        "number",
        "build_time",
        "created_at",
        "updated_at",
    }
    ref = {"ref": {"type": "action_name", "value": "a"}}
    (bound,) = mgmt(auth0, "PATCH", "/actions/triggers/credentials-exchange/bindings", {"bindings": [ref]}).json()[
        "bindings"
    ]
    assert set(bound) == {"id", "trigger_id", "action", "created_at", "updated_at", "display_name"}
    assert set(bound["action"]) == {
        "id",
        "name",
        "supported_triggers",
        "created_at",
        "updated_at",
        "current_version",
        "deployed_version",
        "all_changes_deployed",
    }
