#!/usr/bin/env bash
# Sets up what is missing, builds the release and serves the app on http://127.0.0.1:8080/.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

ensure_rust
ensure_node_packages
ensure_web_toolchain

cd "$CLIENTELE_ROOT"
log "serving Clientele on http://127.0.0.1:8080/ (Ctrl-C stops)"
exec trunk serve --release --no-autoreload --address 127.0.0.1 --port 8080
