"""The DCR policies' rules on hand-built stacks: each rule's violation, its clean case, and preview's unknowns."""

from __future__ import annotations

from typing import Any

import pulumi_policy
import pulumi_policy.policy as engine_side
import pytest

from dcr_components.guardrails import RULES, UNKNOWN, Res, Secret, Stack, from_wire, pack, rule_named
from dcr_components.guardrails.values import SECRET_SIG, SIG_KEY, UNKNOWN_WIRE, is_known
from dcr_components.permissions import ADMIN_PERMISSIONS

PREFIX = "urn:pulumi:{stack}::proj::"
TENANT = "acme.eu.auth0.com"
MANAGEMENT = f"https://{TENANT}/api/v2/"


def res(
    type_: str,
    name: str,
    stack: str = "dev",
    protect: bool = False,
    deps: dict[str, list[Res]] | None = None,
    **props: Any,
) -> Res:
    return Res(
        urn=f"{PREFIX.format(stack=stack)}{type_}::{name}",
        type=type_,
        name=name,
        props=props,
        protect=protect,
        property_deps={k: [d.urn for d in v] for k, v in (deps or {}).items()},
    )


def client(name: str = "admin", client_id: Any = UNKNOWN, **kw: Any) -> Res:
    return res("auth0:index/client:Client", name, clientId=client_id, **kw)


def grant(name: str, owner: Res, scopes: Any, audience: str = MANAGEMENT, client_id: Any = UNKNOWN) -> Res:
    return res(
        "auth0:index/clientGrant:ClientGrant",
        name,
        deps={"clientId": [owner]},
        clientId=client_id,
        audience=audience,
        scopes=scopes,
    )


def provider(admin: Res | None, issuer: str = f"https://{TENANT}", name: str = "dcr", **dcr_config: Any) -> Res:
    config = {"initial_client_id": UNKNOWN, **dcr_config}
    deps = {"dcr_config": [admin]} if admin else {}
    return res(
        "pulumi-python:dynamic/konnect:DcrProvider",
        name,
        deps=deps,
        provider_type="auth0",
        issuer=issuer,
        dcr_config=config,
        initial_client_secret=Secret(UNKNOWN),
    )


def auth0_provider(domain: str = TENANT) -> Res:
    return res("pulumi:providers:auth0", "default", domain=domain, apiToken=Secret("t"))


def oidc(**change: Any) -> dict[str, Any]:
    return {
        "openid-connect": {
            "issuer": f"https://{TENANT}",
            "credential_claim": ["azp"],
            "scopes": ["openid", "read"],
            "token_post_args_names": ["audience"],
            "token_post_args_values": ["https://api.example.com"],
            **change,
        }
    }


def strategy(dcr: Res | None, name: str = "cc", dcr_provider_id: Any = UNKNOWN, **change: Any) -> Res:
    deps = {"dcr_provider_id": [dcr]} if dcr else {}
    return res(
        "pulumi-python:dynamic/konnect:AuthStrategy",
        name,
        deps=deps,
        strategy_type="openid_connect",
        dcr_provider_id=dcr_provider_id,
        configs=oidc(**change),
    )


def check(name: str, resources: list[Res], stack: str = "dev", **config: Any) -> list[str]:
    return [f"{f.urn.rsplit('::', 1)[1]}: {f.message}" for f in rule_named(name).check(Stack(resources, stack), config)]


def environment(scopes: Any = None, developer_scopes: bool = False) -> list[Res]:
    admin = client()
    dcr = provider(admin, use_developer_managed_scopes=developer_scopes)
    return [
        auth0_provider(),
        admin,
        grant("admin-grant", admin, list(ADMIN_PERMISSIONS) if scopes is None else scopes),
        dcr,
        strategy(dcr),
    ]


def test_every_mandatory_rule_holds_for_a_correct_environment_during_preview() -> None:
    resources = environment()
    for rule in RULES:
        if rule.mandatory:
            assert check(rule.name, resources) == [], rule.name


def test_the_admin_grant_must_be_exactly_the_nine_permissions() -> None:
    (extra,) = check("dcr-admin-grant-exact", environment([*ADMIN_PERMISSIONS, "create:users"]))
    assert (
        extra.startswith("admin-grant: the DCR admin app 'admin' must hold exactly the 9")
        and "remove create:users" in extra
    )
    (missing,) = check("dcr-admin-grant-exact", environment(list(ADMIN_PERMISSIONS[1:])))
    assert "add read:clients" in missing and "remove" not in missing
    # read:resource_servers: required with developer-managed scopes, refused without.
    (needed,) = check("dcr-admin-grant-exact", environment(developer_scopes=True))
    assert "(developer-managed scopes are on): add read:resource_servers" in needed
    assert check("dcr-admin-grant-exact", environment([*ADMIN_PERMISSIONS, "read:resource_servers"], True)) == []
    (refused,) = check("dcr-admin-grant-exact", environment([*ADMIN_PERMISSIONS, "read:resource_servers"]))
    assert "remove read:resource_servers" in refused
    # Scopes not known yet: nothing to say.
    assert check("dcr-admin-grant-exact", environment(UNKNOWN)) == []


