#!/usr/bin/env bash
# Territoire against geopandas (and GDAL's ogr2ogr for reference) on a million address points
# (files, and a PostGIS table: set POSTGIS=0 to leave the database out):
# each workload runs Territoire and its peer alternately, whole processes, then prints a Markdown
# table of median wall times, ratios, median CPU times (user + system) and peak memory (maximum
# resident set size). On a shared machine the CPU times move less than the wall times.
#
#   scripts/bench-vs-peers.sh            # RUNS=3 by default; BENCH_DATA, PEERS_VENV to move things
#
# Installs what is missing: `time` and `gdal-bin` (apt), a Python virtual environment with
# geopandas, pyogrio, shapely and pyproj (pip); builds `territoire` and the data if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
target=${CARGO_TARGET_DIR:-$root/target}
data=${BENCH_DATA:-$target/bench-data}
venv=${PEERS_VENV:-$target/peers-venv}
runs=${RUNS:-3}
results=$target/bench-results
mkdir -p "$results"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ -z "${apt_updated:-}" ]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}

install_peers() {
  [ -x /usr/bin/time ] || apt_install time
  command -v ogr2ogr >/dev/null || apt_install gdal-bin || echo "no ogr2ogr: its rows are left out"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" || { apt_install python3-venv && python3 -m venv "$venv"; }
  fi
  if ! "$venv/bin/python" -c "import geopandas, pyogrio, shapely, pyproj" 2>/dev/null; then
    "$venv/bin/pip" install -q geopandas pyogrio shapely pyproj
  fi
}

build_and_generate() {
  cargo build --release --locked --bin territoire --example gen_bench_data
  local file
  for file in points_1m.geojson points_100k.geojson points_1m_l93.shp points_1m_l93.dbf \
    zones.geojson green_l93.geojson; do
    if [ ! -s "$data/$file" ]; then
      "$target/release/examples/gen_bench_data" --out "$data"
      break
    fi
  done
}

# One timed run: `measure KEY TOOL command…` appends "wall_s peak_kB user_s system_s" to $results/KEY.TOOL.runs.
measure() {
  local key=$1 tool=$2
  shift 2
  if ! /usr/bin/time -f "%e %M %U %S" -o "$results/$key.$tool.time" "$@" \
    >"$results/$key.$tool.out" 2>"$results/$key.$tool.err"; then
    echo "FAILED: $*" >&2
    tail -5 "$results/$key.$tool.err" >&2
    exit 1
  fi
  tail -1 "$results/$key.$tool.time" >>"$results/$key.$tool.runs"
}

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

rows=()
notes=()

# `workload KEY "label" "peer label" COMPARE`, with the commands in the arrays `ours` and `peer`.
workload() {
  local key=$1 label=$2 peer_label=$3 compare=$4 i
  rm -f "$results/$key".*.runs
  echo "== $label ($runs runs each, alternated)" >&2
  for ((i = 1; i <= runs; i++)); do
    measure "$key" territoire "${ours[@]}"
    measure "$key" peer "${peer[@]}"
  done
  local t p t_cpu p_cpu t_mb p_mb
  t=$(cut -d' ' -f1 "$results/$key.territoire.runs" | median)
  p=$(cut -d' ' -f1 "$results/$key.peer.runs" | median)
  t_cpu=$(awk '{print $3 + $4}' "$results/$key.territoire.runs" | median)
  p_cpu=$(awk '{print $3 + $4}' "$results/$key.peer.runs" | median)
  t_mb=$(cut -d' ' -f2 "$results/$key.territoire.runs" | sort -n | tail -1)
  p_mb=$(cut -d' ' -f2 "$results/$key.peer.runs" | sort -n | tail -1)
  rows+=("$(awk -v l="$label" -v pl="$peer_label" -v t="$t" -v p="$p" -v tc="$t_cpu" -v pc="$p_cpu" \
    -v tm="$t_mb" -v pm="$p_mb" 'BEGIN {
      printf "| %s | %s | %.2f | %.2f | %.0f %% | %.2f | %.2f | %.0f %% | %.0f | %.0f |",
        l, pl, t, p, 100 * t / p, tc, pc, 100 * tc / pc, tm / 1024, pm / 1024}')")
  notes+=("$label: territoire $(cut -d' ' -f1 "$results/$key.territoire.runs" | tr '\n' ' ')s; peer $(cut -d' ' -f1 "$results/$key.peer.runs" | tr '\n' ' ')s")
  if [ "$compare" = yes ]; then
    notes+=("$label: $("$venv/bin/python" scripts/peers/compare.py \
      "$results/$key.territoire.out" "$results/$key.peer.out")")
  fi
}

