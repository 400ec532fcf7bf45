"""Shared state in a real PostgreSQL (Pulumi's DIY `postgres://` backend): two stacks deployed at once by two
engines, a second `up` of one stack refused by the lock, PostgreSQL killed mid-`up` and the next `up` converging
without orphans or duplicates, and no plaintext secret in any row of the state table."""

from __future__ import annotations

import base64
import gzip
import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sandbox.postgres import DATABASE, PostgresServer
from tests.support.data import INITIAL_SECRET, PROVIDERS, STRATEGIES, environment
from tests.support.engine import (
    BIN,
    Project,
    assert_all_gone,
    configure_konnect,
    declare,
    make_project,
    process_tree,
    sandbox_project,
    start_up,
)
from tests.support.sandbox import AUTH0_TOKEN, KONNECT_TOKEN, RunningSandbox

pytestmark = pytest.mark.e2e


def strategies(n: int) -> dict[str, Any]:
    return {f"oidc{i}": {**STRATEGIES["oidc"], "name": f"portal-oidc-{i}"} for i in range(n)}


def ids_in_state(project: Project, stack: str, kind: str) -> set[str]:
    exported = json.loads(project.run("stack", "export", "--stack", stack, stack_flag=False).stdout)
    return {r["id"] for r in exported["deployment"].get("resources", []) if r["type"].endswith(f"konnect:{kind}")}


def finished(run: subprocess.Popen[str], timeout: float = 300) -> tuple[int, str]:
    output, _ = run.communicate(timeout=timeout)
    return run.returncode, output


