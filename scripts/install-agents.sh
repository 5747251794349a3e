#!/usr/bin/env bash
# Installs the real agent CLIs (Codex, Claude Code) for the `agents` tests.
#
#   install-agents.sh           the versions pinned in agents-pins.toml, into
#                               the gitignored .tools/agents (what `make test` uses)
#   install-agents.sh --latest  the newest published versions, into
#                               .tools/agents-latest (`make test-agents-latest`)
#
# Pinned because their JSON output and command lines change between releases
# (codex 0.169 dropped --full-auto). The pins live in agents-pins.toml, which
# zwarm-core also reads, so the Doctor knows which versions were tested.
# Install scripts and optional dependencies must stay on: the native binaries
# arrive as optional dependencies, and Claude Code's postinstall links its
# binary (see shared/docs/agent-clis.md). Idempotent: nothing is downloaded
# when the wanted versions are already there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PINS="$ROOT/agents-pins.toml"

# `pin SECTION KEY`: a `key = "value"` line of one [section] of agents-pins.toml.
pin() {
    awk -v section="[$1]" -v key="$2" '
        /^\[/ { on = ($1 == section); next }
        on && $1 == key { value = $0; sub(/^[^=]*=[ \t]*"/, "", value); sub(/".*$/, "", value); print value; exit }
    ' "$PINS"
}

if ! command -v npm >/dev/null 2>&1; then
    echo "install-agents: npm not found; install Node.js (>= 20) first" >&2
    exit 1
fi

CODEX_PACKAGE="$(pin codex package)"
CLAUDE_PACKAGE="$(pin claude package)"
for value in "$CODEX_PACKAGE" "$CLAUDE_PACKAGE" "$(pin codex version)" "$(pin claude version)"; do
    [ -n "$value" ] || { echo "install-agents: $PINS lacks a package or version of [codex] or [claude]" >&2; exit 1; }
done

case "${1:-}" in
    "")
        PREFIX="$ROOT/.tools/agents"
        CODEX_VERSION="$(pin codex version)"
        CLAUDE_VERSION="$(pin claude version)"
        ;;
    --latest)
        PREFIX="$ROOT/.tools/agents-latest"
        CODEX_VERSION="$(npm view "$CODEX_PACKAGE" version)"
        CLAUDE_VERSION="$(npm view "$CLAUDE_PACKAGE" version)"
        echo "install-agents: newest published: codex $CODEX_VERSION (pinned $(pin codex version)), claude-code $CLAUDE_VERSION (pinned $(pin claude version))"
        ;;
    *)
        echo "usage: install-agents.sh [--latest]" >&2
        exit 2
        ;;
esac
BIN="$PREFIX/node_modules/.bin"

# Prints the version field of an installed package's package.json, or nothing.
installed_version() {
    local manifest="$PREFIX/node_modules/$1/package.json"
    [ -f "$manifest" ] || return 0
    node -e 'process.stdout.write(String(require(process.argv[1]).version || ""))' "$manifest"
}

if [ "$(installed_version "$CODEX_PACKAGE")" = "$CODEX_VERSION" ] \
    && [ "$(installed_version "$CLAUDE_PACKAGE")" = "$CLAUDE_VERSION" ] \
    && [ -x "$BIN/codex" ] && [ -x "$BIN/claude" ]; then
    echo "install-agents: codex $CODEX_VERSION and claude-code $CLAUDE_VERSION already installed in $PREFIX"
else
    mkdir -p "$PREFIX"
    echo "install-agents: installing $CODEX_PACKAGE@$CODEX_VERSION and $CLAUDE_PACKAGE@$CLAUDE_VERSION into $PREFIX"
    npm install --prefix "$PREFIX" --no-audit --no-fund --save-exact \
        "$CODEX_PACKAGE@$CODEX_VERSION" "$CLAUDE_PACKAGE@$CLAUDE_VERSION"
fi

# Both commands must start; a stub `claude` (install scripts skipped) fails here.
echo "codex:  $BIN/codex ($("$BIN/codex" --version </dev/null))"
echo "claude: $BIN/claude ($("$BIN/claude" --version </dev/null))"
