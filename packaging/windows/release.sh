#!/usr/bin/env bash
# release.sh: the Windows release files in OUTDIR: the MSI installer (amd64),
# the portable .zip for amd64 and arm64, and SHA256SUMS. With SIGN_CERT set
# (see sign.sh) the exes are signed before they are packed, and the MSI after.
# With OTPTRAY_SIGNING_KEY set (see packaging/signrelease) SHA256SUMS gets
# its minisign signature, SHA256SUMS.minisig, which the updater requires.
#
#   release.sh OUTDIR [VERSION]
set -euo pipefail

out=${1:?usage: release.sh OUTDIR [VERSION]}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=${2:-$("$here/version.sh")}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$here" log -1 --format=%ct 2>/dev/null || date +%s)}

sign() {
	if [[ -n ${SIGN_CERT:-} ]]; then "$here/sign.sh" "$@"; fi
}

mkdir -p "$out"
out=$(cd "$out" && pwd)
bins=$(mktemp -d)
trap 'rm -rf "$bins"' EXIT
rm -f "$out"/otptray-*-windows-* "$out/SHA256SUMS" "$out/SHA256SUMS.minisig"

for arch in amd64 arm64; do
	"$here/build.sh" "$arch" "$bins/$arch" "$version"
	sign "$bins/$arch"/*.exe
	"$here/zip.sh" "$bins/$arch" "$out/otptray-$version-windows-$arch-portable.zip"
done
msi=$out/otptray-$version-windows-amd64.msi
"$here/msi.sh" "$bins/amd64" "$version" "$msi"
sign "$msi"

cd "$out"
sha256sum otptray-"$version"-windows-* >SHA256SUMS
cat SHA256SUMS
if [[ -n ${OTPTRAY_SIGNING_KEY:-} ]]; then
	(cd "$here/../.." && "${GO:-go}" run ./packaging/signrelease "$out/SHA256SUMS")
else
	echo "release.sh: SHA256SUMS is not signed (OTPTRAY_SIGNING_KEY is not set): the updater will not install this release" >&2
fi
