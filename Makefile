# ZooScope: the one entry point. `make serve` to look at the app, `make test` to check everything.
#
# Every target first installs what is missing (each step a quick no-op when already there):
#   - the wasm32-unknown-unknown Rust target, rustfmt and clippy   (rustup)
#   - trunk $(TRUNK_VERSION)                                        (cargo install --locked)
#   - wasm-bindgen-cli = the wasm-bindgen version in Cargo.lock     (cargo install, no --locked)
#   - wasm-opt from npm binaryen $(BINARYEN_VERSION) in .tools/     (first on PATH; Debian's is too old)
# and, for the tests only, Debian's chromium + chromium-driver and e2e/node_modules (npm ci).
# Why these versions: ../shared/docs/toolchain.md.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

TRUNK_VERSION    := 0.21.14
BINARYEN_VERSION := 132.0.0
# wasm-bindgen-cli must match the wasm-bindgen crate exactly: read it from Cargo.lock.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

HOST ?= 127.0.0.1
PORT ?= 8080

TOOLS := $(CURDIR)/.tools
export PATH := $(TOOLS)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# Switches, passed through to the test stages:
#   ZK_LIVE=1  also compare the engine with a live ZooKeeper on every conformance script
#              (`make test-live`; needs Debian's zookeeper package, java and Python's kazoo)
#   SOAK=N     longer randomised runs in the engine's tests (read by `cargo test`)
ZK_LIVE ?= 0
export ZK_LIVE
ifdef SOAK
export SOAK
endif
# Material beside the project (docs, conformance transcripts): ../shared from the repo root.
ZOOSCOPE_SHARED ?= $(abspath $(CURDIR)/../shared)
export ZOOSCOPE_SHARED

.PHONY: help serve dist serve-dist test test-live bench tools browser fmt clean

help:
	@echo "make serve       build the app and serve it at http://$(HOST):$(PORT) (rebuilds on change)"
	@echo "make test        fmt, clippy, native tests, browser tests, release build, e2e"
	@echo "make dist        deployable static site in dist/ (release build)"
	@echo "make serve-dist  make dist, then serve dist/ as a static site at http://$(HOST):$(PORT)"
	@echo "make bench       every speed and size figure, this tree beside BASE=REV (default the previous commit)"
	@echo "make fmt         format the code"
	@echo "switches: ZK_LIVE=1 (also compare with a live ZooKeeper), SOAK=N (longer engine soak test)"

## The app ------------------------------------------------------------------------------------------

serve: tools
	trunk serve --address $(HOST) --port $(PORT)

dist: tools
	trunk build --release

serve-dist: dist
	@echo "serving dist/ at http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	python3 -m http.server $(PORT) --bind $(HOST) --directory dist

## Tests --------------------------------------------------------------------------------------------

# The stages and their order live in .ci/test-stages; it prints `N passed, N failed` last.
test: tools browser e2e/node_modules/.installed
	.ci/test-stages

# The live comparison (ZK_LIVE=1): every conformance script against Debian's ZooKeeper on
# loopback and through the engine, compared line by line. The recorded comparison (no Java) is
# part of `cargo test` and always runs.
test-live:
	cargo build -p engine --bin zooscope
	tools/zk-live-compare

# Measurements, not tests (tools/bench says what each figure is): the engine natively and in
# Wasm, seeking, frame times at 0.1x, 1x and 10x, first-load bytes, time to interactive; for this
# tree and, built beside it in the same run, BASE (a commit; default the previous one; BASE=none).
bench: tools browser e2e/node_modules/.installed
	BASE=$(or $(BASE),HEAD~1) tools/bench

fmt:
	cargo fmt --all

## Tools --------------------------------------------------------------------------------------------

tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown
	@cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
	@cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
	@test -n "$(WASM_BINDGEN_VERSION)" || { echo "no wasm-bindgen in Cargo.lock" >&2; exit 1; }
	@trunk --version 2>/dev/null | grep -qx "trunk $(TRUNK_VERSION)" \
	  || cargo install --locked trunk@$(TRUNK_VERSION)
	@{ wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $(WASM_BINDGEN_VERSION)" \
	   && command -v wasm-bindgen-test-runner >/dev/null; } \
	  || cargo install wasm-bindgen-cli@$(WASM_BINDGEN_VERSION)
	@$(TOOLS)/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version $(word 1,$(subst ., ,$(BINARYEN_VERSION)))" \
	  || npm install --prefix "$(TOOLS)" --no-save --no-package-lock --no-audit --no-fund \
	       binaryen@$(BINARYEN_VERSION)
	@echo "tools: $$(trunk --version), $$(wasm-bindgen --version), $$(wasm-opt --version)"

# Headless Chromium for the browser tests: Debian's, installed when we are root.
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update && apt-get install -y chromium chromium-driver; \
	else \
	  echo "Chromium is missing. As root, run: apt-get install -y chromium chromium-driver" >&2; \
	  exit 1; \
	fi

e2e/node_modules/.installed: e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund
	touch $@

clean:
	cargo clean
	rm -rf dist e2e/output
