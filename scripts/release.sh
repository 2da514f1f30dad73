#!/usr/bin/env bash
# The release steps, one per subcommand, shared by .github/workflows/release.yml and the local
# end-to-end test against Verdaccio (test/integration/release.test.ts), so what CI runs is what
# was tested. Settings: REGISTRY (default the public npm registry), TAG (the git tag),
# RELEASE_DIR (where the tarball goes, default release/), PROVENANCE=1, REQUIRE_PROVENANCE=1.
set -euo pipefail
cd "$(dirname "$0")/.."
registry="${REGISTRY:-https://registry.npmjs.org}"
name=$(node -p "require('./package.json').name")
version=$(node -p "require('./package.json').version")
out="${RELEASE_DIR:-release}"
tarball="$out/$name-$version.tgz"

case "${1:-}" in
  check-tag)
    [ "${TAG#v}" = "$version" ] || { echo "release: tag ${TAG:-(none)} does not match package.json version $version" >&2; exit 1; } ;;
  pack)
    mkdir -p "$out"
    npm pack --pack-destination "$out" >/dev/null
    echo "release: packed $tarball" ;;
  publish)
    # Under a staging dist-tag: nobody installs it by default until it has been verified.
    npm publish "$tarball" --tag staging --registry "$registry" ${PROVENANCE:+--provenance} ;;
  verify)
    node dist/cli.js verify-release --package "$name" --version "$version" --tarball "$tarball" \
      --registry "$registry" --tag "${TAG:-v$version}" --timeout "${VERIFY_TIMEOUT:-300}" ${REQUIRE_PROVENANCE:+--require-provenance} ;;
  install-test)
    dir=$(mktemp -d)
    (cd "$dir" && npm init -y >/dev/null && npm install --no-audit --no-fund --registry "$registry" "$name@$version" >/dev/null \
      && ./node_modules/.bin/certwright --version | grep -qx "certwright $version") \
      || { echo "release: installing $name@$version from $registry and running its CLI failed" >&2; exit 1; }
    echo "release: $name@$version installs and runs" ;;
  promote)
    npm dist-tag add "$name@$version" latest --registry "$registry" ;;
  *)
    echo "usage: scripts/release.sh check-tag|pack|publish|verify|install-test|promote" >&2; exit 2 ;;
esac
