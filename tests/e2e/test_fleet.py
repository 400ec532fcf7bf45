"""`python -m dcr_components fleet …` over three stacks of one project whose state is in PostgreSQL: parallel `up`,
drift found (exit 2, naming the resource and field), repaired by `up`, then clean (exit 0); a stack with a config
error reported once while the others go on; the `--json` report; plain progress lines without a terminal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.data import environment
from tests.support.engine import Project, sandbox_project, wire_sandboxes
from tests.support.sandbox import RunningSandbox

pytestmark = pytest.mark.e2e
STACKS = ("team-a", "team-b", "team-c")


def fleet(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dcr_components", "fleet", *args, "--project", str(project.dir), "--json"],
        env=project.env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def report(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    return dict(json.loads(done.stdout))


def environment_of(auth0: RunningSandbox, stack: str) -> dict[str, Any]:
    """One environment per stack: its own names and audience on the shared tenant and org."""
    config = environment(auth0, providerName=f"konnect-{stack}")
    config["api"] = {**config["api"], "identifier": f"https://api.{stack}.example.com/orders"}
    config["strategies"] = [{**config["strategies"][0], "name": f"{stack}-cc"}]
    config["apis"] = [{**config["apis"][0], "name": f"Orders API ({stack})", "strategy": f"{stack}-cc"}]
    config["renameAction"] = {"enabled": True, "name": f"DCR app names ({stack})"}
    config["adminAppName"] = f"Konnect Portal DCR Admin ({stack})"
    return config


@pytest.fixture
def three(tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox, postgres_url: str) -> Project:
    project = sandbox_project(
        tmp_path, "main", konnect, auth0, name="konnect-auth0-dcr", stack=STACKS[0], backend_url=postgres_url
    )
    for stack in STACKS:
        if stack != project.stack:
            project.add_stack(stack)
            wire_sandboxes(project, konnect, auth0)
        project.config_object("konnect-auth0-dcr:dcr", environment_of(auth0, stack))
    return project


def test_fleet_up_drift_repair_and_clean_across_three_stacks_on_postgres(
    three: Project, konnect: RunningSandbox
) -> None:
    up = fleet(three, "up", "--parallel", "3")
    assert up.returncode == 0, up.stdout + up.stderr
    assert [(s["stack"], s["result"], s["changes"].get("create")) for s in report(up)["stacks"]] == [
        (stack, "ok", 23)
        for stack in STACKS  # the environment, its registration guard and its portal's default home page
    ]
    assert "[team-b] up started" in up.stderr and "stack" in up.stderr  # plain progress lines, then the table
    strategy = next(s for s in konnect.state()["application_auth_strategies"] if s["name"] == "team-b-cc")
    konnect.api("PATCH", f"/v2/application-auth-strategies/{strategy['id']}", {"display_name": "Changed by hand"})
    # A field no stack declares (team-a's API description) is Konnect's: not drift, since no `up` would touch it.
    api = next(a for a in konnect.state()["apis"] if a["name"] == "Orders API (team-a)")
    konnect.api("PATCH", f"/v3/apis/{api['id']}", {"description": "Edited in the console"})

    drift = fleet(three, "drift")
    assert drift.returncode == 2, drift.stdout + drift.stderr
    found = {s["stack"]: s for s in report(drift)["stacks"]}
    assert (found["team-a"]["result"], found["team-c"]["result"]) == ("ok", "ok"), [
        (s, found[s]["drift"]) for s in found
    ]
    (drifted,) = found["team-b"]["drift"]
    assert (drifted["resource"], drifted["fields"]) == ("team-b-strategy-team-b-cc", ["display_name"])
    assert "drift: team-b-strategy-team-b-cc (display_name)" in drift.stderr
    after = next(s for s in konnect.state()["application_auth_strategies"] if s["id"] == strategy["id"])
    assert after["display_name"] == "Changed by hand"  # drift never writes

    konnect.clear_log()
    repaired = fleet(three, "up")
    assert repaired.returncode == 0
    assert {s["stack"]: s["changes"].get("update") for s in report(repaired)["stacks"]} == {
        "team-a": None,
        "team-b": 1,
        "team-c": None,
    }
    assert [w for w in konnect.writes() if w[0] != "GET"] == [
        ("PATCH", f"/v2/application-auth-strategies/{strategy['id']}")
    ]
    clean = fleet(three, "drift")
    assert clean.returncode == 0 and report(clean)["exit_code"] == 0, clean.stderr
    assert next(a for a in konnect.state()["apis"] if a["id"] == api["id"])["description"] == "Edited in the console"


def test_a_stack_with_a_config_error_is_reported_once_and_the_others_go_on(
    three: Project, auth0: RunningSandbox
) -> None:
    broken = environment_of(auth0, "team-c")
    broken["labels"] = {"pulumi-owner": "mine"}
    three.config_object("konnect-auth0-dcr:dcr", broken)  # the last stack added is team-c
    done = fleet(three, "preview", "--parallel", "2")
    assert done.returncode == 1
    stacks = {s["stack"]: s for s in report(done)["stacks"]}
    assert [stacks[s]["result"] for s in STACKS] == ["ok", "ok", "error"]
    assert "is reserved for the ownership label" in stacks["team-c"]["error"]
    assert done.stderr.count("is reserved for the ownership label") == 2, done.stderr  # the table, then once below
    assert set(report(done)) == {"operation", "exit_code", "stacks"}
    assert set(stacks["team-a"]) == {
        "stack",
        "operation",
        "result",
        "changes",
        "drift",
        "checks",
        "policy",
        "seconds",
        "error",
    }


def test_a_stack_that_fails_halfway_reports_what_it_had_already_changed(three: Project, auth0: RunningSandbox) -> None:
    # Konnect refuses team-c's token (401) once its Auth0 half is created: a partial run, not "no changes".
    three.config("konnect:token", "not-the-sandbox-token", secret=True)  # the last stack added is team-c
    done = fleet(three, "up", "--stacks", "team-c")
    assert done.returncode == 1, done.stdout + done.stderr
    (stack,) = report(done)["stacks"]
    assert stack["result"] == "error", stack
    assert "401" in stack["error"] or "nauthorized" in stack["error"], stack["error"]
    created = [c for c in auth0.state()["clients"] if c["name"] == "Konnect Portal DCR Admin (team-c)"]
    assert created, "the Auth0 half was not created before Konnect refused: the test would prove nothing"
    assert stack["changes"].get("create", 0) >= 3, stack["changes"]
    table = [line for line in done.stderr.splitlines() if line.startswith("team-c") and "up" in line]
    assert table and "no changes" not in table[-1] and f"+{stack['changes']['create']}" in table[-1], done.stderr
