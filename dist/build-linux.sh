#!/usr/bin/env bash
# Builds the Linux release binary and packs it as a .deb (system install) and a portable .tar.gz (no root needed).
#
# Usage: dist/build-linux.sh            (artifacts in $CARGO_TARGET_DIR/packages, default target/packages)
# The .deb's Depends come from dpkg-shlibdeps (linked libraries) plus the libraries the window
# loads at run time (OpenGL/EGL, X11, Wayland, xkbcommon), listed in dist/debian/control.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/install-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
for tool in dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "$tool manquant : apt-get install dpkg-dev" >&2; exit 1; }
done

target_dir=${CARGO_TARGET_DIR:-target}
out="$target_dir/packages"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
arch=$(dpkg --print-architecture)

cargo build --release --locked
bin="$target_dir/release/territoire"

mkdir -p "$out"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# --- .deb: binary in /usr/bin, demo kit in /usr/share/territoire (found as ../share/territoire
# from the binary), desktop entry and icons where the desktop menus look.
root="$stage/deb"
install -Dm755 "$bin" "$root/usr/bin/territoire"
install -Dm644 dist/territoire.desktop "$root/usr/share/applications/territoire.desktop"
install -Dm644 dist/territoire.png "$root/usr/share/icons/hicolor/256x256/apps/territoire.png"
install -Dm644 dist/territoire.svg "$root/usr/share/icons/hicolor/scalable/apps/territoire.svg"
install -d "$root/usr/share/territoire/sample-data"
install -m644 sample-data/* "$root/usr/share/territoire/sample-data/"
grep -v '^#' dist/debian/copyright | install -Dm644 /dev/stdin "$root/usr/share/doc/territoire/copyright"

# dpkg-shlibdeps reads a debian/control of the source package; a minimal one is enough.
mkdir -p "$stage/shlibs/debian"
printf 'Source: territoire\n\nPackage: territoire\nArchitecture: any\n' > "$stage/shlibs/debian/control"
shlibs=$(cd "$stage/shlibs" && dpkg-shlibdeps -O -e "$root/usr/bin/territoire" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "ÉCHEC : dpkg-shlibdeps n'a rien trouvé" >&2; exit 1; }

maintainer=${DEB_MAINTAINER:-}
if [ -z "$maintainer" ] && git config user.email >/dev/null 2>&1; then
  maintainer="$(git config user.name) <$(git config user.email)>"
fi
maintainer=${maintainer:-Territoire <territoire@localhost>}
size_kb=$(du -sk "$root/usr" | cut -f1)
mkdir -p "$root/DEBIAN"
grep -v '^#' dist/debian/control \
  | sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size_kb/" -e "s/@SHLIBS@/$shlibs/" \
        -e "s|@MAINTAINER@|$maintainer|" -e "s/^Architecture: .*/Architecture: $arch/" \
  > "$root/DEBIAN/control"
echo "--- DEBIAN/control"
cat "$root/DEBIAN/control"
deb="$out/territoire_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null

# --- portable .tar.gz: one folder, run ./territoire from it; the demo kit sits beside it.
name="territoire-$version-linux-x86_64"
port="$stage/$name"
install -Dm755 "$bin" "$port/territoire"
install -d "$port/sample-data"
install -m644 sample-data/* "$port/sample-data/"
install -m644 dist/territoire.desktop dist/territoire.png "$port/"
install -m755 dist/linux/ajouter-au-menu.sh "$port/ajouter-au-menu.sh"
install -m644 dist/linux/LISEZMOI.txt "$port/LISEZMOI.txt"
tarball="$out/$name.tar.gz"
tar -C "$stage" --owner=0 --group=0 -czf "$tarball" "$name"

echo "Paquets Linux :"
status=0
for f in "$deb" "$tarball"; do
  size=$(stat -c %s "$f")
  printf '  %-45s %6.1f Mo\n' "$(basename "$f")" "$(awk -v s="$size" 'BEGIN{print s/1048576}')"
  if [ "$size" -ge $((60 * 1024 * 1024)) ]; then
    echo "ÉCHEC : $(basename "$f") dépasse 60 Mo" >&2
    status=1
  fi
done
exit $status
