#!/usr/bin/env bash
# Installs, idempotently, every tool the build and the tests need that a fresh
# machine lacks: the wasm target, the pinned wasm-bindgen CLI and wasm-pack,
# Debian's Chromium for the browser tests, and the front end's npm packages.
# Each step is skipped when what it installs is already there.
#
# The downloads (Chromium, npm packages) run in the background while cargo
# compiles the wasm tools, so a fresh machine waits for the longer of the two,
# not their sum. cargo-fuzz is not installed here: scripts/fuzz.sh installs it
# the first time a fuzz run needs it (`make fuzz`, or `make test` where a
# nightly toolchain is present).
set -euo pipefail
cd "$(dirname "$0")/.."

pin() { sed -n "s/^$1 *= *\"\(.*\)\"/\1/p" wasm-pack.toml; }
log() { printf 'setup: %s\n' "$*" >&2; }

want_bindgen=$(pin wasm_bindgen_cli)
want_pack=$(pin wasm_pack)
export PATH="$HOME/.cargo/bin:$PATH"

install_chromium() {
  log "installing Debian's chromium"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq >/dev/null
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
}

need_chromium=0
if [ "${SKIP_BROWSER:-}" != 1 ] && ! command -v chromium >/dev/null 2>&1; then
  need_chromium=1
  # sudo that asks for a password asks now, in the foreground.
  if [ "$(id -u)" != 0 ] && ! sudo -n true 2>/dev/null; then
    install_chromium
    need_chromium=0
  fi
fi

# The downloads, in the background; their output is shown when they are done.
downloads() {
  if [ "$need_chromium" = 1 ]; then install_chromium; fi

  # True when every dependency of www/package.json is installed at the version
  # it pins (file times are no guide: a checkout is newer than any install).
  npm_current() {
    (cd www && node -e '
      const fs = require("fs");
      const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
      const want = { ...pkg.dependencies, ...pkg.devDependencies };
      for (const [name, version] of Object.entries(want)) {
        let have;
        try { have = JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, "utf8")).version; } catch { process.exit(1); }
        if (have !== version) process.exit(1);
      }') 2>/dev/null
  }

  if [ -f www/package.json ]; then
    if ! npm_current; then
      log "installing the front end's npm packages"
      # `npm ci` refuses lock files whose optional per-platform entries the
      # registry served here leaves without versions; `npm install` then
      # installs the same pinned versions.
      (cd www && { npm ci --no-audit --no-fund --loglevel=silent 2>/dev/null || npm install --no-audit --no-fund --loglevel=error; })
    fi
  fi
}
downloads_log=$(mktemp)
downloads >"$downloads_log" 2>&1 &
downloads_pid=$!
# On any exit, let an apt or npm install finish rather than leave it half done.
trap 'wait "$downloads_pid" 2>/dev/null; rm -f "$downloads_log"' EXIT

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $want_bindgen\$"; then
  log "installing wasm-bindgen-cli $want_bindgen (a few minutes)"
  cargo install --quiet --force wasm-bindgen-cli --version "$want_bindgen"
fi

if ! wasm-pack --version 2>/dev/null | grep -q " ${want_pack%.*}"; then
  log "installing wasm-pack ${want_pack%.*}.x (a few minutes)"
  cargo install --quiet --force wasm-pack --version "~${want_pack%.*}"
fi

if ! wait "$downloads_pid"; then
  cat "$downloads_log" >&2
  log "installing Chromium or the npm packages failed (output above)"
  exit 1
fi
cat "$downloads_log" >&2
log "tools ready"
