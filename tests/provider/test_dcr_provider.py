"""KonnectDcrProviderProvider against the Konnect sandbox over real HTTP: CRUD, diff, adopt, errors."""

from __future__ import annotations

import base64
from typing import Any

import dill
import pytest
from pulumi.dynamic.dynamic import serialize_provider

from dcr_components.konnect import ConflictError, KonnectDcrProviderProvider
from tests.support.data import AUTH0
from tests.support.results import outs
from tests.support.sandbox import KONNECT_TOKEN, RunningSandbox


def stored(konnect: RunningSandbox, id_: str) -> dict[str, Any]:
    return next(p for p in konnect.state()["dcr_providers"] if p["id"] == id_)


def test_create_posts_once_and_the_sandbox_holds_the_secret_the_response_hides(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    provider = dcr
    result = provider.create(dict(AUTH0))
    assert konnect.writes() == [("POST", "/v2/dcr-providers")]
    item = stored(konnect, result.id)
    assert item["dcr_config"]["initial_client_secret"] == "first-secret"
    assert outs(result)["active"] is False
    assert outs(result)["dcr_config"] == {"initial_client_id": "admin-app", "use_developer_managed_scopes": False}
    assert outs(result)["created_at"].endswith("Z")


def test_read_of_an_unchanged_object_keeps_the_recorded_inputs(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    provider = dcr
    created = provider.create(dict(AUTH0))
    read = provider.read(created.id, outs(created))
    assert read.id == created.id
    assert read.inputs is None  # the engine keeps the inputs as the program wrote them: a refresh shows nothing
    assert outs(read)["initial_client_secret"] == "first-secret"
    assert provider.diff(created.id, outs(read), dict(AUTH0)).changes is False


def test_read_of_a_drifted_object_returns_its_inputs_with_the_write_only_secret_kept(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    provider = dcr
    created = provider.create(dict(AUTH0))
    assert konnect.api("PATCH", f"/v2/dcr-providers/{created.id}", {"name": "changed-by-hand"}).status_code == 200
    read = provider.read(created.id, outs(created))
    assert read.inputs is not None
    assert (read.inputs["name"], read.inputs["initial_client_secret"]) == ("changed-by-hand", "first-secret")
    assert provider.diff(created.id, outs(read), dict(AUTH0)).changes is True


def test_read_of_a_deleted_object_reports_it_gone(konnect: RunningSandbox, dcr: KonnectDcrProviderProvider) -> None:
    provider = dcr
    created = provider.create(dict(AUTH0))
    assert konnect.api("DELETE", f"/v2/dcr-providers/{created.id}").status_code == 204
    assert provider.read(created.id, outs(created)).id is None


def test_update_patches_in_place_and_sends_label_removals_as_null(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    provider = dcr
    created = provider.create(dict(AUTH0))
    news = {**AUTH0, "name": "portal-dcr-renamed", "labels": {"env": "test"}}
    diff = provider.diff(created.id, outs(created), news)
    assert (diff.changes, diff.replaces) == (True, [])
    updated = provider.update(created.id, outs(created), news)
    assert konnect.writes()[-1] == ("PATCH", f"/v2/dcr-providers/{created.id}")
    item = stored(konnect, created.id)
    assert (item["name"], item["labels"]) == ("portal-dcr-renamed", {"env": "test"})
    assert outs(updated)["name"] == "portal-dcr-renamed"


def test_patch_carries_the_secret_only_when_it_changed(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    provider = dcr
    olds = provider.observable(AUTH0)
    rename = provider.patch_body(olds, provider.observable({**AUTH0, "name": "x"}))
    rotate = provider.patch_body(olds, provider.observable({**AUTH0, "initial_client_secret": "second"}))
    assert rename == {"name": "x"}
    assert rotate == {"dcr_config": {"initial_client_secret": "second"}}


def test_rotating_the_secret_reaches_konnect(konnect: RunningSandbox, dcr: KonnectDcrProviderProvider) -> None:
    provider = dcr
    created = provider.create(dict(AUTH0))
    news = {**AUTH0, "initial_client_secret": "second-secret"}
    assert provider.diff(created.id, outs(created), news).changes is True
    provider.update(created.id, outs(created), news)
    assert stored(konnect, created.id)["dcr_config"]["initial_client_secret"] == "second-secret"


def test_diff_replaces_only_on_provider_type(konnect: RunningSandbox, dcr: KonnectDcrProviderProvider) -> None:
    provider = dcr
    created = provider.create(dict(AUTH0))
    okta = {**AUTH0, "provider_type": "okta", "dcr_config": {}, "dcr_token": "tok"}
    okta.pop("initial_client_secret")
    diff = provider.diff(created.id, outs(created), okta)
    assert diff.replaces == ["provider_type"]
    assert provider.diff(created.id, outs(created), {**AUTH0, "issuer": "https://other.auth0.com"}).replaces == []


def test_diff_tolerates_the_live_api_dropping_display_name_and_false_booleans(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    provider = dcr
    declared = {**AUTH0, "display_name": "Portal DCR"}
    created = provider.create(dict(declared))
    # Live Konnect may omit display_name and false flags; simulate such a response on read.
    api_view = {
        k: v for k, v in konnect.api("GET", f"/v2/dcr-providers/{created.id}").json().items() if k != "display_name"
    }
    api_view["dcr_config"].pop("use_developer_managed_scopes", None)
    from dcr_components.konnect.dcr_provider import props_from_api

    refreshed = props_from_api(api_view, outs(created))
    assert refreshed["display_name"] == "Portal DCR"
    assert provider.diff(created.id, refreshed, declared).changes is False


def test_delete_treats_404_as_done(konnect: RunningSandbox, dcr: KonnectDcrProviderProvider) -> None:
    provider = dcr
    provider.delete("0d6c5a64-2b1e-4a0c-9c3e-6e1f4b7a2d90", {})
    assert konnect.requests()[-1]["status"] == 404


def test_delete_of_a_referenced_provider_explains_the_conflict(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    provider = dcr
    created = provider.create(dict(AUTH0))
    body = {
        "name": "s",
        "display_name": "S",
        "strategy_type": "openid_connect",
        "dcr_provider_id": created.id,
        "configs": {
            "openid-connect": {
                "issuer": AUTH0["issuer"],
                "credential_claim": ["azp"],
                "scopes": ["openid"],
                "auth_methods": ["client_credentials"],
            }
        },
    }
    assert konnect.api("POST", "/v2/application-auth-strategies", body).status_code == 201
    with pytest.raises(ConflictError) as info:
        provider.delete(created.id, outs(created))
    message = str(info.value)
    assert f"DCR provider {created.id} is still in use: an application auth strategy still references it" in message
    assert "kong:trace:" in message
    assert KONNECT_TOKEN not in message


def test_adopt_id_takes_over_an_existing_object_without_a_post(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    body = {
        "provider_type": "auth0",
        "name": "made-by-hand",
        "issuer": AUTH0["issuer"],
        "dcr_config": {"initial_client_id": "admin-app", "initial_client_secret": "unknown"},
    }
    existing = konnect.api("POST", "/v2/dcr-providers", body).json()
    konnect.clear_log()
    provider = dcr
    adopted = provider.create({**AUTH0, "adopt_id": existing["id"]})
    assert adopted.id == existing["id"]
    assert konnect.writes() == [("PATCH", f"/v2/dcr-providers/{existing['id']}")]
    item = stored(konnect, existing["id"])
    assert (item["name"], item["labels"]) == ("portal-dcr", AUTH0["labels"])
    assert item["dcr_config"]["initial_client_secret"] == "first-secret"
    assert provider.diff(adopted.id, outs(adopted), {**AUTH0, "adopt_id": existing["id"]}).changes is False


def test_pickled_provider_holds_no_token_even_after_configure(
    konnect: RunningSandbox, dcr: KonnectDcrProviderProvider
) -> None:
    provider = dcr
    provider.create(dict(AUTH0))  # the client exists and has been used
    pickled = base64.b64decode(serialize_provider(provider))
    assert KONNECT_TOKEN.encode() not in pickled
    assert konnect.url.encode() not in pickled
    assert type(dill.loads(pickled)) is KonnectDcrProviderProvider
