# PHIGuard developer entry points. `make run` and `make test` are the only set-up a newcomer needs.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

SWIFT ?= swift
# System packages: what building and running needs, and what the tests need on top.
RUN_PACKAGES := libssl-dev pkg-config
TEST_PACKAGES := $(RUN_PACKAGES)

RELEASE_BIN := .build/release/phiguard

.PHONY: run test build release deps-run deps-test bench fmt lint clean help

help:
	@echo "make run    install what is missing, build release, start PHIGuard"
	@echo "make test   install what tests need, build, run every test suite CI runs"
	@echo "make bench  run the benchmarks (figures in docs/BENCHMARKS.md)"
	@echo "make fmt    format the sources with swift format; make lint checks them"

deps-run:
	@scripts/install-system-packages.sh $(RUN_PACKAGES)

deps-test:
	@scripts/install-system-packages.sh $(TEST_PACKAGES)

build: deps-run
	$(SWIFT) build

release: deps-run
	$(SWIFT) build -c release --product phiguard

# Until the decision service exists, the main job is the CLI's help.
run: release
	$(RELEASE_BIN) --help

test: deps-test
	$(SWIFT) build
	$(SWIFT) test
	$(MAKE) --no-print-directory lint

bench: release
	@scripts/run-benchmarks.sh

fmt:
	$(SWIFT) format --in-place --recursive --parallel Package.swift Sources Tests

lint:
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Sources Tests

clean:
	rm -rf .build
