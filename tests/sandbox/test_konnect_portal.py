"""The Konnect emulator's Dev Portal v3: portals, APIs, publications, and a developer's whole flow through the Portal
API, with DCR at the Auth0 emulator (every response is also checked against Kong's three portal documents)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from dcr_components.ops.portal_developer import PortalDeveloper, PortalError
from dcr_components.ops.tenant import jwt_claims
from tests.support.sandbox import RunningSandbox, publish
from tests.support.tenant import AUDIENCE, mgmt, portal_url, published_dcr, token_for

PASSWORD = "correct horse battery staple"


def emails(konnect: RunningSandbox) -> list[dict[str, Any]]:
    return list(konnect.http.get("/_sandbox/emails").json()["emails"])


def developer(
    konnect: RunningSandbox, portal: dict[str, Any], email: str = "dev@example.com", approve: bool = True
) -> PortalDeveloper:
    """Signed up, email verified, password set, (approved by the admin,) logged in."""
    dev = PortalDeveloper(portal_url(konnect, portal))
    dev.sign_up(email, "Dev Eloper")
    (mail,) = [m for m in emails(konnect) if m["to"] == email]
    assert mail["kind"] == "verify-email"
    dev.set_password(dev.verify_email(mail["token"]), PASSWORD)
    if approve:
        (who,) = [
            d
            for d in konnect.api("GET", f"/v3/portals/{portal['id']}/developers").json()["data"]
            if d["email"] == email
        ]
        assert (
            konnect.api(
                "PATCH", f"/v3/portals/{portal['id']}/developers/{who['id']}", {"status": "approved"}
            ).status_code
            == 200
        )
        dev.log_in(email, PASSWORD)
    return dev


@pytest.fixture
def dcr(konnect: RunningSandbox, auth0: RunningSandbox) -> Iterator[tuple[dict[str, Any], dict[str, Any], str]]:
    yield published_dcr(konnect, auth0)


def test_each_new_portal_gets_a_key_auth_strategy_as_its_default_when_private(konnect: RunningSandbox) -> None:
    created = konnect.api("POST", "/v3/portals", {"name": "p1", "default_api_visibility": "private"})
    assert created.status_code == 201
    portal = created.json()
    (key_auth,) = konnect.api("GET", "/v2/application-auth-strategies").json()["data"]
    assert key_auth["strategy_type"] == "key_auth"
    assert portal["default_application_auth_strategy_id"] == key_auth["id"]
    assert portal["canonical_domain"].endswith(".kongportals.local")
    assert konnect.api("POST", "/v3/portals", {"name": "p1"}).status_code == 409  # names are unique


def test_a_portal_with_publications_is_deleted_only_when_forced(konnect: RunningSandbox) -> None:
    sid = konnect.api(
        "POST",
        "/v2/application-auth-strategies",
        {"name": "k", "display_name": "K", "strategy_type": "key_auth", "configs": {"key-auth": {}}},
    ).json()["id"]
    portal, api = publish(konnect, sid)
    refused = konnect.api("DELETE", f"/v3/portals/{portal['id']}")
    assert refused.status_code == 409 and api["id"] in refused.json()["detail"]
    assert konnect.api("DELETE", f"/v3/portals/{portal['id']}?force=true").status_code == 204
    assert konnect.state()["publications"] == []
    assert [s["id"] for s in konnect.state()["application_auth_strategies"]] == [sid]  # its own key-auth went too


def test_a_publication_put_replaces_omitted_fields_with_defaults(konnect: RunningSandbox) -> None:
    sid = konnect.api(
        "POST",
        "/v2/application-auth-strategies",
        {"name": "k", "display_name": "K", "strategy_type": "key_auth", "configs": {"key-auth": {}}},
    ).json()["id"]
    portal, api = publish(konnect, sid, visibility="public", auto_approve_registrations=True)
    path = f"/v3/apis/{api['id']}/publications/{portal['id']}"
    assert konnect.api("GET", path).json()["visibility"] == "public"
    replaced = konnect.api("PUT", path, {"auth_strategy_ids": None})
    assert replaced.status_code == 200
    assert (replaced.json()["visibility"], replaced.json()["auth_strategy_ids"]) == ("private", None)
    assert replaced.json()["auto_approve_registrations"] is False
    assert konnect.api("GET", f"/v3/apis/{api['id']}").json()["portals"][0]["id"] == portal["id"]
    assert konnect.api("DELETE", path).status_code == 204
    assert konnect.api("GET", path).status_code == 404


def test_apis_get_a_default_slug_unique_name_and_version_and_one_version_for_their_spec(
    konnect: RunningSandbox,
) -> None:
    api = konnect.api(
        "POST", "/v3/apis", {"name": "Orders API", "version": "v1", "spec_content": "openapi: 3.0.0"}
    ).json()
    assert api["slug"] == "orders-api-v1"
    assert api["current_version_summary"]["version"] == "v1"
    assert konnect.api("POST", "/v3/apis", {"name": "Orders API", "version": "v1"}).status_code == 409
    versions = f"/v3/apis/{api['id']}/versions"
    # Kong: "You can only have one version for an API": a second POST is refused, the one version is updated.
    second = konnect.api("POST", versions, {"version": "v2", "spec": {"content": "openapi: 3.1.0"}})
    assert second.status_code == 409
    listed = konnect.api("GET", versions).json()
    assert listed["meta"]["page"] == {"number": 1, "size": 10, "total": 1}
    (version,) = listed["data"]
    assert set(version) == {"id", "version", "spec", "created_at", "updated_at"} and version["spec"] == {"type": "oas3"}
    patched = konnect.api(
        "PATCH", f"{versions}/{version['id']}", {"version": "v2", "spec": {"content": "openapi: 3.1.0"}}
    )
    assert (patched.status_code, patched.json()["version"]) == (200, "v2")
    assert konnect.api("GET", f"{versions}/{version['id']}").json()["version"] == "v2"
    assert konnect.api("GET", f"/v3/apis/{api['id']}").json()["current_version_summary"]["version"] == "v2"
    assert konnect.state()["api_versions"][api["id"]][0]["spec"]["content"] == "openapi: 3.1.0"
    assert "spec_content" not in konnect.api("GET", f"/v3/apis/{api['id']}").json()
    assert konnect.api("PATCH", f"{versions}/{version['id']}", {"spec": {}}).status_code == 400
    assert konnect.api("DELETE", f"{versions}/{version['id']}").status_code == 204
    assert konnect.api("GET", f"{versions}/{version['id']}").status_code == 404
    assert konnect.api("GET", f"/v3/apis/{api['id']}").json()["current_version_summary"] is None


def test_a_developer_registers_an_app_and_dcr_makes_a_working_auth0_client(
    konnect: RunningSandbox, auth0: RunningSandbox, dcr: tuple[dict[str, Any], dict[str, Any], str]
) -> None:
    portal, api, strategy = dcr
    dev = developer(konnect, portal)
    assert [s["id"] for s in dev.strategies()] == [strategy]
    assert dev.strategies()[0]["credential_type"] == "client_credentials"
    assert dev.actions(api["slug"])["register"] is True
    app = dev.create_application("Weather app", strategy)
    client = next(c for c in auth0.state()["clients"] if c["client_id"] == app["client_id"])
    assert client["client_metadata"] == {
        "konnect_portal_id": portal["id"],
        "konnect_developer_id": client["client_metadata"]["konnect_developer_id"],
        "konnect_org_id": "org-sandbox",
        "konnect_application_id": app["id"],
    }
    registration = dev.register(app["id"], api["id"])
    assert (registration["status"], registration["api_slug"]) == ("pending", api["slug"])  # nothing auto-approves
    token = token_for(auth0, {"client_id": app["client_id"], "client_secret": app["client_secret"]}, audience=AUDIENCE)
    assert token.status_code == 200
    claims = jwt_claims(token.json()["access_token"])
    assert (claims["aud"], claims["azp"], claims["scope"]) == (AUDIENCE, app["client_id"], "read:orders")

    fresh = dev.regenerate_secret(app["id"])
    assert fresh["client_id"] == app["client_id"] and fresh["client_secret"] != app["client_secret"]
    old = token_for(auth0, {"client_id": app["client_id"], "client_secret": app["client_secret"]}, audience=AUDIENCE)
    assert old.status_code == 401
    dev.delete_application(app["id"])
    assert app["client_id"] not in {c["client_id"] for c in auth0.state()["clients"]}
    assert not [g for g in auth0.state()["client_grants"] if g["client_id"] == app["client_id"]]


def test_approval_settings_decide_a_registration_and_the_admin_approves_the_rest(
    konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    portal, api, strategy = published_dcr(konnect, auth0, auto_approve_registrations=True)
    dev = developer(konnect, portal)
    app = dev.create_application("Auto", strategy)
    assert dev.register(app["id"], api["id"])["status"] == "approved"
    listed = konnect.api("GET", f"/v3/portals/{portal['id']}/applications/{app['id']}/registrations").json()["data"]
    assert "client_secret" not in konnect.api("GET", f"/v3/portals/{portal['id']}/applications/{app['id']}").json()
    revoked = konnect.api(
        "PATCH",
        f"/v3/portals/{portal['id']}/applications/{app['id']}/registrations/{listed[0]['id']}",
        {"status": "revoked"},
    )
    assert revoked.json()["status"] == "revoked"
    assert dev.registrations(app["id"])[0]["status"] == "revoked"


def test_what_a_developer_cannot_do(
    konnect: RunningSandbox, auth0: RunningSandbox, dcr: tuple[dict[str, Any], dict[str, Any], str]
) -> None:
    portal, api, strategy = dcr
    pending = developer(konnect, portal, "pending@example.com", approve=False)
    with pytest.raises(PortalError) as refused:
        pending.log_in("pending@example.com", PASSWORD)
    assert (refused.value.status, refused.value.body["title"]) == (401, "Approval Required")
    dev = developer(konnect, portal)
    with pytest.raises(PortalError) as wrong:
        dev.log_in("dev@example.com", "not the password")
    assert (wrong.value.status, wrong.value.body["title"]) == (401, "Invalid Credentials")
    app = dev.create_application("App", strategy)
    dev.register(app["id"], api["id"])
    with pytest.raises(PortalError) as twice:
        dev.register(app["id"], api["id"])
    assert twice.value.status == 409
    key_auth = konnect.api(
        "POST",
        "/v2/application-auth-strategies",
        {"name": "keys", "display_name": "Keys", "strategy_type": "key_auth", "configs": {"key-auth": {}}},
    ).json()["id"]
    other = konnect.api("POST", "/v3/apis", {"name": "Keys API"}).json()
    assert (
        konnect.api(
            "PUT", f"/v3/apis/{other['id']}/publications/{portal['id']}", {"auth_strategy_ids": [key_auth]}
        ).status_code
        == 200
    )
    with pytest.raises(PortalError) as mismatch:
        dev.register(app["id"], other["id"])  # published with another strategy than the app's
    assert mismatch.value.status == 400
    assert mismatch.value.body["invalid_parameters"][0]["field"] == "api_id"


def test_a_dcr_failure_at_auth0_is_told_to_the_developer_and_leaves_nothing_behind(
    konnect: RunningSandbox, auth0: RunningSandbox, dcr: tuple[dict[str, Any], dict[str, Any], str]
) -> None:
    portal, _api, strategy = dcr
    grant = next(g for g in auth0.state()["client_grants"] if g["audience"].endswith("/api/v2/"))
    scopes = [p for p in grant["scope"] if p != "create:client_grants"]
    assert mgmt(auth0, "PATCH", f"/client-grants/{grant['id']}", {"scope": scopes}).status_code == 200
    before = {c["client_id"] for c in auth0.state()["clients"]}
    dev = developer(konnect, portal)
    with pytest.raises(PortalError) as failed:
        dev.create_application("App", strategy)
    assert failed.value.status == 400
    reason = failed.value.body["invalid_parameters"][0]["reason"]
    assert "create client grant: 403 Insufficient scope, expected any of: create:client_grants" in reason
    assert {c["client_id"] for c in auth0.state()["clients"]} == before
    assert konnect.state()["portal_applications"] == []


def test_an_admin_deleting_a_developer_deletes_their_apps_at_auth0_and_ends_their_session(
    konnect: RunningSandbox, auth0: RunningSandbox, dcr: tuple[dict[str, Any], dict[str, Any], str]
) -> None:
    portal, _api, strategy = dcr
    dev = developer(konnect, portal)
    app = dev.create_application("App", strategy)
    (who,) = konnect.api("GET", f"/v3/portals/{portal['id']}/developers").json()["data"]
    assert konnect.api("DELETE", f"/v3/portals/{portal['id']}/developers/{who['id']}").status_code == 204
    assert app["client_id"] not in {c["client_id"] for c in auth0.state()["clients"]}
    assert konnect.state()["portal_applications"] == []
    with pytest.raises(PortalError) as ended:
        dev.strategies()
    assert ended.value.status == 401
    assert konnect.api("DELETE", f"/v3/portals/{portal['id']}/developers/{who['id']}").status_code == 404
