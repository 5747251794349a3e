#!/usr/bin/env bash
# `make test-agents-latest`: the agents layer (the same two test targets as
# `make test-agents`) against the CLIs in BIN_DIR, the newest published ones.
# Both targets run even when the first fails; one line sums them up. The exit
# code says whether all passed, so a scheduled job can report it; it is not
# part of `make test`, which tests the pinned versions.
#   test-agents-latest.sh BIN_DIR
set -uo pipefail
cd "$(dirname "$0")/.."
bin="$1"
export ZWARM_AGENTS_BIN="$bin"
versions="$("$bin/codex" --version </dev/null) and $("$bin/claude" --version </dev/null)"
failed=()
for target in agents agent_env; do
  echo "=== cargo test -p zwarm-tests --test $target (ZWARM_AGENTS_BIN=$bin)"
  cargo test -p zwarm-tests --test "$target" || failed+=("$target")
done
if [ ${#failed[@]} -eq 0 ]; then
  echo "test-agents-latest: passed with $versions; these may be pinned in agents-pins.toml"
else
  echo "test-agents-latest: FAILED (${failed[*]}) with $versions; keep the pins in agents-pins.toml until they pass"
  exit 1
fi
