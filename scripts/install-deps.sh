#!/usr/bin/env bash
# Installs what building (`build`) or testing (`test`) zwarm needs and is missing:
# Debian packages (git records a pilot's files in a shadow repository), then the npm packages of the UI. Safe to run again: it only
# installs what is not there.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-build}"

build_pkgs=(libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev
  libssl-dev libxdo-dev libdbus-1-dev pkg-config build-essential file imagemagick git)
test_pkgs=(xvfb xauth webkit2gtk-driver x11-utils xdotool dbus-x11 at-spi2-core fonts-dejavu-core)

wanted=("${build_pkgs[@]}")
[ "$mode" = test ] && wanted+=("${test_pkgs[@]}")
# `make run` without a display falls back to Xvfb.
[ "$mode" = build ] && [ -z "${DISPLAY:-}" ] && wanted+=(xvfb xauth x11-utils fonts-dejavu-core)

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for tool in cargo node npm; do
  command -v "$tool" >/dev/null || { echo "error: '$tool' is not installed; install Rust (rustup) and Node.js 20.19+ first" >&2; exit 1; }
done
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || { echo "error: Node.js $(node --version) is too old; Vite 8 needs 20.19 or newer" >&2; exit 1; }

# npm ci fails here (the lock lacks the Tauri CLI's non-Linux optional binaries): use install.
stamp=node_modules/.zwarm-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ] || [ ui/package.json -nt "$stamp" ]; then
  echo "installing npm packages"
  npm install --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
