"""What the Konnect dynamic providers share: configure(), the client registry, check() and diff helpers."""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Any, ClassVar

from pulumi.dynamic import CheckFailure, CheckResult, ConfigureRequest, DiffResult, ResourceProvider
from pulumi.output import Unknown
from pydantic import BaseModel, ValidationError

from .client import KonnectClient, KonnectSettings
from .errors import ConflictError, NotFoundError
from .validation import describe_errors

__all__ = ["KonnectResourceProvider", "changed_fields", "label_patch"]

# Clients live beside the provider objects, never on them: the provider is pickled into state,
# and a client holds the token.
_CLIENTS: weakref.WeakKeyDictionary[ResourceProvider, KonnectClient] = weakref.WeakKeyDictionary()

# Keys the engine or our outputs add that are never user inputs.
SERVER_FIELDS = ("id", "active", "created_at", "updated_at")
INTERNAL_KEYS = ("__provider",)
# Inputs that steer create() only; changing them later changes nothing in Konnect.
CREATE_ONLY = frozenset({"adopt_id"})


def unknown_paths(value: Any, path: str = "") -> list[str]:
    """Dotted paths of values not known yet (preview of a resource whose inputs depend on another's outputs)."""
    if isinstance(value, Unknown):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in unknown_paths(v, f"{path}.{k}" if path else str(k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in unknown_paths(v, f"{path}.{i}" if path else str(i))]
    return []


def fill_unknowns(value: Any, fallback: Any) -> Any:
    """Replace unknowns by the value at the same place in `fallback` (or None)."""
    if isinstance(value, Unknown):
        return fallback
    if isinstance(value, dict):
        known: dict[str, Any] = fallback if isinstance(fallback, dict) else {}
        return {k: fill_unknowns(v, known.get(k)) for k, v in value.items()}
    if isinstance(value, list):
        items: list[Any] = fallback if isinstance(fallback, list) else []
        return [fill_unknowns(v, items[i] if i < len(items) else None) for i, v in enumerate(value)]
    return value


def changed_fields(olds: Mapping[str, Any], news: Mapping[str, Any], fields: tuple[str, ...]) -> list[str]:
    return [f for f in fields if olds.get(f) != news.get(f)]


def label_patch(old: Mapping[str, str] | None, new: Mapping[str, str] | None) -> dict[str, str | None]:
    """Konnect merges labels on PATCH: removed keys must be sent as null."""
    old, new = old or {}, new or {}
    patch: dict[str, str | None] = {k: None for k in old if k not in new}
    patch.update({k: v for k, v in new.items() if old.get(k) != v})
    return patch


class KonnectResourceProvider(ResourceProvider):
    """Base for Konnect dynamic providers. Subclasses set the props model and the API collection."""

    props_model: ClassVar[type[BaseModel]]
    collection: ClassVar[str]
    kind: ClassVar[str]
    replace_on: ClassVar[frozenset[str]]

    def configure(self, req: ConfigureRequest) -> None:
        _CLIENTS[self] = KonnectClient(KonnectSettings.resolve(req.config.get))

    @property
    def client(self) -> KonnectClient:
        client = _CLIENTS.get(self)
        if client is None:
            # Engines older than 3.139 never call configure(); env vars are then the only source.
            client = _CLIENTS[self] = KonnectClient(KonnectSettings.resolve(lambda _key: None))
        return client

    def parse(self, props: Mapping[str, Any]) -> Any:
        clean = {k: v for k, v in props.items() if k not in INTERNAL_KEYS and k not in SERVER_FIELDS}
        return self.props_model.model_validate(clean)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        unknown = unknown_paths(news)
        try:
            self.parse(fill_unknowns(news, None))
        except ValidationError as exc:
            # A rule on a value that is not known yet is checked again once it is (at update time).
            failures = [
                CheckFailure(path, reason)
                for path, reason in describe_errors(exc)
                if not any(path == u or path.startswith(f"{u}.") for u in unknown)
            ]
            return CheckResult(news, failures)
        return CheckResult(news, [])

    def observable(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """The normalised, comparable view of a props dict (inputs or outputs)."""
        model = self.parse(props)
        return dict(model.model_dump(mode="json", by_alias=True, exclude_none=True, exclude=set(CREATE_ONLY)))

    def field_changes(self, olds: dict[str, Any], news: dict[str, Any]) -> list[str]:
        old_view = self.observable(olds)
        pending = {path.split(".", 1)[0] for path in unknown_paths(news)}
        new_view = self.observable(fill_unknowns(news, olds)) if pending else self.observable(news)
        keys = tuple(sorted(set(old_view) | set(new_view)))
        return sorted(set(changed_fields(old_view, new_view, keys)) | pending)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changes = self.field_changes(olds, news)
        replaces = [f for f in changes if f in self.replace_on]
        return DiffResult(
            changes=bool(changes),
            replaces=replaces,
            stables=list(SERVER_FIELDS),
            delete_before_replace=False,
        )

    def delete(self, id_: str, _props: dict[str, Any]) -> None:
        try:
            self.client.request("DELETE", f"{self.collection}/{id_}")
        except NotFoundError:
            return  # already gone: the goal of a delete
        except ConflictError as exc:
            raise ConflictError(
                status=exc.status,
                method=exc.method,
                path=exc.path,
                title=exc.title,
                detail=f"{self.kind} {id_} is still in use: {self.in_use_hint()} ({exc.detail})",
                instance=exc.instance,
            ) from None

    def in_use_hint(self) -> str:
        return "remove what references it first"

    def fetch(self, id_: str) -> dict[str, Any] | None:
        try:
            return self.client.get(f"{self.collection}/{id_}")
        except NotFoundError:
            return None
