#!/usr/bin/env bash
# Proves the Linux packages work from the artifacts alone: the .deb unpacked and installed into a clean Debian 12 root, the .tar.gz unpacked and run, each under 60 MB.
#
# Usage: dist/check-linux-packages.sh [--no-clean-root]
# Reads $CARGO_TARGET_DIR/packages (built by dist/build-linux.sh) and copies the two artifacts,
# and nothing else, into a fresh temporary folder. Then:
#   1. here: the .deb extracted (dpkg-deb -x) and the .tar.gz unpacked, each runs info --json and
#      --screenshot (demo kit found beside the binary, window image not blank);
#   2. unless --no-clean-root: a minimal Debian 12 root made with mmdebstrap from this machine's apt
#      sources, where `apt-get install ./territoire_*.deb` must pull every dependency by itself, then
#      the installed /usr/bin/territoire and the unpacked .tar.gz run there (chroot).
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir=$(readlink -f "${CARGO_TARGET_DIR:-target}")
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
arch=$(dpkg --print-architecture)
deb="$target_dir/packages/territoire_${version}_${arch}.deb"
tarball="$target_dir/packages/territoire-$version-linux-x86_64.tar.gz"
clean_root=1
[ "${1:-}" = "--no-clean-root" ] && clean_root=0
for f in "$deb" "$tarball"; do
  [ -f "$f" ] || { echo "introuvable : $f (lancer dist/build-linux.sh)" >&2; exit 1; }
done

