#!/usr/bin/env bash
# The benchmark: builds the release, generates a deterministic synthetic book (10,000 clients,
# 100,000 visits, 30,000 interactions; --small: 500 clients) and drives the real app in
# headless Chromium. Prints a Markdown table; writes JSON to $CARGO_TARGET_DIR/bench/.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

clients=10000
runs=5
if [ "${1:-}" = "--small" ]; then
  clients=500
  runs=2
fi

ensure_rust
ensure_browsers
ensure_node_packages
ensure_web_toolchain
build_release

data="$CARGO_TARGET_DIR/bench/data-$clients"
log "generating the synthetic book ($clients clients)"
(cd "$CLIENTELE_ROOT" && cargo run --quiet --release --example bench_book -- --clients "$clients" --out "$data")

log "measuring in headless Chromium"
node "$CLIENTELE_ROOT/tests/bench/bench.mjs" --data "$data" --out "$CARGO_TARGET_DIR/bench/results-$clients.json" --runs "$runs"
