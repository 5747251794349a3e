#!/usr/bin/env bash
# `make bundle`: packages the release app and the release `zwarm` CLI as a
# .deb with the Tauri bundler, which needs no network for a .deb.
#   bundle.sh TARGET_DIR
# The app, its desktop entry and icons come from tauri.conf.json. The CLI
# goes to /usr/bin/zwarm through `bundle.linux.deb.files`; its source lies in
# the build folder (outside the clone, at a path that depends on the clone),
# so that entry is given on the command line rather than in the config file.
set -euo pipefail
cd "$(dirname "$0")/.."
target="$1"
app="$target/release/zwarm-desktop"
cli="$target/release/zwarm"
for bin in "$app" "$cli"; do
  [ -x "$bin" ] || { echo "error: $bin is not built; run 'make bundle', which builds it" >&2; exit 1; }
done

out="$target/release/bundle/deb"
rm -rf "$out"
files=$(node -e 'process.stdout.write(JSON.stringify({bundle: {linux: {deb: {files: {"/usr/bin/zwarm": process.argv[1]}}}}}))' "$cli")
# --no-binary-patching: the app binary stays byte for byte what `make run` opens.
CARGO_TARGET_DIR="$target" TAURI_APP_PATH=src-tauri node_modules/.bin/tauri bundle \
  --bundles deb --no-sign --no-binary-patching --ci --config "$files"

debs=("$out"/*.deb)
[ -f "${debs[0]}" ] || { echo "error: the bundler made no .deb in $out" >&2; exit 1; }
echo "bundle: ${debs[0]} ($(du -h "${debs[0]}" | cut -f1))"
