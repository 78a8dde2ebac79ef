#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser of untrusted input (Sources/phiguard-fuzz), with
# libFuzzer and AddressSanitizer. Usage: [FUZZ_SEED=N] scripts/fuzz.sh SECONDS_PER_TARGET [TARGET…]
# (FUZZ_SEED fixes libFuzzer's random seed, as `make fuzz` does so that CI runs repeat; 0 or unset: random).
#
# Seeds come from the repository (Policies/, the connection-string corpus, Tests/Fuzz/seeds/) and,
# when it is beside the project, the Cedar conformance corpus (read in place, never copied into the
# repository). Each target's corpus grows under .build/fuzz-corpus/TARGET; crashes, leaks and broken
# properties are written to .build/fuzz-findings/TARGET and fail the run. Copy a finding into
# Tests/Fuzz/regressions/TARGET/ once fixed: the tests replay that folder on every run.
# The summary (executions, coverage, features, findings per target) goes to .build/fuzz-results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
build=.build/fuzz
conformance=${CONFORMANCE_DIR:-../shared/conformance/cedar}

# libFuzzer's runtime comes whole, with a `main` of its own: the link keeps Swift's (the first one),
# which hands the arguments to LLVMFuzzerRunDriver.
"${SWIFT:-swift}" build -c release --build-path "$build" -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
    -Xlinker --allow-multiple-definition --product phiguard-fuzz \
    >.build/fuzz-build.log 2>&1 || { tail -30 .build/fuzz-build.log; exit 1; }
fuzzer=$build/release/phiguard-fuzz
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    mapfile -t targets < <(grep -o 'case [A-Za-z]* = "[a-z-]*"' Sources/phiguard-fuzz/FuzzTargets.swift | grep -o '"[a-z-]*"' | tr -d '"')
fi

seeds=.build/fuzz-seeds
rm -rf "$seeds"
seed() { # target files…
    local target=$1
    shift
    mkdir -p "$seeds/$target"
    for file in "$@"; do [[ -f $file ]] && cp "$file" "$seeds/$target/$(echo "$file" | tr '/' '_')"; done
    return 0
}
corpus_sample() { # pattern count: files of the conformance corpus, if present
    [[ -d $conformance ]] || return 0
    find "$conformance" -name "$1" -type f 2>/dev/null | sort | head -"$2"
}
mapfile -t cedar < <(corpus_sample '*.cedar' 300)
mapfile -t schemas < <(corpus_sample '*.cedarschema' 200)
mapfile -t schemaJSON < <(corpus_sample '*.cedarschema.json' 200)
mapfile -t entities < <(corpus_sample '*.entities.json' 200)
mapfile -t requests < <(corpus_sample '[0-9a-f]*[0-9a-f].json' 100)
seed cedar-policy Policies/*.cedar Policies/service/*.cedar "${cedar[@]}"
seed cedar-schema Policies/*.cedarschema Policies/service/*.cedarschema "${schemas[@]}"
seed cedar-schema-json "${schemaJSON[@]}"
seed cedar-entities Policies/tests/*.json "${entities[@]}" "${requests[@]}"
seed cedar-json Policies/tests/*.json "${entities[@]}"
seed tls-policy Policies/tls.yaml
seed rotation-rules Policies/rotation.yaml
seed password-profile Policies/passwords/*.yaml
# One connection string per seed file, from the linter's corpus.
mkdir -p "$seeds/conn-lint"
grep -v '^===' Tests/DatabaseTLSTests/Corpus/connection-strings.txt | grep -v '^#' | grep -v '^$' | head -400 |
    awk -v folder="$seeds/conn-lint" '{ print > (folder "/line-" NR) }'
for target in "${targets[@]}"; do
    [[ -d Tests/Fuzz/seeds/$target ]] && seed "$target" Tests/Fuzz/seeds/"$target"/*
    [[ -d Tests/Fuzz/regressions/$target ]] && seed "$target" Tests/Fuzz/regressions/"$target"/*
    mkdir -p "$seeds/$target"
done

results=.build/fuzz-results.txt
: >"$results"
failed=0
for target in "${targets[@]}"; do
    corpus=.build/fuzz-corpus/$target
    findings=.build/fuzz-findings/$target
    mkdir -p "$corpus" "$findings"
    log=.build/fuzz-$target.log
    status=0
    PHIGUARD_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 "$fuzzer" "$corpus" "$seeds/$target" -max_total_time="$seconds" \
        -seed="${FUZZ_SEED:-0}" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$findings/" -print_final_stats=1 >"$log" 2>&1 || status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
    features=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo 0)
    found=$(find "$findings" -type f | wc -l)
    line=$(printf '%-18s executions %9s  coverage %6s  features %6s  findings %s' "$target" "$runs" "$coverage" "$features" "$found")
    echo "$line" | tee -a "$results"
    if [[ $status -ne 0 || $found -gt 0 ]]; then
        failed=1
        grep -E 'ERROR|property failed|Fatal error|SUMMARY' "$log" | head -5
    fi
done
if [[ $failed -ne 0 ]]; then
    echo "fuzz: findings above; inputs under .build/fuzz-findings, logs .build/fuzz-TARGET.log" >&2
    exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds}s each, no findings"
