#!/usr/bin/env python3
"""Prints the error table of Sources/Operations/ErrorTable.swift as Markdown, for docs/server.md and
docs/cli.md (ErrorTableTests checks that both list every code with its status and exit code)."""
import re
import sys

source = open(sys.argv[1] if len(sys.argv) > 1 else "Sources/Operations/ErrorTable.swift").read()
rows = []
for kind, code, status, meaning in re.findall(r'(refused|unavailable)\(\s*"([a-z_0-9]+)",\s*(?:(\d+),\s*)?"((?:[^"\\]|\\.)*)"\)', source):
    rows.append((code, int(status), 1, meaning) if kind == "refused" else (code, 503, 75, meaning))
internal = re.search(r'code: "internal_error", httpStatus: 500, exitCode: Exit.internalError, meaning: "([^"]*)"', source)
rows.append(("internal_error", 500, 70, internal.group(1)))
print("| code | HTTP status | exit code | meaning |")
print("| --- | --- | --- | --- |")
for code, status, exit_code, meaning in rows:
    meaning = meaning.replace("|", "\\|").replace('\\"', '"')
    print(f"| `{code}` | {status} | {exit_code} | {meaning} |")
