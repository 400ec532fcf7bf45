"""The DCR policy pack (policy/) through the real engine: loaded by the language host's RunPlugin, run at preview.

Each mandatory policy has a program that breaks it (tests/e2e/programs/guarded.py, one mistake per case): its preview
fails naming the policy and the resource, and neither sandbox receives a write. The dev stack's declaration passes,
advisory policies warn without failing, and the policy config file changes a policy's level per stack.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.data import environment
from tests.support.engine import ROOT, Project, sandbox_project, wire_sandboxes
from tests.support.sandbox import RunningSandbox

pytestmark = pytest.mark.e2e

PACK = ROOT / "policy"


def preview_with_pack(project: Project, *extra: str) -> tuple[int, str]:
    done: subprocess.CompletedProcess[str] = project.preview("--policy-pack", str(PACK), *extra, check=False)
    return done.returncode, done.stdout + done.stderr


def no_writes(*sandboxes: RunningSandbox) -> None:
    for sandbox in sandboxes:
        assert sandbox.writes() == [], f"the {sandbox.kind} sandbox received writes during a preview"


def violation(level: str, policy: str, type_: str, resource: str) -> str:
    """The line the CLI prints for one violation: level, policy, then the resource's type and name."""
    return f"[{level}]  {policy}  ({type_}: {resource})"


