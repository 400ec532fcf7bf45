#!/usr/bin/env bash
# make verify / make try [STACK=…] [ARGS=…]: `python -m dcr_components verify|try` with the project's engine
# environment; ARGS go to the command (e.g. ARGS="--round-trip --email you@company.com").
set -euo pipefail
cd "$(dirname "$0")/.."
command=$1
stack=${2:-dev}
shift 2 || shift $#
. .tools/env.sh
if [ "$stack" = dev ]; then
  bash scripts/sandbox.sh check  # only our own sandboxes get the dev credentials
  export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE:-sandbox}
  export SSL_CERT_FILE="${SANDBOX_STATE_DIR:-$PWD/.sandbox}/trust.pem"  # system roots + the Auth0 sandbox's CA (scripts/sandbox.sh)
fi
exec .venv/bin/python -m dcr_components "$command" --stack "$stack" "$@"
