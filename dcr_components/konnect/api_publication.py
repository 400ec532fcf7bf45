"""API publications (`PUT /v3/apis/{apiId}/publications/{portalId}`): wire models, dynamic provider and resource.

A publication has no id and no labels: it is the pair (API, portal), `"<apiId>/<portalId>"`. Konnect's PUT replaces
the whole publication (an omitted `visibility` becomes private, omitted `auth_strategy_ids` the portal's default),
so every create and update sends all three fields. Creating it twice is harmless: the PUT is idempotent, and the
pair is made of this stack's own API.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult
from pydantic import BaseModel, ConfigDict, Field

from ._base import KonnectResourceProvider
from .deployment import refuse_import
from .errors import NotFoundError
from .props import read_response
from .validation import Uuid

__all__ = ["ApiPublicationProps", "KonnectApiPublication", "KonnectApiPublicationProvider"]


class ApiPublicationProps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    api_id: Uuid
    portal_id: Uuid
    auth_strategy_ids: list[Uuid] | None = Field(min_length=1, max_length=1)
    visibility: Literal["public", "private"] = "private"
    auto_approve_registrations: bool = False

    def body(self) -> dict[str, Any]:
        """The whole publication, always: Konnect resets what a PUT leaves out."""
        return {
            "auth_strategy_ids": self.auth_strategy_ids,
            "visibility": self.visibility,
            "auto_approve_registrations": self.auto_approve_registrations,
        }


class ApiPublicationResponse(BaseModel):
    model_config = ConfigDict(extra="ignore")

    auth_strategy_ids: list[str] | None = None
    visibility: str = "private"
    auto_approve_registrations: bool = False


class KonnectApiPublicationProvider(KonnectResourceProvider):
    props_model = ApiPublicationProps
    collection = "/v3/apis"
    kind = "API publication"
    replace_on: ClassVar[frozenset[str]] = frozenset({"api_id", "portal_id"})

    @staticmethod
    def path(id_: str) -> str:
        api_id, _, portal_id = id_.partition("/")
        return f"/v3/apis/{api_id}/publications/{portal_id}"

    def props_from_api(self, body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
        seen = read_response(ApiPublicationResponse, body)
        props = {k: previous[k] for k in ("api_id", "portal_id") if previous.get(k) is not None}
        return {**props, **seen.model_dump()}

    def observed(self, props: Mapping[str, Any]) -> dict[str, Any]:
        # auth_strategy_ids may be null on purpose (no application auth): part of the comparison either way.
        view = super().observed(props)
        return {**view, "auth_strategy_ids": props.get("auth_strategy_ids")}

    def observable(self, props: Mapping[str, Any]) -> dict[str, Any]:
        return {**super().observable(props), "auth_strategy_ids": self.parse(props).auth_strategy_ids}

    def put(self, spec: ApiPublicationProps) -> dict[str, Any]:
        id_ = f"{spec.api_id}/{spec.portal_id}"
        body = self.client.request("PUT", self.path(id_), json=spec.body()) or {}
        return {**spec.model_dump(mode="json"), **self.props_from_api(body, spec.model_dump(mode="json")), "id": id_}

    def create(self, props: dict[str, Any]) -> CreateResult:
        spec: ApiPublicationProps = self.parse(props)
        outs = self.put(spec)
        return CreateResult(outs["id"], outs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(self.put(self.parse(news)))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            body = self.client.get(self.path(id_)) or {}
        except NotFoundError:
            return ReadResult(None, {})  # unpublished outside Pulumi: refresh drops it, the next up publishes again
        api_id, _, portal_id = id_.partition("/")
        current = self.props_from_api(body, {**props, "api_id": api_id, "portal_id": portal_id})
        drifted = bool(self.changed(self.observed(props), self.observed(current)))
        return ReadResult(id_, {**current, "id": id_}, inputs=current if drifted else None)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        try:
            self.client.request("DELETE", self.path(id_))
        except NotFoundError:
            return


class KonnectApiPublication(Resource, module="konnect", name="ApiPublication"):
    """An API published in a portal with (at most) one auth strategy; id `"<apiId>/<portalId>"`."""

    api_id: pulumi.Output[str]
    portal_id: pulumi.Output[str]
    auth_strategy_ids: pulumi.Output[list[str] | None]
    visibility: pulumi.Output[str]
    auto_approve_registrations: pulumi.Output[bool]

    def __init__(
        self,
        resource_name: str,
        *,
        api_id: pulumi.Input[str],
        portal_id: pulumi.Input[str],
        auth_strategy_ids: pulumi.Input[list[pulumi.Input[str]]] | None,
        visibility: pulumi.Input[str] = "private",
        auto_approve_registrations: pulumi.Input[bool] = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """`auth_strategy_ids`: one strategy (Konnect allows one per publication), or None for no application auth."""
        props = {
            "api_id": api_id,
            "portal_id": portal_id,
            "auth_strategy_ids": auth_strategy_ids,
            "visibility": visibility,
            "auto_approve_registrations": auto_approve_registrations,
        }
        refuse_import(type(self), resource_name, opts)
        super().__init__(KonnectApiPublicationProvider(), resource_name, props, opts)
