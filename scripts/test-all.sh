#!/usr/bin/env bash
# `make test`: runs every test layer, even after one fails, then prints one line
# per layer and fails if any layer failed.
set -uo pipefail
cd "$(dirname "$0")/.."
# A cold run as CI makes it (.ci/run, no incremental caches) left 7.4 GB
# (`du -sh` of the target folder 5.8, .tools 0.8, npm's cache 0.5,
# node_modules 0.3); with incremental caches, as `make test` by hand, about 11.
COLD_RUN_GB=10
# test-bundle builds the release app and CLI (about 20 min of CPU cold, seconds
# warm) and checks the .deb they make; it fits CI's time (README: How long).
layers=(test-rust test-ui test-agents test-e2e test-bundle)

# A full disk fails every layer at once with ENOSPC deep in a compiler's
# output: say it first, in one line, with what a cold run takes.
target=${CARGO_TARGET_DIR:-$HOME/.cache/zwarm}
mkdir -p "$target"
free_gb=$(df -P -BG "$target" | awk 'NR == 2 { sub("G", "", $4); print $4 }')
echo "=== disk: ${free_gb} GB free for $target"
if [ "${free_gb:-0}" -lt "$COLD_RUN_GB" ]; then
  echo "warning: a cold \`make test\` writes about $COLD_RUN_GB GB (debug and release builds, npm packages, the agent CLIs); with ${free_gb} GB free it may fail with 'No space left on device'" >&2
fi
declare -A result
failed=0
for layer in "${layers[@]}"; do
  echo "=== make $layer"
  start=$SECONDS
  if make --no-print-directory "$layer"; then
    result[$layer]="ok ($((SECONDS - start)) s)"
  else
    result[$layer]="FAILED ($((SECONDS - start)) s)"
    failed=1
  fi
done
echo "=== summary"
for layer in "${layers[@]}"; do
  printf '%-12s %s\n' "$layer" "${result[$layer]}"
done
exit $failed
