"""A platform team's own Pulumi program, outside this repository, on the library as the README says to use it: built
into a wheel, installed into the program's own virtualenv, checked with `mypy --strict`, deployed and destroyed on the
emulators by the real engine."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.support.data import environment
from tests.support.engine import BIN, ROOT, engine_env
from tests.support.sandbox import AUTH0_TOKEN, KONNECT_TOKEN, RunningSandbox

pytestmark = pytest.mark.e2e

PROGRAM = """\
import pulumi

from dcr_components import DcrEnvironment, EnvironmentConfig, load_config

settings: EnvironmentConfig = load_config(namespace="acme-portal")
env = DcrEnvironment(pulumi.get_stack(), settings)
pulumi.export("dcr_provider_id", env.dcr_provider_id)
pulumi.export("strategy_ids", env.strategy_ids)
"""


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done


def test_a_separate_program_installs_the_wheel_type_checks_and_deploys(
    tmp_path: Path, konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    dist, project = tmp_path / "dist", tmp_path / "acme-portal"
    project.mkdir()
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)], tmp_path)
    (wheel,) = dist.glob("konnect_auth0_dcr-*.whl")
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert "sandbox" not in tops and "dcr_components" in tops
    assert "dcr_components/py.typed" in zipfile.ZipFile(wheel).namelist()
    run([sys.executable, "-m", "venv", "venv"], project)
    run(["venv/bin/pip", "install", "-q", str(wheel), "mypy==2.4.1"], project)

    (project / "__main__.py").write_text(PROGRAM)
    run(["venv/bin/python", "-m", "mypy", "--strict", "__main__.py"], project)

    (project / "Pulumi.yaml").write_text(
        "name: acme-portal\nruntime:\n  name: python\n  options:\n    toolchain: pip\n    virtualenv: venv\n"
    )
    env = {**engine_env(tmp_path / "state"), "SSL_CERT_FILE": str(auth0.ca_path)}
    (tmp_path / "state").mkdir()
    pulumi = str(BIN / "pulumi")
    run([pulumi, "stack", "init", "dev", "--non-interactive"], project, env)
    settings = {
        "konnect:serverUrl": (konnect.url, False),
        "konnect:token": (KONNECT_TOKEN, True),
        "auth0:domain": (auth0.domain, False),
        "auth0:apiToken": (AUTH0_TOKEN, True),
    }
    for key, (value, secret) in settings.items():
        run([pulumi, "config", "set", key, value, *(["--secret"] if secret else []), "--non-interactive"], project, env)
    stack_file = project / "Pulumi.dev.yaml"
    data = yaml.safe_load(stack_file.read_text())
    data["config"]["acme-portal:dcr"] = environment(auth0, providerName="acme-dev")
    stack_file.write_text(yaml.safe_dump(data))

    run([pulumi, "up", "--yes", "--skip-preview", "--non-interactive"], project, env)
    (provider,) = konnect.state()["dcr_providers"]
    assert provider["name"] == "acme-dev"
    assert any(c["name"] == "Konnect Portal DCR Admin (dev)" for c in auth0.state()["clients"])
    run([pulumi, "destroy", "--yes", "--skip-preview", "--non-interactive"], project, env)
    assert konnect.state()["dcr_providers"] == [] and auth0.state()["clients"] == []