def test_the_admin_app_is_found_by_known_ids_as_well_as_by_dependency() -> None:
    admin = client(client_id="abc")
    dcr = res(
        "pulumi-python:dynamic/konnect:DcrProvider",
        "dcr",
        provider_type="auth0",
        issuer=f"https://{TENANT}",
        dcr_config={"initial_client_id": "abc"},
    )
    loose = res(
        "auth0:index/clientGrant:ClientGrant", "g", clientId="abc", audience=MANAGEMENT, scopes=["create:users"]
    )
    (finding,) = check("dcr-admin-grant-exact", [admin, loose, dcr])
    assert finding.startswith("g: ") and "remove create:users" in finding
    (none,) = check("dcr-admin-grant-exact", [admin, dcr])
    assert none.startswith("admin: the DCR admin app 'admin' has no Management API grant")


def test_only_the_admin_app_gets_management_api_scopes() -> None:
    resources = environment()
    reporting = client("reporting")
    resources += [
        reporting,
        grant("own-api", reporting, ["read:orders"], audience="https://api.example.com"),
        grant("reporting-grant", reporting, ["read:users"]),
    ]
    (finding,) = check("management-api-only-admin", resources)
    assert finding.startswith(f"reporting-grant: client 'reporting' is granted Management API scopes on {TENANT}")


@pytest.mark.parametrize(
    ("issuer", "dcr_config", "configured", "says"),
    [
        ("http://acme.eu.auth0.com", {}, [], "must use https://"),
        (f"https://{TENANT}/", {}, [], "must not end with '/'"),
        ("https://other.eu.auth0.com", {}, [], "is neither this stack's Auth0 tenant (acme.eu.auth0.com)"),
        ("https://login.acme.com", {}, ["login.acme.com"], "set dcr_config.initial_client_audience"),
        (f"https://{TENANT}", {"initial_client_audience": MANAGEMENT}, [], "only for an issuer on a custom domain"),
    ],
)
def test_the_issuer_is_the_stack_tenant_or_its_custom_domain(
    issuer: str, dcr_config: dict[str, Any], configured: list[str], says: str
) -> None:
    admin = client()
    (finding,) = check(
        "dcr-issuer-matches-tenant",
        [auth0_provider(), admin, provider(admin, issuer, **dcr_config)],
        customDomains=configured,
    )
    assert finding.startswith("dcr: ") and says in finding


def test_a_custom_domain_issuer_with_the_management_audience_passes() -> None:
    admin = client()
    custom = provider(admin, "https://login.acme.com", initial_client_audience=MANAGEMENT)
    assert check("dcr-issuer-matches-tenant", [auth0_provider(), admin, custom], customDomains=["login.acme.com"]) == []
    declared = res("auth0:index/customDomain:CustomDomain", "login", domain="login.acme.com")
    assert check("dcr-issuer-matches-tenant", [auth0_provider(), admin, custom, declared]) == []


def test_oidc_strategies_ask_for_openid_use_azp_send_the_audience_and_use_this_stacks_provider() -> None:
    admin = client()
    dcr = provider(admin)
    bad = strategy(dcr, scopes=["read"], credential_claim=["sub"], token_post_args_names=[], token_post_args_values=[])
    (finding,) = check("dcr-oidc-strategy", [admin, dcr, bad])
    for part in ("add 'openid'", "credential_claim to ['azp']", "send the API audience"):
        assert part in finding
    literal = strategy(None, dcr_provider_id="9b2f6c1e-0000-4000-8000-000000000000")
    (foreign,) = check("dcr-oidc-strategy", [admin, dcr, literal])
    assert "reference a DCR provider declared in this stack" in foreign
    custom_claim = strategy(dcr, credential_claim=["client_id"])
    assert check("dcr-oidc-strategy", [admin, dcr, custom_claim], credentialClaims=["client_id"]) == []


def test_secret_inputs_must_be_secret_values() -> None:
    dcr = res(
        "pulumi-python:dynamic/konnect:DcrProvider",
        "okta",
        provider_type="okta",
        dcr_token="plain",
        api_key=Secret("k"),
    )
    action = res(
        "auth0:index/action:Action",
        "rename",
        secrets=[{"name": "A", "value": Secret("x")}, {"name": "B", "value": "plain"}],
    )
    sealed = res("auth0:index/action:Action", "sealed", secrets=Secret([{"name": "A", "value": "x"}]))
    plain_provider = res("pulumi:providers:auth0", "explicit", domain=TENANT, apiToken="plain-token")
    findings = check("secrets-are-secret", [dcr, action, sealed, plain_provider, *environment()])
    assert findings == [
        "okta: 'dcr_token' of 'okta' is a plain value: pass it as a secret (pulumi.Output.secret(…), or "
        "`pulumi config set --secret` and config.require_secret)",
        f"rename: {findings[1].split(': ', 1)[1]}",
        f"explicit: {findings[2].split(': ', 1)[1]}",
    ]
    assert "'secrets[B]'" in findings[1] and "'apiToken'" in findings[2]


