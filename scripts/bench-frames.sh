#!/usr/bin/env bash
# Map frame times with a million points, 200 000 parcels and 100 000 street segments in view:
# builds the release binary, generates the benchmark data if missing, then runs the scripted pan
# and zoom around Angers under Xvfb (software rendering) once per layer, and prints the app's
# lines `frames: N · median … · p95 … · max …` and `recolouring: …` (the time from a colour
# change of the layer, view held still, to the new image) for each.
#
#   scripts/bench-frames.sh                 # FRAMES=300, the three layers by default
#   LAYERS=points_100k.geojson scripts/bench-frames.sh
#   POINTS=points_100k.geojson scripts/bench-frames.sh   # the older name: one layer
#
# BENCH_DATA moves the data folder; installs xvfb with apt-get when missing (as root or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
target=${CARGO_TARGET_DIR:-$root/target}
data=${BENCH_DATA:-$target/bench-data}
frames=${FRAMES:-300}
layers=${LAYERS:-${POINTS:-points_1m.geojson parcels_200k.geojson streets_100k.geojson}}

if ! command -v xvfb-run >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends xvfb xauth
fi

cargo build --release --locked --bin territoire --example gen_bench_data
missing=0
for layer in $layers; do
  [ -s "$data/$layer" ] || missing=1
done
if [ "$missing" -eq 1 ]; then
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

echo "$(nproc) cores · $(lscpu | sed -n 's/^Model name: *//p' | head -1)" >&2
for layer in $layers; do
  echo "$layer"
  xvfb-run -a -s '-screen 0 1280x800x24' \
    "$target/release/territoire" "$data/$layer" --no-basemap --benchmark-frames "$frames" \
    2>/dev/null | grep -E '^(frames|layer rasters|recolouring):'
done
