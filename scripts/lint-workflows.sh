#!/usr/bin/env bash
# Lints the workflows and both action.yml files with action-validator (from npm, a WASM build).
# Its schema (0.6) predates `runs.using: node24`, so action files are checked with node24
# read as node20; everything else in them is checked as written.
set -euo pipefail
cd "$(dirname "$0")/.."
validator=node_modules/.bin/action-validator
status=0
for workflow in .github/workflows/*.yml; do
  "$validator" "$workflow" >/dev/null || { echo "lint: $workflow is not a valid workflow:"; "$validator" "$workflow" | head -40; status=1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for action in action.yml verify-release/action.yml; do
  grep -q '^  using: node24$' "$action" || { echo "lint: $action must run on node24"; status=1; }
  sed 's/^  using: node24$/  using: node20/' "$action" > "$tmp/action.yml"
  "$validator" "$tmp/action.yml" >/dev/null || { echo "lint: $action is not a valid action:"; "$validator" "$tmp/action.yml" | head -40; status=1; }
done
exit $status