def test_production_stacks_protect_the_provider_and_admin_app_and_rename_apps() -> None:
    assert check("production-protection", environment()) == []
    findings = check("production-protection", environment(), stack="prod")
    assert [f.split(":", 1)[0] for f in findings] == ["dcr", "admin", "dcr"]
    assert "has no rename Action" in findings[2]
    admin = client(protect=True)
    dcr = provider(admin)
    dcr.protect = True
    action = res(
        "auth0:index/action:Action", "rename", supportedTriggers={"id": "credentials-exchange", "version": "v2"}
    )
    assert check("production-protection", [admin, dcr, action], stack="live", productionStacks=["live"]) == []


def test_each_dcr_strategy_is_published() -> None:
    resources = environment()
    (finding,) = check("dcr-strategy-published", resources)
    assert finding.startswith("cc: strategy 'cc' is published on no API")
    cc = resources[-1]
    by_dependency = res(
        "pulumi-python:dynamic/konnect:ApiPublication",
        "pub",
        deps={"auth_strategy_ids": [cc]},
        auth_strategy_ids=UNKNOWN,
    )
    assert check("dcr-strategy-published", [*resources, by_dependency]) == []
    cc.props["id"] = "s-1"
    by_id = res("pulumi-python:dynamic/konnect:ApiPublication", "pub", auth_strategy_ids=["s-1"])
    assert check("dcr-strategy-published", [*resources, by_id]) == []


def test_the_wire_form_keeps_secret_markers_and_unknowns() -> None:
    wire = {"a": {SIG_KEY: SECRET_SIG, "value": UNKNOWN_WIRE}, "b": [UNKNOWN_WIRE, "x"], "c": {"d": 1}}
    assert from_wire(wire) == {"a": Secret(UNKNOWN), "b": [UNKNOWN, "x"], "c": {"d": 1}}
    assert not is_known(from_wire(wire)["b"]) and is_known(from_wire(wire)["c"])


def options(protect: bool) -> pulumi_policy.PolicyResourceOptions:
    timeouts = pulumi_policy.PolicyCustomTimeouts(0, 0, 0)
    return pulumi_policy.PolicyResourceOptions(protect, [], None, [], timeouts, [])


def test_the_pack_reads_properties_through_its_own_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    readers = vars(engine_side)
    # Restored after the test: the pack rebinds pulumi-policy's module-level readers.
    for name in ("deserialize_properties", "unknown_checking_proxy"):
        monkeypatch.setitem(readers, name, readers[name])
    pack._read_wire_form()
    wire = {"s": {SIG_KEY: SECRET_SIG, "value": "v"}, "u": UNKNOWN_WIRE}
    read = readers["unknown_checking_proxy"](readers["deserialize_properties"](wire))
    assert read == {"s": Secret("v"), "u": UNKNOWN}
    urn = "urn:pulumi:prod::p::auth0:index/client:Client::admin"
    owner = pulumi_policy.PolicyResource(
        "auth0:index/client:Client", {}, urn, "admin", options(False), None, None, [], {}
    )
    policy_res = pulumi_policy.PolicyResource(
        "t", {"k": 1}, "urn:pulumi:prod::p::t::n", "n", options(True), None, None, [], {"clientId": [owner]}
    )
    assert pack.to_res(policy_res) == Res(
        urn=policy_res.urn, type="t", name="n", props={"k": 1}, protect=True, property_deps={"clientId": [urn]}
    )
    assert pack.stack_of(policy_res.urn) == "prod"
    assert [p.name for p in pack.policies()] == [r.name for r in RULES]
    assert {p.name: p.enforcement_level for p in pack.policies()}[
        "production-protection"
    ] == pulumi_policy.EnforcementLevel.ADVISORY


