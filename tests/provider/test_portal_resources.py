"""KonnectPortal, KonnectApi and KonnectApiPublication against the Konnect emulator over real HTTP: create, read,
diff, update in place, the settings Konnect fills in, spec versions, whole-body PUTs, ordered and forced deletes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from dcr_components.konnect import (
    ConflictError,
    KonnectApiProvider,
    KonnectApiPublicationProvider,
    KonnectPortalProvider,
)
from dcr_components.konnect._base import KonnectResourceProvider
from tests.support.results import outs
from tests.support.sandbox import RunningSandbox

P = TypeVar("P", bound=KonnectResourceProvider)
Make = Callable[[type[P]], P]
TAG = "c" * 40
PORTAL: dict[str, Any] = {
    "name": "acme-portal",
    "auto_approve_developers": True,
    "labels": {"env": "test"},
    "owner_tag": TAG,
}
API: dict[str, Any] = {"name": "Orders API", "version": "v1", "spec_content": "openapi: 3.0.0", "owner_tag": "d" * 40}


def key_auth(konnect: RunningSandbox) -> str:
    body = {"name": "keys", "display_name": "Keys", "strategy_type": "key_auth", "configs": {"key-auth": {}}}
    return str(konnect.api("POST", "/v2/application-auth-strategies", body).json()["id"])


def publication(api_id: str, portal_id: str, strategy: str | None, **change: Any) -> dict[str, Any]:
    return {"api_id": api_id, "portal_id": portal_id, "auth_strategy_ids": [strategy] if strategy else None, **change}


def test_a_portal_outputs_its_developer_api_url_and_never_diffs_what_konnect_filled_in(
    konnect: RunningSandbox, configured: Make[Any]
) -> None:
    portals: KonnectPortalProvider = configured(KonnectPortalProvider)
    created = portals.create(dict(PORTAL))
    stored = konnect.state()["portals"][0]
    assert outs(created)["portal_url"] == f"{konnect.url}/portal/{stored['canonical_domain']}"
    assert stored["default_application_auth_strategy_id"] is not None  # Konnect made its key-auth the default
    read = portals.read(created.id, outs(created))
    assert read.inputs is None
    assert portals.diff(created.id, outs(read), dict(PORTAL)).changes is False
    konnect.clear_log()
    updated = portals.update(created.id, outs(read), {**PORTAL, "auto_approve_applications": True, "labels": {}})
    assert konnect.writes() == [("PATCH", f"/v3/portals/{created.id}")]
    assert konnect.state()["portals"][0]["auto_approve_applications"] is True
    assert konnect.state()["portals"][0]["labels"] == {"pulumi-owner": stored["labels"]["pulumi-owner"]}
    assert outs(updated)["portal_url"] == outs(created)["portal_url"]


def test_a_portal_changed_by_hand_is_drift_that_an_update_reverts(
    konnect: RunningSandbox, configured: Make[Any]
) -> None:
    portals: KonnectPortalProvider = configured(KonnectPortalProvider)
    created = portals.create(dict(PORTAL))
    konnect.api("PATCH", f"/v3/portals/{created.id}", {"auto_approve_developers": False})
    read = portals.read(created.id, outs(created))
    assert read.inputs is not None and read.inputs["auto_approve_developers"] is False
    assert portals.diff(created.id, outs(read), dict(PORTAL)).changes is True


def test_a_portal_with_publications_is_deleted_only_when_its_owner_opted_in(
    konnect: RunningSandbox, configured: Make[Any]
) -> None:
    portals: KonnectPortalProvider = configured(KonnectPortalProvider)
    apis: KonnectApiProvider = configured(KonnectApiProvider)
    pubs: KonnectApiPublicationProvider = configured(KonnectApiPublicationProvider)
    portal = portals.create(dict(PORTAL))
    api = apis.create(dict(API))
    pubs.create(publication(api.id, portal.id, key_auth(konnect)))
    with pytest.raises(ConflictError, match="APIs are still published in it; unpublish them, or set force_destroy"):
        portals.delete(portal.id, outs(portal))
    forced = portals.update(portal.id, outs(portal), {**PORTAL, "force_destroy": True})
    portals.delete(portal.id, outs(forced))
    assert konnect.state()["portals"] == [] and konnect.state()["publications"] == []


def test_a_spec_change_updates_the_one_version_of_the_same_api(konnect: RunningSandbox, configured: Make[Any]) -> None:
    apis: KonnectApiProvider = configured(KonnectApiProvider)
    created = apis.create(dict(API))
    assert outs(created)["slug"] == "orders-api-v1"  # Konnect's default, not diffed while undeclared
    assert outs(created)["current_version"] == "v1"
    assert apis.diff(created.id, outs(created), dict(API)).changes is False
    changed = {**API, "spec_content": "openapi: 3.1.0", "description": "Orders"}
    diff = apis.diff(created.id, outs(created), changed)
    assert (diff.changes, diff.replaces) == (True, [])
    konnect.clear_log()
    updated = apis.update(created.id, outs(created), changed)
    (version_id,) = [v["id"] for v in konnect.state()["api_versions"][created.id]]
    assert konnect.writes() == [
        ("PATCH", f"/v3/apis/{created.id}"),
        ("PATCH", f"/v3/apis/{created.id}/versions/{version_id}"),
    ]
    (stored,) = konnect.state()["apis"]
    assert stored["description"] == "Orders"
    assert [v["spec"]["content"] for v in konnect.state()["api_versions"][created.id]] == ["openapi: 3.1.0"]
    assert outs(updated)["current_version"].startswith("v1-")
    assert apis.diff(created.id, outs(updated), changed).changes is False


def test_a_publication_always_puts_the_whole_body_and_sees_drift(
    konnect: RunningSandbox, configured: Make[Any]
) -> None:
    portals: KonnectPortalProvider = configured(KonnectPortalProvider)
    apis: KonnectApiProvider = configured(KonnectApiProvider)
    pubs: KonnectApiPublicationProvider = configured(KonnectApiPublicationProvider)
    portal, api, strategy = portals.create(dict(PORTAL)), apis.create(dict(API)), key_auth(konnect)
    props = publication(api.id, portal.id, strategy, visibility="public", auto_approve_registrations=True)
    created = pubs.create(props)
    assert created.id == f"{api.id}/{portal.id}"
    (stored,) = konnect.state()["publications"]
    assert (stored["auth_strategy_ids"], stored["visibility"], stored["auto_approve_registrations"]) == (
        [strategy],
        "public",
        True,
    )
    assert pubs.read(created.id, outs(created)).inputs is None
    path = f"/v3/apis/{api.id}/publications/{portal.id}"
    assert konnect.api("PUT", path, {"auth_strategy_ids": [strategy]}).status_code == 200  # by hand: visibility reset
    read = pubs.read(created.id, outs(created))
    assert read.inputs is not None and read.inputs["visibility"] == "private"
    assert pubs.diff(created.id, outs(read), props).changes is True
    konnect.clear_log()
    pubs.update(created.id, outs(read), props)
    (request,) = [r for r in konnect.requests() if r["method"] == "PUT"]
    assert konnect.state()["publications"][0]["visibility"] == "public"
    assert pubs.diff(created.id, outs(created), {**props, "portal_id": api.id}).replaces == ["portal_id"]
    pubs.delete(created.id, outs(created))
    pubs.delete(created.id, outs(created))  # 404: already gone is done
    assert konnect.state()["publications"] == []
    assert request["path"] == path
