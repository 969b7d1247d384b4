#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: installs what the tests need, builds, runs
# `dotnet test` on the solution and prints one summary line computed from the TRX results:
#   N passed, N failed, N skipped
# Exit code: dotnet test's (non-zero when a test failed or the build broke).
set -uo pipefail
cd "$(dirname "$0")/.."

results="${TEST_RESULTS_DIR:-$PWD/artifacts/test-results}"
rm -rf "$results"
mkdir -p "$results"

# Services some integration tests start as local processes are installed here as they are added
# (see scripts/install-test-deps.sh); it is a no-op when nothing is needed.
if [ -x scripts/install-test-deps.sh ]; then
  scripts/install-test-deps.sh || { echo "installing test dependencies failed"; exit 1; }
fi

status=0
# The solution build includes tools/SuperGnosis.Bicep: `bicep build` and `bicep lint` of infra/ (Bicep CLI from NuGet,
# offline); any Bicep warning or error fails the build here. tests/SuperGnosis.Infra.Tests then checks the template.
dotnet build SuperGnosis.sln -c Release || status=$?
if [ "$status" -eq 0 ]; then
  # One run per test project, each writing its own TRX file (names cannot collide).
  for project in tests/*/*.csproj; do
    name=$(basename "$project" .csproj)
    dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=$?
  done
fi

passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  x=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${t:-0} - ${x:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host broke before results were written: count that as a failure.
  failed=1
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
