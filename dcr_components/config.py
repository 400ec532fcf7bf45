"""The stack config schema: one pydantic model over `konnect-auth0-dcr:dcr`, checked before any resource exists.

Messages name the key and the rule, never the value: a value in the wrong place may be a secret.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

import pulumi
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic.alias_generators import to_camel

from .konnect.client import REGIONS
from .konnect.validation import AuthMethod, Labels, Text, check_issuer, describe_errors, is_token

__all__ = [
    "ApiConfig",
    "ApiScope",
    "ConfigError",
    "EnvironmentConfig",
    "RenameActionConfig",
    "StrategyConfig",
    "load_config",
    "parse_config",
]

NAMESPACE = "konnect-auth0-dcr"
KEY = "dcr"
DOMAIN = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$")
# Konnect documents no limit on auth strategies per org; this one is the largest count the benchmark runs.
MAX_STRATEGIES = 500


def _token(value: str) -> str:
    if not is_token(value):
        raise ValueError("must not contain whitespace, control, bidi or zero-width characters")
    return value


Token = Annotated[str, AfterValidator(_token)]


def _unique(values: list[str], where: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise ValueError(f"{where}.{index}: duplicate of an earlier entry")
        seen.add(value)


class _Camel(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, populate_by_name=True, frozen=True)


class ApiScope(_Camel):
    name: Token = Field(min_length=1, max_length=280)
    description: str = Field(default="", max_length=500)


class ApiConfig(_Camel):
    identifier: Token = Field(min_length=1, max_length=600, description="the audience DCR apps get")
    name: Text = Field(min_length=1, max_length=200)
    scopes: list[ApiScope] = Field(default_factory=list, max_length=200)

    @field_validator("name", "identifier")
    @classmethod
    def _no_angle_brackets(cls, value: str) -> str:
        if "<" in value or ">" in value:
            raise ValueError("must not contain '<' or '>' (Auth0 rejects them)")
        return value

    @model_validator(mode="after")
    def _unique_scopes(self) -> ApiConfig:
        _unique([s.name for s in self.scopes], "scopes")
        return self


def _default_auth_methods() -> list[AuthMethod]:
    return ["client_credentials", "bearer"]


class StrategyConfig(_Camel):
    key: Token | None = Field(
        default=None,
        max_length=100,
        description="stable identity of the strategy in Pulumi (defaults to name); keep it to rename in place",
    )
    name: Text = Field(min_length=1, max_length=256)
    display_name: Text = Field(min_length=1, max_length=256)
    scopes: list[Token] = Field(default_factory=list, max_length=49)
    auth_methods: list[AuthMethod] = Field(default_factory=_default_auth_methods, min_length=1, max_length=10)
    credential_claim: list[Token] = Field(default_factory=lambda: ["azp"], min_length=1, max_length=10)

    @property
    def resource_key(self) -> str:
        return self.key or self.name

    @model_validator(mode="after")
    def _unique_entries(self) -> StrategyConfig:
        _unique(self.scopes, "scopes")
        _unique(list(self.auth_methods), "authMethods")
        _unique(self.credential_claim, "credentialClaim")
        return self


class RenameActionConfig(_Camel):
    enabled: bool = False
    name: Text | None = Field(default=None, min_length=1, max_length=200, description="default names the environment")
    runtime: str = Field(default="node22", pattern=r"^node(18|22)$")


class EnvironmentConfig(_Camel):
    """`konnect-auth0-dcr:dcr` in stacks/Pulumi.<stack>.yaml."""

    auth0_domain: str = Field(description="tenant domain, e.g. acme.eu.auth0.com (host[:port])")
    custom_domain: str | None = None
    admin_app_name: Text | None = Field(default=None, min_length=1, max_length=200)
    developer_managed_scopes: bool = False
    provider_name: Text = Field(min_length=1, max_length=256)
    api: ApiConfig
    strategies: list[StrategyConfig] = Field(min_length=1, max_length=MAX_STRATEGIES)
    rename_action: RenameActionConfig = Field(default_factory=RenameActionConfig)
    labels: Labels = Field(default_factory=dict)

    @field_validator("auth0_domain", "custom_domain")
    @classmethod
    def _bare_domain(cls, value: str | None) -> str | None:
        if value is not None and not DOMAIN.match(value):
            raise ValueError(
                "must be a bare host[:port] without scheme, path or trailing slash, e.g. acme.eu.auth0.com"
            )
        return value

    @model_validator(mode="after")
    def _strategies_fit_the_api(self) -> EnvironmentConfig:
        declared = {s.name for s in self.api.scopes}
        for i, strategy in enumerate(self.strategies):
            for j, scope in enumerate(strategy.scopes):
                if scope != "openid" and scope not in declared:
                    raise ValueError(f"strategies.{i}.scopes.{j}: not a scope of api.scopes")
        _unique([s.name for s in self.strategies], "strategies.name")
        _unique([s.resource_key for s in self.strategies], "strategies.key")
        return self

    @property
    def issuer(self) -> str:
        """Konnect and Auth0 compare the issuer byte for byte: https, no trailing slash."""
        return check_issuer(f"https://{self.custom_domain or self.auth0_domain}")

    @property
    def management_audience(self) -> str:
        return f"https://{self.auth0_domain}/api/v2/"

    @property
    def initial_client_audience(self) -> str | None:
        # Only a custom domain needs it; otherwise Konnect derives it from the issuer.
        return self.management_audience if self.custom_domain else None


class ConfigError(pulumi.RunError):
    """Invalid stack config: one line per key and rule, all of them at once.

    A `pulumi.RunError`: raised in a program, Pulumi shows the message alone, without a traceback.
    """

    def __init__(self, problems: list[tuple[str, str]], namespace: str = NAMESPACE) -> None:
        self.problems = problems
        self.namespace = namespace
        lines = []
        for path, reason in problems:
            if path.startswith("@"):  # a provider key, e.g. "@auth0:domain"
                lines.append(f"  {path[1:]}: {reason}")
            elif path == "(input)":
                lines.append(f"  {namespace}:{KEY}: {reason}")
            else:
                lines.append(f"  {namespace}:{KEY}.{path}: {reason}")
        super().__init__("invalid stack config:\n" + "\n".join(lines))


def parse_config(raw: Any, namespace: str = NAMESPACE) -> EnvironmentConfig:
    """Check one environment's settings (the object under `<namespace>:dcr`)."""
    try:
        return EnvironmentConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(describe_errors(exc), namespace) from None


