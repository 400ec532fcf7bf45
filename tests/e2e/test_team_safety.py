"""Teams share one Konnect org and one Auth0 tenant: separate states never take over each other's objects, a killed
run recovers to the new declaration, rotated credentials are used, errors read in one line, and environments with
the rename Action coexist. All through the real engine on the sandboxes."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.data import PROVIDERS, environment
from tests.support.engine import (
    Project,
    assert_all_gone,
    declare,
    inventory,
    kill_up_after,
    make_project,
    sandbox_project,
)
from tests.support.sandbox import AUTH0_TOKEN, KONNECT_TOKEN, RunningSandbox

pytestmark = pytest.mark.e2e


def state_ids(project: Project) -> set[str]:
    return {r["id"] for name, r in project.resources().items() if name in ("auth0", "oidc")}


def test_two_states_with_equal_names_keep_their_own_objects_and_destroy_only_theirs(
    tmp_path: Path, konnect: RunningSandbox
) -> None:
    # Same project, stack and resource names; separate state backends (two clones, two CI runners).
    first, second = make_project(tmp_path / "a", konnect), make_project(tmp_path / "b", konnect)
    first.up()
    konnect.clear_log()
    second.up()
    assert [m for m, _ in konnect.writes()] == ["POST", "POST"], "the second deployment took objects over"
    providers, strategies = inventory(konnect)
    assert (len(providers), len(strategies)) == (2, 2)
    mine, theirs = state_ids(first), state_ids(second)
    assert mine.isdisjoint(theirs) and mine | theirs == {o["id"] for o in providers + strategies}

    second.destroy()
    providers, strategies = inventory(konnect)
    assert {o["id"] for o in providers + strategies} == mine
    konnect.clear_log()
    first.run("refresh", "--yes", "--skip-preview", "--expect-no-changes")
    assert konnect.writes() == []
    assert state_ids(first) == mine


def test_a_killed_create_then_a_changed_declaration_recovers_to_exactly_the_new_declaration(
    tmp_path: Path, konnect: RunningSandbox
) -> None:
    project = make_project(tmp_path, konnect, strategies={})
    # Each Konnect answer is held 1 s after the write is committed: a kill right after the logged POST always
    # lands before the engine could record the create.
    konnect.faults(hold_ms=1000)
    tree = kill_up_after(project, konnect, lambda r: r["method"] == "POST")
    assert len(tree) >= 4, f"expected engine, language host, program and plugins, got {tree}"
    assert_all_gone(tree)
    konnect.faults(hold_ms=0)
    assert "auth0" not in project.resources(), "the create was recorded: the recovery path would not be exercised"

    changed = copy.deepcopy(PROVIDERS)
    changed["auth0"].update(issuer="https://tenant2.eu.auth0.com", labels={"env": "e2e", "team": "b"})
    declare(project, changed, {})
    project.config("secrets.auth0", "rotated-initial-secret", secret=True, path=True)
    # The README's recovery.
    project.run("cancel", "--yes")
    project.run("refresh", "--yes", "--skip-preview", "--clear-pending-creates")
    project.up()

    (provider,) = inventory(konnect)[0]
    assert project.resources()["auth0"]["id"] == provider["id"]
    assert provider["issuer"] == "https://tenant2.eu.auth0.com"
    assert {k: v for k, v in provider["labels"].items() if k != "pulumi-owner"} == {"env": "e2e", "team": "b"}
    assert provider["dcr_config"]["initial_client_secret"] == "rotated-initial-secret"
    assert project.resources()["auth0"]["outputs"]["ownership"]["obtained"] == "reclaimed"
    konnect.clear_log()
    project.up()
    assert konnect.writes() == []


@pytest.fixture
def rotating_konnect(konnect: RunningSandbox) -> Iterator[RunningSandbox]:
    yield konnect
    konnect.sandbox.backend.token = KONNECT_TOKEN  # the session's sandbox outlives this test


@pytest.fixture
def rotating_auth0(auth0: RunningSandbox) -> Iterator[RunningSandbox]:
    yield auth0
    auth0.sandbox.backend.token = AUTH0_TOKEN


def test_a_rotated_token_is_used_by_refresh_preview_up_and_destroy(
    tmp_path: Path, rotating_konnect: RunningSandbox
) -> None:
    konnect = rotating_konnect
    project = make_project(tmp_path, konnect)
    project.up()
    konnect.sandbox.backend.token = "kpat_rotated_token_value"  # the old token is revoked
    project.config("konnect:token", "kpat_rotated_token_value", secret=True)

    # What the engine does by itself: the provider config recorded at the last deployment, with the old token.
    stale = project.run("refresh", "--yes", "--skip-preview", check=False, extra_env={"PULUMI_RUN_PROGRAM": "false"})
    assert stale.returncode != 0
    text = stale.stdout + stale.stderr
    assert "failed: 401 Unauthorized; Konnect refused the token" in text and "konnect:token" in text
    assert "Traceback" not in text and KONNECT_TOKEN not in text

    # What .tools/env.sh sets (and the README tells users): every command runs the program for current config.
    current = {"PULUMI_RUN_PROGRAM": "true"}
    project.run("refresh", "--yes", "--skip-preview", extra_env=current)
    project.run("preview", "--refresh", extra_env=current)
    project.run("up", "--refresh", "--yes", "--skip-preview", extra_env=current)
    project.run("destroy", "--yes", "--skip-preview", extra_env=current)
    assert inventory(konnect) == ([], [])


def test_rotated_auth0_and_konnect_credentials_reach_both_providers_of_the_environment(
    tmp_path: Path, rotating_konnect: RunningSandbox, rotating_auth0: RunningSandbox
) -> None:
    konnect, auth0 = rotating_konnect, rotating_auth0
    project = sandbox_project(tmp_path, "main", konnect, auth0, name="konnect-auth0-dcr")
    project.config_object("konnect-auth0-dcr:dcr", environment(auth0))
    project.up()
    konnect.sandbox.backend.token, auth0.sandbox.backend.token = "kpat_rotated", "auth0_rotated_api_token"
    project.config("konnect:token", "kpat_rotated", secret=True)
    project.config("auth0:apiToken", "auth0_rotated_api_token", secret=True)
    current = {"PULUMI_RUN_PROGRAM": "true"}
    project.run("refresh", "--yes", "--skip-preview", "--expect-no-changes", extra_env=current)
    project.run("destroy", "--yes", "--skip-preview", extra_env=current)
    assert auth0.state()["clients"] == [] and inventory(konnect) == ([], [])


def test_a_refused_call_during_up_is_one_readable_line_not_a_traceback(tmp_path: Path, konnect: RunningSandbox) -> None:
    project = make_project(tmp_path, konnect, strategies={})
    konnect.faults(fail_next=1, status=400, methods=["POST"])
    result = project.up(check=False)
    text = result.stdout + result.stderr
    assert result.returncode != 0
    assert (
        "error: Konnect POST /v2/dcr-providers failed: 400 Invalid Request: Invalid Parameters "
        "[body: injected by the sandbox (rule invalid)] (trace kong:trace:"
    ) in text
    assert "Traceback" not in text and 'File "' not in text


@pytest.mark.parametrize(
    ("provider", "secret"),
    [
        ({"provider_type": "http", "dcr_config": {"dcr_base_url": "https://dcr.example.com"}}, "short-key!"),
        ({"provider_type": "okta", "dcr_config": {"api_key": "plain_api_key_value_123"}}, "okta-dcr-token-value"),
    ],
)
def test_a_rejected_secret_input_is_named_but_its_value_never_printed(
    tmp_path: Path, konnect: RunningSandbox, provider: dict[str, Any], secret: str
) -> None:
    providers = {"auth0": {"name": "p", "issuer": "https://issuer.example.com", **provider}}
    project = make_project(tmp_path, konnect, providers, {})
    project.config("secrets.auth0", secret, secret=True, path=True)
    result = project.preview(check=False)
    text = result.stdout + result.stderr
    assert result.returncode != 0 and "has a problem:" in text
    for value in (secret, "plain_api_key_value_123"):
        assert value not in text
    assert konnect.requests() == []


def test_two_environments_with_the_rename_action_on_one_tenant_coexist_and_converge(
    tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    projects = []
    for index, stack in enumerate(("blue", "green")):
        project = sandbox_project(tmp_path / stack, "main", konnect, auth0, name="konnect-auth0-dcr", stack=stack)
        config = environment(auth0, providerName=f"konnect-{stack}")
        config["api"] = {**config["api"], "identifier": f"https://api{index}.e2e.example.com/orders"}
        config["apis"] = [{"name": f"Orders API ({stack})", "version": "v1"}]  # name + version: unique per org
        project.config_object("konnect-auth0-dcr:dcr", config)
        project.up()
        projects.append(project)
    actions = {a["id"]: a["name"] for a in auth0.state()["actions"]}
    assert sorted(actions.values()) == ["Konnect DCR app names (blue)", "Konnect DCR app names (green)"]
    bound = [b["action"]["id"] for b in auth0.state()["bindings"]["credentials-exchange"]]
    assert sorted(bound) == sorted(actions)
    for project in projects:
        auth0.clear_log()
        konnect.clear_log()
        project.run("refresh", "--yes", "--skip-preview", "--expect-no-changes")
        project.up()
        assert auth0.writes() == [] and konnect.writes() == [], "the environments take the trigger from each other"
    assert sorted(b["action"]["id"] for b in auth0.state()["bindings"]["credentials-exchange"]) == sorted(actions)
    projects[0].destroy()
    (remaining,) = auth0.state()["bindings"]["credentials-exchange"]
    assert actions[remaining["action"]["id"]] == "Konnect DCR app names (green)"


def test_renaming_a_strategy_under_its_key_patches_it_in_place(
    tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    project = sandbox_project(tmp_path, "main", konnect, auth0, name="konnect-auth0-dcr")
    project.config_object("konnect-auth0-dcr:dcr", environment(auth0))
    project.up()
    (before,) = project.outputs()["strategy_ids"].values()
    config = environment(auth0)
    config["strategies"] = [{"key": "e2e-cc", "name": "e2e-cc-renamed", "displayName": "Renamed", "scopes": []}]
    project.config_object("konnect-auth0-dcr:dcr", config)
    konnect.clear_log()
    project.up()
    assert konnect.writes() == [("PATCH", f"/v2/application-auth-strategies/{before}")]
    assert project.outputs()["strategy_ids"] == {"e2e-cc-renamed": before}
    (strategy,) = [s for s in inventory(konnect)[1] if s["id"] == before]
    assert (strategy["name"], strategy["display_name"]) == ("e2e-cc-renamed", "Renamed")
    assert konnect.state()["publications"][0]["auth_strategy_ids"] == [before]  # still published with it
