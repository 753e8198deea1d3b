#!/usr/bin/env bash
# The whole test suite: formatting, lints, unit/integration/UI tests, then checks of the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"

cargo fmt --all -- --check
cargo clippy --locked --all-targets -- -D warnings
cargo test --locked --all-targets

cargo build --release --locked
scripts/check-release.sh target/release/territoire
