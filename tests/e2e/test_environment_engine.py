"""The whole DCR environment (Auth0 + Konnect) through the real engine, on both sandboxes.

The Auth0 half runs through the offline stand-in for pulumi-resource-auth0 (tools/engine/auth0_standin/):
the bridged plugin cannot be built from the Go module proxy here.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from dcr_components.auth0 import ADMIN_PERMISSIONS
from tests.support.data import API, environment
from tests.support.engine import Project, sandbox_project
from tests.support.sandbox import AUTH0_TOKEN, KONNECT_TOKEN, RunningSandbox

pytestmark = pytest.mark.e2e


@pytest.fixture
def project(tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox) -> Project:
    project = sandbox_project(tmp_path, "main", konnect, auth0, name="konnect-auth0-dcr")
    project.config_object("konnect-auth0-dcr:dcr", environment(auth0))
    return project


def clear_logs(*sandboxes: RunningSandbox) -> None:
    for sandbox in sandboxes:
        sandbox.clear_log()


def dcr_strategy(konnect: RunningSandbox) -> dict[str, Any]:
    (strategy,) = [s for s in konnect.state()["application_auth_strategies"] if s["strategy_type"] == "openid_connect"]
    return dict(strategy)


def test_up_no_op_scope_change_refresh_destroy(
    project: Project, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    project.up()
    a0, kn = auth0.state(), konnect.state()
    (admin,) = [c for c in a0["clients"] if c["name"] == "Konnect Portal DCR Admin (e2e)"]
    (grant,) = a0["client_grants"]
    assert (grant["client_id"], grant["audience"]) == (admin["client_id"], f"https://{auth0.domain}/api/v2/")
    assert grant["scope"] == list(ADMIN_PERMISSIONS)
    (api,) = [s for s in a0["resource_servers"] if s["identifier"] == API]
    assert [s["value"] for s in api["scopes"]] == ["read:orders", "write:orders"]
    (action,) = a0["actions"]
    assert action["deployed_version"]["deployed"] is True
    assert a0["bindings"]["credentials-exchange"][0]["action"]["id"] == action["id"]
    (provider,) = kn["dcr_providers"]
    assert provider["issuer"] == f"https://{auth0.domain}"
    assert provider["dcr_config"]["initial_client_id"] == admin["client_id"]
    assert provider["dcr_config"]["initial_client_secret"] == admin["client_secret"]
    strategy = dcr_strategy(konnect)
    oidc = strategy["configs"]["openid-connect"]
    assert (oidc["scopes"], oidc["credential_claim"], strategy["dcr_provider_id"]) == (
        ["openid", "read:orders"],
        ["azp"],
        provider["id"],
    )
    (portal,) = kn["portals"]
    (catalog_api,) = kn["apis"]
    (publication,) = kn["publications"]
    assert (publication["api_id"], publication["portal_id"]) == (catalog_api["id"], portal["id"])
    assert (publication["auth_strategy_ids"], publication["visibility"]) == ([strategy["id"]], "public")
    outputs = project.outputs()
    assert (outputs["admin_client_id"], outputs["audience"], outputs["dcr_provider_id"]) == (
        admin["client_id"],
        API,
        provider["id"],
    )
    assert (outputs["portal_id"], outputs["api_ids"]) == (portal["id"], {"Orders API": catalog_api["id"]})
    assert outputs["portal_url"] == f"{konnect.url}/portal/{portal['canonical_domain']}"

    clear_logs(konnect, auth0)
    assert "23 unchanged" in project.up().stdout  # with the registration guard and the default home page
    assert konnect.requests() == [] and auth0.requests() == []

    config = environment(auth0)
    config["strategies"][0]["scopes"] = ["read:orders", "write:orders"]
    project.config_object("konnect-auth0-dcr:dcr", config)
    clear_logs(konnect, auth0)
    project.up()
    assert konnect.writes() == [("PATCH", f"/v2/application-auth-strategies/{strategy['id']}")]
    assert auth0.writes() == []
    assert dcr_strategy(konnect)["configs"]["openid-connect"]["scopes"] == ["openid", "read:orders", "write:orders"]

    clear_logs(konnect, auth0)
    project.refresh()
    assert konnect.writes() == [] and auth0.writes() == []
    assert (
        len([r for r in konnect.requests() if r["method"] == "GET"]) == 6
    )  # provider, strategy, portal, API, publication, home page

    # Someone unpublishes the API by hand: refresh sees it gone, up publishes it again with the same body.
    path = f"/v3/apis/{catalog_api['id']}/publications/{portal['id']}"
    assert konnect.api("DELETE", path).status_code == 204
    project.refresh()
    clear_logs(konnect, auth0)
    project.up()
    assert konnect.writes() == [("PUT", path)]
    assert konnect.state()["publications"][0]["auth_strategy_ids"] == [strategy["id"]]

    clear_logs(konnect, auth0)
    project.destroy()
    deletes = [p for m, p in konnect.writes() if m == "DELETE"]
    expected = [
        path,
        f"/v3/apis/{catalog_api['id']}",
        f"/v2/application-auth-strategies/{strategy['id']}",
        f"/v2/dcr-providers/{provider['id']}",
        f"/v3/portals/{portal['id']}",
    ]
    assert [d for d in deletes if d in expected] == expected, (
        "Konnect's order: publication, API, strategy, provider, portal"
    )
    a0 = auth0.state()
    assert [s["name"] for s in a0["resource_servers"]] == ["Auth0 Management API"]
    assert (a0["clients"], a0["client_grants"], a0["actions"]) == ([], [], [])
    kn = konnect.state()
    assert [kn[k] for k in ("dcr_providers", "application_auth_strategies", "portals", "apis", "publications")] == [
        []
    ] * 5


def test_developer_managed_scopes_add_read_resource_servers_in_place(project: Project, auth0: RunningSandbox) -> None:
    project.up()
    grant_id = auth0.state()["client_grants"][0]["id"]
    project.config_object("konnect-auth0-dcr:dcr", environment(auth0, developerManagedScopes=True))
    project.up()
    (grant,) = auth0.state()["client_grants"]
    assert grant["id"] == grant_id
    assert grant["scope"] == [*ADMIN_PERMISSIONS, "read:resource_servers"]


def test_state_holds_no_plaintext_auth0_or_action_secret(project: Project, auth0: RunningSandbox) -> None:
    project.up()
    admin_secret = next(
        c["client_secret"] for c in auth0.state()["clients"] if c["name"].startswith("Konnect Portal DCR Admin")
    )
    exported = project.export()
    for secret in (admin_secret, AUTH0_TOKEN, KONNECT_TOKEN):
        assert secret not in exported
    resources = json.loads(exported)["deployment"]["resources"]
    action = next(r for r in resources if r["type"] == "auth0:index/action:Action")
    assert "ciphertext" in action["inputs"]["secrets"]
    assert (
        "ciphertext"
        in next(r for r in resources if r["type"] == "auth0:index/clientCredentials:ClientCredentials")["outputs"][
            "clientSecret"
        ]
    )


def test_invalid_config_stops_the_program_before_any_resource(
    project: Project, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    bad = environment(auth0, auth0Domain="https://tenant.example/", labels={"kong-env": "x"})
    bad["strategies"] = copy.deepcopy(bad["strategies"])
    bad["strategies"][0]["scopes"] = ["delete:orders"]
    project.config_object("konnect-auth0-dcr:dcr", bad)
    clear_logs(konnect, auth0)
    result = project.preview(check=False)
    assert result.returncode != 0
    text = result.stdout + result.stderr
    assert (
        "konnect-auth0-dcr:dcr.auth0Domain: must be a bare host[:port] without scheme, path or trailing slash" in text
    )
    assert (
        "konnect-auth0-dcr:dcr.labels: label key 'kong-env' must not start with kong, konnect, mesh, kic or _" in text
    )
    assert "Traceback" not in text
    # Only the stack root is planned: no component or resource was registered.
    for token in ("dcr:index:", "auth0:index", "pulumi-python:dynamic"):
        assert token not in text
    assert konnect.requests() == [] and auth0.requests() == []
