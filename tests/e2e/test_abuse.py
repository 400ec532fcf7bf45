"""Probes of a careless or hostile user, kept as regression tests: each names what held, through the real engine on
both sandboxes (the project's own program)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from dcr_components.ops.portal_developer import PortalDeveloper
from dcr_components.ops.trial_leftovers import TRIAL_NAME
from tests.support.data import environment
from tests.support.engine import PASSPHRASE, Project, configure_konnect, sandbox_project
from tests.support.sandbox import AUTH0_TOKEN, KONNECT_TOKEN, RunningSandbox
from tests.support.trials import start_try, until_app_created

pytestmark = pytest.mark.e2e

MARKER = "probe-marker-7d1f0c2b9e"


@pytest.mark.parametrize("spec_file", ["/proc/self/environ", "../../etc/passwd"])
def test_a_spec_file_outside_the_project_stops_preview_and_up_before_any_call_and_nothing_of_it_shows(
    tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox, spec_file: str
) -> None:
    project = sandbox_project(tmp_path, "main", konnect, auth0, name="konnect-auth0-dcr")
    apis = [{"name": "Orders API", "version": "v1", "specFile": spec_file}]
    project.config_object("konnect-auth0-dcr:dcr", environment(auth0, apis=apis))
    konnect.clear_log()
    auth0.clear_log()
    seen = []
    for command in (["preview", "--json", "--diff"], ["up", "--yes", "--skip-preview"]):
        done = project.run(*command, check=False, extra_env={"DCR_PROBE": MARKER})
        assert done.returncode != 0
        output = done.stdout + done.stderr
        assert "konnect-auth0-dcr:dcr.apis.0.specFile: must be a relative path inside the project directory" in output
        seen.append(output)
    everything = "\n".join([*seen, project.export()])
    for secret in (MARKER, PASSPHRASE, KONNECT_TOKEN, AUTH0_TOKEN, "root:x:0:0"):
        assert secret not in everything
    assert konnect.requests() == [] and auth0.requests() == []
    assert project.resources() == {}


@pytest.fixture
def deployed(tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox) -> Project:
    project = sandbox_project(tmp_path, "main", konnect, auth0, name="konnect-auth0-dcr")
    project.config_object("konnect-auth0-dcr:dcr", environment(auth0))
    project.up()
    return project


def clean_up(project: Project) -> subprocess.CompletedProcess[str]:
    """`python -m dcr_components try --clean-up` on the project's stack."""
    command = ["try", "--clean-up", "--stack", project.stack, "--project", str(project.dir)]
    return subprocess.run(
        [sys.executable, "-m", "dcr_components", *command],
        env=project.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def trial_objects(konnect: RunningSandbox, auth0: RunningSandbox) -> dict[str, list[str]]:
    state = konnect.state()
    ids = {d["id"] for d in state["developers"] if d["email"].startswith("dcr-try-") and "trial" in d["full_name"]}
    apps = [a for a in state["portal_applications"] if a["developer_id"] in ids]
    clients = {a["client_id"] for a in apps}
    dcr = [
        c["client_id"]
        for c in auth0.state()["clients"]
        if (c.get("client_metadata") or {}).get("konnect_application_id")
    ]
    return {"developers": sorted(ids), "apps": [a["id"] for a in apps], "clients": sorted(clients | set(dcr))}


def test_sigterm_after_the_app_exists_cleans_up_before_the_trial_exits(
    deployed: Project, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    trial = start_try(deployed)
    until_app_created(trial)
    assert trial_objects(konnect, auth0)["clients"], "no live DCR client at the time of the signal"
    trial.send_signal(signal.SIGTERM)
    rest, _ = trial.communicate(timeout=60)
    assert trial.returncode == 130, rest
    assert "cleaned up" in rest and "interrupted" in rest
    assert trial_objects(konnect, auth0) == {"developers": [], "apps": [], "clients": []}


def test_a_trial_killed_outright_is_found_and_removed_by_clean_up_and_nobody_else_is_touched(
    deployed: Project, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    portal = PortalDeveloper(deployed.outputs()["portal_url"])
    # Bystanders: one has the trial's address shape but not its name, one the name but not the address.
    portal.sign_up("dcr-try-0000abcd@example.com", "Someone else")
    portal.sign_up("alice@example.com", TRIAL_NAME)
    trial = start_try(deployed)
    until_app_created(trial)
    trial.kill()
    trial.wait(30)
    left = trial_objects(konnect, auth0)
    assert left["developers"] and left["apps"] and left["clients"], left
    done = clean_up(deployed)
    assert done.returncode == 0, done.stdout + done.stderr
    assert trial_objects(konnect, auth0) == {"developers": [], "apps": [], "clients": []}
    emails = sorted(d["email"] for d in konnect.state()["developers"])
    assert emails == ["alice@example.com", "dcr-try-0000abcd@example.com"]
    again = clean_up(deployed)
    assert "no trial leftovers" in again.stdout and "0 object(s)" in again.stdout


def test_a_second_stack_declaring_the_same_api_name_and_version_is_told_at_preview_before_any_write(
    deployed: Project, tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    second = sandbox_project(tmp_path / "second", "main", konnect, auth0, name="konnect-auth0-dcr")
    config = environment(auth0, providerName="konnect-e2e-second")  # its own names; the same API name + version
    config["api"] = {**config["api"], "identifier": "https://api.second.example.com/orders"}
    config["strategies"] = [{**config["strategies"][0], "name": "second-cc"}]
    second.config_object("konnect-auth0-dcr:dcr", config)
    konnect.clear_log()
    auth0.clear_log()
    done = second.preview(check=False)
    assert done.returncode != 0
    out = done.stdout + done.stderr
    assert "name + version: an API named 'Orders API' version 'v1' already exists in this Konnect org" in out, out
    assert konnect.writes() == [] and auth0.writes() == []


def test_import_on_a_konnect_resource_fails_in_one_line_pointing_to_adopt_id_with_nothing_written(
    tmp_path: Path, konnect: RunningSandbox
) -> None:
    project = Project(tmp_path, "import_konnect")
    configure_konnect(project, konnect)
    konnect.clear_log()
    for command in (["preview"], ["up", "--yes", "--skip-preview"]):
        done = project.run(*command, check=False)
        output = done.stdout + done.stderr
        assert done.returncode != 0
        assert "console-made: import_ does not work on a Konnect resource" in output, output
        assert "adopt_id='0f3c6a8e-1111-2222-3333-444455556666'" in output
        assert "Traceback" not in output and "KeyError" not in output, output
    assert konnect.writes() == []
    assert project.resources() == {}
