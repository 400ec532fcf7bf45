"""`python -m sandbox konnect|auth0 --port N --token T`: serve until stopped; first stdout line is the base URL."""

from __future__ import annotations

import argparse
import signal
import sys
from typing import Any

from .web import serve


def build(kind: str, token: str) -> tuple[Any, Any]:
    """(wsgi app, tls context or None) for the named emulator."""
    if kind == "konnect":
        from .konnect import KonnectSandbox

        return KonnectSandbox(token).app, None
    raise SystemExit(f"unknown sandbox {kind!r}: choose konnect or auth0")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox")
    parser.add_argument("kind", choices=["konnect", "auth0"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", required=True, help="bearer token the emulator accepts")
    args = parser.parse_args(argv)
    app, tls = build(args.kind, args.token)
    server = serve(app, args.host, args.port, tls)
    scheme = "https" if tls else "http"
    host, port = server.server_address[:2]
    print(f"{scheme}://{host!s}:{port}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
