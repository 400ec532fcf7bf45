"""The Konnect resources of a whole portal against the Konnect emulator over real HTTP: pages, snippets, teams and
their roles, the identity provider (its secret write-only) and its group mappings, the sign-in settings, the
customization and the custom domain; each created once (found by its key when an earlier run made it), diffed field
by field, updated in place with one call, replaced only where Konnect cannot change a field, and deleted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from dcr_components.konnect._base import KonnectResourceProvider
from dcr_components.konnect.portal_content import PortalPageProvider, PortalSnippetProvider
from dcr_components.konnect.portal_domain import PortalCustomDomainProvider
from dcr_components.konnect.portal_settings import PortalAuthSettingsProvider, PortalCustomizationProvider
from dcr_components.konnect.portal_sign_in import PortalIdentityProviderProvider, PortalTeamMappingProvider
from dcr_components.konnect.portal_teams import PortalTeamProvider, PortalTeamRoleProvider
from tests.support.results import outs
from tests.support.sandbox import RunningSandbox

P = TypeVar("P", bound=KonnectResourceProvider)
Make = Callable[[type[P]], P]
ISSUER = "https://tenant.example.com"


def test_a_page_is_created_once_updated_in_place_and_found_again_by_its_slug(
    konnect: RunningSandbox, configured: Make[Any], portal: dict[str, Any]
) -> None:
    pages: PortalPageProvider = configured(PortalPageProvider)
    home = {"portal_id": portal["id"], "slug": "/", "title": "Home", "content": "::apis-list", "visibility": "public"}
    made = pages.create(dict(home))
    assert outs(made)["ownership"]["obtained"] == "created"
    read = pages.read(made.id, outs(made))
    assert read.inputs is None
    changed = {**home, "content": "Welcome\n\n::apis-list"}
    assert pages.diff(made.id, outs(read), changed).replaces == []
    konnect.clear_log()
    updated = pages.update(made.id, outs(read), changed)
    assert konnect.writes() == [("PATCH", f"/v3/portals/{portal['id']}/pages/{made.id}")]
    assert pages.diff(made.id, outs(updated), {**changed, "portal_id": "0b1c5f3e-0000-4000-8000-000000000000"}).replaces
    again = configured(PortalPageProvider).create(dict(changed))  # an interrupted run's page: found, not duplicated
    assert (again.id, outs(again)["ownership"]["obtained"]) == (made.id, "reclaimed")
    pages.delete(made.id, outs(updated))
    assert konnect.state()["pages"] == []


def test_a_page_under_another_is_found_again_by_its_slug_and_parent(
    configured: Make[Any], portal: dict[str, Any]
) -> None:
    pages: PortalPageProvider = configured(PortalPageProvider)
    guide = pages.create({"portal_id": portal["id"], "slug": "guides", "content": "# Guides"})
    child = {"portal_id": portal["id"], "slug": "orders", "content": "# Orders", "parent_page_id": guide.id}
    made = pages.create(dict(child))
    # Konnect lists pages as a tree: the child is only among its parent's `children`.
    again = configured(PortalPageProvider).create(dict(child))
    assert (again.id, outs(again)["ownership"]["obtained"]) == (made.id, "reclaimed")


def test_a_snippet_and_a_team_update_in_place(
    konnect: RunningSandbox, configured: Make[Any], portal: dict[str, Any]
) -> None:
    snippets: PortalSnippetProvider = configured(PortalSnippetProvider)
    snippet = snippets.create({"portal_id": portal["id"], "name": "banner", "content": "Hi"})
    teams: PortalTeamProvider = configured(PortalTeamProvider)
    team = teams.create({"portal_id": portal["id"], "name": "partners"})
    assert teams.read(team.id, outs(team)).inputs is None  # Konnect's default description is not drift
    konnect.clear_log()
    snippets.update(snippet.id, outs(snippet), {"portal_id": portal["id"], "name": "banner", "content": "Hello"})
    teams.update(team.id, outs(team), {"portal_id": portal["id"], "name": "partners", "description": "Our partners"})
    assert [m for m, _ in konnect.writes()] == ["PATCH", "PATCH"]
    assert konnect.state()["teams"][0]["description"] == "Our partners"


def test_a_teams_role_changes_in_place_new_assignment_first_and_a_group_mapping_replaces(
    konnect: RunningSandbox, configured: Make[Any], portal: dict[str, Any]
) -> None:
    api = konnect.api("POST", "/v3/apis", {"name": "Orders", "version": "v1"}).json()
    other = konnect.api("POST", "/v3/apis", {"name": "Stock", "version": "v1"}).json()
    team = configured(PortalTeamProvider).create({"portal_id": portal["id"], "name": "partners"})
    roles: PortalTeamRoleProvider = configured(PortalTeamRoleProvider)
    role = {"portal_id": portal["id"], "team_id": team.id, "role_name": "API Consumer", "entity_id": api["id"]}
    made = roles.create(dict(role))
    assert roles.read(made.id, outs(made)).outs
    viewer = {**role, "role_name": "API Viewer"}
    change = roles.diff(made.id, outs(made), viewer)
    assert change.changes and change.replaces == []
    assert roles.diff(made.id, outs(made), {**role, "entity_id": other["id"]}).replaces == ["entity_id"]
    konnect.clear_log()
    updated = roles.update(made.id, outs(made), viewer).outs or {}
    # Konnect has no PATCH for an assignment: the new one is made before the old one goes.
    assert [m for m, _ in konnect.writes()] == ["POST", "DELETE"]
    held = konnect.api("GET", f"/v3/portals/{portal['id']}/teams/{team.id}/assigned-roles").json()["data"]
    assert [(r["id"], r["role_name"]) for r in held] == [(updated["role_id"], "API Viewer")]
    assert roles.read(made.id, updated).id == made.id  # followed by its current assignment
    assert roles.diff(made.id, updated, viewer).changes is False
    roles.delete(made.id, updated)
    assert konnect.api("GET", f"/v3/portals/{portal['id']}/teams/{team.id}/assigned-roles").json()["data"] == []
    made = roles.create(dict(role))
    idps: PortalIdentityProviderProvider = configured(PortalIdentityProviderProvider)
    idp = idps.create(
        {"portal_id": portal["id"], "issuer_url": ISSUER, "client_id": "app", "client_secret": "s3cret-1"}
    )
    mappings: PortalTeamMappingProvider = configured(PortalTeamMappingProvider)
    mapping = {"portal_id": portal["id"], "idp_id": idp.id, "team_id": team.id, "group": "acme-partners"}
    mapped = mappings.create(dict(mapping))
    assert mappings.read(mapped.id, outs(mapped)).outs
    assert mappings.diff(mapped.id, outs(mapped), {**mapping, "group": "other"}).replaces == ["group"]
    konnect.api("DELETE", f"/v3/portals/{portal['id']}/teams/{team.id}")
    assert roles.read(made.id, outs(made)).id is None and mappings.read(mapped.id, outs(mapped)).id is None


def test_the_identity_providers_secret_is_write_only_and_sent_again_only_when_it_changes(
    konnect: RunningSandbox, configured: Make[Any], portal: dict[str, Any]
) -> None:
    idps: PortalIdentityProviderProvider = configured(PortalIdentityProviderProvider)
    inputs = {"portal_id": portal["id"], "issuer_url": ISSUER, "client_id": "app", "client_secret": "s3cret-1"}
    made = idps.create(dict(inputs))
    assert "client_secret" not in str(konnect.api("GET", f"/v3/portals/{portal['id']}/identity-providers").json())
    read = idps.read(made.id, outs(made))
    assert read.inputs is None and outs(read)["client_secret"] == "s3cret-1"  # carried from the inputs
    assert idps.diff(made.id, outs(read), dict(inputs)).changes is False
    konnect.clear_log()
    idps.update(made.id, outs(read), {**inputs, "scopes": ["openid", "email"]})
    (patch,) = [r for r in konnect.requests() if r["method"] == "PATCH"]
    assert patch["path"].endswith(made.id)
    stored = konnect.state()["identity_providers"][0]["config"]
    assert stored["scopes"] == ["openid", "email"] and stored["client_secret"] == "s3cret-1"
    idps.update(made.id, outs(read), {**inputs, "client_secret": "s3cret-2"})
    assert konnect.state()["identity_providers"][0]["config"]["client_secret"] == "s3cret-2"


def test_sign_in_settings_are_patched_and_put_back_on_delete(
    konnect: RunningSandbox, configured: Make[Any], portal: dict[str, Any]
) -> None:
    settings: PortalAuthSettingsProvider = configured(PortalAuthSettingsProvider)
    wanted = {"portal_id": portal["id"], "basic_auth_enabled": False, "oidc_team_mapping_enabled": True}
    made = settings.create(dict(wanted))
    path = f"/v3/portals/{portal['id']}/authentication-settings"
    assert konnect.api("GET", path).json()["basic_auth_enabled"] is False
    assert settings.read(made.id, outs(made)).inputs is None
    settings.delete(made.id, outs(made))
    assert konnect.api("GET", path).json()["basic_auth_enabled"] is True  # what the portal had


def test_customization_is_one_put_of_the_declared_document_and_delete_restores_konnects(
    konnect: RunningSandbox, configured: Make[Any], portal: dict[str, Any]
) -> None:
    looks: PortalCustomizationProvider = configured(PortalCustomizationProvider)
    wanted = {
        "portal_id": portal["id"],
        "theme": {"mode": "dark", "colors": {"primary": "#112233"}},
        "layout": "sidebar",
    }
    konnect.clear_log()
    made = looks.create(dict(wanted))
    assert konnect.writes() == [("PUT", f"/v3/portals/{portal['id']}/customization")]
    assert looks.read(made.id, outs(made)).inputs is None  # Konnect's other defaults are not drift
    konnect.api("PATCH", f"/v3/portals/{portal['id']}/customization", {"layout": "topnav"})
    assert looks.read(made.id, outs(made)).inputs is not None  # a declared field changed by hand
    looks.delete(made.id, outs(made))
    assert konnect.api("GET", f"/v3/portals/{portal['id']}/customization").json()["theme"]["mode"] == "light"


def test_a_custom_domain_says_which_cname_to_create_and_a_new_hostname_replaces_it(
    konnect: RunningSandbox, configured: Make[Any], portal: dict[str, Any]
) -> None:
    domains: PortalCustomDomainProvider = configured(PortalCustomDomainProvider)
    wanted = {"portal_id": portal["id"], "hostname": "developers.acme.example"}
    made = domains.create(dict(wanted))
    state = outs(made)
    assert state["dns_record"] == {
        "type": "CNAME",
        "name": "developers.acme.example",
        "value": portal["default_domain"],
    }
    assert (state["cname_status"], state["verification_status"]) == ("pending", "pending")
    assert domains.diff(made.id, state, {**wanted, "hostname": "dev.acme.example"}).replaces == ["hostname"]
    assert domains.diff(made.id, state, {**wanted, "enabled": False}).replaces == []
    domains.delete(made.id, state)
    assert konnect.state()["custom_domains"] == {}
