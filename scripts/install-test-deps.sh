#!/usr/bin/env bash
# Installs the services the integration tests start as local processes. Idempotent: does nothing for what is
# already there.
#
#   azurite 3.35.0    Azure Storage emulator (Blob, Queue, Table), into a repo-local folder (.test-deps/, gitignored);
#                     started by tests/SuperGnosis.Testing (AzuriteServer). 3.36+ needs Node 21+.
#   rabbitmq-server   Debian's RabbitMQ broker (3.10 on bookworm), installed with apt-get (needs root); started by
#                     tests/SuperGnosis.Testing (RabbitMqServer) on free loopback ports, never as a system service.
#   uplot 1.6.32      the dashboard's chart library: npm ci in shared/SuperGnosis.Server/Dashboard (its lock file),
#                     embedded into SuperGnosis.Server at build time (the build runs the same npm ci when it is missing).
#   chromium          Debian's /usr/bin/chromium for tests/SuperGnosis.Dashboard.Tests (Playwright drives it; Playwright
#                     never downloads a browser here). Installed with apt-get when missing; needs root.
#
# npm and apt use the machine's own registry configuration; this script names no registry.
# Override the azurite folder with SUPERGNOSIS_TEST_DEPS (the test fixture reads the same variable).
set -euo pipefail
cd "$(dirname "$0")/.."

deps="${SUPERGNOSIS_TEST_DEPS:-$PWD/.test-deps}"
azurite_version="3.35.0"
azurite_dir="$deps/azurite"

installed_azurite() {
  local manifest="$azurite_dir/node_modules/azurite/package.json"
  [ -f "$manifest" ] || return 0
  node -e 'process.stdout.write(require(process.argv[1]).version)' "$manifest" 2>/dev/null || true
}

install_azurite() {
  if [ "$(installed_azurite)" = "$azurite_version" ] && [ -x "$azurite_dir/node_modules/.bin/azurite" ]; then
    echo "install-test-deps: azurite $azurite_version already in $azurite_dir"
    return 0
  fi
  command -v node >/dev/null || { echo "install-test-deps: node is not on PATH (Node 20 or later is needed for azurite)" >&2; return 1; }
  command -v npm >/dev/null || { echo "install-test-deps: npm is not on PATH" >&2; return 1; }
  mkdir -p "$azurite_dir"
  echo "install-test-deps: installing azurite $azurite_version into $azurite_dir (node $(node --version))"
  if ! (cd "$azurite_dir" && npm install --no-audit --no-fund --no-save --loglevel=error "azurite@$azurite_version" >"$azurite_dir/npm-install.log" 2>&1); then
    echo "install-test-deps: npm install azurite@$azurite_version failed; last lines of $azurite_dir/npm-install.log:" >&2
    tail -n 20 "$azurite_dir/npm-install.log" >&2
    return 1
  fi
  [ "$(installed_azurite)" = "$azurite_version" ] || { echo "install-test-deps: azurite $azurite_version not found after install" >&2; return 1; }
  echo "install-test-deps: azurite $(installed_azurite) installed"
}

install_dashboard_packages() {
  local dir="$PWD/shared/SuperGnosis.Server/Dashboard"
  if [ -f "$dir/node_modules/uplot/dist/uPlot.iife.min.js" ]; then
    echo "install-test-deps: dashboard packages already in $dir/node_modules"
    return 0
  fi
  command -v npm >/dev/null || { echo "install-test-deps: npm is not on PATH (needed for the dashboard's chart library)" >&2; return 1; }
  echo "install-test-deps: npm ci in $dir (uplot, from its package-lock.json)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || { echo "install-test-deps: npm ci in $dir failed" >&2; return 1; }
}

install_chromium() {
  if [ -x /usr/bin/chromium ]; then
    echo "install-test-deps: chromium already installed ($(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium))"
    return 0
  fi
  if [ "$(id -u)" != "0" ]; then
    echo "install-test-deps: /usr/bin/chromium is missing and this is not root: run 'sudo apt-get install -y chromium' (the dashboard browser tests need it)" >&2
    return 1
  fi
  command -v apt-get >/dev/null || { echo "install-test-deps: /usr/bin/chromium is missing and apt-get is not available: install Chromium and set SUPERGNOSIS_CHROMIUM to its path" >&2; return 1; }
  echo "install-test-deps: apt-get install chromium"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null; }
  [ -x /usr/bin/chromium ] || { echo "install-test-deps: chromium not found at /usr/bin/chromium after apt-get install" >&2; return 1; }
}


install_rabbitmq() {
  # The broker's own script: the test fixture runs it (through Debian's /usr/sbin wrapper when root).
  if [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
    echo "install-test-deps: rabbitmq-server already installed ($(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null || echo 'version unknown'))"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-test-deps: rabbitmq-server is not installed and installing it needs root: run this script as root, or 'sudo apt-get install rabbitmq-server'" >&2
    return 1
  fi
  command -v apt-get >/dev/null || { echo "install-test-deps: rabbitmq-server is missing and apt-get is not available; install RabbitMQ 3.10+ so that /usr/lib/rabbitmq/bin/rabbitmq-server exists" >&2; return 1; }
  echo "install-test-deps: installing rabbitmq-server with apt-get"
  local log="${TMPDIR:-/tmp}/install-test-deps-rabbitmq.log"
  # The package's post-install tries to start the system service; with no init system (containers, CI) that is refused
  # and harmless: the tests start their own broker.
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rabbitmq-server; } >"$log" 2>&1; then
    echo "install-test-deps: apt-get install rabbitmq-server failed; last lines of $log:" >&2
    tail -n 20 "$log" >&2
    return 1
  fi
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || { echo "install-test-deps: rabbitmq-server not found after install" >&2; return 1; }
  echo "install-test-deps: rabbitmq-server $(dpkg-query -W -f='${Version}' rabbitmq-server) installed"
}

status=0
install_azurite || status=1
install_rabbitmq || status=1
install_dashboard_packages || status=1
install_chromium || status=1
exit "$status"
