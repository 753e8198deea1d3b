#!/usr/bin/env bash
# Proves the Windows packages run: the portable zip's territoire.exe under wine gives the same info/export as the Linux binary, opens a non-blank window, keeps settings in the profile; the installer installs per user.
#
# Usage: dist/check-windows.sh   (after dist/build-windows.sh and a Linux release build)
# Reads the packages from $CARGO_TARGET_DIR/packages and the Linux binary from
# $CARGO_TARGET_DIR/release/territoire; every run uses a fresh temporary folder and wine prefix.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
target_dir=$(readlink -f "${CARGO_TARGET_DIR:-target}")
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
zip_path="$target_dir/packages/territoire-$version-windows-x64.zip"
setup_path="$target_dir/packages/territoire-$version-windows-x64-setup.exe"
linux_bin="$target_dir/release/territoire"
for f in "$zip_path" "$linux_bin"; do
  [ -f "$f" ] || { echo "introuvable : $f (lancer dist/build-windows.sh et cargo build --release)" >&2; exit 1; }
done

missing=()
# mesa-vulkan-drivers: the wgpu checks draw through winevulkan on Mesa's software Vulkan.
for p in wine64 xvfb xauth unzip python3 openssl gcc-mingw-w64-x86-64 mesa-vulkan-drivers libvulkan1; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  [ "$(id -u)" -eq 0 ] || { echo "paquets manquants : sudo apt-get install ${missing[*]}" >&2; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
wine=$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)

work=$(mktemp -d)
trap 'WINEPREFIX="$work/prefix" wineserver -k 2>/dev/null || true; rm -rf "$work"' EXIT
export PATH="$PATH:/usr/lib/wine"
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# One X server for the whole check (wine keeps the display it started with); -displayfd picks a free one.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
xvfb_pid=$!
trap 'kill $xvfb_pid 2>/dev/null || true; WINEPREFIX="$work/prefix" wineserver -k 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.2; done
export DISPLAY=":$(head -n1 "$work/display")"
echo "== préfixe wine neuf : $WINEPREFIX"
"$wine" wineboot -i >/dev/null 2>&1 || true
# Debian 12's wine 8.0 lacks bcryptprimitives.dll (ProcessPrng), which Rust programs import and
# every Windows 10/11 has: a stand-in built from dist/windows/wine goes into the prefix only.
x86_64-w64-mingw32-gcc -O2 -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  dist/windows/wine/bcryptprimitives.c dist/windows/wine/bcryptprimitives.def -ladvapi32

# The zip unpacked in a fresh user folder, beside a Linux copy laid out the same way, so both
# binaries are given the very same relative paths.
mkdir -p "$work/win" "$work/linux"
unzip -q "$zip_path" -d "$work/win"
app="$work/win/Territoire"
cp -r "$app/sample-data" "$work/linux/sample-data"
cp "$linux_bin" "$work/linux/territoire"
echo "== zip : $(unzip -Z1 "$zip_path" | tr '\n' ' ')"

win() { (cd "$app" && "$wine" territoire.exe "$@"); }
listing() { (cd "$app" && find . -type f -printf '%p %s %T@\n' | sort); }
listing >"$work/app-before.txt"
lin() { (cd "$work/linux" && ./territoire "$@"); }

# Same JSON from both binaries. Text, counts, types, CRS and field lists must be identical. Only
# floating-point numbers may differ, in their last digits, because the C maths library differs
# (glibc on Linux, mingw-w64/msvcrt on Windows) under PROJ's Lambert-93 conversion: they are
# compared to 1e-9 (degrees: 0.1 mm on the ground). No path needs normalising: both binaries
# receive the same relative path with "/" (Windows accepts it) and print it back as given.
compare_json() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
label, a_path, b_path = sys.argv[1:]
a, b = (json.load(open(p, encoding="utf-8-sig")) for p in (a_path, b_path))
diffs, floats = [], 0
def walk(x, y, where):
    global floats
    if isinstance(x, float) or isinstance(y, float):
        floats += 1
        if not (isinstance(x, (int, float)) and isinstance(y, (int, float)) and abs(x - y) <= 1e-9):
            diffs.append(f"{where}: {x!r} != {y!r}")
    elif isinstance(x, dict) and isinstance(y, dict):
        if x.keys() != y.keys():
            diffs.append(f"{where}: keys {sorted(x)} != {sorted(y)}")
        for k in x.keys() & y.keys():
            walk(x[k], y[k], f"{where}.{k}")
    elif isinstance(x, list) and isinstance(y, list):
        if len(x) != len(y):
            diffs.append(f"{where}: {len(x)} items != {len(y)}")
        for i, (p, q) in enumerate(zip(x, y)):
            walk(p, q, f"{where}[{i}]")
    elif x != y:
        diffs.append(f"{where}: {x!r} != {y!r}")
