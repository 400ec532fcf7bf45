"""What deleting a Konnect object would take from developers: the applications that use it and their API
registrations. Read through the portal admin's API (`/v3/portals/{id}/applications` and
`/v3/portals/{id}/application-registrations`), paged; asked only when something is about to be deleted.

A developer's application lives in one portal, uses one auth strategy (and through it one DCR provider, whose IdP
holds the application's client), and is registered for APIs of that portal. So:
- a portal takes every application of its developers, and their registrations;
- a strategy or a DCR provider takes the applications that use it, in any portal of the org;
- an API takes the registrations for it, in any portal; a publication those of its portal.

The lists are read once per run (one provider process serves a whole `destroy`) and kept for it, as the ownership
lookup keeps its index: a destroy of 500 strategies reads the org's applications once, not 500 times. A run changes
developers' applications only by deleting a portal, which `forget_portal` records.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from .client import KonnectClient

__all__ = ["Kind", "Loss", "forget_portal", "loss_of", "losses"]

Kind = Literal["portal", "strategy", "dcr_provider", "api", "publication"]
Item = dict[str, Any]


@dataclass(frozen=True)
class Loss:
    """The developer applications and registrations one object's deletion would end."""

    what: str  # e.g. "portal 'dev-portal' (id …)"
    applications: int
    registrations: int

    def __bool__(self) -> bool:
        return bool(self.applications or self.registrations)

    def line(self) -> str:
        return f"{self.what}: {self.applications} developer application(s), {self.registrations} registration(s)"


class _Org:
    """The org's portals, their applications and registrations, each list read at most once per run."""

    def __init__(self, client: KonnectClient) -> None:
        self.client = client
        self.lock = threading.Lock()
        self._portals: list[Item] | None = None
        self._apps: dict[str, list[Item]] = {}
        self._regs: dict[str, list[Item]] = {}

    def forget(self, portal_id: str) -> None:
        self._portals = [p for p in self._portals or [] if p.get("id") != portal_id] if self._portals else None
        self._apps.pop(portal_id, None)
        self._regs.pop(portal_id, None)

    def portals(self) -> list[Item]:
        if self._portals is None:
            self._portals = self.client.list_all("/v3/portals")
        return self._portals

    def applications(self, portal_id: str) -> list[Item]:
        if portal_id not in self._apps:
            self._apps[portal_id] = self.client.list_all(f"/v3/portals/{portal_id}/applications")
        return self._apps[portal_id]

    def registrations(self, portal_id: str) -> list[Item]:
        if portal_id not in self._regs:
            self._regs[portal_id] = self.client.list_all(f"/v3/portals/{portal_id}/application-registrations")
        return self._regs[portal_id]

    def portal_ids(self) -> list[str]:
        return [str(p["id"]) for p in self.portals()]


def _ref_id(app: Item, field: str) -> str | None:
    ref = app.get(field)
    return str(ref.get("id")) if isinstance(ref, dict) and ref.get("id") else None


def _count(org: _Org, kind: Kind, object_id: str) -> tuple[int, int]:
    """(applications, registrations) that deleting the object would end."""
    if kind == "portal":
        apps = org.applications(object_id)
        return len(apps), sum(int(a.get("registration_count") or 0) for a in apps)
    if kind in ("strategy", "dcr_provider"):
        field = "auth_strategy" if kind == "strategy" else "dcr_provider"
        using = [a for pid in org.portal_ids() for a in org.applications(pid) if _ref_id(a, field) == object_id]
        return len(using), sum(int(a.get("registration_count") or 0) for a in using)
    api_id, _, portal_id = object_id.partition("/")
    portals = [portal_id] if kind == "publication" else org.portal_ids()
    regs = [r for pid in portals for r in org.registrations(pid) if _ref_id(r, "api") == api_id]
    return len({_ref_id(r, "application") for r in regs}), len(regs)


# Per client (one per provider type and settings in the provider process): what this run has read of the org.
_ORGS: weakref.WeakKeyDictionary[KonnectClient, _Org] = weakref.WeakKeyDictionary()
_ORGS_LOCK = threading.Lock()


def _org(client: KonnectClient) -> _Org:
    with _ORGS_LOCK:
        if client not in _ORGS:
            _ORGS[client] = _Org(client)
        return _ORGS[client]


def forget_portal(client: KonnectClient, portal_id: str) -> None:
    """This run deleted a portal, and with it its developers' applications."""
    org = _org(client)
    with org.lock:
        org.forget(portal_id)


def losses(client: KonnectClient, objects: Iterable[tuple[Kind, str, str]]) -> list[Loss]:
    """The losses of deleting each (kind, id, description): only those that would end something. A publication's id
    is `<apiId>/<portalId>`."""
    org = _org(client)
    found = []
    with org.lock:
        for kind, object_id, what in objects:
            applications, registrations = _count(org, kind, object_id)
            found.append(Loss(what, applications, registrations))
    return [loss for loss in found if loss]


def loss_of(client: KonnectClient, kind: Kind, object_id: str, what: str) -> Loss | None:
    found = losses(client, [(kind, object_id, what)])
    return found[0] if found else None
