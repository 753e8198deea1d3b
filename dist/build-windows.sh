#!/usr/bin/env bash
# Cross-compiles territoire.exe for Windows (x86_64-pc-windows-gnu, mingw-w64) and packs the portable .zip and the per-user installer.
#
# Usage: dist/build-windows.sh            (artifacts in $CARGO_TARGET_DIR/packages, default target/packages)
# Needs Debian's mingw-w64 (POSIX thread flavour, for PROJ's C++), cmake, nasm (aws-lc), sqlite3
# (PROJ generates proj.db at build time), zip, and nsis for the installer; installed when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

target=x86_64-pc-windows-gnu
target_dir=${CARGO_TARGET_DIR:-target}
out="$target_dir/packages"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)

packages=(gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 mingw-w64 cmake nasm sqlite3 make zip nsis python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installation des paquets : ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "Paquets manquants (lancer en root ou : sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi
rustup target list --installed | grep -qx "$target" || rustup target add "$target"

# PROJ and aws-lc are C/C++: PROJ uses std::mutex/std::thread, which GCC 12's "win32" thread
# model of mingw lacks, so the POSIX flavour compiles and links everything.
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc-posix
export CXX_x86_64_pc_windows_gnu=x86_64-w64-mingw32-g++-posix
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc-posix
# One self-contained .exe: libstdc++, libgcc and winpthread linked in, no mingw DLL to ship.
# The cc crate (behind link-cplusplus, which PROJ's bindings use) would ask for a dynamic
# libstdc++; CXXSTDLIB_STATIC makes it link the static one.
export CXXSTDLIB_STATIC_x86_64_pc_windows_gnu=1
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS="-C link-arg=-static -C link-arg=-static-libgcc -C link-arg=-static-libstdc++"

cargo build --release --locked --target "$target"
exe="$target_dir/$target/release/territoire.exe"

# The .exe must not need any DLL beyond those every Windows has.
dlls=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^\s*DLL Name: //p' | sort -u)
echo "DLL importées : $(echo "$dlls" | tr '\n' ' ')"
if echo "$dlls" | grep -Eiq 'libstdc|libgcc|libwinpthread|sqlite|proj'; then
  echo "ÉCHEC : territoire.exe dépend d'une DLL qui ne sera pas sur le poste" >&2
  exit 1
fi

mkdir -p "$out"
out=$(readlink -f "$out")
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# The icon for the installer and shortcuts: an .ico that wraps the 256 px PNG (Vista and later).
python3 dist/windows/png_to_ico.py dist/territoire.png "$stage/territoire.ico"

# Portable zip: one folder, run territoire.exe from it; nothing is written inside it
# (settings in %APPDATA%, caches in %LOCALAPPDATA%).
app="$stage/Territoire"
mkdir -p "$app/sample-data"
cp "$exe" "$app/territoire.exe"
cp "$stage/territoire.ico" "$app/territoire.ico"
cp sample-data/* "$app/sample-data/"
cp dist/windows/LISEZMOI.txt "$app/LISEZMOI.txt"
zip_path="$out/territoire-$version-windows-x64.zip"
rm -f "$zip_path"
(cd "$stage" && zip -q -r -9 "$zip_path" Territoire)

# Per-user installer: built when makensis is present.
setup_path="$out/territoire-$version-windows-x64-setup.exe"
if command -v makensis >/dev/null 2>&1; then
  makensis -V2 -DVERSION="$version" -DSTAGE="$app" -DOUTFILE="$setup_path" \
    dist/windows/territoire.nsi
else
  echo "makensis absent : installateur non construit (apt-get install nsis)"
fi

echo "Paquets Windows :"
status=0
for f in "$zip_path" "$setup_path"; do
  [ -f "$f" ] || continue
  size=$(stat -c %s "$f")
  printf '  %-45s %6.1f Mo\n' "$(basename "$f")" "$(awk -v s="$size" 'BEGIN{print s/1048576}')"
  if [ "$size" -ge $((60 * 1024 * 1024)) ]; then
    echo "ÉCHEC : $(basename "$f") dépasse 60 Mo" >&2
    status=1
  fi
done
exit $status
