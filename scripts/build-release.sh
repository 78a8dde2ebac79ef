#!/usr/bin/env bash
# Builds release products the one way every entry point does (make run, the benchmarks), so they
# share one build and never relink each other's: the Swift libraries (runtime, Foundation, Dispatch)
# are linked statically, which saves every command about 6 ms of dynamic loading at start-up
# (docs/BENCHMARKS.md, database TLS). OpenSSL, SQLite and Argon2 stay the system's shared libraries,
# so Debian's security updates reach them.
# The static Swift libraries ask the linker to export every symbol (`-export-dynamic`, 55,000 of
# them); nothing loads the executable's symbols by name, and exporting them costs each start about
# 3 ms: the dynamic loader and the runtime's `dladdr` calls search that table.
# Usage: scripts/build-release.sh [PRODUCT...]   (default: phiguard)
set -euo pipefail
cd "$(dirname "$0")/.."
products=("$@")
[[ ${#products[@]} -gt 0 ]] || products=(phiguard)
# A benchmark on a fresh machine reaches here without `make`: install what building needs first
# (the package list lives in the Makefile; quick when everything is present).
make --no-print-directory -s deps-run
for product in "${products[@]}"; do
    "${SWIFT:-swift}" build -c release --static-swift-stdlib -Xlinker --no-export-dynamic --product "$product"
done
