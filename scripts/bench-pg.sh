#!/usr/bin/env bash
# A PostgreSQL + PostGIS cluster for the benchmarks, made once under target/bench-pg (initdb, run
# as `postgres` when root, on 127.0.0.1:$BENCH_PG_PORT) and filled with a fixed-seed territory:
#   zones       50 zones tiling the box around Angers (Voronoi cells of 50 seeds)
#   points_10m  10 million points with a few attributes, stored in spatial order, GiST index
#   points_1m   1 million of the same
#
#   scripts/bench-pg.sh start   # starts it (making and filling it the first time); prints nothing
#   scripts/bench-pg.sh url T   # the postgresql:// address of table T
#   scripts/bench-pg.sh stop
#
# Installs postgresql-15 and postgresql-15-postgis-3 (apt) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$PWD/target}
dir=$target/bench-pg
port=${BENCH_PG_PORT:-55432}
bin=/usr/lib/postgresql/15/bin

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install() {
  [ -x "$bin/postgres" ] && [ -d /usr/share/postgresql/15/extension ] \
    && ls /usr/share/postgresql/15/extension/postgis.control >/dev/null 2>&1 && return
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    postgresql-15 postgresql-15-postgis-3
}

psql_bench() {
  as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d bench -v ON_ERROR_STOP=1 -q "$@"
}

fill() {
  echo "filling the bench database (once; a few minutes)…" >&2
  psql_bench >/dev/null <<'SQL'
CREATE EXTENSION IF NOT EXISTS postgis;
SELECT setseed(0.42);
CREATE TABLE zones AS
WITH seeds AS (
  SELECT ST_Collect(ST_SetSRID(ST_MakePoint(-0.70 + random() * 0.40, 47.38 + random() * 0.24), 4326)) AS g
  FROM generate_series(1, 50)
), box AS (SELECT ST_MakeEnvelope(-0.70, 47.38, -0.30, 47.62, 4326) AS b)
SELECT (row_number() OVER ())::int AS id, 'Zone ' || row_number() OVER () AS nom,
       ST_Multi(ST_Intersection((d).geom, box.b))::geometry(MultiPolygon, 4326) AS geom
FROM (SELECT ST_Dump(ST_VoronoiPolygons(g, 0, (SELECT b FROM box))) AS d FROM seeds) AS v, box;
CREATE INDEX ON zones USING gist (geom);
SELECT setseed(0.43);
CREATE TABLE points_10m AS
SELECT (row_number() OVER ())::int AS id, p.menages, p.surface, p.nature, p.geom
FROM (
  SELECT (random() * 6)::int AS menages, round((random() * 300)::numeric, 1)::float8 AS surface,
         (ARRAY['maison', 'appartement', 'local'])[1 + (i % 3)] AS nature,
         ST_SetSRID(ST_MakePoint(-0.70 + random() * 0.40, 47.38 + random() * 0.24), 4326)::geometry(Point, 4326) AS geom
  FROM generate_series(1, 10000000) AS i
) AS p
ORDER BY ST_GeoHash(p.geom, 8);
ALTER TABLE points_10m ADD PRIMARY KEY (id);
CREATE INDEX ON points_10m USING gist (geom);
CREATE TABLE points_1m AS SELECT * FROM points_10m WHERE id % 10 = 0;
ALTER TABLE points_1m ADD PRIMARY KEY (id);
CREATE INDEX ON points_1m USING gist (geom);
VACUUM ANALYZE;
SQL
  touch "$dir/filled"
}

start() {
  install
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    rm -rf "$dir"
    mkdir -p "$dir/data"
    [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w start -o \
      "-h 127.0.0.1 -p $port -k $dir -c shared_buffers=2GB -c work_mem=64MB -c jit=off \
       -c max_parallel_workers_per_gather=2 -c random_page_cost=1.1 -c fsync=off" >/dev/null
  fi
  if [ ! -f "$dir/filled" ]; then
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres bench 2>/dev/null || true
    fill
  fi
}

case "${1:-}" in
  start) start ;;
  url) echo "postgresql://postgres@127.0.0.1:$port/bench?table=$2&sslmode=disable" ;;
  stop) as_owner "$bin/pg_ctl" -D "$dir/data" -w stop >/dev/null 2>&1 || true ;;
  *) echo "usage: scripts/bench-pg.sh start | url TABLE | stop" >&2; exit 2 ;;
esac
