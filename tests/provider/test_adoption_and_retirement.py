"""Adopted objects and deletes, against the Konnect emulator: the check of an adopting resource says what the first
up will change before any write; destroy hands an adopted object back (only this stack's label goes) unless told to
delete it; a delete that would end developers' applications or registrations stops first and names how many; the
registration guard checks a whole destroy, and a replacement or removal, before any delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from dcr_components.konnect import (
    KonnectApiPublicationProvider,
    KonnectDcrProviderProvider,
    KonnectPortalProvider,
    RegistrationLossError,
)
from dcr_components.konnect._base import KonnectResourceProvider
from dcr_components.konnect.registration_guard import RegistrationGuardProvider
from tests.support.console import Console, console_setup, register_developer
from tests.support.results import outs
from tests.support.sandbox import RunningSandbox

P = TypeVar("P", bound=KonnectResourceProvider)
Make = Callable[[type[P]], P]
TAG = "e" * 40


@pytest.fixture
def console(konnect: RunningSandbox, auth0: RunningSandbox) -> Console:
    return console_setup(konnect, auth0)


def provider_inputs(setup: Console, **change: Any) -> dict[str, Any]:
    provider = setup.provider
    return {
        "name": provider["name"],
        "provider_type": "auth0",
        "issuer": provider["issuer"],
        "dcr_config": {"initial_client_id": setup.admin["client_id"]},
        "initial_client_secret": setup.admin["client_secret"],
        "labels": {"env": "prod"},
        "adopt_id": provider["id"],
        "owner_tag": TAG,
        **change,
    }


def owner_label(konnect: RunningSandbox, collection: str) -> list[str | None]:
    return [item["labels"].get("pulumi-owner") for item in konnect.state()[collection]]


def test_an_adopting_resources_check_says_what_the_first_up_changes_before_any_write(
    konnect: RunningSandbox, console: Console, configured: Make[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    dcr: KonnectDcrProviderProvider = configured(KonnectDcrProviderProvider)
    konnect.clear_log()
    assert dcr.check({}, provider_inputs(console)).failures == []
    said = capsys.readouterr().err
    assert said.strip() == (
        f"info: adopts DCR provider 'Auth0 DCR' ({console.provider['id']}); will change: "
        "dcr_config.initial_client_secret (write-only: sent again), labels (+env), and this stack's ownership label"
    )
    assert konnect.writes() == []
    assert console.admin["client_secret"] not in said
    # An update of a resource that already holds its object says nothing.
    assert dcr.check(provider_inputs(console), provider_inputs(console)).failures == []
    assert capsys.readouterr().err == ""


def test_adopting_an_object_that_is_not_there_fails_the_check(console: Console, configured: Make[Any]) -> None:
    dcr: KonnectDcrProviderProvider = configured(KonnectDcrProviderProvider)
    missing = "0b1c5f3e-9999-4000-8000-000000000009"
    (failure,) = dcr.check({}, provider_inputs(console, adopt_id=missing)).failures
    assert failure.reason == f"adopt_id: no DCR provider {missing} exists in Konnect"


def test_destroy_hands_an_adopted_object_back_with_only_this_stacks_label_removed(
    konnect: RunningSandbox, console: Console, configured: Make[Any]
) -> None:
    dcr: KonnectDcrProviderProvider = configured(KonnectDcrProviderProvider)
    adopted = dcr.create(provider_inputs(console))
    assert outs(adopted)["ownership"]["obtained"] == "adopted"
    assert owner_label(konnect, "dcr_providers") != [None]
    konnect.clear_log()
    dcr.delete(adopted.id, outs(adopted))
    assert konnect.writes() == [("PATCH", f"/v2/dcr-providers/{adopted.id}")]
    (kept,) = konnect.state()["dcr_providers"]
    assert kept["labels"] == {"env": "prod"}  # the declared labels stay; the ownership label is gone
    assert kept["dcr_config"]["initial_client_id"] == console.admin["client_id"]


def test_delete_adopted_deletes_an_adopted_object(
    konnect: RunningSandbox, console: Console, configured: Make[Any]
) -> None:
    portals: KonnectPortalProvider = configured(KonnectPortalProvider)
    inputs = {"name": console.portal["name"], "adopt_id": console.portal["id"], "owner_tag": TAG}
    adopted = portals.create({**inputs, "delete_adopted": True, "force_destroy": True})
    portals.delete(adopted.id, outs(adopted))
    assert konnect.state()["portals"] == []


def test_a_delete_that_would_end_developers_work_stops_before_the_delete_and_names_how_many(
    konnect: RunningSandbox, console: Console, configured: Make[Any]
) -> None:
    register_developer(konnect, console.portal, "ann@example.com", console.strategy["id"], console.catalog_api["id"])
    portals: KonnectPortalProvider = configured(KonnectPortalProvider)
    made = portals.create({"name": console.portal["name"], "adopt_id": console.portal["id"], "owner_tag": TAG})
    record = {**outs(made), "ownership": {"claim": "", "obtained": "created"}}  # as if the stack had made it
    konnect.clear_log()
    with pytest.raises(RegistrationLossError) as caught:
        portals.delete(made.id, record)
    assert str(caught.value).startswith(
        f"This delete would end developers' work: portal 'acme-portal' ({made.id}): 1 developer application(s), "
        "1 registration(s). Nothing was deleted."
    )
    assert konnect.writes() == []
    portals.delete(made.id, {**record, "force_destroy": True})  # the owner opted in
    assert konnect.state()["portals"] == []


def test_a_publication_that_was_there_is_adopted_and_kept_by_destroy(
    konnect: RunningSandbox, console: Console, configured: Make[Any]
) -> None:
    publications: KonnectApiPublicationProvider = configured(KonnectApiPublicationProvider)
    inputs = {
        "api_id": console.catalog_api["id"],
        "portal_id": console.portal["id"],
        "auth_strategy_ids": [console.strategy["id"]],
        "visibility": "public",
        "auto_approve_registrations": True,
        "adopt_existing": True,
    }
    konnect.clear_log()
    made = publications.create(inputs)
    assert konnect.writes() == [("PUT", f"/v3/apis/{made.id.replace('/', '/publications/')}")]
    assert outs(made)["ownership"]["obtained"] == "adopted"
    konnect.clear_log()
    publications.delete(made.id, outs(made))
    assert konnect.writes() == [] and len(konnect.state()["publications"]) == 1


def test_the_guard_stops_a_destroy_before_any_delete_and_ignores_what_is_kept_or_allowed(
    konnect: RunningSandbox, console: Console, configured: Make[Any]
) -> None:
    register_developer(konnect, console.portal, "ann@example.com", console.strategy["id"], console.catalog_api["id"])
    register_developer(konnect, console.portal, "bob@example.com", console.strategy["id"], console.catalog_api["id"])
    guard: RegistrationGuardProvider = configured(RegistrationGuardProvider)
    objects = {
        "dcr_provider": {"kind": "dcr_provider", "id": console.provider["id"], "name": "Auth0 DCR"},
        "strategy:cc": {"kind": "strategy", "id": console.strategy["id"], "name": "cc"},
        "portal": {"kind": "portal", "id": console.portal["id"], "name": "acme-portal", "kept": True},
        "api:orders": {"kind": "api", "id": console.catalog_api["id"], "name": "Orders API", "allow": True},
    }
    konnect.clear_log()
    with pytest.raises(RegistrationLossError) as caught:
        guard.delete("registration-guard", {"objects": objects})
    assert (
        str(caught.value)
        .splitlines()[0]
        .startswith(
            f"This destroy would end developers' work: DCR provider 'Auth0 DCR' ({console.provider['id']}): 2 developer "
            f"application(s), 2 registration(s); application auth strategy 'cc' ({console.strategy['id']}): 2 developer "
            "application(s), 2 registration(s). Nothing was deleted."
        )
    )
    assert konnect.writes() == []
    # Everything kept or allowed: nothing to stop.
    calm = {k: {**v, "allow": True} for k, v in objects.items()}
    guard.delete("registration-guard", {"objects": calm})


def test_the_guards_check_names_a_replacement_or_removal_that_would_end_developers_work(
    konnect: RunningSandbox, console: Console, configured: Make[Any]
) -> None:
    register_developer(konnect, console.portal, "ann@example.com", console.strategy["id"], console.catalog_api["id"])
    guard: RegistrationGuardProvider = configured(RegistrationGuardProvider)
    before = {"objects": {"strategy:cc": {"kind": "strategy", "id": console.strategy["id"], "name": "cc"}}}
    assert guard.check(before, before).failures == []  # nothing leaves
    (failure,) = guard.check(before, {"objects": {}}).failures  # removed from the program
    assert "application auth strategy 'cc'" in failure.reason and "1 developer application(s)" in failure.reason
    replaced = {"objects": {"strategy:cc": {**before["objects"]["strategy:cc"], "id": "another-id"}}}
    assert guard.check(before, replaced).failures  # a replacement: a new id in the same slot
    allowed = {"objects": {"strategy:cc": {**replaced["objects"]["strategy:cc"], "allow": True}}}
    assert guard.check(before, allowed).failures == []