walk(a, b, "$")
if diffs:
    print(f"DIFFÉRENT {label}:"); print("\n".join(diffs[:20])); sys.exit(1)
print(f"identique {label} ({floats} nombres à virgule comparés à 1e-9)")
PY
}

echo "== info --json : Windows (wine) contre Linux"
for f in quartiers.geojson espaces-verts.geojson patrimoine.shp adresses.csv; do
  lin info "sample-data/$f" --json >"$work/lin-$f.json"
  win info "sample-data/$f" --json >"$work/win-$f.json"
  compare_json "info $f" "$work/lin-$f.json" "$work/win-$f.json"
done
echo "--- info patrimoine.shp (Windows) :"
cat "$work/win-patrimoine.shp.json"; echo

# The shapefile's .dbf is CP1252 without .cpg: the exported text must decode the same, accents included.
echo "== export du shapefile Lambert-93 CP1252 en GeoJSON (WGS 84), texte compris"
lin export sample-data/patrimoine.shp --out lin-patrimoine.geojson >/dev/null
win export sample-data/patrimoine.shp --out win-patrimoine.geojson >/dev/null
compare_json "export patrimoine.shp" "$work/linux/lin-patrimoine.geojson" "$app/win-patrimoine.geojson"
python3 - "$app/win-patrimoine.geojson" <<'PY'
import json, sys
features = json.load(open(sys.argv[1], encoding="utf-8-sig"))["features"]
texts = [v for f in features for v in f["properties"].values() if isinstance(v, str)]
accented = sorted({t for t in texts if any(c in t for c in "éèêàâçôîûÉ")})
assert accented, "aucun texte accentué : le CP1252 n'est pas décodé"
print(f"textes accentués décodés ({len(accented)}), par exemple : {accented[:3]}")
PY
rm -f "$app/win-patrimoine.geojson"

echo "== filtre sur du texte accentué (Windows contre Linux)"
where='protection = "classé"'
lin info sample-data/patrimoine.shp --where "$where" --json >"$work/lin-where.json"
win info sample-data/patrimoine.shp --where "$where" --json >"$work/win-where.json"
compare_json "info --where '$where'" "$work/lin-where.json" "$work/win-where.json"

cat > "$work/png.py" <<'PY'
import sys, zlib, struct
path = sys.argv[1]
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width, height = 8, b"", 0, 0
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

echo "== fenêtre sous wine + Xvfb (rendu logiciel, sans fond de carte)"
# 1. As started by a user: glow, on wine's opengl32, which draws with the host's Mesa (llvmpipe).
win --no-basemap --screenshot "$work/windows-shot.png" 2>"$work/shot.log" || { cat "$work/shot.log"; exit 1; }
echo "  moteur par défaut (glow, OpenGL de wine) :"
python3 "$work/png.py" "$work/windows-shot.png" | sed 's/^/  /'
mkdir -p "$target_dir/packages"
cp "$work/windows-shot.png" "$target_dir/packages/windows-wine-screenshot.png"
# 2. wgpu chosen in the preferences, which must be read from the roaming profile
# (%APPDATA%\Angers Loire Metropole\Territoire\config\settings.toml). wine's Direct3D 12 cannot
# compile wgpu's compute shaders (FXC "not implemented"), so the check asks wgpu for Vulkan
# (winevulkan, Mesa lavapipe); on Windows, wgpu takes Direct3D 12 (WARP when there is no GPU).
profile=$(find "$WINEPREFIX/drive_c/users" -mindepth 1 -maxdepth 1 -type d ! -name Public | head -n1)
config="$profile/AppData/Roaming/Angers Loire Metropole/Territoire/config"
mkdir -p "$config"
printf 'renderer = "wgpu"\n' >"$config/settings.toml"
WGPU_BACKEND=vulkan RUST_LOG=warn win --no-basemap --screenshot "$work/wgpu-shot.png" 2>"$work/wgpu.log" \
  || { tail -5 "$work/wgpu.log"; exit 1; }
