"""Konnect DCR providers (`/v2/dcr-providers`): wire model, dynamic provider and Pulumi resource."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import pulumi
from pulumi.dynamic import Resource
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticUndefined

from ._base import KonnectResourceProvider
from .deployment import owned_inputs
from .props import CREATE_ONLY, field_patch, read_response, visible_labels
from .validation import HttpsIssuer, Labels, Name, Text, Url, describe_errors

__all__ = ["SECRET_FIELDS", "DcrProviderProps", "KonnectDcrProvider", "KonnectDcrProviderProvider", "ProviderType"]

ProviderType = Literal["auth0", "azureAd", "curity", "okta", "http", "kongIdentity"]
# Write-only on the wire: Konnect never returns them, so they are kept (encrypted) from inputs.
SECRET_FIELDS = ("initial_client_secret", "dcr_token", "api_key")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Auth0Config(_Strict):
    initial_client_id: str = Field(min_length=1, max_length=256)
    initial_client_audience: str | None = Field(default=None, max_length=256)
    use_developer_managed_scopes: bool = False


class ClientIdConfig(_Strict):
    """azureAd and curity: the management client's id (its secret is a top-level input)."""

    initial_client_id: str = Field(min_length=1, max_length=256)


class HttpConfig(_Strict):
    dcr_base_url: Url
    disable_event_hooks: bool = False
    disable_refresh_secret: bool = False
    allow_multiple_credentials: bool = False


class EmptyConfig(_Strict):
    """okta (its dcr_token is a top-level input) and kongIdentity."""


CONFIG_MODELS: dict[str, type[_Strict]] = {
    "auth0": Auth0Config,
    "azureAd": ClientIdConfig,
    "curity": ClientIdConfig,
    "http": HttpConfig,
    "okta": EmptyConfig,
    "kongIdentity": EmptyConfig,
}
SECRET_FOR_TYPE: dict[str, str | None] = {
    "auth0": "initial_client_secret",
    "azureAd": "initial_client_secret",
    "curity": "initial_client_secret",
    "okta": "dcr_token",
    "http": "api_key",
    "kongIdentity": None,
}


class DcrProviderProps(_Strict):
    """The resource's inputs. Secrets sit at the top level so Pulumi can keep them secret field by field."""

    name: Name
    display_name: Text | None = Field(default=None, max_length=256)
    provider_type: ProviderType
    issuer: HttpsIssuer
    labels: Labels = Field(default_factory=dict)
    dcr_config: dict[str, Any] = Field(default_factory=dict)
    initial_client_secret: str | None = Field(default=None, min_length=1, max_length=256)
    dcr_token: str | None = Field(default=None, min_length=1, max_length=256)
    api_key: str | None = Field(default=None, min_length=12, max_length=256, pattern=r"^[a-zA-Z0-9_]+$")
    adopt_id: str | None = None
    owner_tag: str | None = None

    @model_validator(mode="after")
    def _per_type_rules(self) -> DcrProviderProps:
        for key in SECRET_FIELDS:
            if key in self.dcr_config:
                raise ValueError(
                    f"dcr_config.{key}: pass it as the top-level secret input `{key}`, not inside dcr_config"
                )
        needed = SECRET_FOR_TYPE[self.provider_type]
        for key in SECRET_FIELDS:
            value = getattr(self, key)
            if key == needed and value is None:
                raise ValueError(f"{key}: required for provider_type {self.provider_type}")
            if key != needed and value is not None:
                raise ValueError(f"{key}: not used by provider_type {self.provider_type}")
        try:
            parsed = CONFIG_MODELS[self.provider_type].model_validate(self.dcr_config)
        except ValidationError as exc:
            raise ValueError("; ".join(f"dcr_config.{p}: {m}" for p, m in describe_errors(exc))) from None
        normalised = parsed.model_dump(mode="json", exclude_none=True)
        object.__setattr__(self, "dcr_config", normalised)
        return self

    def create_body(self) -> dict[str, Any]:
        body = self.model_dump(mode="json", exclude_none=True, exclude={*SECRET_FIELDS, "adopt_id", "owner_tag"})
        secret_key = SECRET_FOR_TYPE[self.provider_type]
        if secret_key:
            body["dcr_config"] = {**self.dcr_config, secret_key: getattr(self, secret_key)}
        return body