install_peers
build_and_generate
bin=$target/release/territoire
py=$venv/bin/python
# Warm the page cache once, so that no tool pays for the first read of a file.
cat "$data"/* >/dev/null

ours=("$bin" info "$data/points_1m.geojson" --json)
peer=("$py" scripts/peers/read_geojson.py "$data/points_1m.geojson")
workload info_geojson "info, 1M points GeoJSON" "geopandas read_file" yes

# The same million points as GDAL writes them in GeoPackage and FlatGeobuf (made once).
if [ ! -s "$data/points_1m.gpkg" ] || [ ! -s "$data/points_1m.fgb" ]; then
  "$py" scripts/peers/convert.py "$data/points_1m.geojson" "$data/points_1m.gpkg" "$data/points_1m.fgb"
fi
cat "$data"/points_1m.gpkg "$data"/points_1m.fgb >/dev/null

ours=("$bin" info "$data/points_1m.gpkg" --json)
peer=("$py" scripts/peers/read_geojson.py "$data/points_1m.gpkg")
workload info_gpkg "info, 1M points GeoPackage" "geopandas read_file" yes

ours=("$bin" info "$data/points_1m.fgb" --json)
peer=("$py" scripts/peers/read_geojson.py "$data/points_1m.fgb")
workload info_fgb "info, 1M points FlatGeobuf" "geopandas read_file" yes

ours=("$bin" info "$data/points_1m_l93.shp" --json)
peer=("$py" scripts/peers/read_to_wgs84.py "$data/points_1m_l93.shp")
workload info_shp "info, 1M points shapefile L93 → WGS84" "read_file + to_crs(4326)" yes

ours=("$bin" zones --zones "$data/zones.geojson" --count "$data/points_1m.geojson" --json)
peer=("$py" scripts/peers/zones_count.py "$data/zones.geojson" "$data/points_1m.geojson")
workload zones "zones: 1M points in 50 zones" "read ×2 + sjoin(within) + groupby" yes

ours=("$bin" zones --zones "$data/zones.geojson" --count "$data/points_1m.geojson"
  --near "$data/green_l93.geojson" --distance 300 --json)
peer=("$py" scripts/peers/zones_near.py "$data/zones.geojson" "$data/points_1m.geojson"
  "$data/green_l93.geojson" 300)
workload zones_near "zones + share within 300 m of 200 green spaces" \
  "read ×3 + to_crs(2154) + sjoin(dwithin)" yes

# A PostGIS table of 10 million points and 50 zones (scripts/bench-pg.sh makes the cluster once):
# zone counts computed in the database; a million rows loaded into a dataset.
if [ "${POSTGIS:-1}" = 1 ]; then
  scripts/bench-pg.sh start
  if ! "$venv/bin/python" -c "import psycopg2, sqlalchemy" 2>/dev/null; then
    "$venv/bin/pip" install -q psycopg2-binary sqlalchemy
  fi
  pg=$(scripts/bench-pg.sh url points_1m)
  pg_base=${pg%%\?*}
  ours=("$bin" info "$pg" --json)
  peer=("$py" scripts/peers/read_postgis.py "$pg_base" points_1m)
  workload pg_load "info, 1M rows of a PostGIS table" "geopandas read_postgis" yes
  if command -v ogr2ogr >/dev/null; then
    peer=(ogr2ogr -f GeoJSONSeq /dev/null "PG:host=127.0.0.1 port=${BENCH_PG_PORT:-55432} user=postgres dbname=bench" points_1m)
    workload pg_ogr "info, 1M rows of a PostGIS table" "ogr2ogr → GeoJSONSeq" no
  fi
  rm -f "$results"/pg_zones.*.runs
  for ((i = 1; i <= runs; i++)); do
    measure pg_zones territoire "$bin" zones --zones "$(scripts/bench-pg.sh url zones)" \
      --count "$(scripts/bench-pg.sh url points_10m)" --json
  done
  notes+=("zones in PostGIS, 10M points in 50 zones: $(cut -d' ' -f1 "$results/pg_zones.territoire.runs" | tr '\n' ' ')s (median $(cut -d' ' -f1 "$results/pg_zones.territoire.runs" | median) s; target ≤ 3 s)")
fi

if command -v ogr2ogr >/dev/null; then
  ours=("$bin" info "$data/points_1m.geojson" --json)
  peer=(ogr2ogr -f GeoJSONSeq /dev/null "$data/points_1m.geojson")
  workload ogr_geojson "info, 1M points GeoJSON" "ogr2ogr → GeoJSONSeq (reference)" no
  ours=("$bin" info "$data/points_1m_l93.shp" --json)
  peer=(ogr2ogr -f GeoJSONSeq -t_srs EPSG:4326 /dev/null "$data/points_1m_l93.shp")
  workload ogr_shp "info, 1M points shapefile L93 → WGS84" "ogr2ogr -t_srs EPSG:4326 → GeoJSONSeq (reference)" no
fi

echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), \
$(free -g | awk '/^Mem:/ {print $2}') GiB; load average before the run: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Peers: $("$py" -c 'import geopandas, pyogrio, shapely, pyproj; print(f"geopandas {geopandas.__version__}, pyogrio {pyogrio.__version__} (GDAL {pyogrio.__gdal_version_string__}), shapely {shapely.__version__}, pyproj {pyproj.__version__}")')"
echo
echo "| Workload | Peer | Territoire (s) | Peer (s) | Territoire / peer | Territoire CPU (s) | Peer CPU (s) | CPU ratio | Territoire peak (MB) | Peer peak (MB) |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "Medians of $runs runs (wall clock, and CPU = user + system); peak memory is the largest maximum resident set size of the runs."
printf -- '- %s\n' "${notes[@]}"
