"""The parts of an environment's settings: the API audience and its scopes, strategies, the rename Action, the Dev
Portal and the APIs published in it. Messages name the key and the rule, never the value."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

from .konnect.validation import AuthMethod, Text, Uuid, is_token
from .permissions import admin_permissions

__all__ = [
    "AdminAppConfig",
    "ApiConfig",
    "ApiEntry",
    "ApiScope",
    "Camel",
    "ExistingConfig",
    "RenameActionConfig",
    "StrategyConfig",
    "Token",
    "unique",
]


def _token(value: str) -> str:
    if not is_token(value):
        raise ValueError("must not contain whitespace, control, bidi or zero-width characters")
    return value


Token = Annotated[str, AfterValidator(_token)]


def unique(values: list[str], where: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise ValueError(f"{where}.{index}: duplicate of an earlier entry")
        seen.add(value)


class Camel(BaseModel):
    """Stack config reads in camelCase; every model is strict and frozen."""

    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, populate_by_name=True, frozen=True)


class ApiScope(Camel):
    name: Token = Field(min_length=1, max_length=280)
    description: str = Field(default="", max_length=500)


class ApiConfig(Camel):
    identifier: Token = Field(min_length=1, max_length=600, description="the audience DCR apps get")
    name: Text = Field(min_length=1, max_length=200)
    scopes: list[ApiScope] = Field(default_factory=list, max_length=200)
    # The token settings of the API; the defaults are this project's (an imported API keeps what it has).
    signing_alg: Literal["RS256", "HS256", "PS256"] = "RS256"
    token_lifetime: int = Field(default=86400, ge=0, le=2592000)
    allow_offline_access: bool = False
    skip_consent_for_verifiable_first_party_clients: bool = True

    @field_validator("name", "identifier")
    @classmethod
    def _no_angle_brackets(cls, value: str) -> str:
        if "<" in value or ">" in value:
            raise ValueError("must not contain '<' or '>' (Auth0 rejects them)")
        return value

    @model_validator(mode="after")
    def _unique_scopes(self) -> ApiConfig:
        unique([s.name for s in self.scopes], "scopes")
        return self


class AdminAppConfig(Camel):
    """How the admin app is declared. The defaults are this project's; a codified stack states what the app it
    imports already has, so that the import changes nothing."""

    description: str | None = Field(default=None, max_length=140, description="default: this project's own")
    authentication_method: Literal["client_secret_post", "client_secret_basic"] = "client_secret_post"
    permissions: list[Token] | None = Field(
        default=None, description="the DCR permissions in the order the tenant's grant holds them (default: ours)"
    )

    def permission_list(self, developer_managed_scopes: bool) -> list[str]:
        return list(self.permissions) if self.permissions else admin_permissions(developer_managed_scopes)


class ExistingConfig(Camel):
    """Objects this stack did not create, by id: the Auth0 ones are imported, the Konnect ones adopted (read, checked
    and converged, never re-created). `destroy` keeps them unless `deleteOnDestroy` (see README, "Codify")."""

    admin_client_id: Token | None = Field(default=None, min_length=1, max_length=64)
    admin_grant_id: Token | None = Field(default=None, min_length=1, max_length=64)
    api_id: Token | None = Field(default=None, min_length=1, max_length=64, description="the resource server's id")
    rename_action_id: Token | None = Field(default=None, min_length=1, max_length=64)
    dcr_provider_id: Uuid | None = None
    strategy_ids: dict[str, Uuid] = Field(default_factory=dict, description="by the strategy's key (default: name)")
    portal_id: Uuid | None = None
    api_ids: dict[str, Uuid] = Field(default_factory=dict, description="by the API's key (default: name as a slug)")
    delete_on_destroy: bool = Field(default=False, description="let destroy delete these objects too")

    @model_validator(mode="after")
    def _one_object_one_role(self) -> ExistingConfig:
        if self.admin_grant_id and not self.admin_client_id:
            raise ValueError("adminGrantId: needs adminClientId (the grant is the admin app's)")
        unique(list(self.strategy_ids.values()), "strategyIds")
        unique(list(self.api_ids.values()), "apiIds")
        return self

    def any(self) -> bool:
        return any(v for k, v in self.model_dump().items() if k != "delete_on_destroy")

    def kept(self, object_id: str | None) -> bool:
        """Whether `destroy` keeps this object: it existed before the stack, and the stack was not told to delete it."""
        return object_id is not None and not self.delete_on_destroy


def _default_auth_methods() -> list[AuthMethod]:
    return ["client_credentials", "bearer"]


class StrategyConfig(Camel):
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
        unique(self.scopes, "scopes")
        unique(list(self.auth_methods), "authMethods")
        unique(self.credential_claim, "credentialClaim")
        return self


class RenameActionConfig(Camel):
    enabled: bool = False
    name: Text | None = Field(default=None, min_length=1, max_length=200, description="default names the environment")
    runtime: str = Field(default="node22", pattern=r"^node(18|22)$")


Visibility = Literal["public", "private"]


class ApiEntry(Camel):
    """An API published in the portal with one of the environment's strategies."""

    key: Token | None = Field(default=None, max_length=100, description="stable identity in Pulumi (defaults to name)")
    name: Text = Field(min_length=1, max_length=255)
    version: Text | None = Field(default=None, max_length=255)
    slug: str | None = Field(default=None, pattern=r"^[\w-]+$", max_length=255)
    description: str | None = None
    spec_file: str | None = Field(default=None, description="OpenAPI file, relative to the project directory")
    strategy: str | None = Field(default=None, description="name or key of a strategies[] entry (default: the first)")
    visibility: Visibility = "private"
    auto_approve_registrations: bool = False

    @property
    def resource_key(self) -> str:
        """The key, else the name as a slug (it becomes part of Pulumi resource names)."""
        return self.key or re.sub(r"[^\w-]+", "-", self.name).strip("-").lower()
