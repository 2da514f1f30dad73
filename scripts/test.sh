#!/usr/bin/env bash
# The test command: sets everything up, checks types, generated files and dist/, then runs every
# unit and integration test (the integration tests start Pebble and BIND themselves).
set -euo pipefail
cd "$(dirname "$0")/.."
# What only the tests need: Chromium (job summaries), Python build tools, twine and pip.
export CERTWRIGHT_SETUP_TESTS=1
source scripts/setup.sh

echo "== typecheck"
npx tsc --noEmit
echo "== format (prettier --check)"
npx prettier --check src test scripts bench
echo "== lint (eslint, type-checked rules; no product line over 120 columns)"
npx eslint --cache --cache-location .cache/eslint src test scripts bench
echo "== generated files (action.yml, provider registry, the README's and docs' generated sections)"
npx tsx scripts/generate.ts --check
echo "== relative links in README.md, CONTRIBUTING.md and docs/"
node --import tsx scripts/check-links.ts
echo "== workflows and action files (action-validator)"
bash scripts/lint-workflows.sh
echo "== layering (dependency-cruiser, on Node 24: it needs >= 22)"
"$CERTWRIGHT_NODE24" node_modules/.bin/depcruise src --config .dependency-cruiser.cjs
# Every temporary file of this run (the build below, the tests' output folders, keys and servers' files) in one
# folder, removed at the end however the run ends: a test that fails half-way leaves nothing in /tmp.
run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/certwright-tests-XXXXXX")
trap 'rm -rf "$run_tmp"' EXIT
export TMPDIR="$run_tmp"

echo "== dist/ matches src/"
fresh=$(mktemp -d)
node scripts/build.mjs --outdir "$fresh"
if ! diff -r dist "$fresh" >/dev/null; then
  diff -rq dist "$fresh" || true
  echo "dist/ is stale: run npm run build and commit dist/" >&2
  exit 1
fi

# Unit and integration tests, the fake-API kit's tests, and each provider's and store's own tests in its testing/ folder.
tests=(test/unit/*.test.ts test/integration/*.test.ts src/testing/*.test.ts src/dns/providers/*/testing/*.test.ts src/store/*/testing/*.test.ts src/deploy/*/testing/*.test.ts)
# The tests that run the Action's bundles (dist/main.js, dist/post.js) on CERTWRIGHT_ACTION_NODE,
# this Node in the first run; the second runs them on Node 24, what action.yml runs. The provider
# tests run their Action scenarios on Node 24 already.
action_tests=(test/integration/action.test.ts test/integration/action-report.test.ts src/store/secret/testing/secret-store.test.ts test/integration/npm-release.test.ts test/integration/pypi-release.test.ts)
# Both runs, even when the first fails; fails if either did.
run_tests() {
  local failed=0
  echo "== tests"
  node --import tsx --test --test-concurrency=2 "${tests[@]}" || failed=1
  echo "== Action tests with the bundles on Node 24 ($CERTWRIGHT_NODE24)"
  CERTWRIGHT_ACTION_NODE="$CERTWRIGHT_NODE24" node --import tsx --test --test-concurrency=2 "${action_tests[@]}" || failed=1
  return "$failed"
}
# Inside a loopback-only network namespace a stray lookup fails at once instead of leaving the
# machine; where namespaces are not allowed, run as is (all test traffic is on 127.0.0.1).
# (Not exec: the trap above removes the run's folder afterwards.)
if unshare -n true 2>/dev/null; then
  unshare -n -- bash -c "$(declare -p tests action_tests); $(declare -f run_tests); ip link set lo up && run_tests"
else
  run_tests
fi
