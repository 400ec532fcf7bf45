"""The offline auth0 stand-in makes the bridged provider's calls, in its order, for each of the seven pulumi-auth0
types the environment uses: the sandbox is exercised the way the real plugin exercises a tenant.

The sequences are the ones ../shared/reference/auth0.md §2 reads from terraform-provider-auth0 and go-auth0: each
create and update ends with the provider's read, a grant is looked up before it is made, an Action is polled until
built and until deployed, a credentials delete checks the client and its credentials and resets the auth method.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.data import environment
from tests.support.engine import Project, sandbox_project
from tests.support.sandbox import RunningSandbox

pytestmark = pytest.mark.e2e

Call = tuple[str, str]
TEMPLATES = (
    (r"^/api/v2/actions/actions/[^/]+/deploy$", "/actions/{id}/deploy"),
    (r"^/api/v2/actions/actions/[^/]+$", "/actions/{id}"),
    (r"^/api/v2/actions/triggers/[^/]+/bindings$", "/bindings"),
    (r"^/api/v2/clients/[^/]+/credentials$", "/clients/{id}/credentials"),
    (r"^/api/v2/(clients|client-grants|resource-servers)/[^/]+$", r"/\1/{id}"),
    (r"^/api/v2/", "/"),
)
ON_UP = {
    "Client": [("POST", "/clients"), ("GET", "/clients/{id}")],
    "ClientGrant": [("GET", "/client-grants"), ("POST", "/client-grants"), ("GET", "/client-grants/{id}")],
    "ClientCredentials": [("GET", "/clients/{id}"), ("PATCH", "/clients/{id}"), ("GET", "/clients/{id}")],
    "ResourceServer": [("POST", "/resource-servers"), ("GET", "/resource-servers/{id}")],
    "ResourceServerScopes": [
        ("GET", "/resource-servers/{id}"),
        ("PATCH", "/resource-servers/{id}"),
        ("GET", "/resource-servers/{id}"),
    ],
    "Action": [
        ("POST", "/actions/actions"),
        ("GET", "/actions/{id}"),  # polled until built
        ("POST", "/actions/{id}/deploy"),
        ("GET", "/actions/{id}"),  # polled until the version is deployed
        ("GET", "/actions/{id}"),  # the provider's read
    ],
    "TriggerAction": [("GET", "/bindings"), ("PATCH", "/bindings"), ("GET", "/bindings")],
}
ON_DESTROY = {
    "TriggerAction": [("GET", "/bindings"), ("PATCH", "/bindings")],
    "ClientCredentials": [("GET", "/clients/{id}"), ("GET", "/clients/{id}/credentials"), ("PATCH", "/clients/{id}")],
    "ResourceServerScopes": [("PATCH", "/resource-servers/{id}")],
}


def calls(auth0: RunningSandbox) -> list[Call]:
    """The Management API calls in the sandbox's log, paths made templates (tokens are left out)."""
    shown: list[Call] = []
    for entry in auth0.requests():
        path = entry["path"]
        if not path.startswith("/api/v2/"):
            continue
        for pattern, template in TEMPLATES:
            if re.match(pattern, path):
                path = re.sub(pattern, template, path)
                break
        shown.append((entry["method"], path))
    return shown


def has_run(log: list[Call], run: list[Call]) -> bool:
    return any(log[i : i + len(run)] == run for i in range(len(log) - len(run) + 1))


@pytest.fixture
def project(tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox) -> Project:
    project = sandbox_project(tmp_path, "main", konnect, auth0, name="konnect-auth0-dcr")
    project.config_object("konnect-auth0-dcr:dcr", environment(auth0))
    return project


def test_each_auth0_type_makes_the_providers_calls_in_its_order(project: Project, auth0: RunningSandbox) -> None:
    # One step at a time: each resource's calls stand together in the log.
    project.up("--parallel", "1")
    log = calls(auth0)
    missing = [kind for kind, run in ON_UP.items() if not has_run(log, run)]
    assert not missing, f"create sequences not found for {missing} in {log}"
    assert log.count(("POST", "/clients")) == 1 and log.count(("POST", "/actions/{id}/deploy")) == 1
    auth0.clear_log()
    project.run("destroy", "--yes", "--skip-preview", "--parallel", "1")
    log = calls(auth0)
    missing = [kind for kind, run in ON_DESTROY.items() if not has_run(log, run)]
    assert not missing, f"delete sequences not found for {missing} in {log}"
    deletes = [path for method, path in log if method == "DELETE"]
    assert sorted(deletes) == sorted(
        ["/actions/{id}", "/resource-servers/{id}", "/client-grants/{id}", "/clients/{id}"]
    )
