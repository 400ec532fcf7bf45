"""Both emulators list and page as the vendors do, since discovery (codify) depends on it: Auth0's offset pages with
totals, its checkpoint cursors, its list filters, APIs by URL-encoded identifier, the tenant's own Management API,
the triggers catalogue; Konnect's `page[size]`/`page[number]` with `meta.page.total` and the documented filters.
Clients the project did not write drive them: Auth0's Python SDK, and Auth0's own export tool (auth0-deploy-cli)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from auth0.management import ManagementClient

from dcr_components.ops.management import ManagementApi
from tests.support.console import console_setup, register_developer
from tests.support.sandbox import RunningSandbox
from tests.support.tenant import mgmt

DEPLOY_CLI = "auth0-deploy-cli@8.44.0"
CACHE = Path(os.environ.get("KONNECT_DCR_CACHE") or Path.home() / ".cache" / "konnect-auth0-dcr")


def many_clients(auth0: RunningSandbox, count: int) -> list[str]:
    return [
        mgmt(auth0, "POST", "/clients", {"name": f"app {i:03}", "app_type": "non_interactive"}).json()["client_id"]
        for i in range(count)
    ]


def test_applications_page_by_offset_with_totals_and_by_checkpoint_cursor(auth0: RunningSandbox) -> None:
    made = many_clients(auth0, 130)
    first = mgmt(auth0, "GET", "/clients?page=0&per_page=100&include_totals=true").json()
    second = mgmt(auth0, "GET", "/clients?page=1&per_page=100&include_totals=true").json()
    assert (first["total"], first["start"], first["limit"], len(first["clients"])) == (130, 0, 100, 100)
    assert (second["start"], len(second["clients"])) == (100, 30)
    assert isinstance(mgmt(auth0, "GET", "/clients?per_page=5").json(), list)  # no totals: a bare array
    pages, cursor = [], None
    while True:
        body = mgmt(auth0, "GET", "/clients?take=50" + (f"&from={cursor}" if cursor else "")).json()
        pages.append(len(body["clients"]))
        cursor = body.get("next")
        if not cursor:
            break
    assert pages == [50, 50, 30]
    wanted = ",".join(made[:3])
    assert [c["client_id"] for c in mgmt(auth0, "GET", f"/clients?client_ids={wanted}").json()] == made[:3]


def test_the_projects_reader_follows_every_pagination_to_its_end(auth0: RunningSandbox) -> None:
    made = many_clients(auth0, 120)
    audience = f"https://{auth0.domain}/api/v2/"
    for cid in made:
        mgmt(auth0, "POST", "/client-grants", {"client_id": cid, "audience": audience, "scope": []})
    reader = ManagementApi(auth0.http, auth0.token)
    assert [c["client_id"] for c in reader.offset("/clients", "clients")] == made
    assert len(reader.checkpoint("/client-grants", "client_grants", {"audience": audience})) == 120
    servers = reader.offset("/resource-servers", "resource_servers")
    assert [s["identifier"] for s in servers if s.get("is_system")] == [audience]  # the tenant's own, in lists


def test_an_api_is_found_by_id_or_url_encoded_identifier_and_the_system_api_by_its_id(auth0: RunningSandbox) -> None:
    made = mgmt(auth0, "POST", "/resource-servers", {"identifier": "https://api.x.example/a b?", "name": "X"}).json()
    by_identifier = mgmt(auth0, "GET", f"/resource-servers/{quote(made['identifier'], safe='')}").json()
    assert by_identifier["id"] == made["id"]
    system = next(s for s in mgmt(auth0, "GET", "/resource-servers").json() if s.get("is_system"))
    assert mgmt(auth0, "GET", f"/resource-servers/{system['id']}").json()["name"] == "Auth0 Management API"


def test_the_triggers_catalogue_names_credentials_exchange_v2_as_current(auth0: RunningSandbox) -> None:
    triggers = mgmt(auth0, "GET", "/actions/triggers").json()["triggers"]
    assert {"id": "credentials-exchange", "version": "v2", "status": "CURRENT"}.items() <= next(
        t for t in triggers if (t["id"], t["version"]) == ("credentials-exchange", "v2")
    ).items()


def test_auth0s_python_sdk_pages_applications_and_reads_triggers(auth0: RunningSandbox, sdk: ManagementClient) -> None:
    made = many_clients(auth0, 105)
    assert [c.client_id for c in sdk.clients.list(per_page=50)] == made
    assert any(t.id == "credentials-exchange" for t in sdk.actions.triggers.list().triggers or [])


def test_konnect_lists_registrations_and_developers_of_a_portal_with_filters_and_pages(
    konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    setup = console_setup(konnect, auth0)
    for name in ("ann", "bob", "cy"):
        register_developer(konnect, setup.portal, f"{name}@example.com", setup.strategy["id"], setup.catalog_api["id"])
    base = f"/v3/portals/{setup.portal['id']}"
    regs = konnect.api("GET", f"{base}/application-registrations?page[size]=2").json()
    assert (len(regs["data"]), regs["meta"]["page"]) == (2, {"number": 1, "size": 2, "total": 3})
    assert regs["data"][0]["api"]["id"] == setup.catalog_api["id"]
    ann = konnect.api("GET", f"{base}/developers?filter[email][eq]=ann@example.com").json()["data"]
    assert [d["email"] for d in ann] == ["ann@example.com"]
    mine = konnect.api("GET", f"{base}/application-registrations?filter[developer_id]={ann[0]['id']}").json()
    assert mine["meta"]["page"]["total"] == 1
    named = konnect.api("GET", f"{base}/application-registrations?filter[application_name][contains]=bob").json()
    assert [r["application"]["name"] for r in named["data"]] == ["app of bob@example.com"]


@pytest.fixture(scope="session")
def deploy_cli() -> Path:
    """Auth0's export tool from the npm registry, installed once into the cache outside the clone."""
    home = CACHE / "npm" / DEPLOY_CLI.replace("@", "-")
    binary = home / "node_modules" / ".bin" / "a0deploy"
    if not binary.exists():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install auth0-deploy-cli (Auth0's export client) for this test"
        home.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(home), DEPLOY_CLI],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
    return binary


