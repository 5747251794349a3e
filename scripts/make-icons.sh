#!/usr/bin/env bash
# Generates every app icon from icons/source.svg with the Tauri CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/convert -background none icons/source.svg -resize 1024x1024 "PNG32:$tmp/source.png"
TAURI_APP_PATH=src-tauri npx tauri icon "$tmp/source.png" -o icons
# Desktop targets only.
rm -rf icons/android icons/ios
