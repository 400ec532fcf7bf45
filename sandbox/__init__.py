"""Local emulators of Kong Konnect and of an Auth0 tenant (the sandbox); not part of the library's wheel.

`build(kind, token, …)` makes one: `.app` (WSGI), `.tls` (SSLContext or None), `.ca_path`, `.backend` (its state)
and `.bound(host:port)` to call once the port is known. `python -m sandbox …` serves one on a socket.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Protocol

from .web import App

__all__ = ["Emulator", "build"]


class Emulator(Protocol):
    app: App

    @property
    def tls(self) -> Any: ...

    @property
    def ca_path(self) -> Path | None: ...

    @property
    def backend(self) -> Any: ...

    def bound(self, domain: str) -> None: ...


def build(kind: str, token: str, *, cert_dir: Path | None = None, outbound_verify: Any = None) -> Emulator:
    """The named emulator. `cert_dir`: where the Auth0 one writes its CA (default: a temp dir). `outbound_verify`:
    what the Konnect one trusts when it calls an IdP (default: the environment's SSL_CERT_FILE)."""
    if kind == "konnect":
        from . import konnect

        return konnect.build(token, outbound_verify)
    if kind == "auth0":
        from . import auth0

        return auth0.build(token, cert_dir or Path(tempfile.mkdtemp(prefix="auth0-sandbox-")))
    raise ValueError(f"unknown sandbox {kind!r}: choose konnect or auth0")
