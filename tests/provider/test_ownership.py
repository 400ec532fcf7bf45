"""Ownership over real HTTP: each object is created at most once, reclaimed or adopted by converging it, and never
taken over from (or deleted for) another deployment or another claimant."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from dcr_components.konnect import (
    BadRequestError,
    ConflictError,
    KonnectAuthStrategyProvider,
    KonnectDcrProviderProvider,
    OwnershipError,
)
from dcr_components.konnect.deployment import owner_tag
from dcr_components.konnect.ownership import label_value, parse_label
from dcr_components.konnect.validation import OWNER_LABEL
from tests.support.data import AUTH0
from tests.support.results import outs
from tests.support.sandbox import RunningSandbox

TAG = owner_tag("deployment-a", "urn:pulumi:dev::proj::pulumi-python:dynamic/konnect:DcrProvider::dcr", "auth0")
OTHER_DEPLOYMENT = owner_tag(
    "deployment-b", "urn:pulumi:dev::proj::pulumi-python:dynamic/konnect:DcrProvider::dcr", "auth0"
)


def owned(tag: str = TAG, **change: Any) -> dict[str, Any]:
    return {**AUTH0, "owner_tag": tag, **change}


def stored(konnect: RunningSandbox) -> list[dict[str, Any]]:
    return list(konnect.state()["dcr_providers"])


def calls(konnect: RunningSandbox) -> list[tuple[str, int]]:
    """The DCR provider calls, in order; the org's portals read once per run before a delete (registrations.py: what
    the delete would take from developers) are left out."""
    return [(r["method"], r["status"]) for r in konnect.requests() if not r["path"].startswith("/v3/portals")]


def org_reads(konnect: RunningSandbox) -> list[str]:
    return [r["path"] for r in konnect.requests() if r["path"].startswith("/v3/portals")]


def test_the_tag_differs_per_deployment_urn_and_kind_and_is_a_valid_label_value() -> None:
    urn = "urn:pulumi:dev::proj::pulumi-python:dynamic/konnect:DcrProvider::dcr"
    tags = {owner_tag("a", urn, "auth0"), owner_tag("b", urn, "auth0"), owner_tag("a", urn + "2", "auth0")}
    assert len(tags | {owner_tag("a", urn, "okta")}) == 4
    assert owner_tag("a", urn, "auth0") == owner_tag("a", urn, "auth0")
    assert parse_label({OWNER_LABEL: label_value(TAG, "0123456789ab")}) == (TAG, "0123456789ab")
    assert len(label_value(TAG, "0123456789ab")) <= 63


def test_a_created_object_carries_tag_and_claim_which_outputs_record_but_do_not_show_as_labels(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    result = dcr.create(owned())
    (item,) = stored(konnect)
    tag, claim = parse_label(item["labels"]) or ("", "")
    assert (tag, claim) == (TAG, outs(result)["ownership"]["claim"])
    assert outs(result)["ownership"]["obtained"] == "created"
    assert outs(result)["labels"] == AUTH0["labels"]
    assert calls(konnect) == [("GET", 200), ("POST", 201)]


def test_a_post_whose_response_was_dropped_is_found_by_its_own_claim_and_not_resent(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    konnect.faults(drop_next=1)
    result = dcr.create(owned())
    (item,) = stored(konnect)
    assert result.id == item["id"]
    assert outs(result)["ownership"]["obtained"] == "created"
    assert calls(konnect) == [("GET", 200), ("POST", 0), ("GET", 200)]


def test_an_ambiguous_503_on_post_is_checked_then_resent_once(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    konnect.faults(fail_next=1, status=503, methods=["POST"])
    result = dcr.create(owned())
    assert [s["id"] for s in stored(konnect)] == [result.id]
    assert calls(konnect) == [("GET", 200), ("POST", 503), ("GET", 200), ("POST", 201)]


def test_an_object_left_by_a_killed_run_is_reclaimed_and_converged_to_a_changed_declaration(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    provider = dcr
    first = provider.create(owned())  # the engine was killed before it recorded this
    konnect.clear_log()
    changed = owned(
        name="portal-dcr-v2",  # a rename too: the lookup must not filter by name
        issuer="https://tenant2.eu.auth0.com",
        labels={"env": "test"},
        initial_client_secret="rotated-secret",
    )
    second = provider.create(changed)
    (item,) = stored(konnect)
    assert second.id == first.id == item["id"]
    assert (item["name"], item["issuer"]) == ("portal-dcr-v2", "https://tenant2.eu.auth0.com")
    assert item["dcr_config"]["initial_client_secret"] == "rotated-secret"
    claim = outs(second)["ownership"]["claim"]
    assert item["labels"] == {"env": "test", OWNER_LABEL: label_value(TAG, claim)}
    assert claim != outs(first)["ownership"]["claim"]
    assert outs(second)["ownership"]["obtained"] == "reclaimed"
    assert konnect.writes() == [("PATCH", f"/v2/dcr-providers/{item['id']}")]


def test_another_deployments_object_with_the_same_names_is_never_reclaimed(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    provider = dcr
    theirs = provider.create(owned(tag=OTHER_DEPLOYMENT))
    mine = provider.create(owned())
    assert mine.id != theirs.id
    assert len(stored(konnect)) == 2
    assert provider.fetch(theirs.id) is not None


def test_copies_left_by_two_killed_runs_end_as_exactly_one_object(
    konnect: RunningSandbox,
    dcr: KonnectDcrProviderProvider,
    configured: Callable[[type[KonnectDcrProviderProvider]], KonnectDcrProviderProvider],
) -> None:
    oldest = dcr.create(owned())  # killed run 1
    copy = {k: AUTH0[k] for k in ("name", "provider_type", "issuer")}  # killed run 2, whose lookup Konnect lagged
    copy |= {"dcr_config": {"initial_client_id": "x", "initial_client_secret": "y"}}
    copy["labels"] = {OWNER_LABEL: label_value(TAG, "ffffffffffff")}
    assert konnect.api("POST", "/v2/dcr-providers", copy).status_code == 201
    result = configured(KonnectDcrProviderProvider).create(owned())  # run 3: a new provider process
    assert [s["id"] for s in stored(konnect)] == [oldest.id] == [result.id]


def test_the_predecessor_of_a_same_tag_replacement_leaves_the_reclaimed_object_alone(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    provider = dcr
    old = provider.create(owned())
    new = provider.create(owned())  # `up --replace`: same tag, reclaims the object with a new claim
    assert new.id == old.id
    konnect.clear_log()
    provider.delete(old.id, outs(old))  # the engine deletes the replaced resource afterwards
    assert konnect.writes() == []
    assert [s["id"] for s in stored(konnect)] == [new.id]
    provider.delete(new.id, outs(new))
    assert stored(konnect) == []


def test_delete_of_an_object_gone_already_is_done(
    konnect: RunningSandbox,
    dcr: KonnectDcrProviderProvider,
    configured: Callable[[type[KonnectDcrProviderProvider]], KonnectDcrProviderProvider],
) -> None:
    created = dcr.create(owned())
    assert konnect.api("DELETE", f"/v2/dcr-providers/{created.id}").status_code == 204
    konnect.clear_log()
    configured(KonnectDcrProviderProvider).delete(created.id, outs(created))  # a later run: Konnect is asked
    assert calls(konnect) == [("GET", 404)]
    konnect.clear_log()
    dcr.delete(created.id, outs(created))  # the run that listed it: its DELETE's 404 also means done
    assert calls(konnect) == [("DELETE", 404)]
    assert org_reads(konnect) == ["/v3/portals"]  # no portal, so no developer application that it could end


def test_adopt_refuses_an_object_owned_by_another_deployment(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    provider = dcr
    theirs = provider.create(owned(tag=OTHER_DEPLOYMENT))
    konnect.clear_log()
    with pytest.raises(OwnershipError, match="carries the label pulumi-owner of another Pulumi deployment"):
        provider.create(owned(adopt_id=theirs.id))
    assert konnect.writes() == []


def test_adopt_converges_with_the_secret_sent_and_records_the_adoption(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    body = {**{k: AUTH0[k] for k in ("name", "provider_type", "issuer")}, "labels": {"old": "x"}}
    body["dcr_config"] = {"initial_client_id": "admin-app", "initial_client_secret": "stale"}
    existing = konnect.api("POST", "/v2/dcr-providers", body).json()["id"]
    result = dcr.create(owned(adopt_id=existing))
    (item,) = stored(konnect)
    assert item["dcr_config"]["initial_client_secret"] == AUTH0["initial_client_secret"]
    assert item["labels"] == {**AUTH0["labels"], OWNER_LABEL: label_value(TAG, outs(result)["ownership"]["claim"])}
    assert outs(result)["ownership"]["obtained"] == "adopted"


def test_strategies_are_created_at_most_once_too(
    konnect: RunningSandbox, strategies: KonnectAuthStrategyProvider
) -> None:
    strategy = strategies
    props = {
        "name": "keys",
        "display_name": "Keys",
        "strategy_type": "key_auth",
        "configs": {"key-auth": {}},
        "owner_tag": TAG,
    }
    konnect.faults(drop_next=1)
    created = strategy.create(props)
    assert [s["id"] for s in konnect.state()["application_auth_strategies"]] == [created.id]


@pytest.mark.parametrize(("status", "error"), [(400, BadRequestError), (409, ConflictError)])
def test_a_definite_rejection_is_not_retried(
    konnect: RunningSandbox, status: int, error: type[Exception], dcr: KonnectDcrProviderProvider
) -> None:
    konnect.faults(fail_next=1, status=status, methods=["POST"])
    with pytest.raises(error):
        dcr.create(owned())
    assert [r["method"] for r in konnect.requests()] == ["GET", "POST"]


def tag_of(n: int) -> str:
    return owner_tag(
        "deployment-a", f"urn:pulumi:dev::proj::pulumi-python:dynamic/konnect:DcrProvider::dcr{n}", "auth0"
    )


def test_creates_in_one_run_share_one_lookup_per_collection(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    for n in range(5):
        dcr.create(owned(tag=tag_of(n), name=f"portal-dcr-{n}"))
    assert calls(konnect) == [("GET", 200)] + [("POST", 201)] * 5


def test_concurrent_creates_wait_for_the_one_lookup_instead_of_making_their_own(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    konnect.faults(latency_ms=100)  # the first lookup is still running when the others start
    threads = [
        threading.Thread(target=dcr.create, args=(owned(tag=tag_of(n), name=f"portal-dcr-{n}"),)) for n in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(calls(konnect)) == [("GET", 200)] + [("POST", 201)] * 8
    assert len(stored(konnect)) == 8


def test_a_reclaim_whose_object_is_gone_reads_the_collection_again_then_creates(
    konnect: RunningSandbox,
    dcr: KonnectDcrProviderProvider,
    configured: Callable[[type[KonnectDcrProviderProvider]], KonnectDcrProviderProvider],
) -> None:
    left = dcr.create(owned())  # a killed run left it
    later = configured(KonnectDcrProviderProvider)  # the next run's provider process
    later.create(owned(tag=tag_of(1), name="other"))  # reads the collection: the index has `left`
    assert konnect.api("DELETE", f"/v2/dcr-providers/{left.id}").status_code == 204  # removed by hand meanwhile
    konnect.clear_log()
    result = later.create(owned())
    assert calls(konnect) == [("PATCH", 404), ("GET", 200), ("POST", 201)]
    assert outs(result)["ownership"]["obtained"] == "created" and result.id != left.id


def test_an_object_this_run_deleted_is_never_reclaimed_by_a_later_create_of_the_run(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    first = dcr.create(owned())
    dcr.delete(first.id, outs(first))  # a delete-before-create replacement
    konnect.clear_log()
    second = dcr.create(owned())
    assert calls(konnect) == [("POST", 201)] and second.id != first.id


def test_a_replacements_delete_needs_no_read_when_the_run_already_listed_the_collection(
    konnect: RunningSandbox,
    dcr: KonnectDcrProviderProvider,
    configured: Callable[[type[KonnectDcrProviderProvider]], KonnectDcrProviderProvider],
) -> None:
    old = dcr.create(owned())  # deployed by an earlier run
    later = configured(KonnectDcrProviderProvider)
    konnect.clear_log()
    new = later.create(owned(tag=tag_of(1), name="portal-dcr-v2"))  # the replacement (its kind changed: a new tag)
    later.delete(old.id, outs(old))
    assert calls(konnect) == [("GET", 200), ("POST", 201), ("DELETE", 204)]
    assert [s["id"] for s in stored(konnect)] == [new.id]
    # With nothing listed in the run (a plain destroy), the delete asks Konnect first, as before.
    fresh = configured(KonnectDcrProviderProvider)
    konnect.clear_log()
    fresh.delete(new.id, outs(new))
    assert calls(konnect) == [("GET", 200), ("DELETE", 204)]
    assert org_reads(konnect) == ["/v3/portals"]
