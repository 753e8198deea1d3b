#!/usr/bin/env bash
# Adds the portable Territoire of this folder to the user's application menu (no root: ~/.local/share).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
install -Dm644 "$here/territoire.png" "$data/icons/hicolor/256x256/apps/territoire.png"
sed "s|^Exec=territoire|Exec=\"$here/territoire\"|" "$here/territoire.desktop" \
  | install -Dm644 /dev/stdin "$data/applications/territoire.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
echo "Territoire est dans le menu des applications (lanceur : $data/applications/territoire.desktop)."
