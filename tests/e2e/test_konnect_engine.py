"""The real Pulumi engine runs preview/up/refresh/destroy of the Konnect resources against the sandbox.

Each test asserts on the sandbox's state and request log, not only on exit codes.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.support.data import INITIAL_SECRET, ISSUER, PROVIDERS, STRATEGIES
from tests.support.engine import Project, declare, inventory, make_project
from tests.support.sandbox import KONNECT_TOKEN, RunningSandbox

pytestmark = pytest.mark.e2e


@pytest.fixture
def project(tmp_path: Path, konnect: RunningSandbox) -> Project:
    return make_project(tmp_path, konnect)


def test_preview_of_an_empty_stack_plans_creates_and_calls_nothing(project: Project, konnect: RunningSandbox) -> None:
    out = project.preview().stdout
    assert "+ 4 to create" in out  # the stack, the deployment identity, a provider and a strategy
    assert konnect.requests() == []


def test_up_creates_the_provider_and_a_strategy_that_references_it(project: Project, konnect: RunningSandbox) -> None:
    project.up()
    (provider,), (strategy,) = inventory(konnect)
    assert (provider["name"], provider["provider_type"], provider["issuer"]) == ("portal-dcr", "auth0", ISSUER)
    assert provider["dcr_config"] == {
        "initial_client_id": "admin-app-id",
        "initial_client_secret": INITIAL_SECRET,
        "use_developer_managed_scopes": False,
    }
    assert strategy["dcr_provider_id"] == provider["id"]
    assert strategy["configs"]["openid-connect"]["scopes"] == ["openid", "read"]
    assert konnect.writes() == [("POST", "/v2/dcr-providers"), ("POST", "/v2/application-auth-strategies")]
    outputs = project.outputs()
    assert (outputs["provider_auth0"], outputs["strategy_oidc"]) == (provider["id"], strategy["id"])


def test_second_up_is_a_no_op_with_zero_calls(project: Project, konnect: RunningSandbox) -> None:
    project.up()
    konnect.clear_log()
    out = project.up().stdout
    assert "4 unchanged" in out
    assert konnect.writes() == []
    assert konnect.requests() == []


def test_mutable_change_patches_in_place_and_keeps_ids(project: Project, konnect: RunningSandbox) -> None:
    project.up()
    before = project.outputs()
    providers, strategies = copy.deepcopy(PROVIDERS), copy.deepcopy(STRATEGIES)
    providers["auth0"]["name"] = "portal-dcr-v2"
    strategies["oidc"]["configs"]["openid-connect"]["scopes"] = ["openid", "read", "write"]
    declare(project, providers, strategies)
    konnect.clear_log()
    project.up()
    assert project.outputs() == before
    assert sorted(konnect.writes()) == [
        ("PATCH", f"/v2/application-auth-strategies/{before['strategy_oidc']}"),
        ("PATCH", f"/v2/dcr-providers/{before['provider_auth0']}"),
    ]
    (provider,), (strategy,) = inventory(konnect)
    assert provider["name"] == "portal-dcr-v2"
    assert strategy["configs"]["openid-connect"]["scopes"] == ["openid", "read", "write"]


def test_provider_type_change_replaces_and_repoints_the_strategy(project: Project, konnect: RunningSandbox) -> None:
    project.up()
    before = project.outputs()
    providers = {"auth0": {"provider_type": "kongIdentity", "name": "portal-dcr", "issuer": ISSUER}}
    declare(project, providers, STRATEGIES)
    konnect.clear_log()
    project.up()
    after = project.outputs()
    assert after["provider_auth0"] != before["provider_auth0"]
    assert after["strategy_oidc"] == before["strategy_oidc"]
    (provider,), (strategy,) = inventory(konnect)
    assert (provider["id"], provider["provider_type"]) == (after["provider_auth0"], "kongIdentity")
    assert strategy["dcr_provider_id"] == provider["id"]
    # create-before-delete: new provider, re-point the strategy, then delete the old one.
    assert konnect.writes() == [
        ("POST", "/v2/dcr-providers"),
        ("PATCH", f"/v2/application-auth-strategies/{before['strategy_oidc']}"),
        ("DELETE", f"/v2/dcr-providers/{before['provider_auth0']}"),
    ]


def test_refresh_finds_an_out_of_band_change_and_up_reverts_it(project: Project, konnect: RunningSandbox) -> None:
    project.up()
    pid = project.outputs()["provider_auth0"]
    assert konnect.api("PATCH", f"/v2/dcr-providers/{pid}", {"name": "changed-by-hand"}).status_code == 200
    project.refresh()
    assert project.resources()["auth0"]["outputs"]["name"] == "changed-by-hand"
    konnect.clear_log()
    project.up()
    assert konnect.writes() == [("PATCH", f"/v2/dcr-providers/{pid}")]
    assert inventory(konnect)[0][0]["name"] == "portal-dcr"


def test_refresh_drops_an_object_deleted_out_of_band_and_up_recreates_it(
    project: Project, konnect: RunningSandbox
) -> None:
    project.up()
    sid = project.outputs()["strategy_oidc"]
    assert konnect.api("DELETE", f"/v2/application-auth-strategies/{sid}").status_code == 204
    project.refresh()
    assert "oidc" not in project.resources()
    konnect.clear_log()
    project.up()
    assert konnect.writes() == [("POST", "/v2/application-auth-strategies")]
    assert project.outputs()["strategy_oidc"] != sid
    assert len(inventory(konnect)[1]) == 1


def test_adopt_id_imports_an_existing_object_and_the_next_up_is_a_no_op(
    tmp_path: Path, konnect: RunningSandbox
) -> None:
    body = {
        "provider_type": "auth0",
        "name": "portal-dcr",
        "issuer": ISSUER,
        "labels": {"env": "e2e"},
        "dcr_config": {"initial_client_id": "admin-app-id", "initial_client_secret": "stale"},
    }
    existing = konnect.api("POST", "/v2/dcr-providers", body).json()["id"]
    providers = {"auth0": {**PROVIDERS["auth0"], "adopt_id": existing}}
    project = make_project(tmp_path, konnect, providers, {})
    konnect.clear_log()
    project.up()
    assert project.outputs()["provider_auth0"] == existing
    assert ("POST", "/v2/dcr-providers") not in konnect.writes()
    assert inventory(konnect)[0][0]["dcr_config"]["initial_client_secret"] == INITIAL_SECRET
    konnect.clear_log()
    assert "3 unchanged" in project.up().stdout
    assert konnect.writes() == []


def test_an_adopted_object_retained_on_delete_is_handed_back_on_destroy(
    tmp_path: Path, konnect: RunningSandbox
) -> None:
    body = {**PROVIDERS["auth0"], "dcr_config": {"initial_client_id": "admin-app-id", "initial_client_secret": "s"}}
    existing = konnect.api("POST", "/v2/dcr-providers", body).json()["id"]
    project = make_project(tmp_path, konnect, {"auth0": {**PROVIDERS["auth0"], "adopt_id": existing}}, {})
    project.up()
    declare(project, {"auth0": {**PROVIDERS["auth0"], "adopt_id": existing, "retain_on_delete": True}}, {})
    project.up()
    konnect.clear_log()
    project.destroy()
    assert konnect.writes() == []
    assert [p["id"] for p in inventory(konnect)[0]] == [existing]


def test_destroy_empties_the_sandbox_strategies_before_providers(project: Project, konnect: RunningSandbox) -> None:
    project.up()
    ids = project.outputs()
    konnect.clear_log()
    project.destroy()
    assert inventory(konnect) == ([], [])
    assert konnect.writes() == [
        ("DELETE", f"/v2/application-auth-strategies/{ids['strategy_oidc']}"),
        ("DELETE", f"/v2/dcr-providers/{ids['provider_auth0']}"),
    ]


@pytest.mark.parametrize(
    ("providers", "strategies", "message"),
    [
        (
            {"auth0": {**PROVIDERS["auth0"], "issuer": ISSUER + "/"}},
            STRATEGIES,
            r"DcrProvider resource 'auth0' has a problem: issuer: must not end with a trailing slash",
        ),
        (
            PROVIDERS,
            {
                "oidc": {
                    **STRATEGIES["oidc"],
                    "configs": {
                        "openid-connect": {**STRATEGIES["oidc"]["configs"]["openid-connect"], "scopes": ["read"]}
                    },
                }
            },
            r"AuthStrategy resource 'oidc' has a problem: configs.openid-connect.scopes: must include 'openid'",
        ),
    ],
)
def test_invalid_input_fails_naming_the_field_before_any_api_call(
    tmp_path: Path, konnect: RunningSandbox, providers: dict[str, Any], strategies: dict[str, Any], message: str
) -> None:
    project = make_project(tmp_path, konnect, providers, strategies)
    result = project.preview(check=False)
    assert result.returncode != 0
    assert re.search(message, result.stdout + result.stderr), result.stdout + result.stderr
    assert konnect.requests() == []
    result = project.up(check=False)
    assert result.returncode != 0
    assert re.search(message, result.stdout + result.stderr), result.stdout + result.stderr
    # No call for the invalid resource. A valid provider it depends on may be created first; it is in state,
    # not orphaned.
    bad_path = "/v2/dcr-providers" if "issuer" in message else "/v2/application-auth-strategies"
    assert not [r for r in konnect.requests() if r["path"].startswith(bad_path)]
    stored_ids = {p["id"] for p in inventory(konnect)[0]}
    assert stored_ids == {r["id"] for name, r in project.resources().items() if name == "auth0"}


def test_state_and_engine_logs_hold_no_plaintext_secret(tmp_path: Path, konnect: RunningSandbox) -> None:
    """Export, stack file, CLI output and engine logs up to -v=8 stay clean.

    -v=9 is excluded on purpose: at that level the engine itself prints every marshaled property in
    plaintext (sdk/go/common/resource/plugin/rpc.go), secrets included; the README warns about it.
    """
    project = make_project(tmp_path, konnect)
    log = tmp_path / "engine.log"
    up = project.run("up", "--yes", "--skip-preview", "--logtostderr", "-v=8", stderr_to=log)
    assert len(inventory(konnect)[0]) == 1
    assert log.read_text().count('"v":7') > 20  # the verbose log really was written
    texts = {
        "stack export": project.export(),
        "stack file": (project.dir / "Pulumi.e2e.yaml").read_text(),
        "engine log": log.read_text(),
        "CLI output": up.stdout,
        "stack output": project.run("stack", "output").stdout,
    }
    for secret in (KONNECT_TOKEN, INITIAL_SECRET):
        for where, text in texts.items():
            assert secret not in text, f"{where} leaks a secret"
    exported = project.resources()["auth0"]
    assert (
        exported["outputs"]["initial_client_secret"]["4dabf18193072939515e22adb298388d"]
        == "1b47061264138c4ac30d75fd1eb44270"
    )


def test_forced_replace_of_an_unchanged_provider_keeps_exactly_one_object(
    project: Project, konnect: RunningSandbox
) -> None:
    project.up()
    urn = json.loads(project.export())["deployment"]["resources"]
    provider_urn = next(r["urn"] for r in urn if r["type"] == "pulumi-python:dynamic/konnect:DcrProvider")
    project.up("--replace", provider_urn)
    (provider,), (strategy,) = inventory(konnect)
    assert project.resources()["auth0"]["id"] == provider["id"]
    assert strategy["dcr_provider_id"] == provider["id"]
    konnect.clear_log()
    project.up()
    assert konnect.writes() == []
