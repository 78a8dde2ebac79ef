#!/usr/bin/env bash
# Runs every benchmark suite under Benchmarks/: each suite is a folder with an executable `run`
# that measures PHIGuard next to a peer in the same run and prints medians and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."

found=0
for suite in Benchmarks/*/run; do
    [[ -x "$suite" ]] || continue
    found=1
    echo "== ${suite%/run}"
    "$suite"
done
if [[ $found -eq 0 ]]; then
    echo "no benchmark suites yet (Benchmarks/*/run)"
fi