def test_a_custom_domain_issuer_tied_to_the_tenant_by_its_management_audience_needs_no_policy_config() -> None:
    # What config `customDomain` declares: the issuer on the custom domain, the tenant's Management API audience.
    admin = client()
    custom = provider(admin, "https://login.acme.com", initial_client_audience=MANAGEMENT)
    assert check("dcr-issuer-matches-tenant", [auth0_provider(), admin, custom]) == []
    # Without the audience it is still an unknown host, and another tenant's audience does not vouch for it.
    (bare,) = check("dcr-issuer-matches-tenant", [auth0_provider(), admin, provider(admin, "https://login.acme.com")])
    assert "is neither this stack's Auth0 tenant" in bare
    other = provider(admin, "https://login.acme.com", initial_client_audience="https://other.eu.auth0.com/api/v2/")
    (foreign,) = check("dcr-issuer-matches-tenant", [auth0_provider(), admin, other])
    assert "is neither this stack's Auth0 tenant" in foreign


def in_admin_app(type_: str, name: str, **props: Any) -> Res:
    """A resource of the library's AdminApp component (its URN carries the parent type chain)."""
    made = res(type_, name, **props)
    made.urn = f"{PREFIX.format(stack='dev')}dcr:index:AdminApp${type_}::{name}"
    return made


def test_the_admin_app_alone_in_an_auth0_only_stack_is_the_admin_and_its_grant_is_checked() -> None:
    admin = in_admin_app("auth0:index/client:Client", "dev-admin-app", clientId=UNKNOWN)
    for permissions in (list(ADMIN_PERMISSIONS), [*ADMIN_PERMISSIONS, "read:resource_servers"]):
        good = in_admin_app(
            "auth0:index/clientGrant:ClientGrant",
            "dev-admin-grant",
            clientId=UNKNOWN,
            audience=MANAGEMENT,
            scopes=permissions,
        )
        good.property_deps = {"clientId": [admin.urn]}
        assert check("management-api-only-admin", [admin, good]) == []
        assert check("dcr-admin-grant-exact", [admin, good]) == []
    wide = in_admin_app(
        "auth0:index/clientGrant:ClientGrant",
        "dev-admin-grant",
        clientId=UNKNOWN,
        audience=MANAGEMENT,
        scopes=[*ADMIN_PERMISSIONS, "create:users"],
    )
    wide.property_deps = {"clientId": [admin.urn]}
    (finding,) = check("dcr-admin-grant-exact", [admin, wide])
    assert "remove create:users" in finding
    # Any other client with a Management API grant is still refused beside it.
    reporting = client("reporting")
    (other,) = check(
        "management-api-only-admin", [admin, wide, reporting, grant("reporting-grant", reporting, ["read:users"])]
    )
    assert other.startswith("reporting-grant: client 'reporting'")


def sign_in(callbacks: list[str], issuer: str = f"https://{TENANT}/", secret: Any = None) -> tuple[Res, Res]:
    """A portal's sign-in app and the identity provider that names it (by dependency, as the component wires it)."""
    app = client("portal-sign-in", app_type="regular_web", callbacks=callbacks)
    idp = res(
        "pulumi-python:dynamic/konnect:PortalIdentityProvider",
        "identity-provider",
        deps={"client_id": [app]},
        issuer_url=issuer,
        client_id=UNKNOWN,
        client_secret=Secret(UNKNOWN) if secret is None else secret,
    )
    return app, idp


def test_a_portal_sign_in_app_on_the_tenant_with_https_callbacks_passes() -> None:
    app, idp = sign_in(["https://portal.example.com/login"])
    assert check("portal-sign-in-app", [*environment(), app, idp]) == []
    # The sandbox's portal calls back over plain http on a loopback host.
    app, idp = sign_in(["http://127.0.0.1:18411/portal/x.sandbox.kongportals.local/login"])
    assert check("portal-sign-in-app", [*environment(), app, idp]) == []


def test_a_portal_sign_in_app_must_call_back_over_https_hold_no_management_grant_and_trust_the_tenant() -> None:
    app, idp = sign_in(["http://portal.example.com/login"])
    (plain,) = check("portal-sign-in-app", [*environment(), app, idp])
    assert plain.startswith("portal-sign-in: callback 'http://portal.example.com/login'")
    assert "must use https://" in plain
    app, idp = sign_in(["https://portal.example.com/login"])
    (granted,) = check("portal-sign-in-app", [*environment(), app, idp, grant("sign-in-grant", app, ["read:users"])])
    assert granted.startswith("sign-in-grant: the portal's sign-in app 'portal-sign-in' is granted Management API")
    app, idp = sign_in(["https://portal.example.com/login"], issuer="https://elsewhere.auth0.com/")
    (foreign,) = check("portal-sign-in-app", [*environment(), app, idp])
    assert "trusts 'https://elsewhere.auth0.com/', not this stack's Auth0 tenant (acme.eu.auth0.com)" in foreign


def test_the_identity_providers_client_secret_must_be_a_pulumi_secret() -> None:
    app, idp = sign_in(["https://portal.example.com/login"], secret="plain-value")
    (finding,) = check("secrets-are-secret", [*environment(), app, idp])
    assert finding.startswith("identity-provider: 'client_secret' of 'identity-provider' is a plain value")
