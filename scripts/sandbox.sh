#!/usr/bin/env bash
# Start/stop the sandbox emulators used by `make up` (fixed ports, the ones stacks/Pulumi.dev.yaml names).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .sandbox
KONNECT_PORT=${KONNECT_SANDBOX_PORT:-18411}
KONNECT_TOKEN_VALUE=${KONNECT_SANDBOX_TOKEN:-sandbox-konnect-token}
AUTH0_PORT=${AUTH0_SANDBOX_PORT:-18412}
AUTH0_TOKEN_VALUE=${AUTH0_SANDBOX_TOKEN:-sandbox-auth0-token}

start_one() { # kind port token [extra args]
  local kind=$1 port=$2 token=$3 pidfile=.sandbox/$1.pid
  shift 3
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "[sandbox] $kind already running: $(head -1 ".sandbox/$kind.log")"
    return
  fi
  nohup .venv/bin/python -m sandbox "$kind" --port "$port" --token "$token" "$@" > ".sandbox/$kind.log" 2>&1 &
  echo $! > "$pidfile"
  for _ in $(seq 50); do
    [ -s ".sandbox/$kind.log" ] && { echo "[sandbox] $kind listening on $(head -1 ".sandbox/$kind.log")"; return; }
    kill -0 "$(cat "$pidfile")" 2>/dev/null || break
    sleep 0.1
  done
  echo "[sandbox] $kind failed to start:" >&2; cat ".sandbox/$kind.log" >&2; exit 1
}

stop_one() {
  local pidfile=.sandbox/$1.pid
  if [ -f "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; rm -f "$pidfile"; echo "[sandbox] $1 stopped"; fi
}

case "${1:-start}" in
  start)
    start_one auth0 "$AUTH0_PORT" "$AUTH0_TOKEN_VALUE" --cert-dir .sandbox/auth0-tls
    # One trust bundle: the system roots (from SSL_CERT_FILE when set) plus the Auth0 sandbox's own CA.
    system_roots=${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}
    case "$system_roots" in "$PWD/.sandbox/"*) system_roots=/etc/ssl/certs/ca-certificates.crt ;; esac
    { [ -f "$system_roots" ] && cat "$system_roots"; cat .sandbox/auth0-tls/ca.pem; } > .sandbox/trust.pem
    # Konnect's sandbox calls the Auth0 sandbox (verify, the DCR round trip): it trusts the same bundle.
    SSL_CERT_FILE=$PWD/.sandbox/trust.pem start_one konnect "$KONNECT_PORT" "$KONNECT_TOKEN_VALUE" ;;
  stop) stop_one konnect; stop_one auth0 ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
