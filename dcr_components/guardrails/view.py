"""The stack as the rules see it: resources with their properties, options and the resources their inputs came from.

Rules never follow ids alone: during the first preview most ids are unknown, so "which client does this grant
belong to" is answered by the property's dependencies (the resource its input was taken from) first and by equal
known ids second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .values import is_known, reveal

__all__ = [
    "AUTH0_CLIENT",
    "AUTH0_CUSTOM_DOMAIN",
    "AUTH0_GRANT",
    "AUTH0_PROVIDER",
    "KONNECT_DCR_PROVIDER",
    "KONNECT_PUBLICATION",
    "KONNECT_STRATEGY",
    "Finding",
    "Res",
    "Stack",
    "host_of",
    "management_tenant",
]

AUTH0_CLIENT = "auth0:index/client:Client"
AUTH0_GRANT = "auth0:index/clientGrant:ClientGrant"
AUTH0_CUSTOM_DOMAIN = "auth0:index/customDomain:CustomDomain"
AUTH0_PROVIDER = "pulumi:providers:auth0"
KONNECT_DCR_PROVIDER = "pulumi-python:dynamic/konnect:DcrProvider"
KONNECT_STRATEGY = "pulumi-python:dynamic/konnect:AuthStrategy"
KONNECT_PUBLICATION = "pulumi-python:dynamic/konnect:ApiPublication"
# The Management API's identifier: https://<tenant domain>/api/v2/ (the slash is sometimes left off).
# The library's admin-app component: the one client of a stack that may hold a Management API grant, also in a stack
# that declares the Auth0 half alone (the Konnect half in another stack).
ADMIN_APP_COMPONENT = "dcr:index:AdminApp"
MANAGEMENT_API = re.compile(r"^https://(?P<host>[^/]+)/api/v2/?$")


@dataclass(frozen=True)
class Finding:
    urn: str
    message: str


@dataclass
class Res:
    urn: str
    type: str
    name: str
    props: dict[str, Any]
    protect: bool = False
    provider: dict[str, Any] = field(default_factory=dict)
    property_deps: dict[str, list[str]] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.props.get(key, default)

    def plain(self, key: str, default: Any = None) -> Any:
        return reveal(self.props.get(key, default))


def inside(res: Res, component: str) -> bool:
    """Whether `res` is a child (at any depth) of a component of type `component`: its URN's type chain says so."""
    parts = res.urn.split("::")
    return len(parts) > 2 and f"{component}$" in parts[2]


def host_of(url: Any) -> str | None:
    return urlsplit(url).netloc if isinstance(url, str) and is_known(url) else None


def management_tenant(audience: Any) -> str | None:
    """The tenant domain when `audience` is an Auth0 Management API identifier."""
    audience = reveal(audience)
    match = MANAGEMENT_API.match(audience) if isinstance(audience, str) else None
    return match.group("host") if match else None


class Stack:
    def __init__(self, resources: list[Res], name: str) -> None:
        self.resources = resources
        self.name = name
        self.by_urn = {r.urn: r for r in resources}

    def of_type(self, type_: str) -> list[Res]:
        return [r for r in self.resources if r.type == type_]

    def sources(self, res: Res, key: str, type_: str) -> list[Res]:
        """Resources of `type_` that `res`'s input `key` was computed from."""
        return [
            self.by_urn[u] for u in res.property_deps.get(key, []) if u in self.by_urn and self.by_urn[u].type == type_
        ]

    def refers_to(self, res: Res, key: str, target: Res, target_key: str) -> bool:
        """True when `res.key` came from `target` (dependency) or equals `target.target_key` (both known)."""
        if target.urn in res.property_deps.get(key, []):
            return True
        mine, theirs = res.plain(key), target.plain(target_key)
        return is_known(mine) and is_known(theirs) and mine is not None and mine == theirs

    def tenant_domains(self) -> set[str]:
        """The Auth0 tenant(s) this stack talks to: its auth0 providers' domains and Management API audiences."""
        domains: set[str] = set()
        for res in self.resources:
            for props in (res.props if res.type == AUTH0_PROVIDER else {}, res.provider):
                domain = reveal(props.get("domain"))
                if isinstance(domain, str) and is_known(domain) and domain:
                    domains.add(domain)
        for grant in self.of_type(AUTH0_GRANT):
            tenant = management_tenant(grant.get("audience"))
            if tenant:
                domains.add(tenant)
        return domains

    def custom_domains(self, configured: list[str]) -> set[str]:
        declared = {reveal(r.get("domain")) for r in self.of_type(AUTH0_CUSTOM_DOMAIN)}
        return {d for d in declared if isinstance(d, str) and is_known(d)} | set(configured)
