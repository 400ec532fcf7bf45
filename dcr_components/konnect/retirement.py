"""How a Konnect object leaves a stack (its resource's delete): deleted, or handed back.

- **Handed back**: an object the stack adopted (it existed before the stack) is not the stack's to delete. Unless the
  resource says `delete_adopted`, its delete only removes this stack's `pulumi-owner` label, so that Konnect holds it
  as it was before the adoption (and another stack may adopt it later); nothing else is touched.
- **Guarded**: a delete that would end developers' applications or registrations (see registrations.py) stops before
  the DELETE and names how many, unless the resource allows it (`allow_registration_loss`, or a portal's
  `force_destroy`).
- **Deleted**: otherwise; 404 means already gone, 409 is explained with what still uses the object.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Mapping
from typing import Any, Protocol

from . import collection_index, ownership
from .client import KonnectClient
from .errors import ConflictError, NotFoundError, RegistrationLossError
from .props import OWNERSHIP
from .registrations import Kind, forget_portal, loss_of
from .validation import OWNER_LABEL

__all__ = ["Retiring", "allows_loss", "hand_back", "loss_message", "retire"]


class Retiring(Protocol):
    """What retire() needs of a Konnect resource provider."""

    # Read-only: each provider class sets them as class attributes.
    @property
    def collection(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def loss_kind(self) -> Kind | None: ...

    @property
    def client(self) -> KonnectClient: ...

    def fetch(self, id_: str) -> dict[str, Any] | None: ...

    def delete_path(self, id_: str, props: Mapping[str, Any]) -> str: ...

    def in_use_hint(self) -> str: ...


def allows_loss(props: Mapping[str, Any]) -> bool:
    return bool(props.get("allow_registration_loss") or props.get("force_destroy"))


def loss_message(action: str, lines: list[str]) -> str:
    return (
        f"{action} would end developers' work: {'; '.join(lines)}. Nothing was deleted. To accept the loss, set "
        "allow_registration_loss (stack config allowRegistrationLoss: true; for a portal also forceDestroy), run "
        "`pulumi up` (it records the setting, no API call), then run this again"
    )


def describe(provider: Retiring, id_: str, props: Mapping[str, Any]) -> str:
    name = props.get("name")
    return f"{provider.kind} '{name}' ({id_})" if name else f"{provider.kind} {id_}"


def hand_back(provider: Retiring, id_: str, current: dict[str, Any] | None, props: Mapping[str, Any]) -> None:
    """Remove this stack's ownership label from an adopted object, and nothing else."""
    if current is None:
        return  # gone meanwhile: nothing to hand back
    label = ownership.parse_label(current.get("labels"))
    claim = (props.get(OWNERSHIP) or {}).get("claim")
    if label is not None and label == (props.get("owner_tag"), claim):
        with contextlib.suppress(NotFoundError):
            provider.client.request("PATCH", f"{provider.collection}/{id_}", json={"labels": {OWNER_LABEL: None}})
    print(
        f"info: kept {describe(provider, id_, props)}: it existed before this stack (adopted), so it is handed back "
        "with this stack's ownership label removed, not deleted (delete_adopted to delete it)",
        file=sys.stderr,
    )


def retire(provider: Retiring, id_: str, props: Mapping[str, Any]) -> None:
    """The whole delete of a Konnect resource (see the module docstring)."""
    record = props.get(OWNERSHIP) or {}
    claim = record.get("claim")
    current: dict[str, Any] | None = None
    if claim:
        # A replacement's create listed the collection in this run and recorded its own reclaims there: that
        # record answers whether the object is still ours, without a GET. Otherwise Konnect does.
        current = collection_index.indexed(provider.client, provider.collection, id_) or provider.fetch(id_)
        if current is None:
            return  # already gone: the goal of a delete
        if not ownership.still_ours(current, props.get("owner_tag"), claim):
            return  # its replacement reclaimed it in the meantime: it is the new resource's object now
    if record.get("obtained") == "adopted" and not props.get("delete_adopted"):
        hand_back(provider, id_, current if current is not None else provider.fetch(id_), props)
        return
    if provider.loss_kind is not None and not allows_loss(props):
        loss = loss_of(provider.client, provider.loss_kind, id_, describe(provider, id_, props))
        if loss:
            raise RegistrationLossError(loss_message("This delete", [loss.line()]))
    # Going: a later create in this run must not reclaim it (see ownership: one lookup per run).
    collection_index.forget(provider.client, provider.collection, id_)
    if provider.loss_kind == "portal":
        forget_portal(provider.client, id_)  # its developers' applications go with it
    try:
        provider.client.request("DELETE", provider.delete_path(id_, props))
    except NotFoundError:
        return
    except ConflictError as exc:
        raise ConflictError(
            status=exc.status,
            method=exc.method,
            path=exc.path,
            title=exc.title,
            detail=f"{provider.kind} {id_} is still in use: {provider.in_use_hint()} ({exc.detail})",
            instance=exc.instance,
        ) from None