def provider_problems(
    auth0_domain: Any, get: Callable[[str], str | None], namespace: str = NAMESPACE
) -> list[tuple[str, str]]:
    """Provider settings that contradict the environment or cannot work, checked before any call."""
    problems: list[tuple[str, str]] = []
    domain = get("auth0:domain")
    if domain is not None and auth0_domain is not None and domain != auth0_domain:
        problems.append(("@auth0:domain", f"must equal {namespace}:{KEY}.auth0Domain (the tenant the grants are for)"))
    server_url = get("konnect:serverUrl")
    if server_url is not None and not re.match(r"^https?://[^/\s]+", server_url):
        problems.append(("@konnect:serverUrl", "must start with https:// (or http:// for a local sandbox)"))
    region = get("konnect:region")
    if region is not None and region.lower() not in REGIONS:
        problems.append(("@konnect:region", f"must be one of {', '.join(REGIONS)}"))
    return problems


def load_config(config: pulumi.Config | None = None, *, namespace: str = NAMESPACE) -> EnvironmentConfig:
    """Read and check `<namespace>:dcr` and the provider keys beside it; ConfigError names every bad key.

    `namespace` is the stack config namespace of your program (its project name by default in Pulumi), e.g.
    `load_config(namespace="acme-portal")` reads `acme-portal:dcr`.
    """
    config = config or pulumi.Config(namespace)
    raw = config.get_object(KEY)
    if raw is None:
        raise ConfigError(
            [("(input)", f"missing: set `{config.name}:{KEY}` in the stack config (see README)")], config.name
        )

    def get(key: str) -> str | None:
        section, name = key.split(":", 1)
        return pulumi.Config(section).get(name)

    problems = provider_problems(raw.get("auth0Domain") if isinstance(raw, dict) else None, get, config.name)
    try:
        env = parse_config(raw, config.name)
    except ConfigError as error:
        raise ConfigError([*error.problems, *problems], config.name) from None
    if problems:
        raise ConfigError(problems, config.name)
    return env
