#!/usr/bin/env bash
# Prepares a fresh machine of the project's kind (Debian, Node 20 with npm, run as root) and installs
# the workspace. Safe to run again: each step is skipped when its result is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }
fail() { printf 'setup: FAILED: %s\n' "$*" >&2; exit 1; }

PNPM_VERSION=12.4.2
# Debian packages the tests need: Chromium (editor tests), Ceph's S3 gateway (S3 tests), zstd.
APT_PACKAGES=(chromium ceph-mon ceph-osd radosgw zstd)

command -v node >/dev/null || fail "node is not installed (Node 20 with npm is expected)"
command -v npm >/dev/null || fail "npm is not installed"

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  say "installing pnpm $PNPM_VERSION"
  npm i -g --silent "pnpm@$PNPM_VERSION" >/dev/null || fail "npm i -g pnpm@$PNPM_VERSION"
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

# pnpm does not pass nodedir to node-gyp; native modules (better-sqlite3) build against /usr's headers.
export npm_config_nodedir=/usr
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
say "ready"
