"""Adopting an existing Konnect object (`adopt_id`): which objects may be taken over, and what taking one over will
change, said before any write.

The engine shows an adopting resource as a create (`+`), exactly like a POST: it cannot know that the provider will
read and converge an existing object instead. So the provider's check, which the engine calls in `preview` and before
`up` writes anything, reads the object and prints one line, e.g.
`info: adopts DCR provider 'konnect-dev' (a1b2…); will change: labels (+env), and this stack's ownership label`.
`codify` prints the same plan from the same code, for objects it found.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from pydantic import ValidationError

from .errors import OwnershipError
from .props import CREATE_ONLY, fill_unknowns, unknown_paths
from .validation import OWNER_LABEL

__all__ = ["Adopting", "adoptable", "announce", "changes", "plan"]


class Adopting(Protocol):
    """What adoption needs of a Konnect resource provider."""

    # Read-only: each provider class sets them as class attributes.
    @property
    def kind(self) -> str: ...

    @property
    def kind_field(self) -> str | None: ...

    @property
    def secret_fields(self) -> tuple[str, ...]: ...

    def fetch(self, id_: str) -> dict[str, Any] | None: ...

    def parse(self, props: Mapping[str, Any]) -> Any: ...

    def declared(self, spec: Any) -> dict[str, Any]: ...

    def props_from_api(self, body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]: ...

    def converge_patch(self, current: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]: ...


def adoptable(provider: Adopting, id_: str, wanted: Mapping[str, Any], tag: str | None) -> dict[str, Any]:
    """The object to adopt, as Konnect holds it; OwnershipError when it is missing, of another kind, or labelled by
    another Pulumi deployment."""
    current = provider.fetch(id_)
    if current is None:
        raise OwnershipError(f"adopt_id: no {provider.kind} {id_} exists in Konnect")
    field = provider.kind_field
    if field and current.get(field) != wanted.get(field):
        raise OwnershipError(
            f"{field}: the {provider.kind} to adopt is {current.get(field)}, declared {wanted.get(field)}"
        )
    owner = (current.get("labels") or {}).get(OWNER_LABEL)
    if tag and owner and owner.partition(".")[0] != tag:
        raise OwnershipError(
            f"adopt_id: {provider.kind} {id_} carries the label {OWNER_LABEL} of another Pulumi deployment; "
            f"remove that label in Konnect first if this stack is to take it over"
        )
    return current


def changes(patch: Mapping[str, Any], secret_fields: tuple[str, ...] = ()) -> list[str]:
    """A converge PATCH in words: each field it sets; labels with their keys (+added, -removed, ~changed); nested
    config blocks by key; write-only secrets marked as such."""
    said: list[str] = []
    for key, value in sorted(patch.items()):
        if key == "labels" and isinstance(value, dict):
            marks = [f"-{k}" if v is None else f"+{k}" for k, v in sorted(value.items()) if k != OWNER_LABEL]
            if marks:
                said.append(f"labels ({', '.join(marks)})")
        elif isinstance(value, dict) and key in ("dcr_config", "configs"):
            for sub, inner in sorted(value.items()):
                if isinstance(inner, dict):
                    said += [f"{key}.{sub}.{k}" for k in sorted(inner)]
                elif sub in secret_fields:
                    said.append(f"{key}.{sub} (write-only: sent again)")
                else:
                    said.append(f"{key}.{sub}")
        else:
            said.append(key)
    return said


def plan(provider: Adopting, current: dict[str, Any], news: Mapping[str, Any]) -> list[str]:
    """What converging `current` to the declaration `news` (resource inputs, unknowns allowed) will change."""
    pending = sorted({p.split(".", 1)[0] for p in unknown_paths(dict(news))} - CREATE_ONLY)
    known = fill_unknowns(dict(news), provider.props_from_api(current, {}))
    try:
        wanted = provider.declared(provider.parse(known))
    except ValidationError:
        return [f"{p} (known once its source is)" for p in pending] or ["(what the declaration sets)"]
    said = changes(provider.converge_patch(current, wanted), provider.secret_fields)
    return said + [f"{p} (known once its source is)" for p in pending if p not in said]


def announce(provider: Adopting, adopt_id: str, news: Mapping[str, Any]) -> str:
    """One line for the preview: which object the resource takes over, and what the first `up` changes in it."""
    tag = news.get("owner_tag") if isinstance(news.get("owner_tag"), str) else None
    current = adoptable(provider, adopt_id, news, tag)
    name = f" '{current.get('name')}'" if current.get("name") else ""
    said = plan(provider, current, news)
    return (
        f"adopts {provider.kind}{name} ({adopt_id}); will change: "
        + (", ".join(said) + ", and " if said else "")
        + "this stack's ownership label"
    )
