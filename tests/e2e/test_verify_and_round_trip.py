"""`verify` after a real `pulumi up`, each check failing on its own tampering, and the simulated DCR round trip."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dcr_components.auth0 import ADMIN_PERMISSIONS
from dcr_components.ops.portal_developer import PortalDeveloper, PortalError
from dcr_components.ops.tenant import jwt_claims
from tests.support.data import API, environment
from tests.support.engine import Project, run_tool, sandbox_project
from tests.support.sandbox import AUTH0_TOKEN, KONNECT_TOKEN, RunningSandbox, publish
from tests.support.tenant import portal_url

pytestmark = pytest.mark.e2e


@pytest.fixture
def deployed(tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox) -> Iterator[Project]:
    project = sandbox_project(tmp_path, "main", konnect, auth0, name="konnect-auth0-dcr")
    project.config_object("konnect-auth0-dcr:dcr", environment(auth0))
    project.up()
    yield project


def verify(project: Project, *flags: str, command: str = "verify", **env: str) -> subprocess.CompletedProcess[str]:
    return run_tool(project, command, *flags, env=env)


def failures(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("FAIL")]


def skips(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("SKIP")]


def admin_grant(auth0: RunningSandbox) -> dict[str, Any]:
    return next(g for g in auth0.state()["client_grants"] if g["audience"].endswith("/api/v2/"))


def remove_permission(auth0: RunningSandbox, permission: str) -> None:
    """Tamper with the admin app's Management API grant directly in the Auth0 sandbox."""
    grant = admin_grant(auth0)
    mgmt(auth0, "PATCH", f"/client-grants/{grant['id']}", {"scope": [p for p in ADMIN_PERMISSIONS if p != permission]})


def mgmt(auth0: RunningSandbox, method: str, path: str, body: Any = None) -> Any:
    reply = auth0.http.request(method, f"/api/v2{path}", json=body, headers={"Authorization": f"Bearer {auth0.token}"})
    reply.raise_for_status()
    return reply.json() if reply.content else None


def test_verify_passes_every_check_on_a_fresh_deployment(deployed: Project) -> None:
    result = verify(deployed)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASS") == 10
    assert "10 passed, 0 failed, 0 skipped" in result.stdout
    assert "PASS  each strategy is published on an API of a portal with sign-in: e2e-cc on Orders API" in result.stdout
    assert "(401 without a session)" in result.stdout
    assert "PASS  a developer's round trip (sign-up, app with DCR, registration, token, deletion)" in result.stdout
    secrets = [deployed.outputs()["admin_client_secret"], AUTH0_TOKEN, KONNECT_TOKEN]
    assert not any(s in result.stdout + result.stderr for s in secrets)
    without = verify(deployed, "--no-round-trip")
    assert "9 passed, 0 failed, 0 skipped" in without.stdout and "round trip" not in without.stdout


