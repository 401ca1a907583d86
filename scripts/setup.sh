# Installs what Clientele needs to build, serve and test, and skips what is already there.
# Sourced by scripts/serve.sh and scripts/test.sh; safe to run again and again.
# Targets a Debian machine, run as root. Versions are pinned here and in Cargo.lock.

set -euo pipefail

CLIENTELE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
# The wasm-bindgen CLI must equal the library version in Cargo.lock, or Trunk tries a download.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$CLIENTELE_ROOT/Cargo.lock")"

# Build output lives outside the checkout: CI clones afresh, but a reused machine stays warm.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/clientele/target}"
export PATH="$CLIENTELE_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

log() { printf '\n==> %s\n' "$*"; }

apt_updated=""
apt_install() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  if [ -z "$apt_updated" ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    log "installing Rust with rustup"
    apt_install curl ca-certificates build-essential
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  fi
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_rust_lints() {
  rustup component list --installed | grep -q '^clippy' || rustup component add clippy
  rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
}

# cargo_tool BINARY VERSION CRATE [cargo install flags...]
cargo_tool() {
  local binary=$1 version=$2 crate=$3
  shift 3
  if command -v "$binary" >/dev/null 2>&1 && "$binary" --version 2>/dev/null | grep -qF "$version"; then
    return 0
  fi
  log "cargo install $crate $version (takes minutes, once per machine)"
  cargo install "$crate" --version "$version" "$@"
}

ensure_web_toolchain() {
  cargo_tool trunk "$TRUNK_VERSION" trunk --locked
  # Not --locked: one of its pinned dependencies is missing from the registry mirror.
  cargo_tool wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli
}

ensure_node_packages() {
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  # binaryen (wasm-opt 132) and playwright-core, as pinned in package-lock.json.
  if ! (cd "$CLIENTELE_ROOT" && npm ls --depth=0 >/dev/null 2>&1); then
    log "npm ci"
    (cd "$CLIENTELE_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_browsers() {
  apt_install chromium chromium-driver
}

# Debian's packages of the two libraries docs/FORMAT.md tells a stranger to use, and of the
# iCalendar parser that reads our .ics exports as a calendar app would.
ensure_format_check_tools() {
  apt_install python3 python3-argon2 python3-cryptography python3-icalendar
}

build_release() {
  log "trunk build --release"
  (cd "$CLIENTELE_ROOT" && trunk build --release)
}
