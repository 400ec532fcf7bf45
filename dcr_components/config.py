"""The stack config schema: one pydantic model over `konnect-auth0-dcr:dcr`, checked before any resource exists.

Messages name the key and the rule, never the value: a value in the wrong place may be a secret.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
from pydantic import Field, ValidationError, field_validator, model_validator

from .config_parts import (
    AdminAppConfig,
    ApiConfig,
    ApiEntry,
    ApiScope,
    Camel,
    ExistingConfig,
    RenameActionConfig,
    StrategyConfig,
    unique,
)
from .config_portal import PortalConfig
from .konnect.client import REGIONS
from .konnect.validation import Labels, Text, check_issuer, describe_errors
from .permissions import admin_permissions
from .spec_file import portal_texts_of, specs_of

__all__ = [
    "AdminAppConfig",
    "ApiConfig",
    "ApiEntry",
    "ApiScope",
    "ConfigError",
    "EnvironmentConfig",
    "ExistingConfig",
    "PortalConfig",
    "RenameActionConfig",
    "StrategyConfig",
    "load_config",
    "parse_config",
    "read_portal_files",
    "read_specs",
]

NAMESPACE = "konnect-auth0-dcr"
KEY = "dcr"
DOMAIN = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$")
# Konnect documents no limit on auth strategies per org; this one is the largest count the benchmark runs.
MAX_STRATEGIES = 500


class EnvironmentConfig(Camel):
    """`konnect-auth0-dcr:dcr` in stacks/Pulumi.<stack>.yaml."""

    auth0_domain: str = Field(description="tenant domain, e.g. acme.eu.auth0.com (host[:port])")
    custom_domain: str | None = None
    admin_app_name: Text | None = Field(default=None, min_length=1, max_length=200)
    admin_app: AdminAppConfig = Field(default_factory=AdminAppConfig)
    developer_managed_scopes: bool = False
    provider_name: Text = Field(min_length=1, max_length=256)
    api: ApiConfig
    strategies: list[StrategyConfig] = Field(min_length=1, max_length=MAX_STRATEGIES)
    rename_action: RenameActionConfig = Field(default_factory=RenameActionConfig)
    labels: Labels = Field(default_factory=dict)
    portal: PortalConfig | None = None
    apis: list[ApiEntry] = Field(default_factory=list, max_length=100)
    existing: ExistingConfig = Field(default_factory=ExistingConfig)
    allow_registration_loss: bool = Field(
        default=False, description="let destroy or a replacement delete objects that developers' apps still use"
    )

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
        unique([s.name for s in self.strategies], "strategies.name")
        unique([s.resource_key for s in self.strategies], "strategies.key")
        known = {s.name for s in self.strategies} | {s.resource_key for s in self.strategies}
        for i, api in enumerate(self.apis):
            if api.strategy is not None and api.strategy not in known:
                raise ValueError(f"apis.{i}.strategy: not the name or key of a strategies[] entry")
        if self.apis and self.portal is None:
            raise ValueError("portal: required to publish apis (set portal.name, or portal.id of an existing one)")
        unique([a.resource_key for a in self.apis], "apis.key")
        unique([f"{a.name}\n{a.version}" for a in self.apis], "apis.name+version")
        self._existing_fits()
        return self

    def _existing_fits(self) -> None:
        """Each id under `existing` names an object the config declares, in the role it declares it."""
        wanted = admin_permissions(self.developer_managed_scopes)
        given = self.admin_app.permissions
        if given is not None and (sorted(given) != sorted(wanted)):
            raise ValueError(
                "adminApp.permissions: must be exactly the DCR permissions for this developerManagedScopes "
                f"setting ({', '.join(wanted)}), in any order"
            )
        existing = self.existing
        for key in existing.strategy_ids:
            if key not in {s.resource_key for s in self.strategies}:
                raise ValueError(f"existing.strategyIds.{key}: not the key (or name) of a strategies[] entry")
        for key in existing.api_ids:
            if key not in {a.resource_key for a in self.apis}:
                raise ValueError(f"existing.apiIds.{key}: not the key of an apis[] entry")
        if existing.portal_id and (self.portal is None or self.portal.name is None):
            raise ValueError(
                "existing.portalId: needs portal.name (an adopted portal is managed; portal.id only references one)"
            )
        if existing.rename_action_id and not self.rename_action.enabled:
            raise ValueError("existing.renameActionId: needs renameAction.enabled")
        api_keys = {a.resource_key for a in self.apis}
        for i, team in enumerate(self.portal.teams if self.portal else []):
            for key in team.apis:
                if key not in api_keys:
                    raise ValueError(f"portal.teams.{i}.apis.{key}: not the key of an apis[] entry")

    def strategy_of(self, api: ApiEntry) -> StrategyConfig:
        """The strategy an API is published with: the one it names, else the first."""
        return next((s for s in self.strategies if api.strategy in (s.name, s.resource_key)), self.strategies[0])

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


def _specs(env: EnvironmentConfig, root: Path | None) -> tuple[dict[str, str | None], list[tuple[str, str]]]:
    return specs_of(env.apis, root)


def _portal_files(env: EnvironmentConfig, root: Path | None) -> tuple[dict[str, str], list[tuple[str, str]]]:
    return portal_texts_of(env.portal, root)


def read_specs(env: EnvironmentConfig, root: Path | None = None) -> dict[str, str | None]:
    """Each API's spec text by API name (None without specFile), every file checked first (see spec_file)."""
    specs, problems = _specs(env, root)
    if problems:
        raise ConfigError(problems)
    return specs


def read_portal_files(env: EnvironmentConfig, root: Path | None = None) -> dict[str, str]:
    """The portal's Markdown and CSS files by key path, every file checked first (the rules of an API's specFile)."""
    texts, problems = _portal_files(env, root)
    if problems:
        raise ConfigError(problems)
    return texts


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
    problems += _specs(env, None)[1] + _portal_files(env, None)[1]
    if problems:
        raise ConfigError(problems, config.name)
    return env
