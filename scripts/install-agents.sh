#!/usr/bin/env bash
# Installs the real agent CLIs (Codex, Claude Code) at pinned versions into the
# gitignored project-local folder .tools/agents, for the `agents` smoke tests.
#
# Pinned because their JSON output and command lines change between releases
# (codex 0.169 dropped --full-auto). Install scripts and optional dependencies
# must stay on: the native binaries arrive as optional dependencies, and
# Claude Code's postinstall links its binary (see shared/docs/agent-clis.md).
# Idempotent: nothing is downloaded when the pinned versions are already there.
set -euo pipefail

CODEX_VERSION="0.169.0"
CLAUDE_VERSION="2.1.330"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX="$ROOT/.tools/agents"
BIN="$PREFIX/node_modules/.bin"

# Prints the version field of an installed package's package.json, or nothing.
installed_version() {
    local manifest="$PREFIX/node_modules/$1/package.json"
    [ -f "$manifest" ] || return 0
    node -e 'process.stdout.write(String(require(process.argv[1]).version || ""))' "$manifest"
}

if ! command -v npm >/dev/null 2>&1; then
    echo "install-agents: npm not found; install Node.js (>= 20) first" >&2
    exit 1
fi

if [ "$(installed_version @openai/codex)" = "$CODEX_VERSION" ] \
    && [ "$(installed_version @anthropic-ai/claude-code)" = "$CLAUDE_VERSION" ] \
    && [ -x "$BIN/codex" ] && [ -x "$BIN/claude" ]; then
    echo "install-agents: codex $CODEX_VERSION and claude-code $CLAUDE_VERSION already installed"
else
    mkdir -p "$PREFIX"
    echo "install-agents: installing @openai/codex@$CODEX_VERSION and @anthropic-ai/claude-code@$CLAUDE_VERSION into $PREFIX"
    npm install --prefix "$PREFIX" --no-audit --no-fund --save-exact \
        "@openai/codex@$CODEX_VERSION" "@anthropic-ai/claude-code@$CLAUDE_VERSION"
fi

# Both commands must start; a stub `claude` (install scripts skipped) fails here.
echo "codex:  $BIN/codex ($("$BIN/codex" --version </dev/null))"
echo "claude: $BIN/claude ($("$BIN/claude" --version </dev/null))"
