"""Every secret of a full sandbox run stays out of state, logs, request logs and error messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.data import environment
from tests.support.engine import Project
from tests.support.sandbox import AUTH0_TOKEN, KONNECT_TOKEN, RunningSandbox

pytestmark = pytest.mark.e2e

API_KEY = "httpDcrApiKey_7f3c9a2e51"
DCR_TOKEN = "okta-dcr-token-5b8e1d"
# The engine's own V(9) property logging (sdk/go/common/resource/plugin/rpc.go) prints plaintext values.
ENGINE_PROPERTY_LOG = ("Marshaling property for RPC", "Unmarshaling property for RPC")


def test_no_secret_leaks_anywhere_in_a_full_sandbox_run(
    tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    env_project = Project(tmp_path / "env", "main", name="konnect-auth0-dcr", ca_file=auth0.ca_path)
    for key, value, secret in (
        ("konnect:serverUrl", konnect.url, False),
        ("konnect:token", KONNECT_TOKEN, True),
        ("auth0:domain", auth0.domain, False),
        ("auth0:apiToken", AUTH0_TOKEN, True),
    ):
        env_project.config(key, value, secret=secret)
    env_project.config_object("konnect-auth0-dcr:dcr", environment(auth0))
    log8, log9 = tmp_path / "v8.log", tmp_path / "v9.log"
    up = env_project.run("up", "--yes", "--skip-preview", "--logtostderr", "-v=8", stderr_to=log8)

    other = Project(tmp_path / "other", "konnect")
    other.config("konnect:serverUrl", konnect.url)
    other.config("konnect:token", KONNECT_TOKEN, secret=True)
    other.config("secrets.http", API_KEY, secret=True, path=True)
    other.config("secrets.okta", DCR_TOKEN, secret=True, path=True)
    other.config_object(
        "dcr-e2e:providers",
        {
            "http": {
                "provider_type": "http",
                "name": "http-dcr",
                "issuer": "https://idp.example.com",
                "dcr_config": {"dcr_base_url": "https://dcr.example.com/v1"},
            },
            "okta": {"provider_type": "okta", "name": "okta-dcr", "issuer": "https://acme.okta.com"},
        },
    )
    other.config_object("dcr-e2e:strategies", {})
    other_up = other.run("up", "--yes", "--skip-preview", "--logtostderr", "-v=9", stderr_to=log9)

    a0 = auth0.state()
    admin_secret = next(c["client_secret"] for c in a0["clients"] if c["name"].startswith("Konnect Portal DCR Admin"))
    action_secrets = [s["value"] for a in a0["actions"] for s in a["secrets"] if s["name"] == "CLIENT_SECRET"]
    assert action_secrets == [admin_secret]
    dcr_secret = konnect.state()["dcr_providers"][0]["dcr_config"]["initial_client_secret"]
    assert dcr_secret == admin_secret
    stored = {p["name"]: p["dcr_config"] for p in konnect.state()["dcr_providers"]}
    assert (stored["http-dcr"]["api_key"], stored["okta-dcr"]["dcr_token"]) == (API_KEY, DCR_TOKEN)

    # An error users will meet: a wrong Konnect token must not be echoed either.
    wrong = "kpat_wrong_but_secret_value"
    other.config("konnect:token", wrong, secret=True)
    other.config_object(
        "dcr-e2e:providers", {"ki": {"provider_type": "kongIdentity", "name": "ki", "issuer": "https://x.example.com"}}
    )
    failed = other.up(check=False)
    assert failed.returncode != 0 and "401 Unauthorized" in failed.stdout

    secrets = [KONNECT_TOKEN, AUTH0_TOKEN, admin_secret, API_KEY, DCR_TOKEN, wrong]
    places = {
        "environment export": env_project.export(),
        "other export": other.export(),
        "environment stack file": (env_project.dir / "Pulumi.e2e.yaml").read_text(),
        "other stack file": (other.dir / "Pulumi.e2e.yaml").read_text(),
        "CLI output": "".join(r.stdout + (r.stderr or "") for r in (up, other_up, failed)),
        "engine log -v=8": log8.read_text(),
        "Konnect request log": json.dumps(konnect.requests()),
        "Auth0 request log": json.dumps(auth0.requests()),
    }
    for secret in secrets:
        for where, text in places.items():
            assert secret not in text, f"a secret leaks into the {where}"
    # At -v=9 only the engine's own property dumps carry secrets; nothing of ours logs one.
    leaking = [line for line in log9.read_text().splitlines() if any(s in line for s in secrets)]
    assert leaking, "expected the engine's documented -v=9 property dumps"
    assert all(any(marker in line for marker in ENGINE_PROPERTY_LOG) for line in leaking), leaking[:3]
