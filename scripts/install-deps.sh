#!/usr/bin/env bash
# Installs what building and testing Territoire needs on Debian/Ubuntu: system packages, then Rust if missing.
set -euo pipefail

packages=(
  # Build: PROJ is compiled from source (bundled), it needs CMake, SQLite and a C++ compiler.
  cmake sqlite3 libsqlite3-dev pkg-config g++ make ca-certificates curl
  # Run time: the window loads X11/Wayland, OpenGL/EGL, xkbcommon and fontconfig.
  libgl1 libegl1 libgl1-mesa-dri libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6 libfontconfig1 libwayland-client0
  # Tests and screenshots: a virtual X server.
  xvfb xauth
  # Tests: a throw-away PostgreSQL + PostGIS cluster (initdb) and its TLS certificates.
  postgresql-15 postgresql-15-postgis-3 openssl
  # OGC service tests: MapServer 8 (WFS, behind a small Python CGI gateway) and pygeoapi (in a
  # virtual environment made by scripts/pygeoapi-env.sh).
  cgi-mapserver mapserver-bin python3 python3-venv
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installation des paquets : ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "Installation de Rust (rustup)…"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
