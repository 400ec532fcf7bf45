"""The stack config schema: one pydantic model over `konnect-auth0-dcr:dcr`, checked before any resource exists."""

from __future__ import annotations

import re
from typing import Any

import pulumi
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic.alias_generators import to_camel

from .konnect.validation import Labels, check_issuer, describe_errors

__all__ = ["ApiScope", "ConfigError", "EnvironmentConfig", "StrategyConfig", "load_config"]

NAMESPACE = "konnect-auth0-dcr"
KEY = "dcr"
DOMAIN = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$")
SCOPE = re.compile(r"^[^\s]{1,280}$")


class _Camel(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, populate_by_name=True, frozen=True)


class ApiScope(_Camel):
    name: str = Field(pattern=SCOPE.pattern)
    description: str = Field(default="", max_length=500)


class ApiConfig(_Camel):
    identifier: str = Field(min_length=1, max_length=600, description="the audience DCR apps get")
    name: str = Field(min_length=1, max_length=200)
    scopes: list[ApiScope] = Field(default_factory=list, max_length=200)

    @field_validator("name", "identifier")
    @classmethod
    def _no_angle_brackets(cls, value: str) -> str:
        if "<" in value or ">" in value:
            raise ValueError("must not contain '<' or '>' (Auth0 rejects them)")
        return value


class StrategyConfig(_Camel):
    name: str = Field(min_length=1, max_length=256)
    display_name: str = Field(max_length=256)
    scopes: list[str] = Field(default_factory=list, max_length=49)
    auth_methods: list[str] = Field(
        default_factory=lambda: ["client_credentials", "bearer"], min_length=1, max_length=10
    )
    credential_claim: list[str] = Field(default_factory=lambda: ["azp"], min_length=1, max_length=10)


class RenameActionConfig(_Camel):
    enabled: bool = False
    name: str = Field(default="Konnect DCR app names", min_length=1, max_length=200)
    runtime: str = Field(default="node22", pattern=r"^node(18|22)$")


class EnvironmentConfig(_Camel):
    """`konnect-auth0-dcr:dcr` in stacks/Pulumi.<stack>.yaml."""

    auth0_domain: str = Field(description="tenant domain, e.g. acme.eu.auth0.com (host[:port])")
    custom_domain: str | None = None
    admin_app_name: str = Field(default="Konnect Portal DCR Admin", min_length=1, max_length=200)
    developer_managed_scopes: bool = False
    provider_name: str = Field(min_length=1, max_length=256)
    api: ApiConfig
    strategies: list[StrategyConfig] = Field(min_length=1, max_length=20)
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
    def _strategy_scopes_exist(self) -> EnvironmentConfig:
        declared = {s.name for s in self.api.scopes}
        for i, strategy in enumerate(self.strategies):
            missing = [s for s in strategy.scopes if s != "openid" and s not in declared]
            if missing:
                raise ValueError(f"strategies.{i}.scopes: {missing} are not scopes of the API {self.api.identifier!r}")
        names = [s.name for s in self.strategies]
        if len(names) != len(set(names)):
            raise ValueError("strategies: names must be unique")
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


class ConfigError(Exception):
    """Invalid stack config: one line per key and rule."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        lines = [
            f"  {NAMESPACE}:{KEY}.{path}: {reason}" if path != "(input)" else f"  {NAMESPACE}:{KEY}: {reason}"
            for path, reason in problems
        ]
        super().__init__("invalid stack config:\n" + "\n".join(lines))


def parse_config(raw: Any) -> EnvironmentConfig:
    try:
        return EnvironmentConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(describe_errors(exc)) from None


def load_config(config: pulumi.Config | None = None) -> EnvironmentConfig:
    """Read and check `konnect-auth0-dcr:dcr`; raises ConfigError naming each bad key."""
    raw = (config or pulumi.Config(NAMESPACE)).get_object(KEY)
    if raw is None:
        raise ConfigError([("(input)", f"missing: set `{NAMESPACE}:{KEY}` in stacks/Pulumi.<stack>.yaml (see README)")])
    return parse_config(raw)
