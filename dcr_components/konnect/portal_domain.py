"""A portal's custom domain (`/v3/portals/{id}/custom-domain`, one per portal): its hostname, whether it serves, and
what to do in DNS. Konnect verifies the domain once a public CNAME points at the portal's default domain and issues
the certificate itself (`domain_verification_method: http`); the outputs say which record to create and how far the
verification got (`cname_status`, `verification_status`). A new hostname replaces the domain (Konnect has no PATCH of
it); `enabled` changes in place.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult
from pydantic import BaseModel, ConfigDict, Field

from ._base import KonnectResourceProvider
from .deployment import refuse_import
from .errors import NotFoundError
from .validation import Uuid

__all__ = ["CustomDomainProps", "KonnectPortalCustomDomain"]

HOSTNAME = r"^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$"


class CustomDomainProps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    portal_id: Uuid
    hostname: str = Field(max_length=253, pattern=HOSTNAME)
    enabled: bool = True


class PortalCustomDomainProvider(KonnectResourceProvider):
    props_model = CustomDomainProps
    collection = ""
    kind = "portal custom domain"
    replace_on: ClassVar[frozenset[str]] = frozenset({"portal_id", "hostname"})

    @staticmethod
    def path(portal_id: str) -> str:
        return f"/v3/portals/{portal_id}/custom-domain"

    def state(self, spec: CustomDomainProps, body: dict[str, Any]) -> dict[str, Any]:
        """Inputs, Konnect's verification state, and the DNS record that makes the domain verifiable."""
        portal = self.client.get(f"/v3/portals/{spec.portal_id}") or {}
        ssl = body.get("ssl") or {}
        return {
            **spec.model_dump(mode="json"),
            "cname_status": body.get("cname_status"),
            "verification_status": ssl.get("verification_status"),
            "dns_record": {"type": "CNAME", "name": spec.hostname, "value": portal.get("default_domain")},
        }

    def create(self, props: dict[str, Any]) -> CreateResult:
        spec: CustomDomainProps = self.parse(props)
        body = {"hostname": spec.hostname, "enabled": spec.enabled, "ssl": {"domain_verification_method": "http"}}
        made = self.client.request("POST", self.path(spec.portal_id), json=body) or {}
        return CreateResult(spec.portal_id, self.state(spec, made))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            body = self.client.get(self.path(id_)) or {}
        except NotFoundError:
            return ReadResult(None, {})
        current = {"portal_id": id_, "hostname": body.get("hostname"), "enabled": bool(body.get("enabled"))}
        spec = CustomDomainProps.model_validate(current)
        drifted = bool(self.changed(self.observed(props), self.observed(current)))
        return ReadResult(id_, self.state(spec, body), inputs=current if drifted else None)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        spec: CustomDomainProps = self.parse(news)
        body = self.client.request("PATCH", self.path(id_), json={"enabled": spec.enabled}) or {}
        return UpdateResult(self.state(spec, body))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        try:
            self.client.request("DELETE", self.path(id_))
        except NotFoundError:
            return

    def parse(self, props: Any) -> Any:
        outputs_only = ("cname_status", "verification_status", "dns_record")
        return super().parse({k: v for k, v in props.items() if k not in outputs_only})


class KonnectPortalCustomDomain(Resource, module="konnect", name="PortalCustomDomain"):
    """A portal's custom domain; outputs `dns_record` (the CNAME to create), `cname_status`, `verification_status`."""

    dns_record: pulumi.Output[dict[str, str]]
    cname_status: pulumi.Output[str]
    verification_status: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        portal_id: pulumi.Input[str],
        hostname: pulumi.Input[str],
        enabled: pulumi.Input[bool] = True,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        refuse_import(type(self), resource_name, opts)
        props = {
            "portal_id": portal_id,
            "hostname": hostname,
            "enabled": enabled,
            "dns_record": None,
            "cname_status": None,
            "verification_status": None,
        }
        super().__init__(PortalCustomDomainProvider(), resource_name, props, opts)
