#!/usr/bin/env bash
# Installs the services the integration tests start as local processes, into a repo-local folder
# (.test-deps/, gitignored). Idempotent: does nothing when everything is already there.
#
#   azurite 3.35.0   Azure Storage emulator (Blob, Queue, Table) for tests/SuperGnosis.Azure.Tests,
#                    started by tests/SuperGnosis.Testing (AzuriteServer). 3.36+ needs Node 21+.
#
# npm uses the machine's own registry configuration; this script names no registry.
# Override the folder with SUPERGNOSIS_TEST_DEPS (the test fixture reads the same variable).
set -euo pipefail
cd "$(dirname "$0")/.."

deps="${SUPERGNOSIS_TEST_DEPS:-$PWD/.test-deps}"
azurite_version="3.35.0"
azurite_dir="$deps/azurite"

installed_version() {
  local manifest="$azurite_dir/node_modules/azurite/package.json"
  [ -f "$manifest" ] || return 0
  node -e 'process.stdout.write(require(process.argv[1]).version)' "$manifest" 2>/dev/null || true
}

if [ "$(installed_version)" = "$azurite_version" ] && [ -x "$azurite_dir/node_modules/.bin/azurite" ]; then
  echo "install-test-deps: azurite $azurite_version already in $azurite_dir"
  exit 0
fi

command -v node >/dev/null || { echo "install-test-deps: node is not on PATH (Node 20 or later is needed for azurite)" >&2; exit 1; }
command -v npm >/dev/null || { echo "install-test-deps: npm is not on PATH" >&2; exit 1; }

mkdir -p "$azurite_dir"
echo "install-test-deps: installing azurite $azurite_version into $azurite_dir (node $(node --version))"
if ! (cd "$azurite_dir" && npm install --no-audit --no-fund --no-save --loglevel=error "azurite@$azurite_version" >"$azurite_dir/npm-install.log" 2>&1); then
  echo "install-test-deps: npm install azurite@$azurite_version failed; last lines of $azurite_dir/npm-install.log:" >&2
  tail -n 20 "$azurite_dir/npm-install.log" >&2
  exit 1
fi
[ "$(installed_version)" = "$azurite_version" ] || { echo "install-test-deps: azurite $azurite_version not found after install" >&2; exit 1; }
echo "install-test-deps: azurite $(installed_version) installed"
