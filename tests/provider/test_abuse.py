"""Probes of a careless or hostile user at the provider tier, kept as regression tests (see tests/e2e/test_abuse.py
for those that need the engine)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dcr_components.konnect import KonnectApiProvider, KonnectDcrProviderProvider
from dcr_components.konnect.props import patch_steps
from tests.support.data import AUTH0
from tests.support.results import outs
from tests.support.sandbox import RunningSandbox


def test_replacing_3_labels_with_49_new_ones_converges_though_one_patch_would_carry_52_entries(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    three = {"a": "1", "b": "2", "c": "3"}
    created = dcr.create({**AUTH0, "labels": three})
    new = {f"team-{n:02d}": f"v{n}" for n in range(49)}
    konnect.clear_log()
    updated = dcr.update(created.id, outs(created), {**AUTH0, "labels": new})
    item = next(p for p in konnect.state()["dcr_providers"] if p["id"] == created.id)
    assert item["labels"] == new
    assert outs(updated)["labels"] == new
    # Two PATCHes, each within Konnect's 50 entries: the removals, then the rest.
    assert [(r["method"], r["status"]) for r in konnect.requests()] == [("PATCH", 200), ("PATCH", 200)]


def test_a_label_patch_within_the_budget_stays_one_patch() -> None:
    patch: dict[str, Any] = {"name": "n", "labels": {"gone": None, **{f"k{n}": "v" for n in range(49)}}}
    assert patch_steps(patch) == [patch]
    over = {"name": "n", "labels": {"x": None, "y": None, **{f"k{n}": "v" for n in range(49)}}}
    assert patch_steps(over) == [
        {"labels": {"x": None, "y": None}},
        {"name": "n", "labels": {f"k{n}": "v" for n in range(49)}},
    ]


API: dict[str, Any] = {"name": "Orders API", "version": "v1", "spec_content": "openapi: 3.0.0", "owner_tag": "e" * 40}


def versions(konnect: RunningSandbox, api_id: str) -> list[tuple[str, str]]:
    return [(v["version"], v["spec"]["content"]) for v in konnect.state()["api_versions"][api_id]]


def test_a_lost_answer_to_the_version_post_never_adds_a_second_version(
    konnect: RunningSandbox, configured: Callable[[type[KonnectApiProvider]], KonnectApiProvider]
) -> None:
    apis = configured(KonnectApiProvider)
    created = apis.create({**API, "spec_content": None})
    assert konnect.state()["api_versions"].get(created.id) in (None, [])
    changed = {**API, "spec_content": "openapi: 3.1.0"}
    konnect.faults(drop_next=1, drop_methods=["POST"])
    konnect.clear_log()
    updated = apis.update(created.id, outs(created), changed)
    assert [r["status"] for r in konnect.requests() if r["method"] == "POST"] == [0]  # the answer was lost
    ((name, content),) = versions(konnect, created.id)
    assert (name, content) == (outs(updated)["current_version"], "openapi: 3.1.0")
    # And a later run (the engine retrying the failed update) adds nothing either.
    konnect.clear_log()
    apis.update(created.id, outs(created), changed)
    assert konnect.writes() == []
    assert len(versions(konnect, created.id)) == 1


def test_spec_a_then_b_then_a_leaves_one_version_holding_a(
    konnect: RunningSandbox, configured: Callable[[type[KonnectApiProvider]], KonnectApiProvider]
) -> None:
    apis = configured(KonnectApiProvider)
    created = apis.create(dict(API))
    state = outs(created)
    for spec in ("openapi: 3.1.0", "openapi: 3.0.0"):
        state = outs(apis.update(created.id, state, {**API, "spec_content": spec}))
    ((name, content),) = versions(konnect, created.id)
    assert content == "openapi: 3.0.0" and name == state["current_version"]


def test_a_hand_edit_of_a_field_the_stack_leaves_to_konnect_is_not_drift_and_needs_no_write(
    konnect: RunningSandbox, configured: Callable[[type[KonnectApiProvider]], KonnectApiProvider]
) -> None:
    apis = configured(KonnectApiProvider)
    created = apis.create(dict(API))  # no description, no slug: both Konnect's
    assert konnect.api("PATCH", f"/v3/apis/{created.id}", {"description": "edited in the console"}).status_code == 200
    read = apis.read(created.id, outs(created))
    assert read.inputs is None  # nothing the stack declares changed: refresh (and `fleet drift`) shows nothing
    assert "description" not in outs(read)
    assert apis.diff(created.id, outs(read), dict(API)).changes is False  # and `up` has nothing to repair


def test_a_hand_edit_of_a_declared_field_is_drift_and_the_next_update_repairs_it(
    konnect: RunningSandbox, configured: Callable[[type[KonnectApiProvider]], KonnectApiProvider]
) -> None:
    apis = configured(KonnectApiProvider)
    declared = {**API, "description": "Orders"}
    created = apis.create(declared)
    konnect.api("PATCH", f"/v3/apis/{created.id}", {"description": "edited in the console", "slug": "by-hand"})
    read = apis.read(created.id, outs(created))
    assert read.inputs is not None
    assert (read.inputs["description"], "slug" in read.inputs) == ("edited in the console", False)
    diff = apis.diff(created.id, outs(read), declared)
    assert (diff.changes, diff.replaces) == (True, [])
    konnect.clear_log()
    apis.update(created.id, outs(read), declared)
    assert konnect.writes() == [("PATCH", f"/v3/apis/{created.id}")]
    stored = next(a for a in konnect.state()["apis"] if a["id"] == created.id)
    assert (stored["description"], stored["slug"]) == ("Orders", "by-hand")  # the undeclared slug is Konnect's
