#!/usr/bin/env bash
# make up: the main job. Starts the sandbox and brings the `dev` stack up on it, then prints its outputs.
set -euo pipefail
cd "$(dirname "$0")/.."
# Fails before any pulumi call when a dev port is held by something we did not start.
bash scripts/sandbox.sh start
. .tools/env.sh
# The Auth0 sandbox speaks HTTPS with its own CA: the engine, its plugins and the Konnect sandbox trust it.
export SSL_CERT_FILE="${SANDBOX_STATE_DIR:-$PWD/.sandbox}/trust.pem"
# The dev stack's secrets are encrypted with this sandbox-only passphrase; real stacks bring their own.
export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE:-sandbox}
pulumi stack select dev --create --non-interactive >/dev/null
# --refresh: the sandbox keeps its objects in memory only, so reconcile state with what it holds now.
# --run-program: the refresh uses the credentials in the stack config now, not those recorded at the last up.
pulumi up --stack dev --refresh --run-program --yes --non-interactive --skip-preview
echo
echo "Stack outputs (dev):"
pulumi stack output --stack dev
