#!/usr/bin/env bash
# Makes (once) the Python virtual environment with pygeoapi that the OGC API tests serve data from.
# Usage: scripts/pygeoapi-env.sh DIR — DIR/bin/pygeoapi exists afterwards; reruns do nothing.
# Besides pygeoapi: what its PostgreSQL provider imports (a collection of the tests filters there).
set -euo pipefail
dir="${1:?usage: pygeoapi-env.sh DIR}"
version="0.21.0"
provider_packages=(
  "psycopg2-binary==2.9.13"
  "GeoAlchemy2==0.21.0"
  "SQLAlchemy==2.1.9"
  "pygeofilter==0.4.0"
)
stamp="$version-postgresql"
mkdir -p "$(dirname "$dir")"
exec 9>"$dir.lock"
flock 9
if [ -x "$dir/bin/pygeoapi" ] && [ -f "$dir/.version-$stamp" ]; then
  exit 0
fi
rm -rf "$dir"
python3 -m venv "$dir"
"$dir/bin/pip" install --quiet --disable-pip-version-check "pygeoapi==$version" \
  "${provider_packages[@]}"
touch "$dir/.version-$stamp"
