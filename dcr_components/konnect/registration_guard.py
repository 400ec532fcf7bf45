"""One resource per environment that stops a destroy, a replacement or a removal before any delete when it would end
developers' applications or registrations (see registrations.py), and says how many.

Why a resource of its own: each Konnect resource's delete checks what it would take (retirement.py), but a destroy
deletes in dependency order, publications and APIs first, so by the time a strategy or the portal refuses, what came
before it is gone already. The guard depends on every resource of the environment, so the engine deletes it first
(alone: nothing else is deleted until its delete returns), and its delete checks every object the destroy is about
to delete. During `preview` and `up` its check compares the inventory of the last run with this one: an object that
is gone from it, or whose id is about to change (a replacement), is checked before anything is deleted.

It makes no call of its own otherwise, and holds ids only: objects the stack adopted and hands back on delete
(`kept`) and objects whose loss the user allowed (`allow`) are never counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, Resource, UpdateResult
from pulumi.output import Unknown
from pydantic import BaseModel, ConfigDict, ValidationError

from ._base import KonnectResourceProvider
from .deployment import refuse_import
from .errors import KonnectError, RegistrationLossError
from .registrations import Kind, losses
from .retirement import loss_message
from .validation import describe_errors

__all__ = ["GuardedObject", "KonnectRegistrationGuard", "RegistrationGuardProvider"]


class GuardedObject(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind
    id: str
    name: str = ""
    kept: bool = False  # adopted and handed back on delete: its deletion ends nothing
    allow: bool = False  # the user accepted losing what it holds


class GuardProps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    objects: dict[str, GuardedObject]


def _guarded(raw: Any) -> dict[str, GuardedObject]:
    """The slots of a recorded inventory (never unknown: it is a previous run's)."""
    items = raw if isinstance(raw, dict) else {}
    return {slot: GuardedObject.model_validate(item) for slot, item in items.items() if isinstance(item, dict)}


def _leaving(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[GuardedObject]:
    """Objects of the last run's inventory that this run deletes: gone from the new one, or given a new (or not yet
    known) id there. Kept and allowed ones end nothing."""
    raw = news.get("objects")
    new_objects: dict[str, Any] = raw if isinstance(raw, dict) else {}
    leaving = []
    for slot, old in _guarded(olds.get("objects")).items():
        new = new_objects.get(slot)
        new_id = new.get("id") if isinstance(new, dict) else None
        if new is not None and not isinstance(new_id, Unknown) and new_id == old.id:
            continue
        if not (old.kept or old.allow or (isinstance(new, dict) and new.get("allow") is True)):
            leaving.append(old)
    return leaving


KIND_NAMES = {
    "portal": "portal",
    "strategy": "application auth strategy",
    "dcr_provider": "DCR provider",
    "api": "API",
    "publication": "API publication",
}


def _what(item: GuardedObject) -> str:
    kind = KIND_NAMES[item.kind]
    return f"{kind} '{item.name}' ({item.id})" if item.name else f"{kind} {item.id}"


class RegistrationGuardProvider(KonnectResourceProvider):
    props_model = GuardProps
    collection = ""
    kind = "registration guard"
    replace_on: ClassVar[frozenset[str]] = frozenset()

    def lost(self, items: list[GuardedObject]) -> list[str]:
        return [loss.line() for loss in losses(self.client, [(i.kind, i.id, _what(i)) for i in items])]

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        known = {k: v for k, v in news.items() if k == "objects" and not isinstance(v, Unknown)}
        try:
            GuardProps.model_validate({"objects": _plain(known.get("objects"))})
        except ValidationError as exc:
            return CheckResult(news, [CheckFailure("", f"{p}: {r}") for p, r in describe_errors(exc)])
        leaving = _leaving(olds, news) if olds else []
        if not leaving:
            return CheckResult(news, [])
        try:
            lines = self.lost(leaving)
        except KonnectError:
            return CheckResult(news, [])  # Konnect unreachable now: each delete checks again for itself
        if not lines:
            return CheckResult(news, [])
        return CheckResult(news, [CheckFailure("", loss_message("This update", lines))])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=olds.get("objects") != news.get("objects"), replaces=[], stables=[])

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult("registration-guard", {"objects": props.get("objects") or {}})

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult({"objects": news.get("objects") or {}})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, {"objects": props.get("objects") or {}})

    def delete(self, _id: str, props: dict[str, Any]) -> None:
        leaving = [i for i in _guarded(props.get("objects")).values() if not (i.kept or i.allow)]
        lines = self.lost(leaving) if leaving else []
        if lines:
            raise RegistrationLossError(loss_message("This destroy", lines))


def _plain(objects: Any) -> Any:
    """Unknown ids (a preview) as placeholders, for the shape check only."""
    if not isinstance(objects, dict):
        return {}
    return {
        slot: {k: ("" if isinstance(v, Unknown) else v) for k, v in item.items()} if isinstance(item, dict) else item
        for slot, item in objects.items()
    }


class KonnectRegistrationGuard(Resource, module="konnect", name="RegistrationGuard"):
    """Stops a destroy, replacement or removal of the given objects before any delete when developers would lose
    applications or registrations. Give it `depends_on` every resource of the environment (so that destroy deletes
    it first) and, per slot, `{kind, id, name, kept, allow}`."""

    objects: pulumi.Output[dict[str, Any]]

    def __init__(
        self,
        resource_name: str,
        *,
        objects: pulumi.Input[Mapping[str, Any]],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        refuse_import(type(self), resource_name, opts)
        super().__init__(RegistrationGuardProvider(), resource_name, {"objects": objects}, opts)
