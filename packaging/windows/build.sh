#!/usr/bin/env bash
# build.sh: build otptray.exe and otptray-cli.exe for Windows, with their
# resources (icon, manifest, version information) and the version stamped in.
#
#   build.sh GOARCH OUTDIR [VERSION]
#
# GOARCH is amd64 or arm64; VERSION defaults to what version.sh says. The tray
# is a GUI-subsystem program (no console window at login), the CLI a console
# program. The resource objects (.syso) exist only during the build: they are
# written beside the main packages, used by `go build`, and removed again. A
# lock keeps two builds in the same tree from using each other's. The exes are
# stripped (-s -w: no symbol table, no DWARF) and built with -trimpath.
# EXTRA_LDFLAGS adds linker flags to both, as the update test's builds that
# trust a throwaway release key (-X .../update.releaseKey=...).
set -euo pipefail

arch=${1:?usage: build.sh GOARCH OUTDIR [VERSION]}
out=${2:?usage: build.sh GOARCH OUTDIR [VERSION]}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
version=${3:-$("$here/version.sh")}
numeric=$("$here/version.sh" --numeric "$version")
GO=${GO:-go}
winres=("$GO" run github.com/tc-hib/go-winres@v0.3.3)

mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$root"

exec 9>"${TMPDIR:-/tmp}/otptray-winres.lock"
flock 9

syso=(cmd/otptray/rsrc_windows_"$arch".syso cmd/otptray-cli/rsrc_windows_"$arch".syso)
cleanup() { rm -f "${syso[@]}"; }
trap cleanup EXIT

# build NAME PACKAGE RESOURCE-CONFIG [LINKER-FLAGS...]
build() {
	local name=$1 pkg=$2 config=$3
	shift 3
	"${winres[@]}" make --in "$config" --out "$pkg/rsrc" --arch "$arch" \
		--product-version "$numeric" --file-version "$numeric"
	GOOS=windows GOARCH="$arch" CGO_ENABLED=0 "$GO" build -trimpath \
		-ldflags "-s -w $* ${EXTRA_LDFLAGS:-} -X main.version=$version" -o "$out/$name.exe" "./$pkg"
}

build otptray-cli cmd/otptray-cli winres/cli.json
build otptray cmd/otptray winres/winres.json -H=windowsgui
