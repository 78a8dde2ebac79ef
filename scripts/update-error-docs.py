#!/usr/bin/env python3
"""Writes the error table (scripts/error-table.py) into docs/server.md and docs/cli.md, replacing the
table that starts with `| code | HTTP status | exit code | meaning |`. Run after editing
Sources/Operations/ErrorTable.swift; ErrorTableTests fails until the docs match."""
import os
import subprocess

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
table = subprocess.run(["python3", os.path.join(root, "scripts/error-table.py"), os.path.join(root, "Sources/Operations/ErrorTable.swift")],
                       check=True, capture_output=True, text=True).stdout
for doc in ("docs/server.md", "docs/cli.md"):
    path = os.path.join(root, doc)
    text = open(path).read()
    start = text.index("| code | HTTP status | exit code | meaning |")
    length = 0
    for line in text[start:].split("\n"):
        if not line.startswith("|"):
            break
        length += len(line) + 1
    open(path, "w").write(text[:start] + table + text[start + length:])
