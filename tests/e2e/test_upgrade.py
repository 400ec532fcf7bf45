"""Upgrades keep every existing stack working: state written by the previous release's code is refreshed, updated,
shrunk and destroyed by this checkout's code.

A stack's state names each dynamic provider by its class path (`__provider` unpickles e.g.
`dcr_components.konnect.ownership._DeploymentProvider`), and refresh, destroy and the delete of a removed resource
load that old path. The previous release is a commit of this repository (PREVIOUS_RELEASE, the last one before the
operator tools and the ownership module moved): its library is taken out with `git archive`, and the first `up` runs
on it alone (PYTHONPATH).
"""

from __future__ import annotations

import base64
import json
import subprocess
import tarfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from tests.support.data import environment
from tests.support.engine import ROOT, Project, sandbox_project
from tests.support.sandbox import RunningSandbox

pytestmark = pytest.mark.e2e

PREVIOUS_RELEASE = "276a351ddb4d0b0acc1468e81edc15961b33d17a"


def previous_release(into: Path) -> Path:
    """The previous release's library and program, unpacked into `into` (never imported by this process)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", PREVIOUS_RELEASE, "dcr_components", "__main__.py"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        pytest.fail(
            f"commit {PREVIOUS_RELEASE} (the previous release) is not in this clone: {archive.stderr.decode().strip()} "
            "(a shallow clone? fetch the full history)"
        )
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def providers_in_state(project: Project) -> dict[str, bytes]:
    """Each dynamic resource's pickled provider, by resource name."""
    deployment = json.loads(project.export())["deployment"]
    found = {}
    for res in deployment.get("resources", []):
        pickled = (res.get("outputs") or {}).get("__provider")
        if isinstance(pickled, str):
            found[res["urn"].rsplit("::", 1)[1]] = base64.b64decode(pickled)
    return found


def counts(konnect: RunningSandbox) -> tuple[int, int]:
    state = konnect.state()
    dcr = [s for s in state["application_auth_strategies"] if s["strategy_type"] == "openid_connect"]
    return len(state["dcr_providers"]), len(dcr)


def test_state_written_by_the_previous_release_refreshes_updates_shrinks_and_destroys_with_this_code(
    tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    old = previous_release(tmp_path / "previous")
    project = sandbox_project(tmp_path, "main", konnect, auth0, name="konnect-auth0-dcr")
    two: dict[str, Any] = environment(auth0)
    two["strategies"] = [*two["strategies"], {"name": "e2e-second", "displayName": "Second", "scopes": ["read:orders"]}]
    project.config_object("konnect-auth0-dcr:dcr", two)
    (project.dir / "__main__.py").write_bytes((old / "__main__.py").read_bytes())

    project.run("up", "--yes", "--skip-preview", extra_env={"PYTHONPATH": str(old)})
    pickled = providers_in_state(project)
    # The canary: the state really names the previous release's class paths, which this checkout moved.
    assert b"dcr_components.konnect.ownership" in pickled["konnect-deployment"], pickled["konnect-deployment"][:200]
    providers, strategies = counts(konnect)
    assert (providers, strategies) == (1, 2)

    # Meanwhile the team gave the portal a home page in the console. This release's default home page (for a portal
    # given no `pages`) takes it as it is: the upgrade writes nothing, the team's page stays theirs.
    (portal,) = konnect.state()["portals"]
    home = {"slug": "/", "title": "Ours", "content": "# Written by the team", "status": "published"}
    konnect.api("POST", f"/v3/portals/{portal['id']}/pages", home).raise_for_status()
    (project.dir / "__main__.py").write_bytes((ROOT / "__main__.py").read_bytes())
    konnect.clear_log()
    auth0.clear_log()
    project.refresh()
    project.up()
    assert konnect.writes() == [] and auth0.writes() == [], (konnect.writes(), auth0.writes())
    (page,) = konnect.state()["pages"]
    assert (page["title"], page["content"]) == ("Ours", "# Written by the team")
    project.preview("--expect-no-changes")

    project.config_object("konnect-auth0-dcr:dcr", environment(auth0))  # one strategy removed
    konnect.clear_log()
    project.up()
    assert [w for w in konnect.writes() if w[0] == "DELETE"] and counts(konnect) == (1, 1)

    project.destroy()
    assert counts(konnect) == (0, 0)
    assert project.resources() == {}
    assert not [c for c in auth0.state()["clients"] if c["name"].startswith("Konnect Portal DCR Admin")]
