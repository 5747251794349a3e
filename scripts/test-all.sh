#!/usr/bin/env bash
# `make test`: runs every test layer, even after one fails, then prints one line
# per layer and fails if any layer failed.
set -uo pipefail
cd "$(dirname "$0")/.."
# test-bundle builds the release app and CLI (about 20 min of CPU cold, seconds
# warm) and checks the .deb they make; it fits CI's time (README: How long).
layers=(test-rust test-ui test-agents test-e2e test-bundle)
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
