# SalesOS: set up, build, run and test from a fresh clone.
#
#   make run     build and open the desktop app
#   make serve   the same UI in the browser (salesos serve)
#   make test    every test: lint, Rust, UI check + unit, Playwright e2e, desktop smoke test
#   make bench   the import, board-export and activities benchmarks
#   make fuzz    every reader fed 20,000 mutated files (release; FUZZ_CASES, FUZZ_SEED)
#   make lint    rustfmt, clippy (deny warnings), svelte-check
#   make fixtures  rewrite the committed xls/ods/xlsx test inputs (tests/fixtures, LibreOffice)
#
# On Debian/Ubuntu the system packages each target needs are installed with
# apt (with sudo when not root) if `dpkg-query` does not find them installed.
# npm ci runs when ui/package-lock.json is newer than the last npm ci, and the UI
# is rebuilt when its sources are newer than ui/dist.
# Extra arguments for `make serve`: make serve ARGS="--port 8080 --no-open"

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
UI := $(ROOT)/ui
TARGET_DIR := $(abspath $(or $(CARGO_TARGET_DIR),$(ROOT)/target))
SALESOS_BIN := $(TARGET_DIR)/debug/salesos
DESKTOP_BIN := $(TARGET_DIR)/debug/salesos-desktop
CARGO ?= cargo
NPM ?= npm
CARGO_HOME_DIR := $(or $(CARGO_HOME),$(HOME)/.cargo)
TAURI_DRIVER := $(or $(shell command -v tauri-driver 2>/dev/null),$(CARGO_HOME_DIR)/bin/tauri-driver)
TAURI_DRIVER_VERSION := 2.1.0
ARGS ?=

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# Tauri's build prerequisites on Debian/Ubuntu (https://v2.tauri.app/start/prerequisites/).
DESKTOP_PKGS := build-essential pkg-config file libssl-dev libxdo-dev \
	libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev
# What the tests need on top: Chromium for Playwright, Xvfb + WebKitWebDriver
# (+ xdotool to answer the native save dialog) for the desktop smoke test,
# fonts so screenshots show text.
TEST_PKGS := chromium xvfb xauth webkit2gtk-driver xdotool fonts-dejavu-core fonts-liberation
# The core's tests convert our own exports with LibreOffice (soffice): board pack and
# scorecards to PDF, the template workbook to xlsx/ods/PDF. Test inputs LibreOffice wrote
# are committed in tests/fixtures (`make fixtures` rewrites them).
CORE_TEST_PKGS := libreoffice-calc-nogui

# Installs the listed Debian packages that are not installed yet.
define apt_ensure
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "==> apt-get install$$missing"; \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq; \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq$$missing; \
	  else \
	    echo "warning: no apt-get here; make sure these (or your system's equivalents) are installed:$$missing" >&2; \
	  fi; \
	fi
endef

UI_SOURCES := $(shell find $(UI)/src $(UI)/public -type f 2>/dev/null) \
	$(wildcard $(UI)/index.html $(UI)/vite.config.ts $(UI)/svelte.config.js $(UI)/tsconfig*.json $(UI)/package.json)
UI_DEPS_STAMP := $(UI)/node_modules/.salesos-npm-ci
UI_DIST_STAMP := $(UI)/dist/index.html

.PHONY: help run serve test bench fuzz fixtures lint \
	setup-desktop setup-test deps-desktop deps-test deps-core-test tauri-driver ui-deps ui-build \
	lint-rust test-rust test-ui-check test-ui-unit test-e2e test-desktop build-cli build-desktop icons

help:
	@sed -n '2,16p' $(ROOT)/Makefile | sed 's/^# \{0,1\}//'

# ---- setup -------------------------------------------------------------------

deps-desktop:
	$(call apt_ensure,$(DESKTOP_PKGS))

deps-test:
	$(call apt_ensure,$(DESKTOP_PKGS) $(TEST_PKGS) $(CORE_TEST_PKGS))

tauri-driver:
	@if [ ! -x "$(TAURI_DRIVER)" ]; then \
	  echo "==> cargo install tauri-driver"; \
	  $(CARGO) install tauri-driver --version $(TAURI_DRIVER_VERSION) --locked --root "$(CARGO_HOME_DIR)"; \
	fi

