#!/usr/bin/env bash
# `make run`: opens the desktop app on a workspace folder.
#   run-app.sh APP_BIN DIR [SCREENSHOT]
# Without a display it runs under Xvfb. With SCREENSHOT it waits until the UI
# has drawn its first screen, saves a picture of the window there and exits.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$1"; dir="$2"; shot="${3:-}"

[ -x "$bin" ] || { echo "error: $bin is not built; run 'make app'" >&2; exit 1; }
[ -d "$dir" ] || { echo "error: DIR=$dir is not a folder" >&2; exit 1; }

if [ -z "$shot" ]; then
  if [ -z "${DISPLAY:-}" ]; then
    echo "no display: the app runs under Xvfb, where nobody can see it (try SCREENSHOT=zwarm.png)"
  fi
  exec "$here/with-display.sh" "$bin" "$dir"
fi

case "$shot" in /*) ;; *) shot="$PWD/$shot" ;; esac
log="$(mktemp -t zwarm-run.XXXXXX.log)"
export ZWARM_LOG_FILE="$log" APP_BIN="$bin" APP_DIR="$dir" SHOT="$shot"
# Everything below runs inside one display so the screenshot sees the window.
"$here/with-display.sh" bash -euo pipefail -c '
  "$APP_BIN" "$APP_DIR" &
  app=$!
  trap "kill $app 2>/dev/null || true" EXIT
  for _ in $(seq 1 600); do
    grep -q "ui ready" "$ZWARM_LOG_FILE" 2>/dev/null && break
    kill -0 $app 2>/dev/null || { echo "error: the app exited before its UI came up; log:" >&2; cat "$ZWARM_LOG_FILE" >&2; exit 1; }
    sleep 0.1
  done
  grep -q "ui ready" "$ZWARM_LOG_FILE" || { echo "error: the UI did not come up within 60 s; log: $ZWARM_LOG_FILE" >&2; exit 1; }
  sleep 1   # let WebKit paint the frame it was given
  wid=$(xdotool search --onlyvisible --name "^zwarm$" | head -n 1)
  import -window "${wid:-root}" "$SHOT"
  echo "screenshot saved to $SHOT"
'