def test_make_try_acts_out_a_developer_and_the_apps_deletion_removes_its_auth0_client(
    deployed: Project, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    clients = {c["client_id"] for c in auth0.state()["clients"]}
    result = verify(deployed, command="try")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    steps = [line.split(":")[0] for line in lines if line.startswith("ok")]
    assert steps == [
        "ok    portal",
        "ok    signed up",
        "ok    approved",
        "ok    logged in",
        "ok    home page",
        "ok    can register",
        "ok    app created",
        "ok    registered",
        "ok    token from Auth0",
        "ok    renamed by the Action",
        "ok    app deleted",
        "ok    cleaned up",
    ]
    assert f"ok    token from Auth0: audience {API}, scopes read:orders" in lines
    assert "registered: Orders API: pending, then approved by the portal admin" in result.stdout
    (deleted,) = [line for line in lines if line.startswith("ok    app deleted")]
    assert deleted.endswith("is gone")
    assert {c["client_id"] for c in auth0.state()["clients"]} == clients
    assert konnect.state()["developers"] == [] and konnect.state()["portal_applications"] == []
    assert deployed.outputs()["admin_client_secret"] not in result.stdout + result.stderr


def test_an_unpublished_strategy_fails_its_check_and_the_round_trip_is_skipped(
    deployed: Project, konnect: RunningSandbox
) -> None:
    outputs = deployed.outputs()
    (api_id,) = outputs["api_ids"].values()
    konnect.api("DELETE", f"/v3/apis/{api_id}/publications/{outputs['portal_id']}").raise_for_status()
    result = verify(deployed)
    assert failures(result) == ["FAIL  each strategy is published on an API of a portal with sign-in"]
    assert "found:    published on no API: e2e-cc" in result.stdout
    assert [line.split(":")[0] for line in skips(result)] == [
        "SKIP  a developer's round trip (sign-up, app with DCR, registration, token, deletion)"
    ]


def test_a_removed_permission_fails_naming_it(deployed: Project, auth0: RunningSandbox) -> None:
    remove_permission(auth0, "create:client_grants")
    result = verify(deployed)
    assert result.returncode == 1
    assert failures(result) == ["FAIL  admin grant holds the required permissions"]
    assert "found:    missing create:client_grants" in result.stdout


def test_a_deleted_audience_fails_its_own_check(deployed: Project, auth0: RunningSandbox) -> None:
    mgmt(auth0, "DELETE", "/resource-servers/" + API.replace("/", "%2F"))
    result = verify(deployed)
    assert failures(result) == ["FAIL  API audience exists with the strategies' scopes"]
    assert "found:    no such API" in result.stdout


def test_an_issuer_with_a_trailing_slash_in_konnect_fails_the_issuer_check(
    deployed: Project, konnect: RunningSandbox
) -> None:
    pid = deployed.outputs()["dcr_provider_id"]
    issuer = konnect.api("GET", f"/v2/dcr-providers/{pid}").json()["issuer"]
    assert konnect.api("PATCH", f"/v2/dcr-providers/{pid}", {"issuer": issuer + "/"}).status_code == 200
    result = verify(deployed)
    assert "FAIL  issuer in Konnect equals the tenant's, byte for byte" in failures(result)
    assert f"found:    DCR provider: {issuer}/" in result.stdout


def test_verify_reaches_konnect_like_the_providers_with_the_token_only_in_the_environment(deployed: Project) -> None:
    deployed.run("config", "rm", "konnect:token")
    result = verify(deployed, KONNECT_TOKEN=KONNECT_TOKEN)
    assert result.returncode == 0, result.stdout
    assert "10 passed, 0 failed, 0 skipped" in result.stdout


def test_a_refused_konnect_token_is_bad_credentials_and_the_checks_that_need_konnect_say_so(deployed: Project) -> None:
    deployed.run("config", "rm", "konnect:token")
    result = verify(deployed, KONNECT_TOKEN="kpat_revoked_token")
    assert failures(result) == ["FAIL  Konnect holds the stack's DCR provider and strategies"]
    assert "found:    bad credentials: Konnect refused the token from konnect:token (or KONNECT_TOKEN)" in result.stdout
    assert len(skips(result)) == 5  # the four other Konnect checks and the round trip
    assert all(
        line.endswith("needs 'Konnect holds the stack's DCR provider and strategies', which did not pass")
        for line in skips(result)
    )
    assert "kpat_revoked_token" not in result.stdout + result.stderr


def test_a_wrong_auth0_secret_is_reported_as_bad_credentials_for_that_check(
    deployed: Project, auth0: RunningSandbox
) -> None:
    deployed.config("auth0:apiToken", "wrong-management-api-token", secret=True)
    result = verify(deployed)
    assert failures(result) == ["FAIL  API audience exists with the strategies' scopes"]
    assert "found:    bad credentials: Auth0 refused auth0:apiToken" in result.stdout
    admin = deployed.outputs()["admin_client_id"]
    mgmt(auth0, "POST", f"/clients/{admin}/rotate-secret")  # the admin secret changed outside Pulumi
    result = verify(deployed)
    assert "FAIL  admin app gets a Management API token" in failures(result)
    assert "bad credentials: Auth0 refused the admin app's client id and secret" in result.stdout
    assert skips(result) == [
        "SKIP  admin grant holds the required permissions: needs 'admin app gets a Management API token', which did not pass",
        "SKIP  a developer's round trip (sign-up, app with DCR, registration, token, deletion): needs 'admin app gets a "
        "Management API token', which did not pass",
    ]
    assert "wrong-management-api-token" not in result.stdout + result.stderr


def test_a_strategy_without_openid_fails_the_strategy_check(deployed: Project, konnect: RunningSandbox) -> None:
    sid = next(iter(deployed.outputs()["strategy_ids"].values()))
    konnect.api(
        "PATCH", f"/v2/application-auth-strategies/{sid}", {"configs": {"openid-connect": {"scopes": ["read:orders"]}}}
    )
    result = verify(deployed)
    assert failures(result) == ["FAIL  OIDC strategies: openid, credential claim, DCR provider"]
    assert "lack openid" in result.stdout


def developer_of(konnect: RunningSandbox, portal: dict[str, Any]) -> PortalDeveloper:
    """A developer of this portal, approved by the admin and logged in."""
    dev = PortalDeveloper(portal_url(konnect, portal))
    dev.sign_up("dev@example.com", "Dev")
    (mail,) = konnect.http.get("/_sandbox/emails").json()["emails"]
    dev.set_password(dev.verify_email(mail["token"]), "pw-of-dev-9f2c")
    (who,) = konnect.api("GET", f"/v3/portals/{portal['id']}/developers").json()["data"]
    konnect.api("PATCH", f"/v3/portals/{portal['id']}/developers/{who['id']}", {"status": "approved"})
    dev.log_in("dev@example.com", "pw-of-dev-9f2c")
    return dev


def test_dcr_round_trip_issues_a_working_client_renamed_by_the_action(
    deployed: Project, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    sid = next(iter(deployed.outputs()["strategy_ids"].values()))
    portal, api = publish(konnect, sid)
    dev = developer_of(konnect, portal)
    app = dev.create_application("Weather app", sid)
    assert dev.register(app["id"], api["id"])["status"] == "pending"
    client = next(c for c in auth0.state()["clients"] if c["client_id"] == app["client_id"])
    assert set(client["client_metadata"]) == {
        "konnect_portal_id",
        "konnect_developer_id",
        "konnect_org_id",
        "konnect_application_id",
    }
    token = auth0.http.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "audience": API,
            "client_id": app["client_id"],
            "client_secret": app["client_secret"],
        },
    )
    assert token.status_code == 200, token.text
    claims = jwt_claims(token.json()["access_token"])
    assert (claims["azp"], claims["scope"], claims["aud"]) == (app["client_id"], "read:orders", API)
    renamed = next(c for c in auth0.state()["clients"] if c["client_id"] == app["client_id"])
    metadata = renamed["client_metadata"]
    assert renamed["name"] == f"{portal['id']}+{metadata['konnect_developer_id']}+{app['id']}"
    dev.delete_application(app["id"])
    assert app["client_id"] not in {c["client_id"] for c in auth0.state()["clients"]}
    assert not [g for g in auth0.state()["client_grants"] if g["client_id"] == app["client_id"]]


def test_round_trip_fails_with_insufficient_scope_when_a_permission_is_missing(
    deployed: Project, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    remove_permission(auth0, "create:client_grants")
    before = {c["client_id"] for c in auth0.state()["clients"]}
    sid = next(iter(deployed.outputs()["strategy_ids"].values()))
    portal, _api = publish(konnect, sid)
    with pytest.raises(PortalError) as failed:
        developer_of(konnect, portal).create_application("Weather app", sid)
    assert failed.value.status == 400
    assert (
        "Insufficient scope, expected any of: create:client_grants"
        in failed.value.body["invalid_parameters"][0]["reason"]
    )
    assert {c["client_id"] for c in auth0.state()["clients"]} == before  # the half-made app was rolled back
