#!/usr/bin/env bash
# Installs the services the integration tests start as local processes, into a repo-local folder
# (.test-deps/, gitignored). Idempotent: does nothing when everything is already there.
#
#   azurite 3.35.0   Azure Storage emulator (Blob, Queue, Table) for tests/SuperGnosis.Azure.Tests,
#                    started by tests/SuperGnosis.Testing (AzuriteServer). 3.36+ needs Node 21+.
#   uplot 1.6.32     the dashboard's chart library: npm ci in shared/SuperGnosis.Server/Dashboard (its lock file),
#                    embedded into SuperGnosis.Server at build time (the build runs the same npm ci when it is missing).
#   chromium         Debian's /usr/bin/chromium for tests/SuperGnosis.Dashboard.Tests (Playwright drives it; Playwright
#                    never downloads a browser here). Installed with apt-get when missing; needs root.
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

install_dashboard_packages() {
  local dir="$PWD/shared/SuperGnosis.Server/Dashboard"
  if [ -f "$dir/node_modules/uplot/dist/uPlot.iife.min.js" ]; then
    echo "install-test-deps: dashboard packages already in $dir/node_modules"
    return 0
  fi
  command -v npm >/dev/null || { echo "install-test-deps: npm is not on PATH (needed for the dashboard's chart library)" >&2; exit 1; }
  echo "install-test-deps: npm ci in $dir (uplot, from its package-lock.json)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}

install_chromium() {
  if [ -x /usr/bin/chromium ]; then
    echo "install-test-deps: chromium already installed ($(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium))"
    return 0
  fi
  if [ "$(id -u)" != "0" ]; then
    echo "install-test-deps: /usr/bin/chromium is missing and this is not root: run 'sudo apt-get install -y chromium' (the dashboard browser tests need it)" >&2
    exit 1
  fi
  command -v apt-get >/dev/null || { echo "install-test-deps: /usr/bin/chromium is missing and apt-get is not available: install Chromium and set SUPERGNOSIS_CHROMIUM to its path" >&2; exit 1; }
  echo "install-test-deps: apt-get install chromium"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null; }
  [ -x /usr/bin/chromium ] || { echo "install-test-deps: chromium not found at /usr/bin/chromium after apt-get install" >&2; exit 1; }
}

install_dashboard_packages
install_chromium

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
