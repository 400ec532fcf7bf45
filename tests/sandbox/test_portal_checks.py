"""`verify`'s Dev Portal checks against the emulators: a strategy published nowhere, a portal without sign-in, and a
portal_url that is no Portal API each fail with what was found."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dcr_components.konnect.client import KonnectClient, KonnectSettings
from dcr_components.ops.checks import CheckFailed
from dcr_components.ops.inbox import NO_INBOX
from dcr_components.ops.portal_checks import portal_answers, published
from dcr_components.ops.stack import StackView
from dcr_components.ops.verify import Verifier, round_trip_check
from tests.support.sandbox import RunningSandbox
from tests.support.tenant import deployed_view


@pytest.fixture
def view(konnect: RunningSandbox, auth0: RunningSandbox) -> StackView:
    return deployed_view(konnect, auth0)


@pytest.fixture
def client(konnect: RunningSandbox) -> KonnectClient:
    return KonnectClient(KonnectSettings(base_url=konnect.url, token=konnect.token))


def test_published_names_the_apis_each_strategy_is_published_on(view: StackView, client: KonnectClient) -> None:
    (api_name,) = view.outputs["api_ids"]
    assert published(client, view.outputs) == f"sandbox-oidc on {api_name}"


def test_a_strategy_published_on_no_api_fails_naming_it(
    view: StackView, client: KonnectClient, konnect: RunningSandbox
) -> None:
    (api_id,) = view.outputs["api_ids"].values()
    konnect.api("DELETE", f"/v3/apis/{api_id}/publications/{view.outputs['portal_id']}").raise_for_status()
    with pytest.raises(CheckFailed) as failed:
        published(client, view.outputs)
    assert failed.value.found == "published on no API: sandbox-oidc"


def test_a_portal_without_sign_in_fails(view: StackView, client: KonnectClient, konnect: RunningSandbox) -> None:
    portal_id = view.outputs["portal_id"]
    konnect.api("PATCH", f"/v3/portals/{portal_id}", {"authentication_enabled": False}).raise_for_status()
    with pytest.raises(CheckFailed, match="lets no developer sign in"):
        published(client, view.outputs)


def test_a_stack_without_a_portal_fails_both_checks_saying_what_to_declare(client: KonnectClient) -> None:
    checks: list[Callable[[], str]] = [lambda: published(client, {}), lambda: portal_answers({})]
    for check in checks:
        with pytest.raises(CheckFailed) as failed:
            check()
        assert failed.value.found == "the stack declares no portal"
        assert "declare `portal` and `apis`" in failed.value.fix


def test_the_portal_api_answers_without_a_session_and_a_wrong_url_fails(
    view: StackView, konnect: RunningSandbox
) -> None:
    assert portal_answers(view.outputs).endswith("answers (401 without a session)")
    with pytest.raises(CheckFailed) as failed:
        portal_answers({"portal_url": f"{konnect.url}/portal/nowhere.example"})
    assert failed.value.found == "404 application/problem+json"


def test_the_round_trip_runs_by_itself_on_the_sandbox_only_and_elsewhere_needs_an_inbox(
    view: StackView, konnect: RunningSandbox
) -> None:
    def verifier(server_url: str) -> Verifier:
        config = {**view.config, "konnect:serverUrl": server_url, "konnect:token": konnect.token}
        return Verifier(StackView(config, view.outputs))

    on_sandbox = verifier(konnect.url)
    assert round_trip_check(on_sandbox, None, None) is not None
    assert round_trip_check(on_sandbox, False, None) is None
    elsewhere = verifier("http://127.0.0.1:9")  # answers no `/_sandbox/identity`: treated as real Konnect
    assert round_trip_check(elsewhere, None, None) is None
    asked = round_trip_check(elsewhere, True, None)
    assert asked is not None
    with pytest.raises(CheckFailed) as failed:
        asked()
    assert failed.value.found == NO_INBOX
