#!/usr/bin/env bash
# Proves the API-key path on Linux end to end: a real Secret Service (gnome-keyring in a private
# D-Bus session), `territoire key set` reading the key on stdin, then a private dataset of the
# local portal read with it, and the key found in no file Territoire wrote.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for p in gnome-keyring dbus-daemon dbus-bin; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cargo build --quiet --bin territoire --example portal
target_dir="${CARGO_TARGET_DIR:-target}"
export TERRITOIRE_BIN="$target_dir/debug/territoire"
export PORTAL_BIN="$target_dir/debug/examples/portal"
work="$(mktemp -d)"
export WORK="$work"
trap 'rm -rf "$work"' EXIT

dbus-run-session -- bash -euo pipefail -c '
  export HOME="$WORK/home" XDG_DATA_HOME="$WORK/home/.local/share" XDG_CONFIG_HOME="$WORK/home/.config"
  export TERRITOIRE_CACHE_DIR="$WORK/cache"
  mkdir -p "$HOME"
  printf "mot-de-passe-du-trousseau" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  "$PORTAL_BIN" --port 0 --data sample-data --private quartiers:cle-de-test-8f3a >"$WORK/portal.log" 2>&1 &
  portal_pid=$!
  trap "kill $portal_pid 2>/dev/null || true" EXIT
  for _ in $(seq 100); do grep -q "http://" "$WORK/portal.log" 2>/dev/null && break; sleep 0.1; done
  url="$(grep -o "http://127.0.0.1:[0-9]*" "$WORK/portal.log")"
  echo "portail local : $url"

  echo "1. sans clé, le jeu privé est refusé :"
  if "$TERRITOIRE_BIN" info quartiers --portal "$url" --json 2>"$WORK/err"; then
    echo "ÉCHEC : le jeu privé a été lu sans clé"; exit 1
  fi
  cat "$WORK/err"

  echo "2. la clé est enregistrée depuis l'\''entrée standard :"
  printf "cle-de-test-8f3a\n" | "$TERRITOIRE_BIN" key set --portal "$url"
  "$TERRITOIRE_BIN" key check --portal "$url"

  echo "3. avec la clé du trousseau, le jeu privé se lit :"
  "$TERRITOIRE_BIN" info quartiers --portal "$url" --json | tee "$WORK/info.json"
  grep -q "\"features\":10" "$WORK/info.json"

  echo "4. la clé n'\''apparaît dans aucun fichier écrit par Territoire (cache, réglages) :"
  if grep -rl "cle-de-test-8f3a" "$WORK/cache" "$WORK/home/.config" 2>/dev/null; then
    echo "ÉCHEC : clé trouvée dans un fichier"; exit 1
  fi
  echo "aucun fichier ne contient la clé"

  echo "5. oubliée, elle n'\''est plus envoyée :"
  "$TERRITOIRE_BIN" key forget --portal "$url"
  if "$TERRITOIRE_BIN" key check --portal "$url"; then echo "ÉCHEC : clé encore présente"; exit 1; fi
'
echo "trousseau vérifié"
