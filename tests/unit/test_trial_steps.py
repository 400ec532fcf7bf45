"""Which way `make try` signs its developer in, from the stack's declaration alone: Konnect's own sign-up and password
without `portal.signIn`; through the tenant's login page on the sandbox with it; with a password elsewhere only when
the portal keeps basic auth beside Auth0, and otherwise a failure that says to use a browser, before any call."""

from __future__ import annotations

from typing import Any

import pytest

from dcr_components.config import KEY, NAMESPACE
from dcr_components.ops.stack import StackView
from dcr_components.ops.trial import Trial, TrialFailed
from dcr_components.ops.trial_target import target_of
from tests.support.data import ENVIRONMENT

OUTPUTS = {
    "portal_id": "0b1c5f3e-3333-4000-8000-000000000003",
    "portal_url": "https://portal.acme.example",
    "api_ids": {"Orders API": "0b1c5f3e-4444-4000-8000-000000000004"},
    "strategy_ids": {"cc": "0b1c5f3e-2222-4000-8000-000000000002"},
}


def step_names(sign_in: dict[str, Any] | None, sandbox: bool) -> list[str]:
    portal: dict[str, Any] = {"name": "p", **({"signIn": sign_in} if sign_in is not None else {})}
    dcr = {**ENVIRONMENT, "portal": portal, "apis": [{"name": "Orders API"}]}
    view = StackView(config={f"{NAMESPACE}:{KEY}": dcr}, outputs=OUTPUTS)
    trial = Trial(view, konnect=None, mailbox=lambda _email: "", sandbox=sandbox)  # type: ignore[arg-type]
    trial.target = target_of(view)
    return [name for name, _step in trial.steps()]


def test_a_portal_without_sign_in_is_tried_with_konnects_sign_up_and_password() -> None:
    names = step_names(None, sandbox=True)
    assert names[:5] == ["portal", "signed up", "approved", "logged in", "home page"]


def test_on_the_sandbox_a_portal_with_sign_in_is_tried_through_auth0() -> None:
    names = step_names({}, sandbox=True)
    assert names[:5] == ["portal", "signed in with Auth0", "approved", "sees its team's APIs", "home page"]
    assert "signed up" not in names and "logged in" not in names


def test_elsewhere_a_portal_keeping_basic_auth_is_tried_with_a_password_and_one_without_says_to_use_a_browser() -> None:
    assert step_names({"basicAuth": True}, sandbox=False)[1] == "signed up"
    with pytest.raises(TrialFailed) as failed:
        step_names({}, sandbox=False)
    assert failed.value.step == "signed in with Auth0"
    assert failed.value.reason.startswith(
        "the portal signs developers in with Auth0 only: sign in with a browser at https://portal.acme.example"
    )
