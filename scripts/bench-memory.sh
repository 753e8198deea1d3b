#!/usr/bin/env bash
# Peak memory of the window with a layer: runs the scripted pan and zoom of `--benchmark-frames`
# under Xvfb (software rendering, 1280 × 800) and samples the process every 5 ms, printing for
# each run the peak private memory (anonymous pages: what the program allocated, the figure a
# Windows task manager shows) and the peak resident memory (with the mapped code: the binary,
# the software OpenGL driver), against the file's size. First a window with no layer.
#
#   scripts/bench-memory.sh                          # parcels_200k.geojson, 3 runs, 100 frames
#   RUNS=5 FRAMES=300 scripts/bench-memory.sh points_1m.geojson
#
# Expects the release binary and the benchmark data of scripts/bench-frames.sh (BENCH_DATA moves
# the data folder). Linux only (reads /proc).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$PWD/target}
data=${BENCH_DATA:-$target/bench-data}
layer=${1:-parcels_200k.geojson}
runs=${RUNS:-3}
frames=${FRAMES:-100}
bin="$target/release/territoire"
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 1; }

# One run: prints "PRIVATE_KIB RESIDENT_KIB" at the peaks.
measure() {
  local pidfile
  pidfile=$(mktemp)
  xvfb-run -a -s '-screen 0 1280x800x24' \
    sh -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$bin" "$@" \
    --no-basemap --benchmark-frames "$frames" >/dev/null 2>&1 &
  local runner=$! pid="" private=0 resident=0 a r
  while [ -z "$pid" ] && kill -0 "$runner" 2>/dev/null; do
    pid=$(cat "$pidfile" 2>/dev/null || true)
    sleep 0.005
  done
  while [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; do
    read -r a r < <(awk '/^RssAnon/ {a=$2} /^VmRSS/ {r=$2} END {print a+0, r+0}' \
      "/proc/$pid/status" 2>/dev/null || echo "0 0")
    [ "$a" -gt "$private" ] && private=$a
    [ "$r" -gt "$resident" ] && resident=$r
    sleep 0.005
  done
  wait "$runner" || true
  rm -f "$pidfile"
  echo "$private $resident"
}

mib() { awk -v k="$1" 'BEGIN {printf "%.1f MiB", k / 1024}'; }

read -r empty_private empty_resident < <(measure --no-demo)
echo "no layer: peak private $(mib "$empty_private") · peak resident $(mib "$empty_resident")"
size=$(stat -c %s "$data/$layer")
echo "$layer: $(awk -v b="$size" 'BEGIN {printf "%.1f MB", b / 1e6}')"
for _ in $(seq "$runs"); do
  read -r private resident < <(measure "$data/$layer")
  awk -v p="$private" -v r="$resident" -v e="$empty_resident" -v b="$size" 'BEGIN {
    printf "peak private %.1f MiB (%.2f × the file) · peak resident %.1f MiB · layer %.1f MiB over the empty window (%.2f × the file)\n",
      p / 1024, p * 1024 / b, r / 1024, (r - e) / 1024, (r - e) * 1024 / b
  }'
done
