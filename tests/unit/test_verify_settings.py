"""Where `verify` finds the deployer's Auth0 credentials: the stack config first, else the AUTH0_* variables the
auth0 provider reads too (what a CI job sets)."""

from __future__ import annotations

import pytest

from dcr_components.config import KEY, NAMESPACE
from dcr_components.ops.stack import StackView
from dcr_components.ops.verify import Verifier
from tests.support.data import ENVIRONMENT


def test_auth0_credentials_come_from_the_stack_config_else_from_the_providers_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view = StackView(config={f"{NAMESPACE}:{KEY}": ENVIRONMENT}, outputs={})
    verifier = Verifier(view)
    monkeypatch.setenv("AUTH0_CLIENT_SECRET", "from-the-environment")
    monkeypatch.setenv("AUTH0_API_TOKEN", "token-from-the-environment")
    assert verifier.auth0_setting("clientSecret") == "from-the-environment"
    assert verifier.auth0_setting("apiToken") == "token-from-the-environment"
    view.config["auth0:clientSecret"] = "from-the-stack"
    assert verifier.auth0_setting("clientSecret") == "from-the-stack"
    assert verifier.auth0_setting("clientId") == ""


def test_the_operator_tools_load_without_pulumi_auth0() -> None:
    # verify, try and fleet read the permissions from dcr_components.permissions, never through the auth0 components.
    import subprocess
    import sys

    probe = "import sys, dcr_components.ops.cli, dcr_components.ops.fleet; print('pulumi_auth0' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "False"