def test_auth0s_export_tool_pages_through_the_tenant(
    auth0: RunningSandbox, konnect: RunningSandbox, deploy_cli: Path, tmp_path: Path
) -> None:
    setup = console_setup(konnect, auth0)
    many_clients(auth0, 110)
    config = {
        "AUTH0_DOMAIN": auth0.domain,
        "AUTH0_ACCESS_TOKEN": auth0.token,
        "AUTH0_INCLUDED_ONLY": ["clients", "clientGrants", "resourceServers", "actions", "triggers"],
    }
    (tmp_path / "config.json").write_text(json.dumps(config))
    out = tmp_path / "export"
    assert auth0.ca_path is not None
    done = subprocess.run(
        [
            str(deploy_cli),
            "export",
            "-c",
            str(tmp_path / "config.json"),
            "--format",
            "directory",
            "--output_folder",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NODE_EXTRA_CA_CERTS": str(auth0.ca_path)},
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Export Successful" in done.stdout
    clients: list[Any] = list((out / "clients").glob("*.json"))
    assert len(clients) == 111  # every page: the admin app and the 110 others
    (grant,) = [json.loads(p.read_text()) for p in (out / "grants").glob("*.json")]
    assert grant["client_id"] == setup.admin["name"] and sorted(grant["scope"]) == sorted(setup.grant["scope"])
    servers = [json.loads(p.read_text())["identifier"] for p in (out / "resource-servers").glob("*.json")]
    assert servers == [setup.api["identifier"]]  # the system API is the tenant's, not exported
