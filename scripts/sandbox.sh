#!/usr/bin/env bash
# Start/check/stop the sandbox emulators used by `make up` (fixed ports, the ones stacks/Pulumi.dev.yaml names).
# Ports and tokens: KONNECT_SANDBOX_PORT (18411), AUTH0_SANDBOX_PORT (18412), KONNECT_SANDBOX_TOKEN, AUTH0_SANDBOX_TOKEN.
# The logic is in scripts/sandboxctl.py: a busy port is an error, and only a sandbox we started is used or killed.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/sandboxctl.py "${1:-start}"
