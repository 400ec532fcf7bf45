"""The Auth0 emulator driven by Auth0's own Python SDK (auth0-python, generated from Auth0's API definition): every
Management API call the project's components, the stand-in, `verify` and the DCR round trip make goes through the
SDK's client and its response models, and each answer carries the fields a real tenant answers with."""

from __future__ import annotations

from typing import Any

import pytest
from auth0.authentication import GetToken
from auth0.management import ManagementClient
from auth0.management.core.api_error import ApiError
from auth0.management.types import ActionSecretRequest, ActionTrigger, ResourceServerScope

from dcr_components.auth0 import ADMIN_PERMISSIONS
from dcr_components.ops.tenant import jwt_claims
from tests.support.answers import CLIENT_FIELDS, GRANT_FIELDS, SERVER_FIELDS
from tests.support.sandbox import RunningSandbox

API = "https://api.sdk.example/orders"
TRIGGER = ActionTrigger(id="credentials-exchange", version="v2")
# The fields a tenant answers with for a new Action (real responses, Management API v2).
ACTION_FIELDS = {
    "id",
    "name",
    "supported_triggers",
    "created_at",
    "updated_at",
    "code",
    "dependencies",
    "runtime",
    "status",
    "secrets",
    "all_changes_deployed",
}


def fields(model: Any) -> set[str]:
    """The fields the answer carried (the SDK's models keep what was sent, and nothing else)."""
    return set(model.model_dump(exclude_unset=True))


def test_applications_create_get_list_update_with_metadata_merge_rotate_and_idempotent_delete(
    sdk: ManagementClient,
) -> None:
    made = sdk.clients.create(name="DCR Admin", app_type="non_interactive", grant_types=["client_credentials"])
    assert fields(made) == CLIENT_FIELDS | {"app_type"}
    assert made.grant_types == ["client_credentials"]
    cid = str(made.client_id)
    assert fields(sdk.clients.get(cid, fields="client_id", include_fields=True)) == {"client_id", "signing_keys"}
    sdk.clients.update(cid, client_metadata={"konnect_portal_id": "p", "konnect_org_id": "o"})
    merged = sdk.clients.update(cid, client_metadata={"konnect_org_id": None, "konnect_application_id": "a"})
    assert merged.client_metadata == {"konnect_portal_id": "p", "konnect_application_id": "a"}
    listed = sdk.clients.list(include_totals=True, per_page=50)
    assert cid in {c.client_id for c in listed}
    rotated = sdk.clients.rotate_secret(cid)
    assert rotated.client_secret and rotated.client_secret != made.client_secret
    sdk.clients.delete(cid)
    sdk.clients.delete(cid)  # idempotent: a tenant answers 204 for an absent application
    with pytest.raises(ApiError) as gone:
        sdk.clients.get(cid)
    assert (gone.value.status_code, gone.value.body["errorCode"]) == (404, "inexistent_client")


def test_client_grants_create_list_with_filters_update_and_idempotent_delete(
    sdk: ManagementClient, auth0: RunningSandbox
) -> None:
    cid = str(sdk.clients.create(name="app", app_type="non_interactive").client_id)
    audience = f"https://{auth0.domain}/api/v2/"
    grant = sdk.client_grants.create(client_id=cid, audience=audience, scope=list(ADMIN_PERMISSIONS))
    assert fields(grant) == GRANT_FIELDS
    assert (grant.subject_type, grant.scope) == ("client", list(ADMIN_PERMISSIONS))  # order kept
    with pytest.raises(ApiError) as twice:
        sdk.client_grants.create(client_id=cid, audience=audience, scope=[])
    assert (twice.value.status_code, twice.value.body["statusCode"], twice.value.body["error"]) == (
        409,
        409,
        "Conflict",
    )
    found = list(sdk.client_grants.list(audience=audience, client_id=cid, take=50))
    assert [g.id for g in found] == [grant.id]
    assert list(sdk.client_grants.list(audience=API, client_id=cid, take=50)) == []
    updated = sdk.client_grants.update(str(grant.id), scope=["read:clients"])
    assert sdk.client_grants.get(str(grant.id)).scope == updated.scope == ["read:clients"]
    sdk.client_grants.delete(str(grant.id))
    sdk.client_grants.delete(str(grant.id))  # idempotent
    assert list(sdk.client_grants.list(client_id=cid, take=50)) == []


def test_client_grants_page_through_checkpoints(sdk: ManagementClient, auth0: RunningSandbox) -> None:
    audience = f"https://{auth0.domain}/api/v2/"
    made = [sdk.clients.create(name=f"app {i}").client_id for i in range(5)]
    for cid in made:
        sdk.client_grants.create(client_id=str(cid), audience=audience, scope=[])
    assert [g.client_id for g in sdk.client_grants.list(audience=audience, take=2)] == made


