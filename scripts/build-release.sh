#!/usr/bin/env bash
# Builds release products the one way every entry point does (make run, the benchmarks), so they
# share one build and never relink each other's: the Swift libraries (runtime, Foundation, Dispatch)
# are linked statically, which saves every command about 6 ms of dynamic loading at start-up
# (docs/BENCHMARKS.md, database TLS). OpenSSL, SQLite and Argon2 stay the system's shared libraries,
# so Debian's security updates reach them.
# Usage: scripts/build-release.sh [PRODUCT...]   (default: phiguard)
set -euo pipefail
cd "$(dirname "$0")/.."
products=("$@")
[[ ${#products[@]} -gt 0 ]] || products=(phiguard)
for product in "${products[@]}"; do
    "${SWIFT:-swift}" build -c release --static-swift-stdlib --product "$product"
done
