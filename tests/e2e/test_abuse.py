"""Probes of a careless or hostile user, kept as regression tests: each names what held, through the real engine on
both sandboxes (the project's own program)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.data import environment
from tests.support.engine import PASSPHRASE, sandbox_project
from tests.support.sandbox import AUTH0_TOKEN, KONNECT_TOKEN, RunningSandbox

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
