#!/usr/bin/env bash
# Lints the workflows, the workflows shown in README.md and docs/*.md, and the action.yml files with action-validator
# (from npm, a WASM build), then checks what it cannot know (scripts/check-workflows.ts): the
# inputs of every step that uses these actions against their action.yml, `permissions:` on every
# workflow, a non-cancelling `concurrency:` group wherever the state is written, and no action
# major that runs on Node 20.
# Its schema (0.6) predates `runs.using: node24` and the `attestations` permission, so action
# files are checked with node24 read as node20, and workflows without their `attestations:`
# permission lines (check-workflows.ts checks those values); everything else as written.
set -euo pipefail
cd "$(dirname "$0")/.."
validator=node_modules/.bin/action-validator
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# validate FILE LABEL: action-validator's errors (on stderr) are shown, at most 40 lines.
validate() {
  local out
  out=$("$validator" "$1" 2>&1) || { echo "lint: $2 is not valid:"; head -40 <<<"$out"; status=1; }
}

for workflow in .github/workflows/*.yml; do
  grep -v '^ *attestations: ' "$workflow" > "$tmp/workflow.yml"
  validate "$tmp/workflow.yml" "$workflow"
done

for action in action.yml verify-release/action.yml release-step/action.yml; do
  grep -q '^  using: node24$' "$action" || { echo "lint: $action must run on node24"; status=1; }
  sed 's/^  using: node24$/  using: node20/' "$action" > "$tmp/action.yml"
  validate "$tmp/action.yml" "$action"
done

# README.md and docs/*.md: every ```yaml block with `on:` and `jobs:` is extracted as
# <file>-<line>.yml (the docs' file names are unique), so every workflow shown is linted.
node --import tsx scripts/check-workflows.ts --extract "$tmp/readme" README.md docs/*.md .github/workflows/*.yml || status=1
for workflow in "$tmp"/readme/*.yml; do
  [ -e "$workflow" ] || continue
  label=$(basename "$workflow" .yml)
  grep -v '^ *attestations: ' "$workflow" > "$tmp/workflow.yml"
  validate "$tmp/workflow.yml" "the workflow at ${label%-*}:${label##*-}"
done
exit $status