ui-deps: $(UI_DEPS_STAMP)
$(UI_DEPS_STAMP): $(UI)/package-lock.json $(UI)/package.json
	cd $(UI) && $(NPM) ci --no-audit --no-fund
	@touch $@

ui-build: $(UI_DIST_STAMP)
$(UI_DIST_STAMP): $(UI_DEPS_STAMP) $(UI_SOURCES)
	cd $(UI) && $(NPM) run build
	@touch $@

setup-desktop: deps-desktop ui-build
setup-test: deps-test tauri-driver ui-build

# ---- the two commands ----------------------------------------------------------

run: setup-desktop
	$(CARGO) run -p salesos-desktop

serve: ui-build
	$(CARGO) run --bin salesos -- serve $(ARGS)

# ---- tests -------------------------------------------------------------------

test: setup-test
	@start=$$(date +%s); \
	$(MAKE) lint-rust test-rust test-ui-check test-ui-unit test-e2e test-desktop; \
	echo "==> make test: all passed in $$(( $$(date +%s) - start ))s"

test-rust: ui-build
	@echo "==> cargo test (the core and its spreadsheet reader, crates/sheet)"
	$(CARGO) test -p salesos -p salesos-sheet

test-ui-check: ui-deps
	@echo "==> npm run check"
	cd $(UI) && $(NPM) run check

test-ui-unit: ui-deps
	@echo "==> npm run test:unit"
	cd $(UI) && $(NPM) run test:unit

build-cli: ui-build
	$(CARGO) build --bin salesos

build-desktop: ui-build
	$(CARGO) build -p salesos-desktop

test-e2e: build-cli
	@echo "==> npm run test:e2e (Playwright, Chromium against salesos serve)"
	cd $(UI) && SALESOS_BIN="$(SALESOS_BIN)" $(NPM) run test:e2e

test-desktop: build-cli build-desktop
	@echo "==> cargo test -p salesos-desktop"
	$(CARGO) test -p salesos-desktop
	@echo "==> desktop smoke test (tauri-driver + WebKitWebDriver under Xvfb)"
	cd $(UI) && SALESOS_BIN="$(SALESOS_BIN)" SALESOS_DESKTOP_BIN="$(DESKTOP_BIN)" TAURI_DRIVER="$(TAURI_DRIVER)" \
	  xvfb-run --auto-servernum --server-args="-screen 0 1600x1000x24" \
	  node --test --test-concurrency=1 tests/desktop/

# ---- the rest ----------------------------------------------------------------

bench: ui-build
	$(CARGO) bench --bench import
	$(CARGO) bench --bench board
	$(CARGO) bench --bench activities

# Mutation fuzzing of every reader (tests/it/fuzz): many cases, release mode,
# strict (the binary readers' failures fail it too), giant cells of 40 MB.
FUZZ_CASES ?= 20000
FUZZ_SEED ?= $(shell date +%s)
fuzz: ui-build
	SALESOS_FUZZ_CASES=$(FUZZ_CASES) SALESOS_FUZZ_SEED=$(FUZZ_SEED) SALESOS_FUZZ_BOMBS=50 \
	  SALESOS_FUZZ_GIANT_MB=40 \
	  $(CARGO) test --release --test it fuzz:: -- --nocapture

# Rewrites the xls/ods/xlsx test inputs in tests/fixtures: the tests' own code
# writes their sources, LibreOffice converts them (see tests/fixtures/generate.sh).
fixtures: ui-build
	$(call apt_ensure,$(CORE_TEST_PKGS))
	CARGO="$(CARGO)" bash $(ROOT)/tests/fixtures/generate.sh

lint: lint-rust test-ui-check

# rustfmt and clippy (every warning denied) over both crates and all targets.
lint-rust: deps-desktop ui-build
	@echo "==> cargo fmt --check, cargo clippy -D warnings"
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# Regenerates the icon set in icons/ from icons/icon.svg (needs the npm registry).
icons:
	@tmp=$$(mktemp -d); \
	npx --yes @tauri-apps/cli@2 icon $(ROOT)/icons/icon.svg -o $$tmp >/dev/null; \
	cp $$tmp/32x32.png $$tmp/128x128.png $$tmp/128x128@2x.png $$tmp/icon.png $$tmp/icon.ico $$tmp/icon.icns $(ROOT)/icons/; \
	rm -rf $$tmp; echo "icons/ regenerated"
