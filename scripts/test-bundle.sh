#!/usr/bin/env bash
# `make test-bundle`: checks the .deb `make bundle` made, as a user would get it.
#   test-bundle.sh DEB_DIR
# 1. its control data: name, version, architecture, the WebKitGTK and GTK
#    libraries among its dependencies, and that apt could install it here
#    (a simulation: nothing is installed on the machine);
# 2. its files, unpacked into a throw-away root with `dpkg -x`: the app and
#    `zwarm` in /usr/bin, a desktop entry whose Exec and Icon exist;
# 3. the installed `zwarm --version` prints the package's version;
# 4. the installed app, started on an empty folder under Xvfb, loads its UI
#    (it logs "ui ready" once the page has rendered), maps a window titled
#    zwarm, and that window is drawn: its picture has many colours, not one.
# The picture and the app's log are kept in test-artifacts/bundle/.
set -euo pipefail
cd "$(dirname "$0")/.."
here="$PWD/scripts"
deb_dir="$1"

fail() { echo "test-bundle: FAILED: $*" >&2; exit 1; }
check() { echo "test-bundle: ok: $*"; }

debs=("$deb_dir"/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one .deb in $deb_dir (run 'make bundle')"
deb="${debs[0]}"

# 1. Control data.
package=$(dpkg-deb -f "$deb" Package)
version=$(dpkg-deb -f "$deb" Version)
arch=$(dpkg-deb -f "$deb" Architecture)
depends=$(dpkg-deb -f "$deb" Depends)
[ "$package" = zwarm ] || fail "package name is '$package', not zwarm"
[ "$arch" = "$(dpkg --print-architecture)" ] || fail "architecture $arch is not this machine's"
for lib in libwebkit2gtk-4.1-0 libgtk-3-0; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
check "$package $version $arch, depends on $depends"
# As root, apt resolves the dependencies as `apt install ./x.deb` would, without installing.
if [ "$(id -u)" -eq 0 ]; then
  apt-get install --simulate --no-install-recommends "$deb" >/tmp/zwarm-test-bundle-apt.$$ 2>&1 \
    || { cat /tmp/zwarm-test-bundle-apt.$$ >&2; rm -f /tmp/zwarm-test-bundle-apt.$$; fail "apt cannot install it here"; }
  grep -q "^Inst zwarm " /tmp/zwarm-test-bundle-apt.$$ || { cat /tmp/zwarm-test-bundle-apt.$$ >&2; rm -f /tmp/zwarm-test-bundle-apt.$$; fail "apt would not install zwarm"; }
  rm -f /tmp/zwarm-test-bundle-apt.$$
  check "apt could install it here (simulated)"
fi

# 2. Files, in a throw-away root.
scratch=$(mktemp -d -t zwarm-test-bundle.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
root="$scratch/root"
dpkg -x "$deb" "$root"
[ -x "$root/usr/bin/zwarm" ] || fail "/usr/bin/zwarm is missing"
desktop_files=("$root"/usr/share/applications/*.desktop)
[ -f "${desktop_files[0]}" ] || fail "no desktop entry in /usr/share/applications"
entry="${desktop_files[0]}"
exec_name=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$entry" | head -n 1)
icon_name=$(sed -n 's/^Icon=//p' "$entry" | head -n 1)
[ -n "$exec_name" ] && [ -x "$root/usr/bin/$(basename "$exec_name")" ] \
  || fail "the desktop entry's Exec ($exec_name) is not a program in /usr/bin"
app="$root/usr/bin/$(basename "$exec_name")"
icons=$(find "$root/usr/share/icons/hicolor" -name "$icon_name.png" | wc -l)
[ "$icons" -ge 1 ] || fail "no icon named $icon_name under /usr/share/icons/hicolor"
check "files: /usr/bin/$(basename "$app"), /usr/bin/zwarm, $(basename "$entry") (Icon=$icon_name, $icons sizes)"

# 3. The installed CLI.
cli_version=$("$root/usr/bin/zwarm" --version)
[ "$cli_version" = "zwarm $version" ] || fail "zwarm --version said '$cli_version', not 'zwarm $version'"
check "installed zwarm --version: $cli_version"

# 4. The installed app draws its window. Its own folders, so nothing of the
#    user's (settings, keys, trusted workspaces) is read or written.
artifacts="$PWD/test-artifacts/bundle"
mkdir -p "$artifacts" "$scratch/workspace" "$scratch/home"
export ZWARM_LOG_FILE="$artifacts/app.log" SHOT="$artifacts/window.png" APP_BIN="$app" APP_DIR="$scratch/workspace"
rm -f "$ZWARM_LOG_FILE" "$SHOT"
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config" XDG_DATA_HOME="$scratch/home/.local/share" \
  ZWARM_DATA_DIR="$scratch/data" ZWARM_CONFIG_DIR="$scratch/config" ZWARM_KEY_STORE=file
"$here/with-display.sh" bash -euo pipefail -c '
  "$APP_BIN" "$APP_DIR" &
  app=$!
  trap "kill $app 2>/dev/null || true" EXIT
  for _ in $(seq 1 600); do
    grep -q "ui ready" "$ZWARM_LOG_FILE" 2>/dev/null && break
    kill -0 $app 2>/dev/null || { echo "the installed app exited before its UI came up; log:" >&2; cat "$ZWARM_LOG_FILE" >&2; exit 1; }
    sleep 0.1
  done
  grep -q "ui ready" "$ZWARM_LOG_FILE" || { echo "the UI did not come up within 60 s; log: $ZWARM_LOG_FILE" >&2; exit 1; }
  wid=$(timeout 30 xdotool search --sync --onlyvisible --name "^zwarm$" | head -n 1)
  [ -n "$wid" ] || { echo "no visible window named zwarm" >&2; exit 1; }
  sleep 1   # let WebKit paint the frame it was given
  import -window "$wid" "$SHOT"
  echo "$(xwininfo -id "$wid" | sed -n "s/.*Width: //p")x$(xwininfo -id "$wid" | sed -n "s/.*Height: //p")" > "$SHOT.size"
' || fail "the installed app did not draw its window"
colours=$(identify -format '%k' "$SHOT")
[ "$colours" -ge 64 ] || fail "the window looks blank: $colours colour(s) in $SHOT"
check "installed app drew a $(cat "$SHOT.size") window with $colours colours ($SHOT)"
rm -f "$SHOT.size"
echo "test-bundle: passed"
