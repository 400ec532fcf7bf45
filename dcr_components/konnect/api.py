"""Konnect APIs (`/v3/apis`, the API Builder / Catalog v3): wire models, dynamic provider and Pulumi resource.

A changed spec does not replace the API (that would drop its publications and every developer's registration):
it becomes a new version of the same API (`POST /v3/apis/{id}/versions`), which Konnect shows as the current one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import Resource, UpdateResult
from pydantic import BaseModel, ConfigDict, Field

from ._base import KonnectResourceProvider
from .ownership import resource_owner_tag
from .props import CREATE_ONLY, SERVER_FIELDS, field_patch, read_response, visible_labels
from .validation import Labels, Name, Text

__all__ = ["ApiProps", "KonnectApi", "KonnectApiProvider"]

TYPE_TOKEN = "pulumi-python:dynamic/konnect:Api"
SLUG = r"^[\w-]+$"
API_FIELDS = ("slug", "current_version")


class ApiProps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(max_length=255)
    version: Text | None = Field(default=None, max_length=255)
    slug: str | None = Field(default=None, pattern=SLUG, max_length=255)
    description: str | None = None
    labels: Labels = Field(default_factory=dict)
    spec_content: str | None = Field(default=None, min_length=1)
    adopt_id: str | None = None
    owner_tag: str | None = None

    def create_body(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True, exclude=set(CREATE_ONLY))


class ApiResponse(BaseModel):
    """An API as Konnect returns it, read tolerantly: fields we do not know are ignored."""

    model_config = ConfigDict(extra="ignore")

    id: str
    name: str
    version: str | None = None
    slug: str | None = None
    description: str | None = None
    labels: dict[str, str] | None = None
    current_version_summary: dict[str, Any] | None = None


def props_from_api(body: dict[str, Any], previous: Mapping[str, Any]) -> dict[str, Any]:
    seen = read_response(ApiResponse, body)
    props: dict[str, Any] = {"name": seen.name, "labels": visible_labels(seen.labels)}
    for key in ("version", "description"):
        if getattr(seen, key) is not None:
            props[key] = getattr(seen, key)
    if seen.slug is not None:  # Konnect derives one when none is declared (see `defaulted`)
        props["slug"] = seen.slug
    # The spec is write-only: Konnect shows its versions, not the text; the declared one is carried forward.
    props.update({k: previous[k] for k in ("spec_content", *CREATE_ONLY) if previous.get(k) is not None})
    return props


def spec_version(version: str | None, spec: str) -> str:
    """The name of the API version a spec change adds: the API's version and the spec's digest."""
    return f"{version or 'v'}-{hashlib.sha256(spec.encode()).hexdigest()[:8]}"


class KonnectApiProvider(KonnectResourceProvider):
    props_model = ApiProps
    collection = "/v3/apis"
    kind = "API"
    replace_on: ClassVar[frozenset[str]] = frozenset()
    defaulted: ClassVar[frozenset[str]] = frozenset({"slug"})

    def props_from_api(self, body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
        return props_from_api(body, previous)

    def outputs(self, props: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
        base = super().outputs(props, body)
        summary = (
            body.get("current_version_summary") if "current_version_summary" in body else props.get("current_version")
        )
        current = summary.get("version") if isinstance(summary, dict) else summary
        return {**base, "slug": body.get("slug") or props.get("slug"), "current_version": current}

    def in_use_hint(self) -> str:
        return "remove its publications first"

    def patch_body(self, olds: dict[str, Any], news: dict[str, Any], force_secrets: bool = False) -> dict[str, Any]:
        return field_patch(olds, news, ("name", "version", "slug", "description"))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        result = super().update(id_, olds, news)
        spec = news.get("spec_content")
        if spec and spec != olds.get("spec_content"):
            version = spec_version(news.get("version"), spec)
            self.client.request(
                "POST", f"{self.collection}/{id_}/versions", json={"version": version, "spec": {"content": spec}}
            )
            return UpdateResult({**(result.outs or {}), "current_version": version})
        return result


class KonnectApi(Resource, module="konnect", name="Api"):
    """An API in Konnect's catalog; publish it to a portal with KonnectApiPublication."""

    name: pulumi.Output[str]
    slug: pulumi.Output[str]
    current_version: pulumi.Output[str | None]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        name: pulumi.Input[str],
        version: pulumi.Input[str] | None = None,
        slug: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        labels: pulumi.Input[dict[str, str]] | None = None,
        spec_content: pulumi.Input[str] | None = None,
        adopt_id: str | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "name": name,
            "version": version,
            "slug": slug,
            "description": description,
            "labels": labels or {},
            "spec_content": spec_content,
            "adopt_id": adopt_id,
            "owner_tag": resource_owner_tag(TYPE_TOKEN, resource_name, "api", opts),
            **{k: None for k in (*SERVER_FIELDS, *API_FIELDS) if k not in ("id", "slug")},
        }
        super().__init__(KonnectApiProvider(), resource_name, props, opts)
