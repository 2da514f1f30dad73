#!/usr/bin/env bash
# Time to a certificate against the local Pebble + BIND, certwright side by side with certbot
# and lego from Debian's packages. Usage: bash bench/bench.sh [names...] (default: 1 10 50).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
extra=()
command -v certbot >/dev/null 2>&1 && /usr/bin/python3 -c 'import certbot_dns_rfc2136' 2>/dev/null || extra+=(certbot python3-certbot-dns-rfc2136)
command -v lego >/dev/null 2>&1 || extra+=(lego)
if [ ${#extra[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${extra[@]}" >&2
fi
[ -f dist/cli.js ] || node scripts/build.mjs
exec node --import tsx bench/bench.ts "$@"
