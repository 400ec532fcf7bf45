"""Property-based tests of the stack config schema (hypothesis).

Every generated valid config parses and builds a whole DcrEnvironment under Pulumi mocks; every invalid
mutation is rejected with a message naming the mutated key, before anything is registered.
"""

from __future__ import annotations

import copy
from typing import Any

import pulumi
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dcr_components.auth0 import admin_permissions
from dcr_components.config import ConfigError, parse_config
from tests.support.mocks import AuthMocks

DOMAIN = st.from_regex(r"[a-z][a-z0-9-]{0,15}\.(eu|us|au)\.auth0\.com", fullmatch=True)
SCOPE = st.from_regex(r"[a-z]{1,8}:[a-z]{1,8}", fullmatch=True)
LABEL_KEY = st.from_regex(r"(env|team|app)[a-z0-9]{0,8}", fullmatch=True)
LABEL_VALUE = st.from_regex(r"[a-z0-9]([a-z0-9._-]{0,10}[a-z0-9])?", fullmatch=True)


@st.composite
def valid_configs(draw: st.DrawFn) -> dict[str, Any]:
    scopes = draw(st.lists(SCOPE, min_size=1, max_size=5, unique=True))
    names = draw(st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True), min_size=1, max_size=3, unique=True))
    config: dict[str, Any] = {
        "auth0Domain": draw(DOMAIN),
        "providerName": draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,39}", fullmatch=True)),
        "api": {
            "identifier": "https://api.example.com/" + draw(st.from_regex(r"[a-z0-9/-]{0,30}", fullmatch=True)),
            "name": draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 ]{0,39}", fullmatch=True)),
            "scopes": [{"name": s} for s in scopes],
        },
        "strategies": [
            {"name": n, "displayName": n.upper(), "scopes": draw(st.lists(st.sampled_from(scopes), unique=True))}
            for n in names
        ],
        "developerManagedScopes": draw(st.booleans()),
        "renameAction": {"enabled": draw(st.booleans())},
        "labels": draw(st.dictionaries(LABEL_KEY, LABEL_VALUE, max_size=4)),
    }
    if draw(st.booleans()):
        config["customDomain"] = draw(st.from_regex(r"login\.[a-z]{1,10}\.example", fullmatch=True))
    return config


# (key that must be named, mutation) pairs; each mutation breaks exactly one documented rule.
def _set(path: str, value: Any) -> Any:
    def apply(config: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = config
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value

    return apply


INVALID = st.one_of(
    st.builds(
        lambda v: ("auth0Domain", _set("auth0Domain", v)),
        st.sampled_from(["https://a.auth0.com", "a.auth0.com/", "a b.com", "", "a.auth0.com/api"]),
    ),
    st.builds(lambda v: ("customDomain", _set("customDomain", v)), st.sampled_from(["http://x", "x/y", " "])),
    st.builds(lambda v: ("providerName", _set("providerName", v)), st.sampled_from(["", "n" * 257])),
    st.builds(lambda v: ("api", _set("api.name", v)), st.sampled_from(["<script>", "a>b", ""])),
    st.builds(lambda v: ("api", _set("api.identifier", v)), st.sampled_from(["", "https://<PLACEHOLDER>/x"])),
    st.builds(lambda v: ("strategies", _set("strategies", v)), st.sampled_from([[], None])),
    st.builds(
        lambda v: ("strategies", _set("strategies.0.scopes", [v])),
        st.from_regex(r"zz[a-z]{1,5}:[a-z]{1,5}", fullmatch=True),
    ),
    st.builds(
        lambda k: ("labels", _set("labels", {k: "x"})),
        st.from_regex(r"(kong|konnect|mesh|kic|_)[a-z]{0,5}", fullmatch=True),
    ),
    st.builds(lambda v: ("labels", _set("labels", {"env": v})), st.sampled_from(["-x", "x-", "a b", "", "v" * 64])),
    st.builds(
        lambda v: ("renameAction", _set("renameAction", {"runtime": v})), st.sampled_from(["node16", "python", ""])
    ),
    st.builds(lambda k: (k, _set(k, "x")), st.sampled_from(["colour", "issuer", "admin_app"])),
    st.builds(lambda v: ("developerManagedScopes", _set("developerManagedScopes", v)), st.sampled_from(["maybe", [1]])),
)


@settings(max_examples=60, deadline=None)
@given(valid_configs())
def test_every_valid_config_parses_with_derived_issuer_and_audience(config: dict[str, Any]) -> None:
    env = parse_config(config)
    assert env.issuer == f"https://{config.get('customDomain') or config['auth0Domain']}"
    assert env.management_audience == f"https://{config['auth0Domain']}/api/v2/"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(valid_configs())
def test_every_valid_config_previews_the_whole_environment_under_mocks(config: dict[str, Any]) -> None:
    from dcr_components.environment import DcrEnvironment

    mocks = AuthMocks()
    pulumi.runtime.set_mocks(mocks, preview=True)
    env = parse_config(config)

    @pulumi.runtime.test
    def build() -> pulumi.Output[Any]:
        created = DcrEnvironment("fuzz", env)
        return pulumi.Output.all(created.dcr_provider_id, created.strategy_ids)

    build()
    types = [r.typ for r in mocks.registered]
    assert types.count("pulumi-python:dynamic/konnect:AuthStrategy") == len(config["strategies"])
    assert types.count("auth0:index/action:Action") == int(config["renameAction"]["enabled"])
    (grant,) = [r for r in mocks.registered if r.typ == "auth0:index/clientGrant:ClientGrant"]
    assert grant.inputs["scopes"] == admin_permissions(config["developerManagedScopes"])


@settings(max_examples=150, deadline=None)
@given(valid_configs(), INVALID)
def test_every_invalid_config_is_rejected_naming_the_key(config: dict[str, Any], mutation: tuple[str, Any]) -> None:
    key, mutate = mutation
    broken = copy.deepcopy(config)
    mutate(broken)
    try:
        parse_config(broken)
    except ConfigError as error:
        named = [path for path, _ in error.problems]
        assert any(path == key or path.startswith(f"{key}.") for path in named), (key, named)
        assert all(f"konnect-auth0-dcr:dcr.{path}:" in str(error) for path in named)
    else:
        raise AssertionError(f"accepted an invalid {key}: {broken.get(key.split('.')[0])!r}")
