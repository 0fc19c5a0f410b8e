#!/usr/bin/env bash
# Installs what the extension's end-to-end test needs, into .e2e-cache/ (gitignored):
# code-server 4.100.3 (VS Code 1.100.3, the newest that runs on Node 20) and playwright-core,
# driving Debian's chromium. Kept out of package.json on purpose: code-server is ~300 MB and
# builds native modules that need Debian headers, which would slow every `npm ci`.
# Idempotent: a second run with everything in place only checks and exits.
# See docs/extension.md (Tests).
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.100.3
CACHE="$PWD/.e2e-cache"
APT_PACKAGES=(chromium libkrb5-dev build-essential pkg-config ripgrep)
# @vscode/ripgrep's postinstall downloads rg from GitHub; it first looks in this cache.
RG_CACHE_NAME=vscode-ripgrep-cache-1.15.11
RG_TARBALL=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

log() { printf 'e2e-setup: %s\n' "$*"; }
started=$(date +%s)

installed_version() {
  node -e 'try { console.log(require(process.argv[1]).version) } catch { }' "$1" 2>/dev/null || true
}

missing_apt=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing_apt+=("$p")
done

cs_version=$(installed_version "$CACHE/node_modules/code-server/package.json")
pw_version=$(installed_version "$CACHE/node_modules/playwright-core/package.json")
if [ ${#missing_apt[@]} -eq 0 ] && [ "$cs_version" = "$CODE_SERVER_VERSION" ] && [ -n "$pw_version" ] \
   && [ -x "$CACHE/node_modules/.bin/code-server" ] && [ -f "$CACHE/.complete" ]; then
  log "already set up (code-server $cs_version, playwright-core $pw_version, chromium at $(command -v chromium))"
  exit 0
fi

if [ ${#missing_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "missing Debian packages: ${missing_apt[*]}"
    log "install them as root: apt-get install -y --no-install-recommends ${missing_apt[*]}"
    exit 1
  fi
  log "installing Debian packages: ${missing_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing_apt[@]}" >/dev/null
fi

mkdir -p "$CACHE/tmp"
rm -f "$CACHE/.complete"
# A package.json of its own, so npm treats the cache as a separate project and never walks
# up to the repository's package.json.
if [ ! -f "$CACHE/package.json" ]; then
  printf '{ "name": "thespian-director-e2e-cache", "private": true }\n' > "$CACHE/package.json"
fi

# Seed ripgrep's download cache with Debian's rg, in a TMPDIR private to this install.
export TMPDIR="$CACHE/tmp"
rg_dir="$TMPDIR/$RG_CACHE_NAME"
if [ ! -f "$rg_dir/$RG_TARBALL" ]; then
  log "seeding ripgrep cache from Debian's rg"
  mkdir -p "$rg_dir"
  rg_bin=$(command -v rg)
  staging=$(mktemp -d "$TMPDIR/rg.XXXXXX")
  cp "$rg_bin" "$staging/rg"
  tar czf "$rg_dir/$RG_TARBALL" -C "$staging" rg
  rm -rf "$staging"
fi

# code-server's postinstall refuses root without unsafe_perm; node-pty's runs `npx node-gyp`.
export npm_config_unsafe_perm=true
export npm_config_yes=true
export npm_config_fund=false
export npm_config_audit=false
export npm_config_update_notifier=false

if [ "$cs_version" != "$CODE_SERVER_VERSION" ] || [ -z "$pw_version" ]; then
  log "installing code-server@$CODE_SERVER_VERSION and playwright-core into $CACHE (native builds: a few minutes)"
  npm install --prefix "$CACHE" --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" playwright-core
fi

# Prove it runs before declaring the cache complete.
"$CACHE/node_modules/.bin/code-server" --version >/dev/null
touch "$CACHE/.complete"
log "done in $(( $(date +%s) - started )) s: code-server $(installed_version "$CACHE/node_modules/code-server/package.json"), playwright-core $(installed_version "$CACHE/node_modules/playwright-core/package.json")"