grep -q "backend: Vulkan" "$work/wgpu.log" || { echo "ÉCHEC : préférence wgpu non lue dans %APPDATA%" >&2; exit 1; }
echo "  wgpu choisi dans les préférences (lues dans %APPDATA%\\Angers Loire Metropole\\Territoire\\config) :"
grep -o 'backend: [A-Za-z0-9]*, device_type: [A-Za-z]*' "$work/wgpu.log" | head -n1 | sed 's/^/  adaptateur wgpu : /'
python3 "$work/png.py" "$work/wgpu-shot.png" | sed 's/^/  /'
rm "$config/settings.toml"
# 3. A machine whose OpenGL is the 1.1 of a remote desktop or a driverless VM (Mesa made to offer
# only 1.1): the app must fall back to wgpu by itself and still open its window.
MESA_GL_VERSION_OVERRIDE=1.1 WGPU_BACKEND=vulkan RUST_LOG=warn \
  win --no-basemap --screenshot "$work/fallback-shot.png" 2>"$work/fallback.log" || { tail -5 "$work/fallback.log"; exit 1; }
grep -q "OpenGL unavailable" "$work/fallback.log" || { echo "ÉCHEC : pas de passage à wgpu" >&2; exit 1; }
echo "  OpenGL 1.1 seulement : $(grep -o 'OpenGL unavailable.*' "$work/fallback.log" | head -n1 | cut -c1-100)"
grep -o 'backend: [A-Za-z0-9]*, device_type: [A-Za-z]*' "$work/fallback.log" | head -n1 | sed 's/^/  adaptateur wgpu : /'
python3 "$work/png.py" "$work/fallback-shot.png" | sed 's/^/  /'

echo "== rien n'est écrit dans le dossier du programme (préférences et caches : profil de l'utilisateur)"
written=$(cd "$profile" && find AppData -path "*Angers Loire Metropole*" -type f 2>/dev/null | sort || true)
[ -z "$written" ] || echo "$written" | sed 's/^/  profil : /'
if ! listing | diff "$work/app-before.txt" - >"$work/app-diff.txt"; then
  echo "ÉCHEC : le dossier du programme a changé :" >&2; cat "$work/app-diff.txt" >&2; exit 1
fi
echo "  dossier du programme inchangé"

echo "== trousseau Windows (Gestionnaire d'identification) : key set / check / forget"
printf 'cle-de-test-wine\n' | win key set --portal http://127.0.0.1:9 | tr -d '\r'
win key check --portal http://127.0.0.1:9 | tr -d '\r'
win key forget --portal http://127.0.0.1:9 | tr -d '\r'
if win key check --portal http://127.0.0.1:9 >/dev/null; then
  echo "ÉCHEC : la clé est restée après forget" >&2; exit 1
fi
echo "  clé retirée : key check répond absente"

echo "== HTTPS : certificats vérifiés par Windows (magasin de certificats de l'utilisateur)"
# A local HTTPS server whose certificate comes from a test authority. Unknown to Windows, the
# connection must be refused; once the authority is in the user's Root store (as a group policy
# would put an agency's own), it must be accepted. The certificate names a CRL served over HTTP,
# since Windows checks revocation.
tls="$work/tls"
mkdir -p "$tls/www"
cat > "$tls/serve.py" <<'PY'
import http.server, ssl, sys
root, tls = sys.argv[1], len(sys.argv) > 2
handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=root)
httpd = http.server.HTTPServer(("127.0.0.1", 0), handler)
if tls:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[2], sys.argv[3])
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
print(httpd.server_address[1], flush=True)
httpd.serve_forever()
PY
python3 "$tls/serve.py" "$tls/www" >"$tls/crl-port" 2>"$tls/crl.log" &
crl_pid=$!
for _ in $(seq 50); do [ -s "$tls/crl-port" ] && break; sleep 0.1; done
(
  cd "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=Territoire test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  printf '[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\ncrlnumber=crlnumber\ndefault_md=sha256\ndefault_crl_days=2\n' >ca.cnf
  : >index.txt; echo 01 >crlnumber
  openssl ca -config ca.cnf -gencrl -keyfile ca.key -cert ca.pem -out ca.crl.pem 2>/dev/null
  openssl crl -in ca.crl.pem -outform DER -out www/ca.crl
  openssl req -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr -subj "/CN=localhost" 2>/dev/null
  printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\ncrlDistributionPoints=URI:http://127.0.0.1:%s/ca.crl\n' \
    "$(cat crl-port)" >leaf.cnf
  openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out leaf.pem -days 2 -extfile leaf.cnf 2>/dev/null
  cat leaf.pem ca.pem >chain.pem
)
python3 "$tls/serve.py" "$tls/www" "$tls/chain.pem" "$tls/leaf.key" >"$tls/https-port" 2>"$tls/https.log" &
https_pid=$!
trap 'kill $xvfb_pid $crl_pid $https_pid 2>/dev/null || true; WINEPREFIX="$work/prefix" wineserver -k 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$tls/https-port" ] && break; sleep 0.1; done
url="https://localhost:$(cat "$tls/https-port")"
if win catalog --portal "$url" >/dev/null 2>"$tls/refused.log"; then
  echo "ÉCHEC : certificat d'une autorité inconnue accepté" >&2; exit 1
