"""API publications (`PUT /v3/apis/{apiId}/publications/{portalId}`): wire models, dynamic provider and resource.

A publication has no id and no labels: it is the pair (API, portal), `"<apiId>/<portalId>"`. Konnect's PUT replaces
the whole publication (an omitted `visibility` becomes private, omitted `auth_strategy_ids` the portal's default),
so every create and update sends all three fields. Creating it twice is harmless: the PUT is idempotent.

When both the API and the portal existed before the stack (`adopt_existing`), a publication already there is the
team's: the create reads it first and records it as adopted; destroy then leaves it published (developers keep their
registrations) unless `delete_adopted`. Any other delete that would end registrations stops first unless
`allow_registration_loss` (see retirement.py).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, ReadResult, Resource, UpdateResult
from pydantic import BaseModel, ConfigDict, Field

from ._base import KonnectResourceProvider, lifecycle
from .adoption import changes
from .deployment import refuse_import
from .errors import KonnectError, NotFoundError, RegistrationLossError
from .props import OWNERSHIP, read_response
from .registrations import loss_of
from .retirement import allows_loss, loss_message
from .validation import Uuid

__all__ = ["ApiPublicationProps", "KonnectApiPublication", "KonnectApiPublicationProvider"]


class ApiPublicationProps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    api_id: Uuid
    portal_id: Uuid
    auth_strategy_ids: list[Uuid] | None = Field(min_length=1, max_length=1)
    visibility: Literal["public", "private"] = "private"
    auto_approve_registrations: bool = False
    adopt_existing: bool = False

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
        view = {k: v for k, v in super().observed(props).items() if k != "adopt_existing"}
        return {**view, "auth_strategy_ids": props.get("auth_strategy_ids")}

    def observable(self, props: Mapping[str, Any]) -> dict[str, Any]:
        view = {k: v for k, v in super().observable(props).items() if k != "adopt_existing"}
        return {**view, "auth_strategy_ids": self.parse(props).auth_strategy_ids}

    def existing(self, id_: str) -> dict[str, Any] | None:
        try:
            return self.client.get(self.path(id_)) or {}
        except NotFoundError:
            return None

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        checked = super().check(olds, news)
        ids = (news.get("api_id"), news.get("portal_id"))
        if (
            checked.failures
            or olds
            or news.get("adopt_existing") is not True
            or not all(isinstance(i, str) for i in ids)
        ):
            return checked
        id_ = "/".join(str(i) for i in ids)
        try:
            current = self.existing(id_)
        except KonnectError:
            return checked  # unreachable now: create() says what Konnect says
        if current is not None:
            seen = self.observed(self.props_from_api(current, {"api_id": ids[0], "portal_id": ids[1]}))
            wanted = self.observable(news)
            said = changes({k: wanted[k] for k in self.changed(seen, wanted)})
            print(f"info: adopts API publication {id_}; will change: {', '.join(said) or 'nothing'}", file=sys.stderr)
        return checked

    def put(self, spec: ApiPublicationProps) -> dict[str, Any]:
        id_ = f"{spec.api_id}/{spec.portal_id}"
        body = self.client.request("PUT", self.path(id_), json=spec.body()) or {}
        return {**spec.model_dump(mode="json"), **self.props_from_api(body, spec.model_dump(mode="json")), "id": id_}

    def create(self, props: dict[str, Any]) -> CreateResult:
        spec: ApiPublicationProps = self.parse(props)
        id_ = f"{spec.api_id}/{spec.portal_id}"
        adopted = spec.adopt_existing and self.existing(id_) is not None
        outs = self.put(spec)
        record = {OWNERSHIP: {"claim": "", "obtained": "adopted" if adopted else "created"}}
        return CreateResult(outs["id"], {**outs, **record, **lifecycle(props)})

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        outs = self.put(self.parse(news)) if self.changed(self.observed(olds), self.observable(news)) else olds
        return UpdateResult({**outs, **self.carried(olds), **lifecycle(news)})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        body = self.existing(id_)
        if body is None:
            return ReadResult(None, {})  # unpublished outside Pulumi: refresh drops it, the next up publishes again
        api_id, _, portal_id = id_.partition("/")
        current = self.props_from_api(body, {**props, "api_id": api_id, "portal_id": portal_id})
        if "adopt_existing" in props:
            current["adopt_existing"] = props["adopt_existing"]
        current.update(lifecycle(props))  # inputs Konnect never holds: as the program declared them
        drifted = bool(self.changed(self.observed(props), self.observed(current)))
        outs = {**current, **self.carried(props), "id": id_}
        return ReadResult(id_, outs, inputs=current if drifted else None)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        if (props.get(OWNERSHIP) or {}).get("obtained") == "adopted" and not props.get("delete_adopted"):
            print(
                f"info: kept API publication {id_}: it existed before this stack (adopted), so it stays published "
                "(delete_adopted to unpublish it)",
                file=sys.stderr,
            )
            return
        if not allows_loss(props):
            loss = loss_of(self.client, "publication", id_, f"API publication {id_}")
            if loss:
                raise RegistrationLossError(loss_message("This delete", [loss.line()]))
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
        adopt_existing: bool = False,
        delete_adopted: bool = False,
        allow_registration_loss: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """`auth_strategy_ids`: one strategy (Konnect allows one per publication), or None for no application auth.
        `adopt_existing`: the API and the portal existed before the stack; a publication already there is adopted
        (kept by destroy unless `delete_adopted`)."""
        props = {
            "api_id": api_id,
            "portal_id": portal_id,
            "auth_strategy_ids": auth_strategy_ids,
            "visibility": visibility,
            "auto_approve_registrations": auto_approve_registrations,
            "adopt_existing": adopt_existing,
            "delete_adopted": delete_adopted,
            "allow_registration_loss": allow_registration_loss,
        }
        refuse_import(type(self), resource_name, opts)
        super().__init__(KonnectApiPublicationProvider(), resource_name, props, opts)
