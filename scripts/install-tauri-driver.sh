#!/usr/bin/env bash
# Installs tauri-driver (the WebDriver bridge to the real app) at a pinned
# version into $TAURI_DRIVER_ROOT, outside the clone so it survives fresh clones.
set -euo pipefail
version=2.1.0
root="${TAURI_DRIVER_ROOT:-$HOME/.cache/zwarm/tauri-driver}"
bin="$root/bin/tauri-driver"
if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "$version"; then
  exit 0
fi
echo "installing tauri-driver $version into $root"
cargo install tauri-driver --version "$version" --locked --root "$root" --quiet
