"""Property values as a policy sees them: secret-marked, possibly unknown (during a preview), else plain JSON.

The engine hands analyzers each property with its secret marker and unknowns kept. pulumi-policy's own reader drops
the secret marker (a policy could not tell `initial_client_secret="…"` from `Output.secret(…)`) and raises on any
unknown a policy touches (one unknown id during the first preview would skip the whole stack rule). So the pack reads
the wire form itself with `from_wire`: a secret becomes `Secret(value)`, an unknown becomes `UNKNOWN`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["SECRET_SIG", "SIG_KEY", "UNKNOWN", "UNKNOWN_WIRE", "Secret", "from_wire", "is_known", "is_secret", "reveal"]

# Pulumi's property wire format (sdk/go/common/resource/properties.go): signature key, secret signature, unknown.
SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
UNKNOWN_WIRE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


class _Unknown:
    def __repr__(self) -> str:
        return "<unknown until the update>"


UNKNOWN: Any = _Unknown()


@dataclass(frozen=True)
class Secret:
    """A value the engine holds as a secret (encrypted in state, masked in output)."""

    value: Any


def from_wire(value: Any) -> Any:
    if isinstance(value, str):
        return UNKNOWN if value == UNKNOWN_WIRE else value
    if isinstance(value, list):
        return [from_wire(v) for v in value]
    if isinstance(value, dict):
        if value.get(SIG_KEY) == SECRET_SIG:
            return Secret(from_wire(value.get("value")))
        if SIG_KEY in value:  # assets and archives: no rule reads them
            return dict(value)
        return {k: from_wire(v) for k, v in value.items()}
    return value


def reveal(value: Any) -> Any:
    """The value with every secret marker removed (for comparisons; never for messages)."""
    if isinstance(value, Secret):
        return reveal(value.value)
    if isinstance(value, list):
        return [reveal(v) for v in value]
    if isinstance(value, dict):
        return {k: reveal(v) for k, v in value.items()}
    return value


def is_secret(value: Any) -> bool:
    return isinstance(value, Secret)


def is_known(value: Any) -> bool:
    """False when the value (or anything inside it) is computed by the update and not known yet."""
    value = reveal(value)
    if value is UNKNOWN:
        return False
    if isinstance(value, list):
        return all(is_known(v) for v in value)
    if isinstance(value, dict):
        return all(is_known(v) for v in value.values())
    return True
