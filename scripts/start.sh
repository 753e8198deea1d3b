#!/usr/bin/env bash
# Quick start: installs what is missing, builds Territoire and opens it on the bundled demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo run --release --locked -- "$@"
