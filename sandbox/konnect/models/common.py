"""What every part of the Konnect emulator's state uses: timestamps, JSON merge, ids."""

from __future__ import annotations

import copy
import os
from datetime import UTC, datetime
from typing import Any

__all__ = ["Item", "default_outbound_verify", "merge", "now"]

Item = dict[str, Any]


def now() -> str:
    stamp = datetime.now(UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def merge(target: Item, patch: Item) -> None:
    """JSON merge: nested objects merge, null deletes a key."""
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def default_outbound_verify() -> Any:
    """What calls from Konnect to an IdP trust: the environment's bundle (SSL_CERT_FILE), else the system's."""
    return os.environ.get("SSL_CERT_FILE") or True
