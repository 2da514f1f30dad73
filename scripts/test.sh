#!/usr/bin/env bash
# The test command: sets everything up, checks types, generated files and dist/, then runs every
# unit and integration test (the integration tests start Pebble and BIND themselves).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

echo "== typecheck"
npx tsc --noEmit
echo "== generated files (action.yml, provider registry, README tables)"
npx tsx scripts/generate.ts --check
echo "== workflows and action files (action-validator)"
bash scripts/lint-workflows.sh
echo "== layering (dependency-cruiser, on Node 24: it needs >= 22)"
"$CERTWRIGHT_NODE24" node_modules/.bin/depcruise src --config .dependency-cruiser.cjs
echo "== dist/ matches src/"
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
node scripts/build.mjs --outdir "$fresh"
if ! diff -r dist "$fresh" >/dev/null; then
  diff -rq dist "$fresh" || true
  echo "dist/ is stale: run npm run build and commit dist/" >&2
  exit 1
fi

echo "== tests"
# Unit and integration tests, and each provider's own tests in its folder.
tests=(test/unit/*.test.ts test/integration/*.test.ts src/dns/providers/*/*.test.ts)
run=(node --import tsx --test --test-concurrency=2 "${tests[@]}")
# Inside a loopback-only network namespace a stray lookup fails at once instead of leaving the
# machine; where namespaces are not allowed, run as is (all test traffic is on 127.0.0.1).
if unshare -n true 2>/dev/null; then
  exec unshare -n -- bash -c 'ip link set lo up && exec "$@"' _ "${run[@]}"
fi
exec "${run[@]}"
