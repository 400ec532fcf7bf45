#!/usr/bin/env bash
# make preview [STACK=…] [ARGS=…]: `pulumi preview` of a stack with the DCR guardrails (policy/) and the stack's
# policy config (policy/config/<stack>.json) when it has one. A mandatory finding fails the preview; nothing is
# written to Auth0 or Konnect either way. The dev stack previews against the sandbox (started if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
stack=${1:-dev}
shift || true
. .tools/env.sh
if [ "$stack" = dev ]; then
  bash scripts/sandbox.sh start  # only our own sandboxes get the dev credentials
  export SSL_CERT_FILE="${SANDBOX_STATE_DIR:-$PWD/.sandbox}/trust.pem"
  export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE:-sandbox}
  pulumi stack select dev --create --non-interactive >/dev/null
fi
policy=(--policy-pack policy)
[ -f "policy/config/$stack.json" ] && policy+=(--policy-pack-config "policy/config/$stack.json")
exec pulumi preview --stack "$stack" "${policy[@]}" --non-interactive "$@"
