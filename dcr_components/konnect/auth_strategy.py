"""Konnect application auth strategies (`/v2/application-auth-strategies`): model, provider and resource."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import pulumi
from pulumi.dynamic import Resource
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ._base import KonnectResourceProvider
from .deployment import owned_inputs
from .props import CREATE_ONLY, field_patch, read_response, visible_labels
from .validation import AuthMethod, HttpsIssuer, Labels, Name, Text, Uuid, is_token

__all__ = [
    "AuthStrategyProps",
    "KeyAuthConfig",
    "KonnectAuthStrategy",
    "KonnectAuthStrategyProvider",
    "OpenIdConnectConfig",
]

StrategyType = Literal["openid_connect", "key_auth"]
CONFIG_KEY = {"openid_connect": "openid-connect", "key_auth": "key-auth"}


class OpenIdConnectConfig(BaseModel):
    """`configs.openid-connect`: the four documented keys, plus OIDC plugin settings sent flat beside them."""

    model_config = ConfigDict(extra="allow")

    issuer: HttpsIssuer
    credential_claim: list[str] = Field(max_length=10)
    scopes: list[str] = Field(max_length=50)
    auth_methods: list[AuthMethod] = Field(max_length=10)

    @model_validator(mode="after")
    def _rules(self) -> OpenIdConnectConfig:
        if "openid" not in self.scopes:
            raise ValueError("scopes: must include 'openid'")
        for field, items in (("credential_claim", self.credential_claim), ("scopes", self.scopes)):
            for index, item in enumerate(items):
                if not 1 <= len(item) <= 128 or not is_token(item):
                    raise ValueError(
                        f"{field}.{index}: must be 1-128 characters without whitespace or control characters"
                    )
            if len(set(items)) != len(items):
                raise ValueError(f"{field}: entries must be unique")
        return self


class KeyAuthTtl(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: int = Field(ge=1)
    unit: Literal["days", "weeks", "years"]


class KeyAuthConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key_names: list[str] | None = Field(default=None, min_length=1, max_length=10)
    ttl: KeyAuthTtl | None = None


class Principals(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = False


class Configs(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    openid_connect: OpenIdConnectConfig | None = Field(default=None, alias="openid-connect")
    key_auth: KeyAuthConfig | None = Field(default=None, alias="key-auth")


class AuthStrategyProps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    display_name: Text = Field(max_length=256)
    strategy_type: StrategyType
    configs: Configs
    dcr_provider_id: Uuid | None = None
    labels: Labels = Field(default_factory=dict)
    principals: Principals | None = None
    adopt_id: str | None = None
    owner_tag: str | None = None

    @model_validator(mode="after")
    def _matching_config(self) -> AuthStrategyProps:
        wanted = CONFIG_KEY[self.strategy_type]
        present = [k for k, v in self.configs.model_dump(by_alias=True, exclude_none=True).items() if v is not None]
        if present != [wanted]:
            raise ValueError(f"configs: strategy_type {self.strategy_type} needs exactly one key, {wanted!r}")
        if self.strategy_type == "key_auth" and self.dcr_provider_id is not None:
            raise ValueError("dcr_provider_id: only openid_connect strategies use a DCR provider")
        return self

    def create_body(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"adopt_id", "owner_tag"})


class ProviderRef(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str


class AuthStrategyResponse(BaseModel):
    """An auth strategy as Konnect returns it, read tolerantly: fields we do not know are ignored, at every level."""

    model_config = ConfigDict(extra="ignore")

    id: str
    name: str
    display_name: str | None = None
    strategy_type: str
    configs: dict[str, dict[str, Any]] | None = None
    labels: dict[str, str] | None = None
    dcr_provider: ProviderRef | None = None
    principals: dict[str, Any] | None = None


OIDC_KEYS = ("issuer", "credential_claim", "scopes", "auth_methods")


def known_configs(strategy_type: str, raw: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """The config block of this strategy type, with the keys we read: the four documented OIDC keys plus the plugin
    settings the declaration had (keys Konnect adds on its own are not ours to diff); key_names and ttl for key-auth."""
    key = CONFIG_KEY.get(strategy_type, strategy_type)
    block = raw.get(key) or {}
    if key == "openid-connect":
        declared = set(((previous.get("configs") or {}).get(key) or {}).keys())
        wanted = [*OIDC_KEYS, *sorted(declared - set(OIDC_KEYS))]
    else:
        wanted = ["key_names", "ttl"]
    config = {k: block[k] for k in wanted if block.get(k) is not None}
    if isinstance(config.get("ttl"), dict):
        config["ttl"] = {k: config["ttl"][k] for k in ("value", "unit") if k in config["ttl"]}
    return {key: config}


def props_from_api(body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """Map a Konnect response to normalised props, carrying the create-only inputs forward."""
    seen = read_response(AuthStrategyResponse, body)
    props: dict[str, Any] = {
        "name": seen.name,
        "display_name": seen.display_name or "",
        "strategy_type": seen.strategy_type,
        "configs": known_configs(seen.strategy_type, seen.configs or {}, previous),
        "labels": visible_labels(seen.labels),
    }
    if seen.dcr_provider is not None:
        props["dcr_provider_id"] = seen.dcr_provider.id
    # Konnect returns principals {enabled: false} by default; it is ours to compare only when declared or enabled.
    enabled = bool((seen.principals or {}).get("enabled"))
    if enabled or previous.get("principals") is not None:
        props["principals"] = {"enabled": enabled}
    props.update({k: previous[k] for k in CREATE_ONLY if previous.get(k) is not None})
    return props


def config_patch(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Changed keys of one config block; removed keys are sent as null so the server drops them."""
    patch: dict[str, Any] = {k: None for k in old if k not in new}
    patch.update({k: v for k, v in new.items() if old.get(k) != v})
    return patch