fi
grep -q "UnknownIssuer" "$tls/refused.log" || { cat "$tls/refused.log" >&2; exit 1; }
grep -o "rustls_platform_verifier::verification::windows" "$tls/refused.log" | head -n1 | sed 's/^/  vérificateur : /'
echo "  autorité inconnue : refusé ($(grep -o 'invalid peer certificate: [A-Za-z]*' "$tls/refused.log" | head -n1))"
# The authority into HKCU\Software\Microsoft\SystemCertificates\Root, in the registry's
# serialized form (property 32 = the certificate in DER).
openssl x509 -in "$tls/ca.pem" -outform DER -out "$tls/ca.der"
thumb=$(openssl x509 -in "$tls/ca.pem" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g')
blob=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(); print((struct.pack("<III",32,1,len(d))+d).hex())' "$tls/ca.der")
"$wine" reg add "HKCU\\Software\\Microsoft\\SystemCertificates\\Root\\Certificates\\$thumb" /v Blob /t REG_BINARY /d "$blob" /f >/dev/null
win catalog --portal "$url" >/dev/null 2>"$tls/accepted.log" || true
if grep -q "invalid peer certificate" "$tls/accepted.log" || ! grep -q "GET /api/" "$tls/https.log"; then
  echo "ÉCHEC : connexion HTTPS refusée avec l'autorité dans le magasin Windows" >&2; cat "$tls/accepted.log" >&2; exit 1
fi
echo "  autorité dans le magasin Root de l'utilisateur : connexion établie, requête reçue par le serveur :"
grep -o '"GET /api/[^ ]*' "$tls/https.log" | head -n1 | sed 's/^/    /'

if [ -f "$setup_path" ]; then
  echo "== installateur par utilisateur : installation silencieuse, lancement, désinstallation"
  "$wine" "$setup_path" /S
  local_appdata="$profile/AppData/Local"
  installed="$local_appdata/Programs/Territoire"
  ls "$installed" | tr '\n' ' '; echo
  "$wine" reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Territoire' /v UninstallString | tr -d '\r' | grep UninstallString
  (cd "$installed" && "$wine" territoire.exe info sample-data/patrimoine.shp --json) >"$work/inst.json"
  compare_json "info patrimoine.shp (version installée)" "$work/lin-patrimoine.shp.json" "$work/inst.json"
  "$wine" "$installed/desinstaller.exe" /S
  for _ in $(seq 30); do [ -e "$installed/territoire.exe" ] || break; sleep 1; done
  [ ! -e "$installed/territoire.exe" ] || { echo "ÉCHEC : la désinstallation a laissé territoire.exe" >&2; exit 1; }
  echo "  désinstallé (territoire.exe retiré)"
fi

echo "== tailles"
status=0
for f in "$zip_path" "$setup_path"; do
  [ -f "$f" ] || continue
  size=$(stat -c %s "$f")
  printf '  %-45s %6.1f Mo\n' "$(basename "$f")" "$(awk -v s="$size" 'BEGIN{print s/1048576}')"
  [ "$size" -lt $((60 * 1024 * 1024)) ] || { echo "ÉCHEC : plus de 60 Mo" >&2; status=1; }
done
[ $status -eq 0 ] && echo "vérifications Windows réussies"
exit $status
