# zwarm: the two commands are `make run` and `make test` (see README.md).
# Every target installs what it is missing first, so both work on a fresh
# Debian 12 machine as root.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# Build output lives outside the clone so repeated runs stay warm, one folder
# per clone path: cargo does not rebuild a crate when only the folder of its
# sources moved, so a folder shared by two clones would hand one clone's
# compiled-in paths (`env!("CARGO_MANIFEST_DIR")`: fixtures, agent CLIs) to
# the other, which would then test the first clone's files.
CLONE_KEY := $(shell printf '%s' '$(CURDIR)' | cksum | cut -d' ' -f1)
export CARGO_TARGET_DIR ?= $(HOME)/.cache/zwarm/target-$(CLONE_KEY)
# tauri-driver is a cargo-installed tool; keep it beside the cache, not in the clone.
export TAURI_DRIVER_ROOT ?= $(HOME)/.cache/zwarm/tauri-driver
# The agent CLIs, at pinned versions, in a gitignored project-local folder.
export ZWARM_AGENTS_DIR ?= $(CURDIR)/.tools/agents

# The debug app is what the e2e tests drive: its build shares the test
# build's dependencies, so a cold `make test` stays within CI's time. The
# release app is what users run, so what a benchmark of the app measures.
APP_BIN := $(CARGO_TARGET_DIR)/debug/zwarm-desktop
RELEASE_APP_BIN := $(CARGO_TARGET_DIR)/release/zwarm-desktop
DIR ?= $(CURDIR)
SCREENSHOT ?=

.PHONY: run test test-rust test-ui test-agents test-agents-latest test-e2e test-bundle bench bench-render bench-idle \
        deps-build deps-test install-agents install-tauri-driver \
        ui app app-release bundle bindings icons clean-artifacts

## The two commands ---------------------------------------------------------

run: deps-build app-release
	scripts/run-app.sh "$(RELEASE_APP_BIN)" "$(DIR)" "$(SCREENSHOT)"

test: deps-test
	scripts/test-all.sh

## Test layers (each prints its runner's summary line) -----------------------

# Clippy first, warnings as errors: it also holds the workspace's lints (no
# unwrap, expect or panic outside tests; Cargo.toml [workspace.lints]).
test-rust: deps-build
	cargo clippy --workspace --all-targets -- -D warnings
	cargo test --workspace --exclude zwarm-tests

test-ui: deps-build
	npm run lint -w ui
	npm run test -w ui

test-agents: deps-build install-agents
	cargo build -p zwarm-cli
	cargo test -p zwarm-tests --test agents
	cargo test -p zwarm-tests --test agent_env

# The agents layer against the newest published CLIs (in .tools/agents-latest):
# reported, never part of `make test`. Its pass is what moving the pins in
# agents-pins.toml needs.
test-agents-latest: deps-build
	scripts/install-agents.sh --latest
	scripts/test-agents-latest.sh "$(CURDIR)/.tools/agents-latest/node_modules/.bin"

# The .deb installed into a throw-away root: its files, the installed app
# drawing its window under Xvfb, the installed `zwarm --version`.
test-bundle: deps-test bundle
	scripts/test-bundle.sh "$(DEB_DIR)"

test-e2e: deps-test app install-tauri-driver install-agents
	scripts/with-display.sh cargo test -p zwarm-tests --test e2e -- --test-threads=1

## Benchmarks (print figures; never part of `make test`) -------------------

# Parse, live latency, listing (in process and `zwarm sessions --json` as a
# whole process, on the release binary); a summary with the core count last.
bench: deps-build
	cargo build --release -p zwarm-cli
	scripts/bench.sh

# The release app's CPU over 30 s: at rest on finished sessions, then with 8
# running (started by the `zwarm` CLI, whose own speed is not measured).
bench-idle: deps-test app-release
	cargo build -p zwarm-cli
	scripts/bench-idle.sh "$(RELEASE_APP_BIN)" "$(CARGO_TARGET_DIR)/debug/zwarm"

# The release app (what `make run` opens) opening and scrolling a long
# session; `make bench-render RENDER_APP_BIN=<binary>` measures another build.
RENDER_APP_BIN ?= $(RELEASE_APP_BIN)
bench-render: deps-test app-release install-tauri-driver
	ZWARM_APP_BIN="$(RENDER_APP_BIN)" scripts/with-display.sh cargo bench -p zwarm-tests --bench render

## Building -----------------------------------------------------------------

ui: deps-build
	npm run build -w ui

# The desktop binary with the built UI embedded (what `tauri build` would make, without bundling).
app: ui
	cargo build -p zwarm-desktop --features custom-protocol

# The same, optimized (`[profile.release]` in Cargo.toml): what `make run` opens.
# The UI is rebuilt only when its sources changed: a rebuilt (even identical)
# ui/dist makes cargo re-embed it, minutes of optimizing on two cores.
app-release: ui/dist/index.html
	cargo build --release -p zwarm-desktop --features custom-protocol

UI_SOURCES := $(shell find ui/src ui/bench -type f) ui/index.html ui/package.json \
              ui/tsconfig.json ui/vite.config.ts package-lock.json
ui/dist/index.html: $(UI_SOURCES) | deps-build
	npm run build -w ui

# The .deb users install (README: Installing): the release app, the `zwarm`
# CLI in /usr/bin, a desktop entry and the icons, packaged by the Tauri
# bundler (offline) from what the two release builds made.
DEB_DIR := $(CARGO_TARGET_DIR)/release/bundle/deb
bundle: app-release
	cargo build --release -p zwarm-cli
	scripts/bundle.sh "$(CARGO_TARGET_DIR)"

# Regenerate ui/src/bindings.ts from the Rust commands and types.
bindings: deps-build
	UPDATE_BINDINGS=1 cargo test -p zwarm-desktop generated_bindings_are_up_to_date

# Regenerate every icon from the one source image, icons/source.svg.
icons: deps-build
	scripts/make-icons.sh

## Installing what is missing ------------------------------------------------

deps-build:
	scripts/install-deps.sh build

deps-test:
	scripts/install-deps.sh test

install-agents:
	scripts/install-agents.sh

install-tauri-driver:
	scripts/install-tauri-driver.sh

clean-artifacts:
	rm -rf test-artifacts
