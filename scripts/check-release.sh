#!/usr/bin/env bash
# Checks the release binary as a user gets it: size, proj.db found without the build tree, a real window screenshot.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(readlink -f "${1:-target/release/territoire}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

size_mb=$(( $(stat -c %s "$bin") / 1024 / 1024 ))
echo "release binary: ${size_mb} MB"
if [ "$size_mb" -ge 60 ]; then
  echo "FAIL: the release binary is ${size_mb} MB (limit 60 MB)"; exit 1
fi

# A Lambert-93 point (place du Ralliement) must convert with the build tree and any system PROJ data hidden.
cat > "$tmp/l93.csv" <<'CSV'
nom;x;y
Ralliement;432414.72;6713938.04
CSV
# The CRS is declared by a .prj beside the CSV (never guessed from the values).
echo 'PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],PARAMETER["Standard_Parallel_1",49.0],PARAMETER["Standard_Parallel_2",44.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]' >"$tmp/l93.prj"
run_hidden() {
  if unshare -m true 2>/dev/null; then
    unshare -m bash -c "mount -t tmpfs none '$PWD/target/release/build' && { [ ! -d /usr/share/proj ] || mount -t tmpfs none /usr/share/proj; } && PROJ_DATA= PROJ_LIB= '$bin' info '$tmp/l93.csv' --json"
  else
    echo "(unshare unavailable: running with PROJ_DATA pointing nowhere)" >&2
    PROJ_DATA="$tmp/none" PROJ_LIB="$tmp/none" "$bin" info "$tmp/l93.csv" --json
  fi
}
json=$(run_hidden)
echo "$json"
python3 - "$json" <<'PY'
import json, sys
info = json.loads(sys.argv[1])
lon0, lat0, lon1, lat1 = info["bbox"]
assert info["crs"] == "EPSG:2154", info
assert abs(lon0 - (-0.5537)) < 0.01 and abs(lat0 - 47.4716) < 0.01, info["bbox"]
print("proj.db: found inside the binary (Lambert-93 converted with the build tree hidden)")
PY

cat > "$tmp/png.py" <<'PY'
import sys, zlib, struct
path, min_w, max_w = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width, height = 8, b"", 0, 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height = struct.unpack(">II", body[:8])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
raw = zlib.decompress(idat)
distinct = len(set(raw[i:i + 4] for i in range(1, min(len(raw), 4 * width * 200), 4)))
assert min_w <= width <= max_w and height >= 400, (width, height)
assert distinct > 20, f"{path} looks blank ({distinct} colours)"
print(f"{path.rsplit('/', 1)[-1]}: {width}x{height}, {distinct} colours in the first rows")
PY

# A real window under Xvfb, on the demo data, without basemap downloads: the PNG must not be blank.
xvfb-run -a -s '-screen 0 1280x800x24' "$bin" --no-basemap --screenshot "$tmp/shot.png"
python3 "$tmp/png.py" "$tmp/shot.png" 640 4000

# The page for a note, drawn from the layers of a side-by-side comparison (both sides in the
# frame): A4 landscape at 150 dpi by default, 1754 × 1240 pixels, whatever the window's size.
xvfb-run -a -s '-screen 0 1280x800x24' "$bin" --no-basemap --compare side --print "Contrôle" --screenshot "$tmp/map.png"
python3 "$tmp/png.py" "$tmp/map.png" 1754 1754
# The same page as a one-page PDF (A4 landscape: 842 × 595 points).
xvfb-run -a -s '-screen 0 1280x800x24' "$bin" --no-basemap --print "Contrôle" --screenshot "$tmp/map.pdf"
head -c 5 "$tmp/map.pdf" | grep -q '%PDF-' && grep -aq '/MediaBox \[0 0 842 595\]' "$tmp/map.pdf"
echo "map.pdf: one A4 landscape page"
# Every step of the demo scenario renders (the handouts trainers print).
for step in 1 2 3 4 5; do
  xvfb-run -a -s '-screen 0 1280x800x24' "$bin" --no-basemap --screenshot "$tmp/step$step.png" sample-data/demo.territoire --step "$step"
  python3 "$tmp/png.py" "$tmp/step$step.png" 640 4000
done
echo "release checks passed"
