"""Konnect APIs (`/v3/apis`, the API Builder / Catalog v3): wire models, dynamic provider and Pulumi resource.

A changed spec does not replace the API (that would drop its publications and every developer's registration):
it goes into the API's version (`/v3/apis/{id}/versions`). Konnect holds one version per API, so the version is
updated in place (PATCH), created only when the API has none, and looked up again after an ambiguous failure: a lost
answer never adds a second one, and spec A → B → A ends with one version holding A.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import CheckFailure, CheckResult, Resource, UpdateResult
from pydantic import BaseModel, ConfigDict, Field

from ._base import KonnectResourceProvider
from .client import KonnectClient
from .deployment import owned_inputs
from .errors import KonnectConnectionError, KonnectError, ServerError
from .ownership import tag_of
from .props import CREATE_ONLY, field_patch, read_response, visible_labels
from .validation import Labels, Name, Text

__all__ = ["ApiProps", "KonnectApi", "KonnectApiProvider"]

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


def put_spec(client: KonnectClient, api_id: str, version: str, spec: str) -> None:
    """Make the API's one version `version` holding `spec`: PATCH the one it has (and remove any extra that an
    older release of this project added), POST only when it has none."""
    path = f"/v3/apis/{api_id}/versions"
    body = {"version": version, "spec": {"content": spec}}
    for attempt in range(2):
        newest_first = sorted(client.list_all(path), key=lambda v: str(v.get("created_at")), reverse=True)
        current, extra = (newest_first[0], newest_first[1:]) if newest_first else (None, [])
        for item in extra:
            client.request("DELETE", f"{path}/{item['id']}")
        if current is not None:
            # The name carries the spec's digest: the same name is the same spec (e.g. our POST whose answer was lost).
            if current.get("version") != version:
                client.request("PATCH", f"{path}/{current['id']}", json=body)
            return
        try:
            client.request("POST", path, json=body)
            return
        except (KonnectConnectionError, ServerError):
            if attempt:
                raise
            # The POST may have been committed before its answer was lost: the next round looks before writing.


class KonnectApiProvider(KonnectResourceProvider):
    props_model = ApiProps
    collection = "/v3/apis"
    kind = "API"
    loss_kind = "api"
    replace_on: ClassVar[frozenset[str]] = frozenset()
    defaulted: ClassVar[frozenset[str]] = frozenset({"slug"})

    def props_from_api(self, body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
        return props_from_api(body, previous)

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Konnect requires name + version to be unique per org and says so only by failing the POST: a second
        stack with the same API would fail halfway through its `up`. Looked up here, when the API is new to the
        stack or renamed, so that `preview` says it before any write."""
        checked = super().check(olds, news)
        if checked.failures or news.get("adopt_id") or not isinstance(news.get("name"), str):
            return checked
        version = news.get("version")
        unchanged = olds and (olds.get("name"), olds.get("version")) == (news["name"], version)
        if unchanged or not (version is None or isinstance(version, str)):
            return checked
        try:
            same = [
                a
                for a in self.client.list_all(self.collection, {"filter[name]": news["name"]})
                if a.get("name") == news["name"] and a.get("version") == version
            ]
        except KonnectError:
            return checked  # unreachable now: the create says what Konnect says
        tag = news.get("owner_tag")
        taken = [a for a in same if not tag or tag_of(a) != tag]
        if not taken:
            return checked
        what = f"'{news['name']}'" + (f" version '{version}'" if version else " without a version")
        reason = (
            f"name + version: an API named {what} already exists in this Konnect org (id {taken[0].get('id')}) and "
            "is not this stack's; Konnect requires name + version to be unique per org: choose another name or "
            "version, or adopt that API (adopt_id)"
        )
        return CheckResult(news, [CheckFailure("", reason)])

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
            put_spec(self.client, id_, version, spec)
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
        delete_adopted: bool = False,
        allow_registration_loss: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "name": name,
            "version": version,
            "description": description,
            "spec_content": spec_content,
            **owned_inputs(
                type(self),
                resource_name,
                "api",
                opts,
                adopt_id=adopt_id,
                delete_adopted=delete_adopted,
                allow_registration_loss=allow_registration_loss,
                labels=labels,
                outputs=API_FIELDS,
            ),
            "slug": slug,  # an input too (Konnect derives it when None)
        }
        super().__init__(KonnectApiProvider(), resource_name, props, opts)
