"""`python -m sandbox konnect|auth0 --port N --token T` or `python -m sandbox postgres --port N`: serve until
stopped; the first stdout line is the base URL (for postgres, the state backend URL)."""

from __future__ import annotations

import argparse
import signal
import ssl
import sys
from pathlib import Path

from . import build
from .postgres import PostgresServer
from .server import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox",
        epilog="The Konnect emulator calls the Auth0 one (DCR, verify) over TLS: start it with --trust <the CA file "
        "the Auth0 emulator names on its second line> (or SSL_CERT_FILE=<that file>), else those calls fail.",
    )
    parser.add_argument("kind", choices=["konnect", "auth0", "postgres"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", help="bearer token the emulator accepts (konnect and auth0)")
    parser.add_argument(
        "--cert-dir", type=Path, help="auth0: where to write ca.pem and the server key (default: a temp dir)"
    )
    parser.add_argument(
        "--trust",
        type=Path,
        help="konnect: a CA file to trust when calling an IdP, e.g. the Auth0 emulator's (default: SSL_CERT_FILE)",
    )
    parser.add_argument("--nonce", help="what GET /_sandbox/identity answers, so a launcher knows it reached this one")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="postgres: the cluster's directory, kept on stop; one that holds a cluster is started again (recovery)",
    )
    args = parser.parse_args(argv)
    if args.kind == "postgres":
        return serve_postgres(args.host, args.port, args.data_dir)
    if not args.token:
        parser.error("--token is required for konnect and auth0")
    outbound = None
    if args.trust is not None:
        if not args.trust.is_file():
            parser.error(f"--trust {args.trust}: no such file")
        outbound = ssl.create_default_context(cafile=str(args.trust))
    sandbox = build(args.kind, args.token, cert_dir=args.cert_dir, outbound_verify=outbound)
    if args.nonce:
        sandbox.app.nonce = args.nonce
    try:
        server = serve(sandbox.app, args.host, args.port, sandbox.tls)
    except OSError as exc:
        print(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    host, port = server.server_address[:2]
    sandbox.bound(f"{host!s}:{port}")
    print(f"{'https' if sandbox.tls else 'http'}://{host!s}:{port}", flush=True)
    if sandbox.tls:
        print(f"CA certificate (export SSL_CERT_FILE): {sandbox.ca_path}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def serve_postgres(host: str, port: int, data_dir: Path | None = None) -> int:
    """Serve until SIGTERM/Ctrl-C (then stop; remove the cluster unless --data-dir named it). If the server dies on
    its own, its cluster is kept and the way to start it again is printed."""
    try:
        server = (
            PostgresServer(port=port, host=host)
            if data_dir is None
            else PostgresServer(port, host, root=data_dir.resolve())
        )
        reused = server.existing
        print(server.start(), flush=True)
        kept = "kept" if data_dir else "removed on stop"
        print(f"data directory ({'restarted, ' if reused else ''}{kept}): {server.root}", flush=True)
    except (FileNotFoundError, RuntimeError) as exc:
        print(f"postgres: {exc}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    died = False
    try:
        assert server.process is not None
        code = server.process.wait()
        died = True
        print(
            f"postgres: the server exited ({code}); its cluster is kept in {server.root}: start it again with "
            f"`python -m sandbox postgres --port {server.port} --data-dir {server.root}`",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop(remove=not died and data_dir is None)


if __name__ == "__main__":
    sys.exit(main())
