#!/usr/bin/env bash
# make setup: .venv/ with pinned deps, the Pulumi engine toolchain in .tools/bin/, PULUMI_HOME in .pulumi-home/.
# Idempotent and cheap when nothing changed; the Go-built CLI is cached by version outside the clone.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-python3}
CACHE_ROOT=${KONNECT_DCR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/konnect-auth0-dcr}
BIN=$ROOT/.tools/bin

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# ---- 1. Python virtualenv with the pinned project and dev dependencies ------------------------------
stamp=$(cat pyproject.toml | sha256sum | cut -c1-16)
if [ ! -x .venv/bin/python ] || [ "$(cat .venv/.setup-stamp 2>/dev/null)" != "$stamp" ]; then
  say "creating .venv and installing pinned dependencies"
  [ -x .venv/bin/python ] || "$PY" -m venv .venv || die "could not create .venv with $PY (need Python >= 3.11 with venv)"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[dev]' || die "pip install failed: is PyPI reachable?"
  echo "$stamp" > .venv/.setup-stamp
fi

# ---- 2. The pulumi CLI: PATH (matching version) > cache > official installer > Go build -------------
# One place pins the versions: pyproject.toml (pulumi==X, pulumi-auth0==Y). The CLI is the SDK's version; the Go
# wrapper module that builds it must pin the same one.
CLI_VERSION=v$(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("pulumi"))')
grep -q "^require github.com/pulumi/pulumi/pkg/v3 $CLI_VERSION\$" tools/pulumi-cli/go.mod \
  || die "tools/pulumi-cli/go.mod must pin github.com/pulumi/pulumi/pkg/v3 $CLI_VERSION, the pulumi version pyproject.toml pins"
key="pulumi-$CLI_VERSION-$(sha256sum tools/pulumi-cli/go.sum | cut -c1-12)"
cached=$CACHE_ROOT/engine/$key/pulumi
mkdir -p "$BIN"
pulumi_src=""
if [ -x "$cached" ]; then
  pulumi_src=$cached
else
  ambient=$(PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -vx "$BIN" | paste -sd:) command -v pulumi || true)
  if [ -n "$ambient" ] && [ "$("$ambient" version 2>/dev/null)" = "$CLI_VERSION" ]; then
    say "reusing $ambient ($CLI_VERSION)"
    pulumi_src=$ambient
  fi