work=$(mktemp -d)
cleanup() {
  for m in dev proc sys; do
    if mountpoint -q "$work/root/$m" 2>/dev/null; then umount -lR "$work/root/$m"; fi
  done
  # Never descend into a bind mount of the host's /dev, /proc or /sys.
  if grep -q " $work/" /proc/mounts; then
    echo "montages restants sous $work : dossier laissé en place" >&2
    return
  fi
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
mkdir "$work/artifacts"
cp "$deb" "$tarball" "$work/artifacts/"
cd "$work"
echo "== dossier neuf : $work (artefacts seuls : $(ls artifacts | tr '\n' ' '))"

cat > png.py <<'PY'
import sys, zlib, struct
path = sys.argv[1]
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
raw = zlib.decompress(idat)
channels = {6: 4, 2: 3}[colour]
stride = 1 + channels * width
distinct = set()
for row in range(0, height, 4):
    line = raw[row * stride + 1:(row + 1) * stride]
    distinct.update(line[i:i + channels] for i in range(0, len(line), channels * 3))
assert width >= 640 and height >= 400, (width, height)
assert len(distinct) > 20, f"{path} looks blank ({len(distinct)} colours)"
print(f"{path.rsplit('/', 1)[-1]}: {width}x{height}, {len(distinct)} couleurs distinctes (non vide)")
PY
check_info() {
  python3 -c '
import json, sys
info = json.load(sys.stdin)
assert info["features"] == 80 and info["crs"] == "EPSG:2154", info
lon0, lat0 = info["bbox"][:2]
assert abs(lon0 + 0.6385) < 0.01 and abs(lat0 - 47.421) < 0.01, info["bbox"]
bbox = [round(v, 4) for v in info["bbox"]]
print("  info --json :", info["features"], "objets,", info["crs"], "; bbox WGS 84", bbox)'
}

echo "== .deb : métadonnées"
dpkg-deb -f artifacts/*.deb Package Version Architecture Installed-Size Depends Recommends | sed 's/^/  /'
dpkg-deb -c artifacts/*.deb | awk '{print "  " $6}' | grep -E 'bin/|applications/|icons/.*territoire|sample-data/demo|doc/' 

echo "== .deb extrait ici (dpkg-deb -x), lancé depuis son arborescence"
dpkg-deb -x artifacts/*.deb deb-root
# Demo kit found at ../share/territoire/sample-data from the binary; HOME is a fresh folder.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache"
mkdir -p "$HOME"
deb-root/usr/bin/territoire info deb-root/usr/share/territoire/sample-data/patrimoine.shp --json | check_info
xvfb-run -a -s '-screen 0 1280x800x24' deb-root/usr/bin/territoire --no-basemap --screenshot deb-shot.png
python3 png.py deb-shot.png
desktop-file-validate deb-root/usr/share/applications/territoire.desktop 2>/dev/null && echo "  territoire.desktop valide" || true

echo "== .tar.gz décompressé ici, lancé depuis son dossier"
mkdir portable && tar -xzf artifacts/*.tar.gz -C portable
dir=$(ls -d portable/territoire-*)
ls "$dir" | sed 's/^/  /' | tr '\n' ' '; echo
(cd "$dir" && ./territoire info sample-data/patrimoine.shp --json) | check_info
(cd "$dir" && xvfb-run -a -s '-screen 0 1280x800x24' ./territoire --no-basemap --screenshot "$work/tar-shot.png")
python3 png.py tar-shot.png
echo "  préférences et caches dans HOME : $(cd "$HOME" && find . -type f | sort | tr '\n' ' ')"

if [ $clean_root -eq 1 ]; then
  echo "== Debian 12 propre (mmdebstrap, sources apt de cette machine), apt-get install ./$(basename "$deb")"
  if ! command -v mmdebstrap >/dev/null; then
    [ "$(id -u)" -eq 0 ] || { echo "mmdebstrap manquant : sudo apt-get install mmdebstrap" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
  fi
  [ "$(id -u)" -eq 0 ] || { echo "la racine Debian propre demande root (ou --no-clean-root)" >&2; exit 1; }
  sources=$(ls /etc/apt/sources.list.d/debian.sources 2>/dev/null || echo /etc/apt/sources.list)
  mmdebstrap --quiet --variant=apt --mode=root bookworm root "$sources" >/dev/null
  cp artifacts/* root/tmp/
  cp /etc/resolv.conf root/etc/resolv.conf
  mount --bind /proc root/proc; mount --rbind /sys root/sys; mount --rbind /dev root/dev
  chroot root apt-get update -qq
  echo "  paquets avant : $(chroot root dpkg-query -W | wc -l)"
  # The .deb alone must bring what it needs; xvfb, xauth and python3 are only for this check.
  chroot root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "/tmp/$(basename "$deb")" >apt.log 2>&1 || { tail -20 apt.log; exit 1; }
  echo "  paquets après installation du .deb : $(chroot root dpkg-query -W | wc -l)"
  chroot root dpkg-query -W territoire | sed 's/^/  installé : /'
  chroot root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    xvfb xauth python3 >>apt.log 2>&1 || { tail -20 apt.log; exit 1; }
  cp png.py root/tmp/png.py
  in_root() { chroot root env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 bash -c "$1"; }
  in_root 'cd /tmp && territoire info /usr/share/territoire/sample-data/patrimoine.shp --json' | check_info
  in_root 'cd /tmp && xvfb-run -a -s "-screen 0 1280x800x24" territoire --no-basemap --screenshot /tmp/root-deb.png && python3 /tmp/png.py /tmp/root-deb.png'
  echo "  .tar.gz dans la racine propre :"
  in_root "mkdir -p /tmp/portable && tar -xzf /tmp/$(basename "$tarball") -C /tmp/portable && cd /tmp/portable/territoire-* && ./territoire info sample-data/patrimoine.shp --json" | check_info
  in_root 'cd /tmp/portable/territoire-* && xvfb-run -a -s "-screen 0 1280x800x24" ./territoire --no-basemap --screenshot /tmp/root-tar.png && python3 /tmp/png.py /tmp/root-tar.png'
  chroot root apt-get remove -y -qq territoire >/dev/null 2>&1
  [ ! -e root/usr/bin/territoire ] && echo "  apt-get remove territoire : /usr/bin/territoire retiré"
fi

echo "== tailles"
status=0
for f in artifacts/*; do
  size=$(stat -c %s "$f")
  printf '  %-45s %6.1f Mo\n' "$(basename "$f")" "$(awk -v s="$size" 'BEGIN{print s/1048576}')"
  [ "$size" -lt $((60 * 1024 * 1024)) ] || { echo "ÉCHEC : plus de 60 Mo" >&2; status=1; }
done
[ $status -eq 0 ] && echo "vérifications des paquets Linux réussies"
exit $status
