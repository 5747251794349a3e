#!/usr/bin/env bash
# `make bench-idle`: what the desktop app costs at rest. Opens the built app
# under Xvfb on a workspace of finished sessions (copies of recorded turns),
# waits for its first screen, then samples the CPU time of the app and every
# process under it (WebKit's web and network processes) over 30 s, and prints
# it as a share of one core. A figure to read, never a pass/fail.
#   bench-idle.sh APP_BIN [SESSIONS] [SECONDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$1"; sessions="${2:-7}"; seconds="${3:-30}"
[ -x "$bin" ] || { echo "error: $bin is not built; run 'make app'" >&2; exit 1; }

ws="$(mktemp -d -t zwarm-idle.XXXXXX)"
data="$(mktemp -d -t zwarm-idle-data.XXXXXX)"
trap 'rm -rf "$ws" "$data"' EXIT
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

export HERE="$here" ZWARM_LOG_FILE="$data/app.log" ZWARM_DATA_DIR="$data/app-data" ZWARM_CONFIG_DIR="$data/config" \
  ZWARM_KEY_STORE=file APP_BIN="$bin" APP_DIR="$ws" SECONDS_TO_SAMPLE="$seconds" SESSIONS="$sessions"
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
  python3 "$HERE/cpu-of-tree.py" "$app" "$SECONDS_TO_SAMPLE" "$SESSIONS"
'