fi
if [ -z "$pulumi_src" ]; then
  mkdir -p "$(dirname "$cached")"
  tarball="https://get.pulumi.com/releases/sdk/pulumi-$CLI_VERSION-linux-x64.tar.gz"
  if curl -fsSL --max-time 20 "$tarball" -o "$cached.tgz" 2>/dev/null; then
    say "installed the official $CLI_VERSION release"
    tar -xzf "$cached.tgz" -C "$(dirname "$cached")" pulumi/pulumi --strip-components=1 && rm -f "$cached.tgz"
  else
    rm -f "$cached.tgz"
    command -v go >/dev/null || die "no pulumi $CLI_VERSION on PATH, get.pulumi.com unreachable, and no Go toolchain to build it from tools/pulumi-cli"
    say "building pulumi $CLI_VERSION from Go modules (cold build: a few minutes; cached in $(dirname "$cached"))"
    start=$(date +%s)
    ( cd tools/pulumi-cli && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-modcacherw -buildvcs=false" \
        go build -trimpath -tags osusergo,grpcnotrace \
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$CLI_VERSION" \
        -o "$cached.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi ) \
      || die "go build of the pulumi CLI failed (see above); the Go module proxy must serve github.com/pulumi/pulumi/pkg/v3@$CLI_VERSION"
    mv "$cached.tmp" "$cached"
    say "built in $(( $(date +%s) - start ))s"
  fi
  pulumi_src=$cached
fi
# A hard link keeps the real path inside .tools/bin (the engine looks for bundled plugins beside it).
ln -f "$pulumi_src" "$BIN/pulumi-engine" 2>/dev/null || cp -f "$pulumi_src" "$BIN/pulumi-engine"
# `pulumi` is the engine behind one setting. The pinned engine lists a DIY backend's stacks with 10 workers
# (PULUMI_DIY_BACKEND_PARALLEL), and on postgres:// each worker holds a cursor while it asks for a second connection,
# from a pool of max(2 x GOMAXPROCS, 2) (pkg/backend/diy/postgres/bucket.go, ListPaged): from 4 stacks on 2 cores
# every connection waits for another and `pulumi stack ls` never returns. One worker needs 2 connections, which any
# pool has; 20 stacks still list in ~0.2 s.
rm -f "$BIN/pulumi"
# `pulumi import` first asks tools/engine/pulumi-import-guard whether the auth0 stand-in could finish it.
cat > "$BIN/pulumi" <<EOF
#!/bin/sh
# The Pulumi engine (pulumi-engine beside this file) with what shared PostgreSQL state needs (scripts/setup.sh).
PULUMI_DIY_BACKEND_PARALLEL=1
export PULUMI_DIY_BACKEND_PARALLEL
if [ "\$1" = import ]; then "$BIN/pulumi-import-guard" "\$@" || exit 2; fi
exec "$BIN/pulumi-engine" "\$@"
EOF

# ---- 3. Language host and its helper scripts: an official release's when installed, else the project's ------
# tools/engine/hostselect.py decides (PULUMI_RELEASE_DIR, pulumi on PATH, ~/.pulumi/bin; KONNECT_DCR_LANGUAGE_HOST
# forces one); the choice is recorded in .tools/language-host, and `pulumi about` shows it.
cp -f tools/engine/langhost.py tools/engine/pluginrun.py tools/engine/plugindeps.py tools/engine/sdkprotos.py tools/engine/enginewatch.py tools/engine/pulumi-language-python-exec tools/engine/pulumi-plugin-exec tools/engine/pulumi-resource-pulumi-python tools/engine/pulumi-import-guard "$BIN/"
rm -rf "$BIN/auth0_standin" "$BIN/auth0_standin.py" && cp -r tools/engine/auth0_standin "$BIN/auth0_standin"
host_choice=$(.venv/bin/python tools/engine/hostselect.py --exclude "$BIN" --project-version "${CLI_VERSION#v}+konnect-auth0-dcr") \
  || die "choosing the language host failed (see above)"
read -r host_source host_dir host_version <<<"$host_choice"
if [ "$host_source" = upstream ]; then
  for f in pulumi-language-python pulumi-language-python-exec pulumi-resource-pulumi-python; do
    cp -f "$host_dir/$f" "$BIN/$f"
  done
  [ "$(cat .tools/language-host 2>/dev/null)" = "$host_choice" ] || say "language host: upstream pulumi-language-python $host_version from $host_dir"
else
  cat > "$BIN/pulumi-language-python" <<EOF
#!/bin/sh
# Python language host (tools/engine/langhost.py) on the project's interpreter, which carries the SDK's gRPC stubs.
exec "$ROOT/.venv/bin/python" -u "$BIN/langhost.py" "\$@"
EOF
fi
echo "$host_choice" > .tools/language-host
chmod +x "$BIN"/pulumi "$BIN"/pulumi-engine "$BIN"/pulumi-language-python "$BIN"/pulumi-language-python-exec "$BIN"/pulumi-plugin-exec "$BIN"/pulumi-resource-pulumi-python

# ---- 4. Hermetic engine environment --------------------------------------------------------------------
mkdir -p .pulumi-home .state
cat > .tools/env.sh <<EOF
# Source this to use the project's engine: . .tools/env.sh
export PATH="$BIN:\$PATH"
export PULUMI_HOME="$ROOT/.pulumi-home"
export PULUMI_BACKEND_URL="\${PULUMI_BACKEND_URL:-file://$ROOT/.state}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_DISABLE_REGISTRY_RESOLVE=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
# refresh, destroy, up --refresh and preview --refresh run the program, so that providers get the credentials in
# the stack config now rather than those recorded at the last deployment (token rotation; see README).
export PULUMI_RUN_PROGRAM=\${PULUMI_RUN_PROGRAM:-true}
EOF
# ---- 5. The auth0 resource plugin ----------------------------------------------------------------------
# The bridged plugin cannot be built here (the Go proxy refuses pulumi-auth0/provider, terraform-provider-auth0
# and go-auth0). Unless an official binary is already installed, install the offline stand-in
# (tools/engine/auth0_standin/), which serves the sandbox only and refuses real tenants.
AUTH0_VERSION=$(.venv/bin/python -c 'import json, pulumi_auth0, pathlib; print(json.loads((pathlib.Path(pulumi_auth0.__file__).parent / "pulumi-plugin.json").read_text())["version"])')
plugin_dir=.pulumi-home/plugins/resource-auth0-v$AUTH0_VERSION
mkdir -p .tools/plugins
printf '#!/bin/sh\n# Offline stand-in for pulumi-resource-auth0 %s (tools/engine/auth0_standin/): sandbox only.\nPYTHONPATH="%s" exec "%s" -u -m auth0_standin "$@"\n' \
  "$AUTH0_VERSION" "$BIN" "$ROOT/.venv/bin/python" > .tools/plugins/pulumi-resource-auth0
chmod +x .tools/plugins/pulumi-resource-auth0
installed=$plugin_dir/pulumi-resource-auth0
if [ ! -x "$installed" ] || { grep -q auth0_standin "$installed" && ! cmp -s "$installed" .tools/plugins/pulumi-resource-auth0; }; then
  rm -rf "$plugin_dir" "$plugin_dir.lock"  # only ever our own stand-in (checked above)
  PULUMI_HOME=$ROOT/.pulumi-home PULUMI_SKIP_UPDATE_CHECK=true "$BIN/pulumi" plugin install resource auth0 "$AUTH0_VERSION" \
    --file .tools/plugins/pulumi-resource-auth0 >/dev/null 2>&1 \
    || { mkdir -p "$plugin_dir" && cp .tools/plugins/pulumi-resource-auth0 "$plugin_dir/"; }
  say "auth0 plugin $AUTH0_VERSION: offline stand-in installed (sandbox only; see README)"
fi

# ---- 6. actionlint: checks the CI workflows a team copies (ci/github/), pinned in tools/actionlint ----------------
ACTIONLINT_VERSION=$(sed -n 's/^require github.com\/rhysd\/actionlint \(v[0-9.]*\)$/\1/p' tools/actionlint/go.mod)
lint_cached=$CACHE_ROOT/actionlint/$ACTIONLINT_VERSION-$(sha256sum tools/actionlint/go.sum | cut -c1-12)/actionlint
if [ ! -x "$lint_cached" ]; then
  command -v go >/dev/null || die "actionlint $ACTIONLINT_VERSION is not cached and there is no Go toolchain to build it from tools/actionlint"
  mkdir -p "$(dirname "$lint_cached")"
  ( cd tools/actionlint && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-modcacherw -buildvcs=false" \
      go build -trimpath -ldflags "-s -w" -o "$lint_cached.tmp" github.com/rhysd/actionlint/cmd/actionlint ) \
    || die "go build of actionlint failed (see above); the Go module proxy must serve github.com/rhysd/actionlint@$ACTIONLINT_VERSION"
  mv "$lint_cached.tmp" "$lint_cached"
  say "actionlint $ACTIONLINT_VERSION built (cached in $(dirname "$lint_cached"))"
fi
ln -f "$lint_cached" "$BIN/actionlint" 2>/dev/null || cp -f "$lint_cached" "$BIN/actionlint"

got=$("$BIN/pulumi" version)
[ "$got" = "$CLI_VERSION" ] || die "$BIN/pulumi reports '$got', expected $CLI_VERSION"
host_from=""; [ "$host_source" = upstream ] && host_from=" from $host_dir"
say "engine ready: $BIN/pulumi $got, Python language host $("$BIN/pulumi-language-python" -version) ($host_source$host_from)"
