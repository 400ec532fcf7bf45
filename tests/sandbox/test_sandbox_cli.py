"""`python -m sandbox konnect --trust CA`: the Konnect emulator reaches the Auth0 emulator over TLS with the CA the
latter prints, without SSL_CERT_FILE; without either its IdP calls fail to verify the certificate."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from tests.support.engine import ROOT


@contextmanager
def emulator(*args: str) -> Iterator[list[str]]:
    env = {k: v for k, v in os.environ.items() if k != "SSL_CERT_FILE"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sandbox", *args, "--port", "0"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline().strip()]
        if args[0] == "auth0":
            lines.append(proc.stdout.readline().strip())
        yield lines
    finally:
        proc.terminate()
        proc.wait(10)


def verify_against(konnect_url: str, issuer: str) -> list[str]:
    headers = {"Authorization": "Bearer kpat_cli"}
    body = {
        "name": "cli",
        "provider_type": "auth0",
        "issuer": issuer,
        "dcr_config": {"initial_client_id": "nobody", "initial_client_secret": "wrong"},
    }
    with httpx.Client(base_url=konnect_url, headers=headers, timeout=30) as konnect:
        provider = konnect.post("/v2/dcr-providers", json=body).json()
        return list(konnect.post(f"/v2/dcr-providers/{provider['id']}/verify").json()["errors"])


def test_the_konnect_emulator_trusts_the_auth0_emulator_with_trust_and_not_without() -> None:
    with emulator("auth0", "--token", "a0_cli") as (auth0_url, ca_line):
        ca = ca_line.split(": ", 1)[1]
        with emulator("konnect", "--token", "kpat_cli") as (bare,):
            (unreachable,) = verify_against(bare, auth0_url)
            assert unreachable.startswith(f"Unable to reach the issuer {auth0_url}")
        with emulator("konnect", "--token", "kpat_cli", "--trust", ca) as (trusting,):
            (refused,) = verify_against(trusting, auth0_url)
            # Reached: the tenant itself answers, refusing the wrong credentials.
            assert refused.startswith("Unable to create the DCR application"), refused


def test_trust_names_a_missing_file_at_once() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sandbox", "konnect", "--token", "t", "--trust", "/nonexistent/ca.pem"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2 and "--trust /nonexistent/ca.pem: no such file" in done.stderr
