"""The developer round trip of `make try` and `verify` (trial.py) against the emulators, without the engine: the
approvals a portal admin gives, its failures reported as the step they stopped, and nothing left behind."""

from __future__ import annotations

import ssl

import pytest

from dcr_components.konnect.client import KonnectClient, KonnectSettings
from dcr_components.ops.inbox import sandbox_mailbox
from dcr_components.ops.stack import StackView
from dcr_components.ops.trial import Step, Trial, TrialFailed
from tests.support.sandbox import RunningSandbox
from tests.support.tenant import AUDIENCE, deployed_view, mgmt


def trial(view: StackView, konnect: RunningSandbox, auth0: RunningSandbox, api_name: str | None = None) -> Trial:
    assert auth0.ca_path is not None
    client = KonnectClient(KonnectSettings(base_url=konnect.url, token=konnect.token))
    tls = ssl.create_default_context(cafile=str(auth0.ca_path))
    return Trial(view, client, sandbox_mailbox(konnect.url), api_name=api_name, verify_tls=tls)


def left_behind(konnect: RunningSandbox, auth0: RunningSandbox, admin_client_id: str) -> list[str]:
    state = konnect.state()
    clients = [c["client_id"] for c in auth0.state()["clients"] if c["client_id"] != admin_client_id]
    grants = [g["client_id"] for g in auth0.state()["client_grants"] if g["client_id"] != admin_client_id]
    return [
        *(d["email"] for d in state["developers"]),
        *(a["id"] for a in state["portal_applications"]),
        *clients,
        *grants,
    ]


def test_the_trial_gives_the_admin_approvals_a_portal_without_auto_approve_needs_and_leaves_nothing(
    konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    view = deployed_view(konnect, auth0)  # the portal approves no developer and no registration by itself
    said: list[Step] = []
    done = trial(view, konnect, auth0).run(said.append)
    assert [s.name for s in done] == [
        "portal",
        "signed up",
        "approved",
        "logged in",
        "can register",
        "app created",
        "registered",
        "token from Auth0",
        "app deleted",
    ]
    by_name = {s.name: s.detail for s in said}
    assert by_name["approved"].startswith("by the portal admin")
    assert by_name["registered"].endswith("pending, then approved by the portal admin")
    assert by_name["token from Auth0"] == f"audience {AUDIENCE}, scopes read:orders"
    assert by_name["cleaned up"].startswith("developer dcr-try-")
    assert all(s.ok for s in said)
    assert left_behind(konnect, auth0, view.outputs["admin_client_id"]) == []
    patches = [r["path"] for r in konnect.requests() if r["method"] == "PATCH"]
    assert len(patches) == 2 and "/developers/" in patches[0] and "/registrations/" in patches[1]


def test_auto_approving_settings_need_no_admin_call(konnect: RunningSandbox, auth0: RunningSandbox) -> None:
    view = deployed_view(konnect, auth0, auto_approve_registrations=True)
    portal_id = view.outputs["portal_id"]
    konnect.api("PATCH", f"/v3/portals/{portal_id}", {"auto_approve_developers": True}).raise_for_status()
    said: list[Step] = []
    trial(view, konnect, auth0).run(said.append)
    by_name = {s.name: s.detail for s in said}
    assert by_name["approved"] == "by the portal (it auto-approves developers)"
    assert by_name["registered"].endswith("approved (the publication auto-approves)")
    assert not [r for r in konnect.requests() if r["method"] == "PATCH" and r["path"] != f"/v3/portals/{portal_id}"]


def test_a_strategy_not_published_on_the_api_stops_at_can_register_and_the_developer_is_deleted(
    konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    view = deployed_view(konnect, auth0)
    api_id, portal_id = next(iter(view.outputs["api_ids"].values())), view.outputs["portal_id"]
    konnect.api("PUT", f"/v3/apis/{api_id}/publications/{portal_id}", {"auth_strategy_ids": None}).raise_for_status()
    with pytest.raises(TrialFailed) as failed:
        trial(view, konnect, auth0).run()
    assert failed.value.step == "can register"
    assert failed.value.reason == "the portal does not offer strategy sandbox-oidc"
    assert left_behind(konnect, auth0, view.outputs["admin_client_id"]) == []


def test_a_dcr_failure_at_auth0_is_the_app_created_step_with_konnects_reason(
    konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    view = deployed_view(konnect, auth0)
    grant = next(g for g in auth0.state()["client_grants"] if g["client_id"] == view.outputs["admin_client_id"])
    scopes = [p for p in grant["scope"] if p != "create:client_grants"]
    assert mgmt(auth0, "PATCH", f"/client-grants/{grant['id']}", {"scope": scopes}).status_code == 200
    with pytest.raises(TrialFailed) as failed:
        trial(view, konnect, auth0).run()
    assert failed.value.step == "app created"
    assert failed.value.reason.startswith("PortalError: POST /applications: 400")
    assert left_behind(konnect, auth0, view.outputs["admin_client_id"]) == []


def test_a_failure_after_the_app_exists_still_deletes_it_and_its_auth0_client(
    konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    deployed = deployed_view(konnect, auth0)
    (key,) = deployed.config
    api = {**deployed.config[key]["api"], "identifier": "https://not-the-audience.example"}
    config = {key: {**deployed.config[key], "api": api}}
    view = StackView(config, deployed.outputs)  # Auth0 refuses a token for an audience it does not know
    said: list[Step] = []
    with pytest.raises(TrialFailed) as failed:
        trial(view, konnect, auth0).run(said.append)
    assert failed.value.step == "token from Auth0"
    assert [s.detail.split(" ")[0] for s in said if s.name == "cleaned up"] == ["application", "developer"]
    assert left_behind(konnect, auth0, view.outputs["admin_client_id"]) == []


def test_an_unknown_api_name_fails_before_any_call(konnect: RunningSandbox, auth0: RunningSandbox) -> None:
    view = deployed_view(konnect, auth0)
    konnect.clear_log()
    with pytest.raises(TrialFailed, match="no apis\\[\\] entry is named 'Billing'"):
        trial(view, konnect, auth0, api_name="Billing").run()
    assert konnect.requests() == []
