"""codify through the real engine: a DCR setup made the way Kong's console guide makes it (raw HTTP calls, never the
project's code), two developers registered through the Portal API, then `codify --write`, preview, up, the
developers' tokens, a no-op up and destroy: nothing is created again, nothing the team had is lost. Also: two DCR
providers on the tenant, a tenant with nothing to codify, `pulumi import` with the auth0 stand-in, and a greenfield
destroy that live registrations stop before any delete."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.console import (
    AUDIENCE,
    Console,
    Developer,
    console_portal_content,
    console_setup,
    register_developer,
    token,
)
from tests.support.data import API, environment
from tests.support.engine import Project, run_tool, sandbox_project
from tests.support.sandbox import RunningSandbox

pytestmark = pytest.mark.e2e

AUTH0_TYPES = {"Client", "ClientGrant", "ClientCredentials", "ResourceServer", "ResourceServerScopes"}
KONNECT_COLLECTIONS = ("/v2/dcr-providers", "/v2/application-auth-strategies", "/v3/portals", "/v3/apis")


def codify(project: Project, *flags: str) -> subprocess.CompletedProcess[str]:
    return run_tool(project, "codify", *flags, timeout=300)


@pytest.fixture
def acme(tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox) -> Project:
    """A stack of the project's program holding only its provider keys (what `pulumi stack init` + the guide's
    credentials give a team)."""
    return sandbox_project(tmp_path, "main", konnect, auth0, name="konnect-auth0-dcr", stack="acme")


def everything_the_team_had(konnect: RunningSandbox, auth0: RunningSandbox) -> dict[str, Any]:
    kn, a0 = konnect.state(), auth0.state()
    return {
        "konnect": {k: sorted(i["id"] for i in kn[k]) for k in ("dcr_providers", "portals", "apis", "developers")},
        "strategies": sorted(s["id"] for s in kn["application_auth_strategies"]),
        "publications": sorted((p["api_id"], p["portal_id"]) for p in kn["publications"]),
        "applications": sorted(a["id"] for a in kn["portal_applications"]),
        "registrations": sorted((r["id"], r["status"]) for r in kn["registrations"]),
        "portal content": {
            k: sorted(i["id"] for i in kn[k])
            for k in ("pages", "snippets", "teams", "team_roles", "identity_providers")
        },
        "page content": sorted((p["slug"], p["status"], p["content"]) for p in kn["pages"]),
        "auth0": {
            k: sorted(str(i.get("id") or i.get("client_id")) for i in a0[k])
            for k in ("clients", "client_grants", "resource_servers")
        },
    }


def both_get_tokens(auth0: RunningSandbox, developers: list[Developer], audience: str = AUDIENCE) -> None:
    for developer in developers:
        reply = token(auth0, developer, audience)
        assert reply.status_code == 200, (developer.email, reply.text)


def test_a_console_made_setup_is_codified_previewed_deployed_and_destroyed_without_losing_anything(
    acme: Project, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    setup: Console = console_setup(konnect, auth0)
    developers = [
        register_developer(konnect, setup.portal, email, setup.strategy["id"], setup.catalog_api["id"])
        for email in ("ann@example.com", "bob@example.com")
    ]
    content = console_portal_content(konnect, setup.portal["id"], setup.catalog_api["id"])
    before = everything_the_team_had(konnect, auth0)
    assert before["portal content"] == content
    konnect.clear_log()
    auth0.clear_log()

    written = codify(acme, "--api-identifier", setup.api["identifier"], "--write")
    assert written.returncode == 0, written.stdout + written.stderr
    assert konnect.writes() == [] and [w for w in auth0.writes() if w[1] != "/oauth/token"] == []
    assert "the portal's developers" in written.stdout and "2 developer(s), 2 application(s)" in written.stdout
    stack_file = (acme.dir / "Pulumi.acme.yaml").read_text()
    assert setup.admin["client_secret"] not in stack_file and "secure:" in stack_file  # provider secrets kept
    # The portal's pages, snippet and team are declared as they are; its sign-in stays as it is, and says why.
    portal = yaml.safe_load(stack_file)["config"]["konnect-auth0-dcr:dcr"]["portal"]
    assert [(p["slug"], p.get("parent"), p.get("status")) for p in portal["pages"]] == [
        ("/", None, None),
        ("guides", None, None),
        ("orders", "guides", "unpublished"),
    ]
    (snippet,) = portal["snippets"]
    assert snippet == {
        "name": "banner",
        "title": "banner",  # Konnect's defaults for a snippet made without them, declared as they are
        "content": "Maintenance on Sunday",
        "visibility": "private",
        "status": "unpublished",
    }
    assert portal["teams"] == [{"name": "Partners", "description": "Our partners", "apis": {"orders-api": "consumer"}}]
    assert (
        "sign-in: oidc identity provider" in written.stdout and "issuer https://login.acme.example/" in written.stdout
    )
    for line in [
        x for x in written.stdout.splitlines() if x.startswith(("portal page", "portal snippet", "portal team"))
    ]:
        assert "adopt (by" in line and line.rstrip().endswith(("nothing", "role(s) found as declared")), line

    preview = json.loads(acme.run("preview", "--json").stdout)
    ops = [(step["op"], step["urn"].split("::")[2]) for step in preview["steps"]]
    assert sorted(t.split(":")[-1] for op, t in ops if op == "import") == sorted(AUTH0_TYPES)
    assert not [o for o in ops if o[0] in ("replace", "create-replacement", "delete", "update")], ops
    assert not [t for op, t in ops if op == "create" and t.startswith("auth0:")]  # no second admin app
    adopted = [d["message"] for d in preview["diagnostics"] if "info: adopts" in d["message"]]
    assert len(adopted) == 5  # provider, strategy, portal, API, publication: each says what the first up changes
    assert any(f"adopts DCR provider 'Auth0 DCR' ({setup.provider['id']})" in line for line in adopted)
    konnect.clear_log()
    auth0.clear_log()

    acme.up()
    assert [w for w in auth0.writes() if w[1] != "/oauth/token"] == []
    writes = konnect.writes()
    assert not [w for w in writes if w[0] == "POST" and w[1] in KONNECT_COLLECTIONS], writes
    assert sorted(m for m, _ in writes) == ["PATCH", "PATCH", "PATCH", "PATCH", "PUT"], writes
    assert everything_the_team_had(konnect, auth0) == before  # same ids, registrations kept
    both_get_tokens(auth0, developers)

    acme.preview("--expect-no-changes")
    konnect.clear_log()
    auth0.clear_log()
    acme.up()
    assert konnect.requests() == [] and auth0.requests() == []  # a no-op up makes no call at all

    destroyed = acme.destroy()
    assert "delete[retain]" in destroyed.stdout or "[retain]" in destroyed.stdout  # the imported Auth0 objects
    assert everything_the_team_had(konnect, auth0) == before
    assert all("pulumi-owner" not in p["labels"] for p in konnect.state()["dcr_providers"])  # handed back
    both_get_tokens(auth0, developers)


def test_two_dcr_providers_on_the_tenant_are_listed_and_the_flag_chooses(
    acme: Project, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    setup = console_setup(konnect, auth0)
    second = konnect.api(
        "POST",
        "/v2/dcr-providers",
        {
            **{k: setup.provider[k] for k in ("provider_type", "issuer")},
            "name": "Another",
            "dcr_config": {
                "initial_client_id": setup.admin["client_id"],
                "initial_client_secret": setup.admin["client_secret"],
            },
        },
    ).json()
    ambiguous = codify(acme, "--write")
    assert ambiguous.returncode == 1
    assert "2 candidates for the DCR provider; choose one with --dcr-provider:" in ambiguous.stdout
    assert setup.provider["id"] in ambiguous.stdout and second["id"] in ambiguous.stdout
    assert "konnect-auth0-dcr:dcr" not in (acme.dir / "Pulumi.acme.yaml").read_text()  # nothing written
    chosen = codify(acme, "--dcr-provider", setup.provider["id"])
    assert chosen.returncode == 0, chosen.stdout
    assert "Nothing was changed." in chosen.stdout


def test_a_tenant_with_nothing_to_codify_is_told_so_and_nothing_is_written(
    acme: Project, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    done = codify(acme, "--write")
    assert done.returncode == 1
    assert (
        f"codify: nothing to codify: no Konnect DCR provider of type auth0 has the issuer https://{auth0.domain}"
        in done.stdout
    )
    assert "konnect-auth0-dcr:dcr" not in (acme.dir / "Pulumi.acme.yaml").read_text()
    assert konnect.writes() == []


def test_pulumi_import_of_an_auth0_type_with_the_stand_in_fails_before_writing_state(
    acme: Project, auth0: RunningSandbox, konnect: RunningSandbox
) -> None:
    setup = console_setup(konnect, auth0)
    refused = acme.run("import", "auth0:index/client:Client", "admin", setup.admin["client_id"], "--yes", check=False)
    assert refused.returncode == 2
    assert "is refused before anything is written" in refused.stderr and "--generate-code=false" in refused.stderr
    assert acme.resources() == {}
    state_only = acme.run(
        "import", "auth0:index/client:Client", "admin", setup.admin["client_id"], "--yes", "--generate-code=false"
    )
    assert state_only.returncode == 0
    assert "admin" in acme.resources()


def test_a_greenfield_destroy_that_would_end_registrations_stops_before_any_delete(
    tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    project = sandbox_project(tmp_path, "main", konnect, auth0, name="konnect-auth0-dcr")
    project.config_object("konnect-auth0-dcr:dcr", environment(auth0))
    project.up()
    state = konnect.state()
    (portal,) = state["portals"]
    (api,) = state["apis"]
    strategy = next(s for s in state["application_auth_strategies"] if s["strategy_type"] == "openid_connect")
    register_developer(konnect, portal, "ann@example.com", strategy["id"], api["id"])

    # Removing the API from the program would delete it with its registration: preview says so, before any write.
    config = environment(auth0, apis=[])
    project.config_object("konnect-auth0-dcr:dcr", config)
    preview = project.preview(check=False)
    assert preview.returncode != 0
    assert f"API 'Orders API' ({api['id']}): 1 developer application(s), 1 registration(s)" in preview.stdout
    project.config_object("konnect-auth0-dcr:dcr", environment(auth0))

    konnect.clear_log()
    auth0.clear_log()
    stopped = project.run("destroy", "--yes", "--skip-preview", check=False)
    assert stopped.returncode != 0
    said = stopped.stdout + stopped.stderr
    assert "This destroy would end developers' work" in said and "Nothing was deleted" in said
    assert f"portal '{portal['name']}' ({portal['id']}): 1 developer application(s), 1 registration(s)" in said
    assert [w for w in konnect.writes() + auth0.writes() if w[0] == "DELETE"] == []
    assert len(konnect.state()["registrations"]) == 1

    project.config_object("konnect-auth0-dcr:dcr", environment(auth0, allowRegistrationLoss=True))
    project.up()  # records the opt-in: no API call
    project.destroy()
    assert konnect.state()["portals"] == [] and konnect.state()["registrations"] == []


def test_switching_a_referenced_portal_to_an_adopted_one_replaces_nothing(
    tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    portal = konnect.api("POST", "/v3/portals", {"name": "team-portal", "auto_approve_developers": True}).json()
    project = sandbox_project(tmp_path, "main", konnect, auth0, name="konnect-auth0-dcr")
    project.config_object("konnect-auth0-dcr:dcr", environment(auth0, portal={"id": portal["id"]}))
    project.up()
    (api,) = konnect.state()["apis"]
    strategy = next(s for s in konnect.state()["application_auth_strategies"] if s["strategy_type"] == "openid_connect")
    developer = register_developer(konnect, portal, "ann@example.com", strategy["id"], api["id"])

    adopted = environment(
        auth0, portal={"name": "team-portal", "autoApproveDevelopers": True}, existing={"portalId": portal["id"]}
    )
    project.config_object("konnect-auth0-dcr:dcr", adopted)
    preview = json.loads(project.run("preview", "--json").stdout)
    ops = {(step["op"], step["urn"].rsplit("::", 1)[1]) for step in preview["steps"]}
    assert not [o for o in ops if o[0] in ("replace", "create-replacement", "delete-replaced")], ops
    assert not [o for o in ops if "publication" in o[1] and o[0] != "same"], ops
    konnect.clear_log()
    project.up()
    assert konnect.writes() == [("PATCH", f"/v3/portals/{portal['id']}")]  # the ownership label; no PUT, no DELETE
    assert [r["id"] for r in konnect.state()["registrations"]] == [developer.registration["id"]]
    both_get_tokens(auth0, [developer], API)
