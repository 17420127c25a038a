#!/usr/bin/env bash
# zip.sh: pack the portable copy of otptray: the exes from BINDIR, README.txt
# and the "portable" marker, in a folder named otptray.
#
#   zip.sh BINDIR OUT.zip
set -euo pipefail

bin=${1:?usage: zip.sh BINDIR OUT.zip}
out=${2:?usage: zip.sh BINDIR OUT.zip}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/otptray"
cp "$bin/otptray.exe" "$bin/otptray-cli.exe" "$tmp/otptray/"
# Text files with Windows line ends, for Notepad.
for f in README.txt portable; do
	sed 's/$/\r/' "$here/portable/$f" >"$tmp/otptray/$f"
done
# Same bytes for the same input: fixed times (SOURCE_DATE_EPOCH), a fixed
# order, no extra fields.
touch -d @"${SOURCE_DATE_EPOCH:-$(date +%s)}" "$tmp/otptray" "$tmp/otptray"/*
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
rm -f "$out"
(cd "$tmp" && zip -q -X -r "$out" otptray/otptray.exe otptray/otptray-cli.exe otptray/README.txt otptray/portable)
