#!/usr/bin/env bash
# Bounded property-based run of the HTTP API against its committed OpenAPI document
# (schemathesis): starts `phiguard serve` on a fresh database and a free loopback port, sends
# generated requests for every operation, and fails on any 5xx, any response that breaks the
# document's schemas or status codes. Stops by itself (MAX_EXAMPLES per operation, timeouts).
# Usage: scripts/api-property-test.sh PATH/TO/phiguard [MAX_EXAMPLES]
set -euo pipefail
phiguard=$1
examples=${2:-25}
work=$(mktemp -d)
server_pid=""
cleanup() {
    if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

"$phiguard" serve --port 0 --port-file "$work/port" --database "$work/db.sqlite" --keys "$work/keys" \
    >"$work/stdout" 2>"$work/stderr" &
server_pid=$!
for _ in $(seq 1 100); do [[ -s $work/port ]] && break; sleep 0.1; done
[[ -s $work/port ]] || { echo "api-property-test: the server did not start" >&2; cat "$work/stderr" >&2; exit 1; }
port=$(cat "$work/port")
token=$(grep -o 'phg_[0-9a-f]*_[A-Za-z0-9_-]*' "$work/stdout" | head -1)

cd "$work"
timeout 600 schemathesis run "http://127.0.0.1:$port/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance \
    --max-examples "$examples" --request-timeout 10 --seed 1 --no-color
# The server must have survived every request.
kill -0 "$server_pid"
echo "api-property-test: the server answered every generated request without a 5xx or a schema violation"
