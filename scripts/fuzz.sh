#!/usr/bin/env bash
# A longer mutation-fuzzing run of every parser (default 600 s; the test suite runs 60 s):
#   scripts/fuzz.sh [SECONDS]
# A crashing input is kept in a temporary folder whose path the failure prints.
set -euo pipefail
cd "$(dirname "$0")/.."
TERRITOIRE_FUZZ_SECONDS="${1:-600}" cargo test --release --test data fuzz -- --nocapture
