"""Under rate limits, 5xx and lost responses, and after the engine is SIGKILLed, nothing is orphaned or duplicated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.engine import Project, assert_all_gone, kill_up_after, sandbox_project
from tests.support.sandbox import RunningSandbox

pytestmark = pytest.mark.e2e

STRATEGIES_PER_ENV = (4, 3, 3)  # 3 DCR providers, 10 auth strategies


def fleet(auth0: RunningSandbox) -> list[dict[str, Any]]:
    envs = []
    for i, count in enumerate(STRATEGIES_PER_ENV):
        envs.append(
            {
                "auth0Domain": auth0.domain,
                "providerName": f"fleet-{i}",
                "api": {
                    "identifier": f"https://api{i}.fleet.example/orders",
                    "name": f"Fleet API {i}",
                    "scopes": [{"name": "read:orders"}, {"name": "write:orders"}],
                },
                "strategies": [
                    {"name": f"fleet-{i}-{j}", "displayName": f"Fleet {i}.{j}", "scopes": ["read:orders"]}
                    for j in range(count)
                ],
                "labels": {"fleet": str(i)},
            }
        )
    return envs


@pytest.fixture
def project(tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox) -> Project:
    project = sandbox_project(tmp_path, "fleet", konnect, auth0)
    project.config_object("dcr-e2e:environments", fleet(auth0))
    return project


def state_ids(project: Project, type_token: str) -> set[str]:
    resources = json.loads(project.export())["deployment"].get("resources", [])
    return {r["id"] for r in resources if r["type"] == type_token}


def assert_inventory_equals_state(project: Project, konnect: RunningSandbox, auth0: RunningSandbox) -> None:
    kn, a0 = konnect.state(), auth0.state()
    assert {p["id"] for p in kn["dcr_providers"]} == state_ids(project, "pulumi-python:dynamic/konnect:DcrProvider")
    assert {s["id"] for s in kn["application_auth_strategies"]} == state_ids(
        project, "pulumi-python:dynamic/konnect:AuthStrategy"
    )
    assert {c["client_id"] for c in a0["clients"]} == state_ids(project, "auth0:index/client:Client")
    assert {g["id"] for g in a0["client_grants"]} == state_ids(project, "auth0:index/clientGrant:ClientGrant")
    apis = {s["id"] for s in a0["resource_servers"] if not s.get("is_system")}
    assert apis == state_ids(project, "auth0:index/resourceServer:ResourceServer")
    assert (len(kn["dcr_providers"]), len(kn["application_auth_strategies"])) == (3, sum(STRATEGIES_PER_ENV))


def test_up_under_rate_limits_5xx_and_lost_responses_converges_without_orphans(
    project: Project, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    # Counted faults make sure each kind happens at least once; the ratios add seeded random ones on top.
    konnect.faults(ratio=0.2, statuses=[429, 503], retry_after=0.2, drop_next=2, drop_ratio=0.15, fail_next=2, seed=7)
    auth0.faults(ratio=0.2, statuses=[429, 503], retry_after=1, fail_next=2, seed=11)
    project.up()
    injected = [r for r in konnect.requests() if r["status"] in (0, 429, 503)]
    assert any(r["status"] == 0 for r in injected), "no response was dropped: the test would prove nothing"
    assert any(r["status"] in (429, 503) for r in auth0.requests())
    assert_inventory_equals_state(project, konnect, auth0)
    konnect.faults(ratio=0, drop_ratio=0)
    auth0.faults(ratio=0)
    konnect.clear_log()
    auth0.clear_log()
    project.up()
    assert konnect.writes() == [] and auth0.writes() == []


def test_engine_killed_mid_up_recovers_with_the_documented_steps(
    project: Project, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    # Each Konnect answer is held 1 s after the write is committed and logged: a kill right after a logged
    # POST always lands before the engine could record that create.
    konnect.faults(hold_ms=1000)
    tree = kill_up_after(project, konnect, lambda r: r["method"] == "POST" and "strategies" in r["path"])
    assert len(tree) >= 4, f"expected engine, language host, program and plugins, got {tree}"
    assert_all_gone(tree)
    konnect.faults(hold_ms=0)
    # Documented recovery (README): release the dead engine's lock, drop the interrupted operations, up again.
    project.run("cancel", "--yes")
    project.run("refresh", "--yes", "--skip-preview", "--clear-pending-creates")
    # The object behind the last POST exists in Konnect but not in state: what a naive create would duplicate.
    in_state = state_ids(project, "pulumi-python:dynamic/konnect:AuthStrategy")
    unknown_to_state = {s["id"] for s in konnect.state()["application_auth_strategies"]} - in_state
    assert unknown_to_state, "the kill left nothing behind: the recovery path was not exercised"
    project.up()
    assert_inventory_equals_state(project, konnect, auth0)
    konnect.clear_log()
    project.up()
    assert konnect.writes() == []