class DcrProviderResponse(BaseModel):
    """A DCR provider as Konnect returns it, read tolerantly: fields we do not know are ignored, at every level."""

    model_config = ConfigDict(extra="ignore")

    id: str
    name: str
    display_name: str | None = None
    provider_type: str
    issuer: str
    labels: dict[str, str] | None = None
    dcr_config: dict[str, Any] | None = None


def known_config(provider_type: str, raw: dict[str, Any]) -> dict[str, Any]:
    """The `dcr_config` keys this provider type documents, with their defaults (live Konnect omits false flags)."""
    model = CONFIG_MODELS.get(provider_type)
    if model is None:
        return {}
    config: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        value = raw[name] if name in raw else field.get_default(call_default_factory=True)
        if value is not None and value is not PydanticUndefined:
            config[name] = value
    return config


def props_from_api(body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """Map a Konnect response to normalised props, carrying secrets and omitted fields forward."""
    seen = read_response(DcrProviderResponse, body)
    props: dict[str, Any] = {
        "name": seen.name,
        "provider_type": seen.provider_type,
        "issuer": seen.issuer,
        "labels": visible_labels(seen.labels),
        "dcr_config": known_config(seen.provider_type, seen.dcr_config or {}),
    }
    # Live Konnect may drop display_name from responses even when set; keep the declared one.
    display_name = seen.display_name or previous.get("display_name")
    if display_name:
        props["display_name"] = display_name
    for key in (*SECRET_FIELDS, *CREATE_ONLY):
        if previous.get(key) is not None:
            props[key] = previous[key]
    return props


class KonnectDcrProviderProvider(KonnectResourceProvider):
    props_model = DcrProviderProps
    collection = "/v2/dcr-providers"
    kind = "DCR provider"
    loss_kind = "dcr_provider"
    kind_field = "provider_type"
    replace_on: ClassVar[frozenset[str]] = frozenset({"provider_type"})
    secret_fields = SECRET_FIELDS

    def props_from_api(self, body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
        return props_from_api(body, previous)

    def in_use_hint(self) -> str:
        return "an application auth strategy still references it; delete or re-point the strategy first"

    def patch_body(self, olds: dict[str, Any], news: dict[str, Any], force_secrets: bool = False) -> dict[str, Any]:
        patch = field_patch(olds, news, ("name", "display_name", "issuer"))
        config = {k: v for k, v in news["dcr_config"].items() if olds.get("dcr_config", {}).get(k) != v}
        secret_key = SECRET_FOR_TYPE[news["provider_type"]]
        # Secrets are write-only: send one only when its declared value changed (always when converging).
        if secret_key and (force_secrets or olds.get(secret_key) != news.get(secret_key)):
            config[secret_key] = news[secret_key]
        if config:
            patch["dcr_config"] = config
        return patch


class KonnectDcrProvider(Resource, module="konnect", name="DcrProvider"):
    """A Konnect DCR provider. Secret inputs (`initial_client_secret`, `dcr_token`, `api_key`) stay secret."""

    name: pulumi.Output[str]
    provider_type: pulumi.Output[str]
    issuer: pulumi.Output[str]
    dcr_config: pulumi.Output[dict[str, Any]]
    labels: pulumi.Output[dict[str, str]]
    active: pulumi.Output[bool]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        name: pulumi.Input[str],
        provider_type: pulumi.Input[str],
        issuer: pulumi.Input[str],
        dcr_config: pulumi.Input[dict[str, Any]] | None = None,
        display_name: pulumi.Input[str] | None = None,
        labels: pulumi.Input[dict[str, str]] | None = None,
        initial_client_secret: pulumi.Input[str] | None = None,
        dcr_token: pulumi.Input[str] | None = None,
        api_key: pulumi.Input[str] | None = None,
        adopt_id: str | None = None,
        delete_adopted: bool = False,
        allow_registration_loss: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        secrets = {"initial_client_secret": initial_client_secret, "dcr_token": dcr_token, "api_key": api_key}
        props: dict[str, Any] = {
            "name": name,
            "provider_type": provider_type,
            "issuer": issuer,
            "dcr_config": dcr_config or {},
            "display_name": display_name,
            **{k: (pulumi.Output.secret(v) if v is not None else None) for k, v in secrets.items()},
            **owned_inputs(
                type(self),
                resource_name,
                provider_type,
                opts,
                adopt_id=adopt_id,
                delete_adopted=delete_adopted,
                allow_registration_loss=allow_registration_loss,
                labels=labels,
            ),
        }
        opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(additional_secret_outputs=list(SECRET_FIELDS)))
        super().__init__(KonnectDcrProviderProvider(), resource_name, props, opts)