class KonnectAuthStrategyProvider(KonnectResourceProvider):
    props_model = AuthStrategyProps
    collection = "/v2/application-auth-strategies"
    kind = "application auth strategy"
    loss_kind = "strategy"
    kind_field = "strategy_type"
    replace_on: ClassVar[frozenset[str]] = frozenset({"strategy_type"})

    def props_from_api(self, body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
        return props_from_api(body, previous)

    def in_use_hint(self) -> str:
        return "a product version or API publication in a portal uses it; unpublish or re-point it first"

    def patch_body(self, olds: dict[str, Any], news: dict[str, Any], force_secrets: bool = False) -> dict[str, Any]:
        patch = field_patch(olds, news, ("name", "display_name", "principals"))
        if olds.get("dcr_provider_id") != news.get("dcr_provider_id"):
            patch["dcr_provider_id"] = news.get("dcr_provider_id")
        key = CONFIG_KEY[news["strategy_type"]]
        config = config_patch(olds.get("configs", {}).get(key, {}), news["configs"][key])
        if config:
            patch["configs"] = {key: config}
        return patch


class KonnectAuthStrategy(Resource, module="konnect", name="AuthStrategy"):
    """A Konnect application auth strategy (openid_connect with a DCR provider, or key_auth)."""

    name: pulumi.Output[str]
    display_name: pulumi.Output[str]
    strategy_type: pulumi.Output[str]
    configs: pulumi.Output[dict[str, Any]]
    dcr_provider_id: pulumi.Output[str | None]
    labels: pulumi.Output[dict[str, str]]
    active: pulumi.Output[bool]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        name: pulumi.Input[str],
        display_name: pulumi.Input[str],
        strategy_type: pulumi.Input[str],
        configs: pulumi.Input[dict[str, Any]],
        dcr_provider_id: pulumi.Input[str] | None = None,
        labels: pulumi.Input[dict[str, str]] | None = None,
        principals: pulumi.Input[dict[str, bool]] | None = None,
        adopt_id: str | None = None,
        delete_adopted: bool = False,
        allow_registration_loss: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "name": name,
            "display_name": display_name,
            "strategy_type": strategy_type,
            "configs": configs,
            "dcr_provider_id": dcr_provider_id,
            "principals": principals,
            **owned_inputs(
                type(self),
                resource_name,
                strategy_type,
                opts,
                adopt_id=adopt_id,
                delete_adopted=delete_adopted,
                allow_registration_loss=allow_registration_loss,
                labels=labels,
            ),
        }
        super().__init__(KonnectAuthStrategyProvider(), resource_name, props, opts)
