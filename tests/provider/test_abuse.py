"""Probes of a careless or hostile user at the provider tier, kept as regression tests (see tests/e2e/test_abuse.py
for those that need the engine)."""

from __future__ import annotations

from typing import Any

from dcr_components.konnect import KonnectDcrProviderProvider
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
