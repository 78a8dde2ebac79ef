#!/usr/bin/env bash
# Installs the named PyPI packages (NAME==VERSION) that python3 cannot import yet.
# Quick when everything is present: it tries the import first.
set -euo pipefail

missing=()
for requirement in "$@"; do
    module=${requirement%%[=<>]*}
    module=${module//-/_}
    if ! python3 -c "import ${module}" >/dev/null 2>&1; then
        missing+=("$requirement")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-python-packages: installing ${missing[*]}" >&2
# Debian's own python3 refuses system-wide pip installs (PEP 668); fall back to the explicit flag there.
python3 -m pip install --quiet --disable-pip-version-check "${missing[@]}" 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "${missing[@]}"