def test_apis_create_get_by_id_and_identifier_update_scopes_and_delete(sdk: ManagementClient) -> None:
    server = sdk.resource_servers.create(identifier=API, name="Orders")
    assert fields(server) == SERVER_FIELDS | {"name"}  # no `scopes` until they are set
    assert sdk.resource_servers.get(API).id == server.id
    scopes = [ResourceServerScope(value="read:orders", description="Read"), ResourceServerScope(value="write:orders")]
    updated = sdk.resource_servers.update(API, scopes=scopes)
    assert [s.value for s in updated.scopes or []] == ["read:orders", "write:orders"]
    assert [s.value for s in sdk.resource_servers.get(str(server.id)).scopes or []] == ["read:orders", "write:orders"]
    listed = sdk.resource_servers.list(identifiers=[API], include_totals=True)
    assert [s.identifier for s in listed] == [API]
    with pytest.raises(ApiError) as taken:
        sdk.resource_servers.create(identifier=API)
    assert taken.value.status_code == 409
    sdk.resource_servers.delete(str(server.id))
    sdk.resource_servers.delete(str(server.id))  # idempotent
    with pytest.raises(ApiError) as gone:
        sdk.resource_servers.get(API)
    assert (gone.value.status_code, gone.value.body["errorCode"]) == (404, "inexistent_resource_server")


def test_actions_build_deploy_list_versions_and_bind_by_id_or_name(sdk: ManagementClient) -> None:
    code = "exports.onExecuteCredentialsExchange = async (event, api) => {};"
    made = sdk.actions.create(
        name="rename",
        supported_triggers=[TRIGGER],
        code=code,
        runtime="node22",
        secrets=[ActionSecretRequest(name="CLIENT_SECRET", value="s3cret")],
    )
    assert fields(made) == ACTION_FIELDS
    assert made.status == "pending" and [s.name for s in made.secrets or []] == ["CLIENT_SECRET"]
    assert "s3cret" not in made.model_dump_json()
    action_id = str(made.id)
    assert sdk.actions.get(action_id).status == "built"
    version = sdk.actions.deploy(action_id)
    assert (version.deployed, version.number, version.action and version.action.id) == (False, 1, action_id)
    live = sdk.actions.get(action_id)
    assert live.deployed_version and (live.deployed_version.id, live.deployed_version.deployed) == (version.id, True)
    # `current_version` is not in Auth0's API definition, yet tenants send it: the SDK keeps it as an extra field.
    assert live.model_dump()["current_version"]["id"] == version.id and live.all_changes_deployed
    sdk.actions.update(action_id, code=code + "\n// v2")
    assert sdk.actions.get(action_id).all_changes_deployed is False
    second = sdk.actions.deploy(action_id)
    assert [v.number for v in sdk.actions.versions.list(action_id)] == [2, 1]
    assert sdk.actions.versions.get(action_id, str(second.id)).number == 2
    assert [a.id for a in sdk.actions.list(trigger_id="credentials-exchange")] == [action_id]
    by_id = sdk.actions.triggers.bindings.update_many(
        "credentials-exchange", bindings=[{"ref": {"type": "action_id", "value": action_id}, "display_name": "r"}]
    )
    by_name = sdk.actions.triggers.bindings.update_many(
        "credentials-exchange", bindings=[{"ref": {"type": "action_name", "value": "rename"}}]
    )
    for answer in (by_id, by_name):
        (bound,) = answer.bindings or []
        assert bound.action and bound.action.id == action_id and bound.trigger_id == "credentials-exchange"
    assert [b.display_name for b in sdk.actions.triggers.bindings.list("credentials-exchange")] == ["rename"]
    with pytest.raises(ApiError) as still_bound:
        sdk.actions.delete(action_id)
    assert still_bound.value.status_code == 400
    sdk.actions.triggers.bindings.update_many("credentials-exchange", bindings=[])
    sdk.actions.delete(action_id)
    with pytest.raises(ApiError) as gone:
        sdk.actions.get(action_id)
    assert gone.value.status_code == 404


def test_client_credentials_tokens_carry_the_audience_and_granted_scopes(
    sdk: ManagementClient, auth0: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(auth0.ca_path))  # auth0.authentication speaks through requests
    sdk.resource_servers.create(identifier=API, scopes=[ResourceServerScope(value="read:orders")])
    made = sdk.clients.create(name="dcr app", app_type="non_interactive", grant_types=["client_credentials"])
    sdk.client_grants.create(client_id=str(made.client_id), audience=API, scope=["read:orders"])
    reply = GetToken(auth0.domain, str(made.client_id), client_secret=str(made.client_secret)).client_credentials(API)
    assert (reply["token_type"], reply["expires_in"]) == ("Bearer", 86400)
    claims = jwt_claims(reply["access_token"])
    assert (claims["aud"], claims["scope"], claims["azp"]) == (API, "read:orders", made.client_id)


def test_every_answer_carries_rate_limit_headers_and_errors_carry_auth0s_fields(auth0: RunningSandbox) -> None:
    headers = {"Authorization": f"Bearer {auth0.token}"}
    ok = auth0.http.get("/api/v2/clients", headers=headers)
    assert {"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"} <= set(ok.headers)
    cases = [
        (auth0.http.post("/api/v2/clients", json={}, headers=headers), 400, "invalid_body"),
        (auth0.http.get("/api/v2/clients", headers={"Authorization": "Bearer nope"}), 401, "invalid_token"),
        (auth0.http.get("/api/v2/clients/nope", headers=headers), 404, "inexistent_client"),
    ]
    for reply, status, code in cases:
        assert reply.status_code == status
        assert {"statusCode", "error", "message", "errorCode"} <= set(reply.json()), reply.text
        assert (reply.json()["statusCode"], reply.json()["errorCode"]) == (status, code)
        assert "x-ratelimit-reset" in reply.headers
