"""A refused Konnect call reaches the user as one readable line, not as a Python traceback.

The dynamic-provider server of the Pulumi SDK (`pulumi.dynamic.__main__`) answers every exception a provider
method raises with `traceback.format_exc()`: for a 400 from Konnect that is a dozen lines of our own frames
around one useful sentence. In the provider process that server module runs as `__main__`; its `traceback`
name is pointed at a stand-in whose `format_exc` returns only the message for a `KonnectError` and the full
traceback for anything else (a bug should still show where it happened).
"""

from __future__ import annotations

import sys
import traceback
from typing import Any

from .errors import KonnectError

__all__ = ["format_exc", "install"]


def format_exc(limit: int | None = None, chain: bool = True) -> str:
    error = sys.exc_info()[1]
    if isinstance(error, KonnectError):
        return str(error)
    return traceback.format_exc(limit=limit, chain=chain)


class _Traceback:
    """`traceback` with one function replaced; everything else is the stdlib's."""

    format_exc = staticmethod(format_exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(traceback, name)


def install() -> bool:
    """Point the running dynamic-provider server at the one-line formatter; False when not in that server."""
    server = sys.modules.get("__main__")
    if server is None or not hasattr(server, "DynamicResourceProviderServicer"):
        return False  # a test or a program process: exceptions keep their tracebacks
    if getattr(server, "traceback", None) is traceback:
        vars(server)["traceback"] = _Traceback()
    return True
