#!/usr/bin/env bash
# `make bench-idle`: what the desktop app costs when it has little to do.
# Opens the built app under Xvfb on a workspace of finished sessions (copies
# of recorded turns), waits for its first screen, and samples the CPU time of
# the app and every process under it (WebKit's web and network processes):
#   1. at rest, over SECONDS;
#   2. with RUNNING sessions started through `zwarm start`, each a stand-in
#      Codex writing the recorded turn's lines, one a second, for as long as
#      the sample lasts; the app tails them live. The agents are not the
#      app's children, so only the app's own cost is counted.
# Prints shares of one core with the machine's core count. Figures to read,
# never a pass/fail.
#   bench-idle.sh APP_BIN ZWARM_BIN [SESSIONS] [SECONDS] [RUNNING]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$1"; zwarm="$2"; sessions="${3:-7}"; seconds="${4:-30}"; running="${5:-8}"
[ -x "$bin" ] || { echo "error: $bin is not built; run 'make app-release'" >&2; exit 1; }
[ -x "$zwarm" ] || { echo "error: $zwarm is not built; run 'cargo build -p zwarm-cli'" >&2; exit 1; }

ws="$(mktemp -d -t zwarm-idle.XXXXXX)"
data="$(mktemp -d -t zwarm-idle-data.XXXXXX)"
cleanup() {
  "$zwarm" -C "$ws" kill --all >/dev/null 2>&1 || true
  rm -rf "$ws" "$data"
}
trap cleanup EXIT
fixture="$here/../crates/zwarm-core/tests/fixtures/codex/turn1.jsonl"
for i in $(seq 1 "$sessions"); do
  id="$(cat /proc/sys/kernel/random/uuid)"
  dir="$ws/.zwarm/sessions/$id"
  mkdir -p "$dir/turns"
  cp "$fixture" "$dir/turns/turn_1.jsonl"
  echo 0 > "$dir/turns/turn_1.exit"
  now="$(date +%Y-%m-%dT%H:%M:%S.000000)"
  cat > "$dir/meta.json" <<JSON
{"id": "$id", "task": "finished task $i", "status": "completed", "working_dir": "$ws",
 "created_at": "$now", "updated_at": "$now", "pid": null, "exit_code": 0, "model": "gpt-5.5",
 "turn": 1, "messages": [], "token_usage": {}, "error": null, "source": "user", "adapter": "codex",
 "turns": [{"number": 1, "prompt": "finished task $i", "started_at": "$now", "ended_at": "$now",
            "exit_code": 0, "status": "completed"}]}
JSON
done

# The stand-in Codex: the recorded turn's opening, then its items again and
# again under fresh ids (a command started, then completed in place), a line
# a second, until the benchmark is over; then the recorded end of the turn.
agent="$data/codex"
rounds=$(( (seconds + 60) / 4 + 1 ))
cat > "$agent" <<SH
#!/bin/sh
grep -v '"item\.' '$fixture' | grep -v '"turn.completed"'
n=0
while [ \$n -lt $rounds ]; do
  grep '"item\.' '$fixture' | while IFS= read -r line; do
    printf '%s\n' "\$line" | sed "s/\"id\":\"item_/\"id\":\"r\${n}_item_/"
    sleep 1
  done
  n=\$((n + 1))
done
grep '"turn.completed"' '$fixture'
SH
chmod +x "$agent"

echo "zwarm-desktop: $bin"
echo "cores (nproc): $(nproc)"
export HERE="$here" ZWARM_LOG_FILE="$data/app.log" ZWARM_DATA_DIR="$data/app-data" ZWARM_CONFIG_DIR="$data/config" \
  ZWARM_KEY_STORE=file APP_BIN="$bin" APP_DIR="$ws" SECONDS_TO_SAMPLE="$seconds" SESSIONS="$sessions" \
  RUNNING="$running" ZWARM_BIN="$zwarm" AGENT="$agent"
"$here/with-display.sh" bash -euo pipefail -c '
  "$APP_BIN" "$APP_DIR" &
  app=$!
  trap "kill $app 2>/dev/null || true" EXIT
  for _ in $(seq 1 600); do
    grep -q "ui ready" "$ZWARM_LOG_FILE" 2>/dev/null && break
    kill -0 $app 2>/dev/null || { echo "error: the app exited before its UI came up" >&2; exit 1; }
    sleep 0.1
  done
  sleep 5   # the first screen settles: its initial loads are not "at rest"
  python3 "$HERE/cpu-of-tree.py" "$app" "$SECONDS_TO_SAMPLE" \
    "at rest, $SESSIONS finished sessions" 2
  for i in $(seq 1 "$RUNNING"); do
    "$ZWARM_BIN" -C "$APP_DIR" --codex "$AGENT" start -m gpt-5.5 "running task $i" >/dev/null
  done
  sleep 5   # the new sessions appear and their first lines arrive
  live=$("$ZWARM_BIN" -C "$APP_DIR" sessions --json \
    | python3 -c "import json, sys; print(sum(s[\"status\"] == \"running\" for s in json.load(sys.stdin)))")
  python3 "$HERE/cpu-of-tree.py" "$app" "$SECONDS_TO_SAMPLE" \
    "$live sessions running (a line a second each; the agents not counted)" 10
'
