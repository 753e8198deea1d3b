#!/usr/bin/env bash
# Map frame times with a million points in view: builds the release binary, generates the
# benchmark data if missing, then runs the scripted pan and zoom around Angers under Xvfb
# (software rendering) and prints the app's line `frames: N · median … · p95 … · max …`.
#
#   scripts/bench-frames.sh                 # FRAMES=300, POINTS=points_1m.geojson by default
#   POINTS=points_100k.geojson scripts/bench-frames.sh
#
# BENCH_DATA moves the data folder; installs xvfb with apt-get when missing (as root or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
target=${CARGO_TARGET_DIR:-$root/target}
data=${BENCH_DATA:-$target/bench-data}
frames=${FRAMES:-300}
points=${POINTS:-points_1m.geojson}

if ! command -v xvfb-run >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends xvfb xauth
fi

cargo build --release --locked --bin territoire --example gen_bench_data
if [ ! -s "$data/$points" ]; then
  # Written aside then moved, so that nobody reads a half-written file.
  mkdir -p "$(dirname "$data")"
  tmp=$(mktemp -d "$data.tmp.XXXXXX")
  "$target/release/examples/gen_bench_data" --out "$tmp"
  mkdir -p "$data"
  for file in "$tmp"/*; do
    [ -e "$data/$(basename "$file")" ] || mv "$file" "$data/"
  done
  rm -rf "$tmp"
fi

echo "$(nproc) cores · $(lscpu | sed -n 's/^Model name: *//p' | head -1) · $points" >&2
xvfb-run -a -s '-screen 0 1280x800x24' \
  "$target/release/territoire" "$data/$points" --no-basemap --benchmark-frames "$frames" \
  2>/dev/null | grep -E '^(frames|layer rasters):'
