"""The whole Dev Portal of the dev stack's declaration, on the real engine: developers sign in with the stack's Auth0
tenant (no Konnect password), their team decides which APIs they see, the home page is read; a change of a page's
Markdown file, a team's role and the sign-in's scopes is one in-place update each; a no-op `up` writes nothing; and
`destroy` removes what the stack made in both vendors (the sign-in app included) and nothing else; a trial killed
mid-way is cleaned up with the Auth0 person it made."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from dcr_components.ops.trial_leftovers import TRIAL_NAME
from tests.support.engine import ROOT, Project, run_tool, sandbox_project
from tests.support.sandbox import RunningSandbox
from tests.support.trials import start_try, until_app_created

pytestmark = pytest.mark.e2e

KEY = "konnect-auth0-dcr:dcr"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def folded(writes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(method, UUID.sub("{id}", path)) for method, path in writes]


def dev_declaration(auth0: RunningSandbox) -> dict[str, Any]:
    dev = yaml.safe_load((ROOT / "stacks" / "Pulumi.dev.yaml").read_text())["config"][KEY]
    return {**dev, "auth0Domain": auth0.domain}


@pytest.fixture
def dev_portal(tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox) -> Iterator[Project]:
    project = sandbox_project(tmp_path, "main", konnect, auth0, name="konnect-auth0-dcr", stack="dev")
    for folder in ("specs", "portal"):  # what the dev stack's files name, relative to the project
        shutil.copytree(ROOT / folder, project.dir / folder)
    project.config_object(KEY, dev_declaration(auth0))
    project.up()
    yield project


def test_try_signs_a_developer_in_through_auth0_who_sees_their_teams_apis_and_verify_checks_the_sign_in(
    dev_portal: Project, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    konnect.clear_log()
    result = run_tool(dev_portal, "try")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("ok")]
    assert [line.split(":")[0].removeprefix("ok").strip() for line in lines] == [
        "portal",
        "signed in with Auth0",
        "approved",
        "sees its team's APIs",
        "home page",
        "can register",
        "app created",
        "registered",
        "token from Auth0",
        "renamed by the Action",
        "app deleted",
        "cleaned up",
        "cleaned up",
    ]
    said = {line.split(":")[0].removeprefix("ok").strip(): line.split(": ", 1)[1] for line in lines}
    assert said["signed in with Auth0"].endswith(
        f"in group orders-partners, through {auth0.domain}'s login (OIDC code flow, no password)"
    )
    assert said["sees its team's APIs"] == "team Orders partners: sees Orders API; not Inventory API"
    assert said["home page"].startswith("'Home', ")
    assert said["token from Auth0"] == "audience https://api.dev.example.com/orders, scopes read:orders"
    paths = [(r["method"], r["path"].split("/api/v3", 1)[-1]) for r in konnect.requests()]
    assert ("GET", "/developer/authenticate/sso") in paths
    assert not [p for p in paths if p[1] in ("/developer", "/developer/authenticate")]  # no sign-up, no password
    # The trial's Auth0 person, its developer and its app are gone again.
    assert auth0.state()["users"] == [] and konnect.state()["developers"] == []

    checked = run_tool(dev_portal, "verify")
    assert "11 passed, 0 failed, 0 skipped" in checked.stdout, checked.stdout
    (line,) = [x for x in checked.stdout.splitlines() if x.startswith("PASS  developers sign in with the tenant")]
    assert f"https://{auth0.domain}/ app 'Konnect Dev Portal sign-in (dev)'" in line
    assert line.endswith(f"calls back to {dev_portal.outputs()['portal_url']}/login")


def test_verify_names_a_sign_in_app_whose_callback_no_longer_matches_the_portal(
    dev_portal: Project, auth0: RunningSandbox
) -> None:
    app = next(c for c in auth0.state()["clients"] if c["name"] == "Konnect Dev Portal sign-in (dev)")
    headers = {"Authorization": f"Bearer {auth0.token}"}
    moved = {"callbacks": ["https://old-portal.example.com/login"]}
    auth0.http.patch(f"/api/v2/clients/{app['client_id']}", json=moved, headers=headers).raise_for_status()
    result = run_tool(dev_portal, "verify", "--no-round-trip")
    assert [x for x in result.stdout.splitlines() if x.startswith("FAIL")] == [
        "FAIL  developers sign in with the tenant: the portal's IdP and the Auth0 app's callback"
    ]
    assert "found:    callbacks ['https://old-portal.example.com/login']" in result.stdout


def test_page_role_and_scope_changes_update_in_place_a_no_op_up_writes_nothing_and_destroy_takes_only_the_stacks(
    dev_portal: Project, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    # What the team has beside the stack: an Auth0 app and an API in Konnect.
    theirs = auth0.api("POST", "/api/v2/clients", {"name": "Team's own app", "app_type": "spa"}).json()
    api = konnect.api("POST", "/v3/apis", {"name": "Team API", "version": "v1"}).json()

    (dev_portal.dir / "portal" / "home.md").write_text("# Developer Portal (dev)\n\nNew words.\n\n::apis-list\n")
    declaration = dev_declaration(auth0)
    portal = declaration["portal"]
    portal["teams"][1]["apis"] = {"inventory-api": "consumer"}
    portal["signIn"]["scopes"] = ["openid", "email", "profile", "offline_access"]
    dev_portal.config_object(KEY, declaration)
    preview = dev_portal.preview("--diff").stdout
    assert "3 to update" in preview and "to replace" not in preview and "to create" not in preview, preview
    konnect.clear_log()
    auth0.clear_log()
    dev_portal.up()
    assert sorted(folded(konnect.writes())) == [
        ("DELETE", "/v3/portals/{id}/teams/{id}/assigned-roles/{id}"),
        ("PATCH", "/v3/portals/{id}/identity-providers/{id}"),
        ("PATCH", "/v3/portals/{id}/pages/{id}"),
        ("POST", "/v3/portals/{id}/teams/{id}/assigned-roles"),
    ]
    # Konnect has no PATCH for a role: the new assignment is made before the old one goes.
    assert [m for m, p in konnect.writes() if "assigned-roles" in p] == ["POST", "DELETE"]
    assert auth0.writes() == []
    home = next(p for p in konnect.state()["pages"] if p["slug"] == "/")
    assert "New words." in home["content"]

    konnect.clear_log()
    auth0.clear_log()
    dev_portal.up()
    assert konnect.writes() == [] and auth0.writes() == []

    dev_portal.destroy()
    assert [c["name"] for c in auth0.state()["clients"]] == ["Team's own app"]
    assert [c["client_id"] for c in auth0.state()["clients"]] == [theirs["client_id"]]
    assert auth0.state()["actions"] == [] and auth0.state()["resource_servers"][1:] == []
    held = konnect.state()
    assert [a["id"] for a in held["apis"]] == [api["id"]]
    assert held["portals"] == [] and held["dcr_providers"] == []


def test_a_killed_sso_trial_is_cleaned_up_with_the_auth0_person_it_made(
    dev_portal: Project, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    trial = start_try(dev_portal)
    until_app_created(trial)
    trial.kill()
    trial.wait(30)
    assert [u["name"] for u in auth0.state()["users"]] == [TRIAL_NAME]
    assert konnect.state()["developers"] and konnect.state()["portal_applications"]
    done = run_tool(dev_portal, "try", "--clean-up")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Auth0 user dcr-try-" in done.stdout
    assert auth0.state()["users"] == [] and konnect.state()["developers"] == []
    assert konnect.state()["portal_applications"] == []
