"""A portal's logo and favicon (`/v3/portals/{id}/assets/logo|favicon`): one image each, as a data URL
(`data:image/png;base64,…`), replaced whole with PUT and never deleted (Konnect has no DELETE for them).

The resource's id is `<portal id>/<kind>`. Create remembers the image the portal had (none on a new portal), and
delete puts it back; with none to put back the image stays, and delete says so (the portal's own delete, when the
stack made it, takes it along).
"""

from __future__ import annotations

import hashlib
import sys
from typing import Any, ClassVar, Literal

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult
from pydantic import BaseModel, ConfigDict, Field

from ._base import KonnectResourceProvider
from .deployment import refuse_import
from .errors import NotFoundError
from .validation import Uuid

__all__ = ["DATA_URL", "ImageProps", "KonnectPortalImage", "PortalImageProvider"]

DATA_URL = r"^data:image/[a-z0-9.+-]+;base64,[A-Za-z0-9+/]+=*$"


class ImageProps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    portal_id: Uuid
    kind: Literal["logo", "favicon"]
    data: str = Field(pattern=DATA_URL, max_length=400_000)


def digest(data: str | None) -> str | None:
    return hashlib.sha256(data.encode()).hexdigest() if data else None


class PortalImageProvider(KonnectResourceProvider):
    props_model = ImageProps
    collection = ""
    kind = "portal image"
    replace_on: ClassVar[frozenset[str]] = frozenset({"portal_id", "kind"})

    @staticmethod
    def path(portal_id: str, kind: str) -> str:
        return f"/v3/portals/{portal_id}/assets/{kind}"

    def held(self, portal_id: str, kind: str) -> str | None:
        try:
            return (self.client.get(self.path(portal_id, kind)) or {}).get("data")
        except NotFoundError:
            return None  # the portal has no such image (or is gone)

    def outs(self, spec: ImageProps, previous: str | None) -> dict[str, Any]:
        # The image the portal had goes into state only to be put back; `sha256` says which image is there now.
        return {**self.declared(spec), "previous": previous, "sha256": digest(spec.data)}

    def parse(self, props: Any) -> Any:
        return super().parse({k: v for k, v in props.items() if k not in ("previous", "sha256")})

    def create(self, props: dict[str, Any]) -> CreateResult:
        spec: ImageProps = self.parse(props)
        previous = self.held(spec.portal_id, spec.kind)
        if previous != spec.data:
            self.client.request("PUT", self.path(spec.portal_id, spec.kind), json={"data": spec.data})
        return CreateResult(f"{spec.portal_id}/{spec.kind}", self.outs(spec, previous))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        spec: ImageProps = self.parse(news)
        if olds.get("data") != spec.data:
            self.client.request("PUT", self.path(spec.portal_id, spec.kind), json={"data": spec.data})
        return UpdateResult(self.outs(spec, olds.get("previous")))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        data = self.held(str(props["portal_id"]), str(props["kind"]))
        if data is None:
            return ReadResult(None, {})
        current = {**props, "data": data, "sha256": digest(data)}
        inputs = {k: current[k] for k in ("portal_id", "kind", "data")}
        return ReadResult(id_, current, inputs=inputs if data != props.get("data") else None)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        previous = props.get("previous")
        if not previous:
            print(
                f"info: kept the {props.get('kind')} of portal {props.get('portal_id')}: Konnect cannot remove "
                "one, and the portal had none before",
                file=sys.stderr,
            )
            return
        try:
            self.client.request("PUT", self.path(str(props["portal_id"]), str(props["kind"])), json={"data": previous})
        except NotFoundError:
            return  # the portal is gone, its images with it


class KonnectPortalImage(Resource, module="konnect", name="PortalImage"):
    """A portal's `logo` or `favicon` (`kind`): `data` is the image as a data URL (`data:image/png;base64,…`)."""

    sha256: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        portal_id: pulumi.Input[str],
        kind: pulumi.Input[str],
        data: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        refuse_import(type(self), resource_name, opts)
        props = {"portal_id": portal_id, "kind": kind, "data": data, "previous": None, "sha256": None}
        super().__init__(PortalImageProvider(), resource_name, props, opts)
