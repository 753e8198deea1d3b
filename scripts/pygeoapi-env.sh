#!/usr/bin/env bash
# Makes (once) the Python virtual environment with pygeoapi that the OGC API tests serve data from.
# Usage: scripts/pygeoapi-env.sh DIR — DIR/bin/pygeoapi exists afterwards; reruns do nothing.
set -euo pipefail
dir="${1:?usage: pygeoapi-env.sh DIR}"
version="0.21.0"
mkdir -p "$(dirname "$dir")"
exec 9>"$dir.lock"
flock 9
if [ -x "$dir/bin/pygeoapi" ] && [ -f "$dir/.version-$version" ]; then
  exit 0
fi
rm -rf "$dir"
python3 -m venv "$dir"
"$dir/bin/pip" install --quiet --disable-pip-version-check "pygeoapi==$version"
touch "$dir/.version-$version"
