#!/usr/bin/env bash
# make verify [STACK=…]: `python -m dcr_components verify` with the project's engine environment.
set -euo pipefail
cd "$(dirname "$0")/.."
stack=${1:-dev}
. .tools/env.sh
if [ "$stack" = dev ]; then
  bash scripts/sandbox.sh check  # only our own sandboxes get the dev credentials
  export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE:-sandbox}
  export SSL_CERT_FILE="${SANDBOX_STATE_DIR:-$PWD/.sandbox}/trust.pem"  # system roots + the Auth0 sandbox's CA (scripts/sandbox.sh)
fi
exec .venv/bin/python -m dcr_components verify --stack "$stack"
