# Sourced by demo.sh, test.sh and bench.sh: installs what a fresh machine with only Node and
# npm lacks (Pebble, BIND, nsupdate/dig from Debian; node_modules from the lock file).
missing=()
command -v pebble >/dev/null 2>&1 || missing+=(pebble)
{ [ -x /usr/sbin/named ] || command -v named >/dev/null 2>&1; } || missing+=(bind9)
command -v nsupdate >/dev/null 2>&1 || missing+=(bind9-dnsutils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} from Debian's packages" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