def test_the_dev_stack_declaration_passes_the_pack_before_and_after_up(
    tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    project = sandbox_project(tmp_path, "main", konnect, auth0, name="konnect-auth0-dcr", stack="dev")
    for folder in ("specs", "portal"):  # the files the dev stack's declaration names
        shutil.copytree(ROOT / folder, project.dir / folder)
    dev = yaml.safe_load((ROOT / "stacks" / "Pulumi.dev.yaml").read_text())["config"]["konnect-auth0-dcr:dcr"]
    project.config_object("konnect-auth0-dcr:dcr", {**dev, "auth0Domain": auth0.domain})
    config = str(PACK / "config" / "dev.json")
    konnect.clear_log()
    auth0.clear_log()

    code, out = preview_with_pack(project, "--policy-pack-config", config)
    assert code == 0, out
    assert "✅ dcr-guardrails@v0.1.0" in out and "[mandatory]" not in out and "[advisory]" not in out, out
    no_writes(konnect, auth0)
    # Deployed, the same declaration still passes: ids are known now and matched by value as well as by dependency.
    project.up()
    code, out = preview_with_pack(project, "--policy-pack-config", config)
    assert code == 0 and "✅ dcr-guardrails@v0.1.0" in out and "[advisory]" not in out, out


MANDATORY = [
    ("extra-permission", "dcr-admin-grant-exact", "auth0:index:ClientGrant", "admin-grant", "remove create:users"),
    (
        "other-client-grant",
        "management-api-only-admin",
        "auth0:index:ClientGrant",
        "reporting-grant",
        "only the DCR admin app may be",
    ),
    (
        "foreign-issuer",
        "dcr-issuer-matches-tenant",
        "pulumi-python:dynamic/konnect:DcrProvider",
        "dcr-provider",
        "issuer host 'someone-else.eu.auth0.com' is neither this stack's Auth0 tenant",
    ),
    (
        "strategy-wrong-claim",
        "dcr-oidc-strategy",
        "pulumi-python:dynamic/konnect:AuthStrategy",
        "strategy",
        "set configs.openid-connect.credential_claim to ['azp']",
    ),
    ("plain-secret", "secrets-are-secret", "auth0:index:Action", "rename-action", "'secrets[CLIENT_SECRET]'"),
]


@pytest.mark.parametrize(("case", "policy", "type_", "resource", "says"), MANDATORY, ids=[m[1] for m in MANDATORY])
def test_a_program_breaking_a_mandatory_policy_fails_preview_with_nothing_written(
    tmp_path: Path,
    konnect: RunningSandbox,
    auth0: RunningSandbox,
    case: str,
    policy: str,
    type_: str,
    resource: str,
    says: str,
) -> None:
    project = sandbox_project(tmp_path, "guarded", konnect, auth0)
    project.config("dcr-e2e:case", case)
    konnect.clear_log()
    auth0.clear_log()

    code, out = preview_with_pack(project)

    assert code != 0, out
    assert violation("mandatory", policy, type_, resource) in out, out
    assert says in out, out
    # Only this policy fails: the other mandatory ones hold for the same program.
    assert out.count("[mandatory]") == 1, out
    no_writes(konnect, auth0)
    assert project.resources() == {}


def test_advisory_policies_warn_and_pass_and_the_config_file_sets_levels_per_stack(
    tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    project = sandbox_project(tmp_path, "guarded", konnect, auth0, stack="prod")
    project.config("dcr-e2e:case", "ok")

    code, out = preview_with_pack(project)
    assert code == 0, out
    provider = ("pulumi-python:dynamic/konnect:DcrProvider", "dcr-provider")
    assert violation("advisory", "production-protection", *provider) in out, out
    assert violation("advisory", "production-protection", "auth0:index:Client", "admin-app") in out, out
    assert "has no rename Action" in out
    assert (
        violation("advisory", "dcr-strategy-published", "pulumi-python:dynamic/konnect:AuthStrategy", "strategy") in out
    )

    # The prod config file makes production protection mandatory for this stack.
    code, out = preview_with_pack(project, "--policy-pack-config", str(PACK / "config" / "prod.json"))
    assert code != 0 and violation("mandatory", "production-protection", *provider) in out, out

    # And any mandatory policy can be turned down to advisory.
    project.config("dcr-e2e:case", "extra-permission")
    relaxed = tmp_path / "relaxed.json"
    relaxed.write_text(json.dumps({"dcr-admin-grant-exact": "advisory"}))
    code, out = preview_with_pack(project, "--policy-pack-config", str(relaxed))
    assert code == 0, out
    assert violation("advisory", "dcr-admin-grant-exact", "auth0:index:ClientGrant", "admin-grant") in out, out


def test_fleet_preview_runs_the_projects_pack_on_every_stack(
    tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    project = sandbox_project(tmp_path, "guarded", konnect, auth0, stack="good")
    project.config("dcr-e2e:case", "ok")
    project.add_stack("bad")
    wire_sandboxes(project, konnect, auth0)
    project.config("dcr-e2e:case", "extra-permission")
    # The project's own pack, as policy/ sits in this repository (its virtualenv named absolutely here).
    (project.dir / "policy").mkdir()
    shutil.copy(PACK / "__main__.py", project.dir / "policy" / "__main__.py")
    pack_file = yaml.safe_load((PACK / "PulumiPolicy.yaml").read_text())
    pack_file["runtime"]["options"]["virtualenv"] = str(ROOT / ".venv")
    (project.dir / "policy" / "PulumiPolicy.yaml").write_text(yaml.safe_dump(pack_file))
    konnect.clear_log()
    auth0.clear_log()

    done = subprocess.run(
        [sys.executable, "-m", "dcr_components", "fleet", "preview", "--project", str(project.dir), "--json"],
        env=project.env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert done.returncode == 1, done.stdout + done.stderr
    stacks = {s["stack"]: s for s in json.loads(done.stdout)["stacks"]}
    assert stacks["good"]["result"] == "ok"
    assert stacks["good"]["policy"] == [
        "[advisory] dcr-strategy-published (strategy): strategy 'strategy' is published on no API, so no developer "
        "can register with it: publish an API with it (apis[].strategy in the stack config)"
    ]
    assert stacks["bad"]["result"] == "error"
    assert stacks["bad"]["error"].startswith("[mandatory] dcr-admin-grant-exact (admin-grant): the DCR admin app")
    assert "good: policy warnings:" in done.stderr and "ok (1 policy warning)" in done.stderr
    no_writes(konnect, auth0)


@pytest.mark.parametrize("developer_scopes", ["false", "true"])
def test_the_admin_app_component_alone_passes_the_pack(
    tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox, developer_scopes: str
) -> None:
    # A stack split into an Auth0 part and a Konnect part: no DCR provider here names the admin app.
    project = sandbox_project(tmp_path, "admin_only", konnect, auth0)
    project.config("dcr-e2e:developerScopes", developer_scopes)
    code, out = preview_with_pack(project)
    assert code == 0 and "[mandatory]" not in out, out
    no_writes(konnect, auth0)


def test_the_documented_custom_domain_passes_without_repeating_it_in_the_policy_config(
    tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    project = sandbox_project(tmp_path, "main", konnect, auth0, name="konnect-auth0-dcr")
    project.config_object("konnect-auth0-dcr:dcr", environment(auth0, customDomain="login.e2e.example.com"))
    code, out = preview_with_pack(project)
    assert code == 0 and "[mandatory]" not in out, out
    no_writes(konnect, auth0)
