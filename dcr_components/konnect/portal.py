"""Konnect Dev Portals v3 (`/v3/portals`): wire models, dynamic provider and Pulumi resources (one managed, one a
reference to a portal managed elsewhere)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, Resource
from pydantic import BaseModel, ConfigDict, Field

from ._base import KonnectResourceProvider
from .deployment import owned_inputs, refuse_import
from .errors import OwnershipError
from .props import CREATE_ONLY, field_patch, outputs, read_response, visible_labels
from .validation import Labels, Name, Text, Uuid

__all__ = ["KonnectPortal", "KonnectPortalProvider", "KonnectPortalReference", "PortalProps", "portal_url"]

Visibility = Literal["public", "private"]
# Settings Konnect fills in by itself: compared only when declared (never set unless asked).
WHEN_DECLARED = (
    "display_name",
    "description",
    "default_api_visibility",
    "default_page_visibility",
    "default_application_auth_strategy_id",
)
FLAGS = ("authentication_enabled", "rbac_enabled", "auto_approve_developers", "auto_approve_applications")
PORTAL_FIELDS = ("canonical_domain", "default_domain", "portal_url")


def portal_url(canonical_domain: str, konnect_base_url: str) -> str:
    """Where a portal's developer API (Portal API v3) answers.

    Konnect serves it at https://<canonical domain>. A Konnect emulator reached over plain http (a local sandbox,
    where portal domains do not resolve) serves it under its own URL, at /portal/<canonical domain>.
    """
    if konnect_base_url.startswith("http://"):
        return f"{konnect_base_url.rstrip('/')}/portal/{canonical_domain}"
    return f"https://{canonical_domain}"


class PortalProps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(max_length=255)
    display_name: Text | None = Field(default=None, max_length=255)
    description: str | None = Field(default=None, max_length=512)
    authentication_enabled: bool = True
    rbac_enabled: bool = False
    auto_approve_developers: bool = False
    auto_approve_applications: bool = False
    default_api_visibility: Visibility | None = None
    default_page_visibility: Visibility | None = None
    default_application_auth_strategy_id: Uuid | None = None
    labels: Labels = Field(default_factory=dict)
    force_destroy: bool = False
    adopt_id: str | None = None
    owner_tag: str | None = None

    def create_body(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True, exclude={"force_destroy", *CREATE_ONLY})


class PortalResponse(BaseModel):
    """A portal as Konnect returns it, read tolerantly: fields we do not know are ignored."""

    model_config = ConfigDict(extra="ignore")

    id: str
    name: str
    display_name: str | None = None
    description: str | None = None
    authentication_enabled: bool = True
    rbac_enabled: bool = False
    auto_approve_developers: bool = False
    auto_approve_applications: bool = False
    default_api_visibility: str | None = None
    default_page_visibility: str | None = None
    default_application_auth_strategy_id: str | None = None
    labels: dict[str, str] | None = None
    canonical_domain: str = ""
    default_domain: str = ""


def props_from_api(body: dict[str, Any], previous: Mapping[str, Any]) -> dict[str, Any]:
    seen = read_response(PortalResponse, body)
    props: dict[str, Any] = {"name": seen.name, "labels": visible_labels(seen.labels)}
    props.update({k: getattr(seen, k) for k in FLAGS})
    props.update({k: getattr(seen, k) for k in WHEN_DECLARED if previous.get(k) is not None})
    props["force_destroy"] = bool(previous.get("force_destroy"))
    props.update({k: previous[k] for k in CREATE_ONLY if previous.get(k) is not None})
    return props


class KonnectPortalProvider(KonnectResourceProvider):
    props_model = PortalProps
    collection = "/v3/portals"
    kind = "portal"
    loss_kind = "portal"
    replace_on: ClassVar[frozenset[str]] = frozenset()

    def props_from_api(self, body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
        return props_from_api(body, previous)

    def outputs(self, props: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
        domain = str(body.get("canonical_domain") or props.get("canonical_domain") or "")
        extra = {
            "canonical_domain": domain,
            "default_domain": body.get("default_domain") or props.get("default_domain"),
            "portal_url": portal_url(domain, self.client.base_url) if domain else None,
        }
        return {**outputs(props, body), **extra}

    def delete_path(self, id_: str, props: Mapping[str, Any]) -> str:
        # Only a portal whose owner opted in is deleted with its publications (and developers' applications).
        return f"{self.collection}/{id_}" + ("?force=true" if props.get("force_destroy") else "")

    def in_use_hint(self) -> str:
        return "APIs are still published in it; unpublish them, or set force_destroy to delete it with them"

    def patch_body(self, olds: dict[str, Any], news: dict[str, Any], force_secrets: bool = False) -> dict[str, Any]:
        return field_patch(olds, news, (*FLAGS, *WHEN_DECLARED, "name"))


class KonnectPortal(Resource, module="konnect", name="Portal"):
    """A Konnect Dev Portal (v3). `portal_url` is the base URL of its developer API."""

    name: pulumi.Output[str]
    canonical_domain: pulumi.Output[str]
    default_domain: pulumi.Output[str]
    portal_url: pulumi.Output[str]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        name: pulumi.Input[str],
        display_name: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        authentication_enabled: pulumi.Input[bool] = True,
        rbac_enabled: pulumi.Input[bool] = False,
        auto_approve_developers: pulumi.Input[bool] = False,
        auto_approve_applications: pulumi.Input[bool] = False,
        default_api_visibility: pulumi.Input[str] | None = None,
        default_page_visibility: pulumi.Input[str] | None = None,
        default_application_auth_strategy_id: pulumi.Input[str] | None = None,
        labels: pulumi.Input[dict[str, str]] | None = None,
        force_destroy: bool = False,
        adopt_id: str | None = None,
        delete_adopted: bool = False,
        allow_registration_loss: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "name": name,
            "display_name": display_name,
            "description": description,
            "authentication_enabled": authentication_enabled,
            "rbac_enabled": rbac_enabled,
            "auto_approve_developers": auto_approve_developers,
            "auto_approve_applications": auto_approve_applications,
            "default_api_visibility": default_api_visibility,
            "default_page_visibility": default_page_visibility,
            "default_application_auth_strategy_id": default_application_auth_strategy_id,
            "force_destroy": force_destroy,
            **owned_inputs(
                type(self),
                resource_name,
                "portal",
                opts,
                adopt_id=adopt_id,
                delete_adopted=delete_adopted,
                allow_registration_loss=allow_registration_loss,
                labels=labels,
                outputs=PORTAL_FIELDS,
            ),
        }
        super().__init__(KonnectPortalProvider(), resource_name, props, opts)


class PortalReferenceProps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    portal_id: str = Field(min_length=1)


class PortalReferenceProvider(KonnectResourceProvider):
    """A portal managed elsewhere: read on create and refresh, never changed, never deleted. A sibling of the
    portal provider (same collection), not a child: none of its update, patch or output rules apply here."""

    props_model = PortalReferenceProps
    collection = "/v3/portals"
    kind = "portal"
    replace_on: ClassVar[frozenset[str]] = frozenset({"portal_id"})

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult(news, [])

    def create(self, props: dict[str, Any]) -> CreateResult:
        body = self.fetch(str(props["portal_id"]))
        if body is None:
            raise OwnershipError(f"portal_id: no portal {props['portal_id']} exists in Konnect")
        return CreateResult(str(body["id"]), self.reference(props, body))

    def reference(self, props: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
        domain = str(body.get("canonical_domain") or "")
        return {
            "portal_id": props["portal_id"],
            "name": body.get("name"),
            "authentication_enabled": body.get("authentication_enabled"),
            "canonical_domain": domain,
            "portal_url": portal_url(domain, self.client.base_url),
        }

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=olds.get("portal_id") != news.get("portal_id"), replaces=["portal_id"])

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        body = self.fetch(id_)
        return ReadResult(id_, self.reference(props, body)) if body else ReadResult(None, {})

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        return None  # not ours to delete


class KonnectPortalReference(Resource, module="konnect", name="PortalReference"):
    """An existing portal by id, for publishing into it: its developer API URL, never modified or deleted."""

    name: pulumi.Output[str]
    canonical_domain: pulumi.Output[str]
    portal_url: pulumi.Output[str]
    authentication_enabled: pulumi.Output[bool]

    def __init__(
        self, resource_name: str, *, portal_id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> None:
        props = {
            "portal_id": portal_id,
            "name": None,
            "canonical_domain": None,
            "portal_url": None,
            "authentication_enabled": None,
        }
        refuse_import(type(self), resource_name, opts)
        super().__init__(PortalReferenceProvider(), resource_name, props, opts)
