"""What the Konnect dynamic providers share: configure(), the client registry, check() and diff helpers."""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Mapping
from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)
from pulumi.output import Unknown
from pydantic import BaseModel, ValidationError

from .client import KonnectClient, KonnectSettings
from .errors import ConflictError, KonnectConnectionError, NotFoundError, ServerError
from .validation import describe_errors

__all__ = ["KonnectResourceProvider", "changed_fields", "label_patch", "outputs", "owner_tag"]

# Clients live beside the provider objects, never on them: the provider is pickled into state,
# and a client holds the token.
_CLIENTS: weakref.WeakKeyDictionary[ResourceProvider, KonnectClient] = weakref.WeakKeyDictionary()

# Keys the engine or our outputs add that are never user inputs.
SERVER_FIELDS = ("id", "active", "created_at", "updated_at")
INTERNAL_KEYS = ("__provider",)
# Inputs that steer create() only; changing them later changes nothing in Konnect.
CREATE_ONLY = frozenset({"adopt_id", "owner_tag"})
# Label that marks an object as created by one resource of one stack. Konnect has no idempotency keys and
# allows duplicate names, so this is how a create whose response was lost finds its object again.
OWNER_LABEL = "pulumi-owner"
AMBIGUOUS_STATUSES = frozenset({502, 503, 504})
MAX_CREATE_ROUNDS = 4


# Objects this provider process adopted by lookup. A `pulumi up --replace` of an unchanged resource adopts the
# object it replaces (same tag); the delete of the old one that follows must then leave it alone.
_ADOPTED: set[str] = set()


def owner_tag(type_token: str, resource_name: str, kind: pulumi.Input[str]) -> pulumi.Output[str]:
    """Stable per project, stack, resource type, name and immutable kind; a valid Konnect label value.

    The kind (provider_type / strategy_type) is part of it so that a replacement never adopts its predecessor.
    """
    prefix = f"{pulumi.get_project()}/{pulumi.get_stack()}/{type_token}/{resource_name}"
    return pulumi.Output.from_input(kind).apply(lambda k: hashlib.sha256(f"{prefix}/{k}".encode()).hexdigest()[:40])


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


def outputs(props: dict[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
    """Resource outputs: the (normalised) props plus what the server assigns."""
    return {**props, **{k: body.get(k) for k in SERVER_FIELDS}}


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
        if id_ in _ADOPTED:
            return  # a replacement in this run adopted this very object: it is the new resource now
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

    def props_from_api(self, body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
        """Map a Konnect response to resource props, carrying forward what Konnect does not return."""
        raise NotImplementedError

    def patch_body(self, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """The PATCH that turns `olds` into `news` (both observable views); empty when nothing changed."""
        raise NotImplementedError

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        new_view = self.observable(news)
        patch = self.patch_body(self.observable(olds), new_view)
        body = self.client.request("PATCH", f"{self.collection}/{id_}", json=patch) if patch else olds
        return UpdateResult(outputs(new_view, body or {}))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        body = self.fetch(id_)
        if body is None:
            return ReadResult(None, {})  # gone: refresh drops it from state
        current = self.props_from_api(body, props)
        # Returning inputs keeps diffs accurate after a refresh (the engine stores them as the new inputs).
        return ReadResult(body["id"], outputs(current, body), inputs=current)

    def find_owned(self, name: str, tag: str) -> dict[str, Any] | None:
        """The object this resource already created, if any (one filtered list call)."""
        matches = [
            item
            for item in self.client.list_all(self.collection, {"filter[name]": name})
            if (item.get("labels") or {}).get(OWNER_LABEL) == tag
        ]
        found = min(matches, key=lambda item: str(item.get("created_at")), default=None)
        if found is not None:
            _ADOPTED.add(str(found["id"]))
        return found

    def post_owned(self, body: dict[str, Any], name: str, tag: str | None) -> dict[str, Any]:
        """POST at most once per object: look it up first, and again after any ambiguous failure."""
        if tag is None:
            return self.client.request("POST", self.collection, json=body) or {}
        body = {**body, "labels": {**(body.get("labels") or {}), OWNER_LABEL: tag}}
        for round_ in range(MAX_CREATE_ROUNDS):
            found = self.find_owned(name, tag)
            if found is not None:
                return found
            try:
                return self.client.request("POST", self.collection, json=body) or {}
            except ServerError as exc:
                if exc.status not in AMBIGUOUS_STATUSES or round_ == MAX_CREATE_ROUNDS - 1:
                    raise
            except KonnectConnectionError:
                # The request may have been committed before the response was lost: look before re-sending.
                if round_ == MAX_CREATE_ROUNDS - 1:
                    raise
        raise AssertionError("unreachable")

    def fetch(self, id_: str) -> dict[str, Any] | None:
        try:
            return self.client.get(f"{self.collection}/{id_}")
        except NotFoundError:
            return None
