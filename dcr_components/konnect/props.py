"""The shape of a Konnect resource's props: server fields, unknowns during preview, outputs, label patches."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from pulumi.output import Unknown
from pydantic import BaseModel, ValidationError

from .errors import KonnectResponseError
from .validation import MAX_LABELS, OWNER_LABEL, describe_errors

__all__ = [
    "CREATE_ONLY",
    "DECLARED",
    "INTERNAL_KEYS",
    "LIFECYCLE",
    "OWNERSHIP",
    "SERVER_FIELDS",
    "field_patch",
    "fill_unknowns",
    "label_patch",
    "outputs",
    "patch_steps",
    "read_response",
    "unknown_paths",
    "visible_labels",
]

M = TypeVar("M", bound=BaseModel)
# Keys the engine or our outputs add that are never user inputs.
SERVER_FIELDS = ("id", "active", "created_at", "updated_at")
# Output only: the inputs the program declared at the last create or update. Refresh compares only these, so that
# a field the stack leaves to Konnect (an API's description, the slug Konnect derives) never counts as drift that no
# `up` would repair: drift and diff agree on what the stack manages.
DECLARED = "__declared"
INTERNAL_KEYS = ("__provider", DECLARED)
# Output only: how this resource came to hold its object, and under which claim (see ownership.py).
OWNERSHIP = "ownership"
# Inputs that steer create() only; changing them later changes nothing in Konnect.
CREATE_ONLY = frozenset({"adopt_id", "owner_tag"})
# Inputs that steer delete() only, never sent to Konnect: whether an adopted object is deleted (by default it is
# handed back), and whether a delete may end developers' applications and registrations. Kept in outputs (delete
# sees outputs), so a change of one is an update that makes no call.
LIFECYCLE = ("delete_adopted", "allow_registration_loss")


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


def outputs(props: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
    """Resource outputs: the (normalised) props plus what the server assigns."""
    return {**props, **{k: body.get(k) for k in SERVER_FIELDS}}


def label_patch(old: Mapping[str, str] | None, new: Mapping[str, str] | None) -> dict[str, str | None]:
    """Konnect merges labels on PATCH: removed keys must be sent as null."""
    old, new = old or {}, new or {}
    patch: dict[str, str | None] = {k: None for k in old if k not in new}
    patch.update({k: v for k, v in new.items() if old.get(k) != v})
    return patch


def field_patch(olds: Mapping[str, Any], news: Mapping[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """A PATCH body's plain part: each of `keys` declared with a new value, and the labels' patch."""
    patch = {k: news[k] for k in keys if news.get(k) is not None and olds.get(k) != news.get(k)}
    labels = label_patch(olds.get("labels"), news.get("labels"))
    if labels:
        patch["labels"] = labels
    return patch


def patch_steps(patch: dict[str, Any]) -> list[dict[str, Any]]:
    """The PATCH bodies that apply `patch`: one, or two when its labels would exceed Konnect's 50 entries.

    A removed key travels as null and counts against the 50 (Konnect answers 400), so replacing 3 labels with 49
    new ones is 52 entries though the end state holds 49: the removals go first, then everything else.
    """
    labels = patch.get("labels") or {}
    if len(labels) <= MAX_LABELS:
        return [patch]
    removed = {k: v for k, v in labels.items() if v is None}
    return [{"labels": removed}, {**patch, "labels": {k: v for k, v in labels.items() if v is not None}}]


def visible_labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    """The user's labels: the ownership label is ours and never shown."""
    return {k: v for k, v in (labels or {}).items() if k != OWNER_LABEL}


def read_response(model: type[M], body: Mapping[str, Any]) -> M:
    """A Konnect response through its tolerant model; a body missing what the contract requires is one clear error."""
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        problems = "; ".join(f"{path}: {reason}" for path, reason in describe_errors(exc))
        raise KonnectResponseError(
            f"Konnect returned an unexpected {model.__name__.removesuffix('Response')}: {problems}"
        ) from None
