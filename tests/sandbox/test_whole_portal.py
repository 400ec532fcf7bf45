"""The Konnect emulator's whole portal, as Kong's spec extracts describe it (every answer checked against them):
pages as a tree and what a developer reads of them, snippets, customization, the custom domain, sign-in settings,
identity providers (one enabled at a time, secrets never shown), teams with members and roles, and RBAC: a private
API reaches exactly the developers whose team holds a role on it."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.console import PASSWORD, console_setup, register_developer, sign_up
from tests.support.sandbox import RunningSandbox

ISSUER = "https://tenant.example.com"


def call(konnect: RunningSandbox, method: str, path: str, body: Any = None, expect: int = 200) -> Any:
    reply = konnect.api(method, path, body)
    assert reply.status_code == expect, f"{method} {path}: {reply.status_code} {reply.text}"
    return reply.json() if reply.content else None


def site(konnect: RunningSandbox, portal: dict[str, Any], cookie: str | None = None) -> httpx.Client:
    headers = {"Cookie": f"portalaccesstoken={cookie}"} if cookie else {}
    return httpx.Client(base_url=f"{konnect.url}/portal/{portal['canonical_domain']}/api/v3", headers=headers)


def test_pages_form_a_tree_and_developers_read_only_what_is_published_for_them(konnect: RunningSandbox) -> None:
    portal = call(konnect, "POST", "/v3/portals", {"name": "docs"}, 201)
    base = f"/v3/portals/{portal['id']}/pages"
    home = call(
        konnect,
        "POST",
        base,
        {"slug": "/", "title": "Home", "content": "::apis-list", "status": "published", "visibility": "public"},
        201,
    )
    guides = call(
        konnect,
        "POST",
        base,
        {"slug": "guides", "content": "# Guides", "status": "published", "visibility": "private"},
        201,
    )
    call(
        konnect,
        "POST",
        base,
        {
            "slug": "start",
            "content": "Start",
            "parent_page_id": guides["id"],
            "status": "published",
            "visibility": "public",
        },
        201,
    )
    call(konnect, "POST", base, {"slug": "draft", "content": "not yet"}, 201)
    assert home["visibility"] == "public" and guides["status"] == "published"
    call(konnect, "POST", base, {"slug": "guides", "content": "again"}, 409)  # one slug per place
    tree = call(konnect, "GET", base)["data"]
    assert [(p["slug"], [c["slug"] for c in p["children"]]) for p in tree] == [
        ("/", []),
        ("guides", ["start"]),
        ("draft", []),
    ]
    call(konnect, "DELETE", f"{base}/{guides['id']}", expect=409)  # it has a child
    changed = call(konnect, "PATCH", f"{base}/{home['id']}", {"content": "Welcome ::apis-list"})
    assert changed["content"] == "Welcome ::apis-list"
    reader = site(konnect, portal)
    shown = reader.get("/pages").json()["data"]
    assert [p["slug"] for p in shown] == ["/"]  # anonymous: public and published only
    assert reader.get("/pages/%2F").json()["content"] == "Welcome ::apis-list"
    assert reader.get("/pages/guides/start").json()["content"] == "Start"  # public itself, below a private page
    assert reader.get("/pages/draft").status_code == 404


def test_snippets_customization_and_a_custom_domain(konnect: RunningSandbox) -> None:
    portal = call(konnect, "POST", "/v3/portals", {"name": "brand"}, 201)
    base = f"/v3/portals/{portal['id']}"
    snippet = call(
        konnect,
        "POST",
        f"{base}/snippets",
        {"name": "banner", "content": "Hi", "status": "published", "visibility": "public"},
        201,
    )
    assert call(konnect, "GET", f"{base}/snippets")["meta"]["page"]["total"] == 1
    call(konnect, "PATCH", f"{base}/snippets/{snippet['id']}", {"title": "Banner"})
    assert site(konnect, portal).get("/snippets/banner").json()["title"] == "Banner"
    assert call(konnect, "GET", f"{base}/customization")["theme"]["mode"] == "light"
    menu = {"main": [{"path": "/guides", "title": "Guides", "visibility": "public", "external": False}]}
    custom = call(
        konnect, "PATCH", f"{base}/customization", {"theme": {"colors": {"primary": "#000000"}}, "menu": menu}
    )
    assert custom["theme"] == {"name": "default", "mode": "light", "colors": {"primary": "#000000"}}
    replaced = call(konnect, "PUT", f"{base}/customization", {"layout": "sidebar"})
    assert replaced["layout"] == "sidebar" and replaced["menu"]["main"] == []  # PUT replaces
    assert site(konnect, portal).get("/customization").json()["layout"] == "sidebar"
    call(konnect, "GET", f"{base}/custom-domain", expect=404)
    domain = call(
        konnect,
        "POST",
        f"{base}/custom-domain",
        {"hostname": "dev.acme.example", "enabled": True, "ssl": {"domain_verification_method": "http"}},
        201,
    )
    assert (domain["cname_status"], domain["ssl"]["verification_status"]) == ("pending", "pending")
    call(
        konnect,
        "POST",
        f"{base}/custom-domain",
        {"hostname": "x.acme.example", "enabled": True, "ssl": {"domain_verification_method": "http"}},
        409,
    )
    assert call(konnect, "PATCH", f"{base}/custom-domain", {"enabled": False})["enabled"] is False
    call(konnect, "DELETE", f"{base}/custom-domain", expect=204)


def test_one_identity_provider_at_a_time_and_its_secret_never_shown(konnect: RunningSandbox) -> None:
    portal = call(konnect, "POST", "/v3/portals", {"name": "sso"}, 201)
    base = f"/v3/portals/{portal['id']}"
    assert call(konnect, "GET", f"{base}/authentication-settings")["basic_auth_enabled"] is True
    config = {"issuer_url": ISSUER, "client_id": "portal-app", "client_secret": "s3cret-value"}
    idp = call(konnect, "POST", f"{base}/identity-providers", {"type": "oidc", "enabled": True, "config": config}, 201)
    assert "client_secret" not in idp["config"] and idp["config"]["scopes"] == ["email", "openid", "profile"]
    call(
        konnect,
        "POST",
        f"{base}/identity-providers",
        {"type": "saml", "enabled": True, "config": {"idp_metadata_url": ISSUER}},
        409,
    )
    settings = call(
        konnect,
        "PATCH",
        f"{base}/authentication-settings",
        {"basic_auth_enabled": False, "oidc_team_mapping_enabled": True},
    )
    assert settings["oidc_auth_enabled"] is True and settings["oidc_config"]["issuer"] == ISSUER
    assert settings["basic_auth_enabled"] is False
    team = call(konnect, "POST", f"{base}/teams", {"name": "partners"}, 201)
    mapped = call(
        konnect,
        "POST",
        f"{base}/identity-providers/{idp['id']}/team-group-mappings",
        {"team_id": team["id"], "group": "acme-partners"},
        201,
    )
    listing = call(konnect, "GET", f"{base}/identity-providers/{idp['id']}/team-group-mappings")
    assert [m["id"] for m in listing["data"]] == [mapped["id"]]
    changed = call(
        konnect, "PATCH", f"{base}/identity-providers/{idp['id']}", {"config": {"scopes": ["openid", "email"]}}
    )
    assert changed["config"]["scopes"] == ["openid", "email"] and changed["config"]["client_id"] == "portal-app"
    assert [i["type"] for i in call(konnect, "GET", f"{base}/identity-providers?filter[type]=oidc")] == ["oidc"]
    assert site(konnect, portal).get("/portal").json()["oidc_auth_enabled"] is True
    assert "s3cret-value" not in str(konnect.requests())  # never in an answer's log either


def test_with_rbac_a_private_api_reaches_exactly_the_teams_holding_a_role_on_it(
    konnect: RunningSandbox, auth0: RunningSandbox
) -> None:
    setup = console_setup(konnect, auth0)
    api_id, portal = setup.catalog_api["id"], setup.portal
    base = f"/v3/portals/{portal['id']}"
    call(konnect, "PATCH", base, {"rbac_enabled": True})
    publication = {
        "auth_strategy_ids": [setup.strategy["id"]],
        "visibility": "private",
        "auto_approve_registrations": True,
    }
    call(konnect, "PUT", f"/v3/apis/{api_id}/publications/{portal['id']}", publication)
    roles = call(konnect, "GET", "/v3/portal-roles")["services"]["roles"]
    assert roles["apiconsumer"]["name"] == "API Consumer"
    partners = call(konnect, "POST", f"{base}/teams", {"name": "partners"}, 201)
    call(
        konnect,
        "POST",
        f"{base}/teams/{partners['id']}/assigned-roles",
        {"role_name": "API Consumer", "entity_id": api_id, "entity_type_name": "Services", "entity_region": "us"},
        201,
    )
    ann = register_developer_without_app(konnect, portal, "ann@example.com")
    bob = register_developer_without_app(konnect, portal, "bob@example.com")
    call(konnect, "POST", f"{base}/teams/{partners['id']}/developers", {"id": ann["id"]}, 201)
    assert [t["name"] for t in call(konnect, "GET", f"{base}/developers/{ann['id']}/teams")["data"]] == ["partners"]
    assert [d["email"] for d in call(konnect, "GET", f"{base}/teams/{partners['id']}/developers")["data"]] == [
        "ann@example.com"
    ]
    registered = register_developer(konnect, portal, "ann@example.com", setup.strategy["id"], api_id, signed_up=True)
    assert registered.registration["status"] == "approved"
    seen = site(konnect, portal, bob["cookie"]).get("/apis").json()["data"]
    assert seen == []  # bob's teams hold no role on the private API
    assert site(konnect, portal, bob["cookie"]).get(f"/apis/{api_id}/actions").status_code == 404
    assert [t["name"] for t in site(konnect, portal, ann["cookie"]).get("/developer/teams").json()["data"]] == [
        "partners"
    ]


def register_developer_without_app(konnect: RunningSandbox, portal: dict[str, Any], email: str) -> dict[str, Any]:
    """Signed up and logged in through the Portal API: the developer's id and session cookie."""
    dev = site(konnect, portal)
    sign_up(konnect, dev, email)
    login = dev.post("/developer/authenticate", json={"username": email, "password": PASSWORD})
    me = site(konnect, portal, login.cookies["portalaccesstoken"]).get("/developer/me").json()
    return {"id": me["id"], "cookie": login.cookies["portalaccesstoken"]}
