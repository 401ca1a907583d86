#!/usr/bin/env bash
# Sets up what is missing and runs every check: formatting, clippy, native tests, the format
# spec check, wasm tests in headless Chromium, end-to-end tests against a release build, and
# the benchmark at small scale.
# Stops at the first failure with a non-zero exit.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

ensure_rust
ensure_rust_lints
ensure_browsers
ensure_format_check_tools
ensure_node_packages
ensure_web_toolchain

cd "$CLIENTELE_ROOT"

log "cargo fmt --check"
cargo fmt --check

log "cargo clippy (native and wasm32, the app and the kdf-worker crate)"
cargo clippy --workspace --all-targets -- -D warnings
# --all-features: the worker's entry point is behind kdf-worker's `worker` feature.
cargo clippy --workspace --target wasm32-unknown-unknown --all-targets --all-features -- -D warnings

log "native tests"
cargo test

log "format spec: a stranger's decryptors (Python, argon2-cffi + cryptography) open the frozen vectors"
/usr/bin/python3 docs/decrypt_vault_v1.py tests/vectors/vault-v1.txt
/usr/bin/python3 docs/decrypt_vault_v2.py tests/vectors/vault-v2.txt >/dev/null
/usr/bin/python3 docs/decrypt_backup_v1.py tests/vectors/backup-v1.clbk "correct horse battery staple" >/dev/null

# The native tests (export::ics) write each fixture byte for byte; another parser reads them.
log ".ics export: Python icalendar parses the fixtures, lines at most 75 octets"
/usr/bin/python3 tests/ics/parse_ics.py tests/fixtures/ics/*.ics >/dev/null

log "wasm tests in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test kdf_worker

build_release

log "end-to-end tests (Playwright, Debian's Chromium)"
node --test --test-concurrency=1 --test-timeout=180000 tests/e2e/

log "benchmark, small (proves it runs; timings do not fail the build)"
bash "$CLIENTELE_ROOT/scripts/bench.sh" --small

log "all test tiers passed"
