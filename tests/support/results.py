"""Typed access to dynamic-provider results in tests."""

from __future__ import annotations

from typing import Any


def outs(result: Any) -> dict[str, Any]:
    """The `outs` of a Create/Read/UpdateResult, which the SDK types as optional."""
    assert result.outs is not None, "the provider returned no outputs"
    return dict(result.outs)
