"""Creates never orphan or duplicate a Konnect object, even when a response is lost after the server committed."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from dcr_components.konnect import KonnectAuthStrategyProvider
from dcr_components.konnect._base import OWNER_LABEL
from tests.provider.test_dcr_provider import AUTH0, configured
from tests.support.results import outs
from tests.support.sandbox import RunningSandbox

TAG = "0f3a9c1e2b7d4a6f8e5c3b1a9d7f5e3c1b0a8d6f"


def owned(tag: str = TAG, **change: Any) -> dict[str, Any]:
    return {**AUTH0, "owner_tag": tag, **change}


def test_created_objects_carry_the_ownership_label_but_outputs_do_not(konnect: RunningSandbox) -> None:
    result = configured(konnect).create(owned())
    (stored,) = konnect.state()["dcr_providers"]
    assert stored["labels"] == {**AUTH0["labels"], OWNER_LABEL: TAG}
    assert outs(result)["labels"] == AUTH0["labels"]


def test_a_post_whose_response_was_dropped_is_found_and_adopted_not_resent(konnect: RunningSandbox) -> None:
    konnect.faults(drop_next=1)
    result = configured(konnect).create(owned())
    (stored,) = konnect.state()["dcr_providers"]
    assert result.id == stored["id"]
    assert [(r["method"], r["status"]) for r in konnect.requests()] == [("GET", 200), ("POST", 0), ("GET", 200)]


def test_an_ambiguous_503_on_post_is_checked_then_resent_once(konnect: RunningSandbox) -> None:
    konnect.faults(fail_next=1, status=503, methods=["POST"])
    result = configured(konnect).create(owned())
    assert [s["id"] for s in konnect.state()["dcr_providers"]] == [result.id]
    assert [(r["method"], r["status"]) for r in konnect.requests()] == [
        ("GET", 200),
        ("POST", 503),
        ("GET", 200),
        ("POST", 201),
    ]


def test_an_object_left_by_an_interrupted_run_is_adopted_without_a_post(konnect: RunningSandbox) -> None:
    provider = configured(konnect)
    first = provider.create(owned())  # state never recorded it (engine killed)
    konnect.clear_log()
    second = provider.create(owned())
    assert second.id == first.id
    assert konnect.writes() == []
    assert len(konnect.state()["dcr_providers"]) == 1


def test_another_stacks_object_with_the_same_name_is_never_adopted(konnect: RunningSandbox) -> None:
    provider = configured(konnect)
    theirs = provider.create(owned(tag="1" * 40))
    mine = provider.create(owned())
    assert mine.id != theirs.id
    assert len(konnect.state()["dcr_providers"]) == 2


def test_strategies_are_orphan_proof_too(konnect: RunningSandbox) -> None:
    strategy = KonnectAuthStrategyProvider()
    strategy.configure(
        ConfigureRequest(Config({"konnect:serverUrl": konnect.url, "konnect:token": konnect.token}, "p"))
    )
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


@pytest.mark.parametrize("status", [400, 409])
def test_a_definite_rejection_is_not_retried(konnect: RunningSandbox, status: int) -> None:
    konnect.faults(fail_next=1, status=status, methods=["POST"])
    with pytest.raises(Exception, match=str(status)):
        configured(konnect).create(owned())
    assert [r["method"] for r in konnect.requests()] == ["GET", "POST"]
