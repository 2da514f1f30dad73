#!/usr/bin/env bash
# The main job on its local default: sets everything up, starts Pebble and BIND on loopback,
# issues a certificate for a wildcard and a few names over RFC 2136 with the real CLI
# (dist/cli.js), prints it, and stops the servers.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
exec node --import tsx scripts/demo.ts "$@"