def wait_for(konnect: RunningSandbox, method: str, fragment: str, run: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while not any(r["method"] == method and fragment in r["path"] for r in konnect.requests()):
        assert run.poll() is None and time.monotonic() < deadline, "the up ended before the awaited request"
        time.sleep(0.05)


def test_two_stacks_up_at_the_same_time_by_two_engines_both_succeed(
    tmp_path: Path, konnect: RunningSandbox, postgres_url: str
) -> None:
    project = make_project(tmp_path, konnect, strategies=strategies(3), backend_url=postgres_url)
    project.add_stack("second")
    configure_konnect(project, konnect)
    declare(project, PROVIDERS, strategies(3))
    konnect.faults(latency_ms=50)  # long enough for the two runs to overlap
    runs = [start_up(project, "e2e"), start_up(project, "second")]
    results = [finished(run) for run in runs]
    assert [code for code, _ in results] == [0, 0], results
    providers = {p["id"] for p in konnect.state()["dcr_providers"]}
    mine = [ids_in_state(project, stack, "DcrProvider") for stack in ("e2e", "second")]
    assert len(providers) == 2 and mine[0] | mine[1] == providers and not mine[0] & mine[1]
    assert len(konnect.state()["application_auth_strategies"]) == 6


def test_a_second_up_of_the_same_stack_is_refused_by_the_lock_and_changes_nothing(
    tmp_path: Path, konnect: RunningSandbox, postgres_url: str
) -> None:
    project = make_project(tmp_path, konnect, strategies=strategies(4), backend_url=postgres_url)
    konnect.faults(latency_ms=300)
    first = start_up(project)
    wait_for(konnect, "POST", "/v2/dcr-providers", first)
    second = project.up(check=False)
    assert second.returncode != 0
    assert "the stack is currently locked by 1 lock(s)" in second.stdout + second.stderr
    assert "creating" not in second.stdout.lower()
    code, output = finished(first)
    assert code == 0, output
    # The sandbox holds exactly what the state holds: the refused run added nothing.
    held = {s["id"] for s in konnect.state()["application_auth_strategies"]}
    assert held == ids_in_state(project, "e2e", "AuthStrategy") and len(held) == 4
    assert {p["id"] for p in konnect.state()["dcr_providers"]} == ids_in_state(project, "e2e", "DcrProvider")


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A server of this test alone: it gets killed."""
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


def test_postgres_killed_mid_up_fails_the_run_cleanly_and_the_next_up_converges(
    tmp_path: Path, konnect: RunningSandbox, own_postgres: PostgresServer
) -> None:
    project = make_project(tmp_path, konnect, strategies=strategies(3), backend_url=own_postgres.url)
    konnect.faults(hold_ms=500)  # a Konnect create is committed, then answered late: the database dies meanwhile
    # One step at a time: the engine retries each failed checkpoint write for about 30 s before it gives up.
    run = start_up(project, None, "--parallel", "1")
    wait_for(konnect, "POST", "/v2/application-auth-strategies", run)
    tree = process_tree(run.pid)
    own_postgres.kill()
    code, output = finished(run, timeout=300)
    assert code != 0, output
    assert "An IO error occurred while writing the new snapshot file" in output and "connection refused" in output
    assert "panic" not in output.lower() and "goroutine" not in output
    assert_all_gone(tree, within=10)
    konnect.faults(hold_ms=0)
    own_postgres.restart()
    in_konnect = {s["id"] for s in konnect.state()["application_auth_strategies"]}
    assert in_konnect - ids_in_state(project, "e2e", "AuthStrategy"), "nothing was in flight: recovery not exercised"
    # Documented recovery (README, "Teams"): release the dead run's lock, drop its interrupted operations, up again.
    project.run("cancel", "--yes")
    project.run("refresh", "--yes", "--skip-preview", "--clear-pending-creates")
    project.up()
    held = {s["id"] for s in konnect.state()["application_auth_strategies"]}
    assert held == ids_in_state(project, "e2e", "AuthStrategy") and len(held) == 3
    assert len(konnect.state()["dcr_providers"]) == 1
    konnect.clear_log()
    project.up()
    assert konnect.writes() == []


def readable_row(row: str) -> str:
    """A row as anyone with read access can read it: the backend stores each blob base64-encoded (and maybe gzipped)
    in a JSON `data` field, which hides nothing."""
    key, _, data = row.partition("|")
    blob = base64.b64decode(json.loads(data)["data"])
    if blob[:2] == b"\x1f\x8b":
        blob = gzip.decompress(blob)
    return f"{key} {data} {blob.decode(errors='replace')}"


def test_no_secret_is_in_plain_text_in_any_row_of_the_state_table(
    tmp_path: Path,
    konnect: RunningSandbox,
    auth0: RunningSandbox,
    postgres_server: PostgresServer,
    postgres_url: str,
) -> None:
    project = sandbox_project(tmp_path, "main", konnect, auth0, name="konnect-auth0-dcr", backend_url=postgres_url)
    project.config_object("konnect-auth0-dcr:dcr", environment(auth0))
    project.up()
    database = postgres_url.split("/")[-1].split("?")[0]
    rows = [readable_row(row) for row in postgres_server.query(database, "SELECT key, data::text FROM pulumi_state;")]
    assert any("konnect:DcrProvider" in row for row in rows), "the checkpoint is not in this table"
    admin_secret = project.outputs()["admin_client_secret"]
    secrets = [KONNECT_TOKEN, AUTH0_TOKEN, admin_secret, INITIAL_SECRET]
    leaked = [(secret[:4] + "…", row.split(" ", 1)[0]) for row in rows for secret in secrets if secret in row]
    assert not leaked, f"plaintext secrets in the state table: {leaked}"
    assert database != DATABASE  # a database of this test's own, not the default one


def test_listing_more_stacks_than_the_engine_has_connections_returns(tmp_path: Path, postgres_url: str) -> None:
    # The pinned engine deadlocked from 4 stacks on 2 cores (10 listing workers, each holding one of the pool's
    # 2 x GOMAXPROCS connections while it waits for a second); .tools/bin/pulumi lists with one worker. `fleet …`
    # without --stacks and the drift workflow list through the same command (automation API: stack ls --json).
    project = Project(tmp_path, "konnect", stack="s00", backend_url=postgres_url)
    names = [f"s{n:02d}" for n in range(8)]
    for name in names[1:]:
        project.run("stack", "init", name, stack_flag=False)
    for args in (["stack", "ls", "--json"], ["stack", "ls", "--all", "--json"]):
        # A hang is a failure here, not a slow pass: the bound only keeps a regression from stalling the suite.
        listed = subprocess.run(
            [str(BIN / "pulumi"), *args, "--non-interactive"],
            cwd=project.dir,
            env=project.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert listed.returncode == 0, listed.stderr
        assert sorted(s["name"] for s in json.loads(listed.stdout)) == names
