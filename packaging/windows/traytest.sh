#!/usr/bin/env bash
# traytest.sh: test the Windows tray program end to end under Wine.
#
#   packaging/windows/traytest.sh [go test flags...]
#
# Builds otptray.exe and otptray-cli.exe as the release does (build.sh), makes
# a throwaway Wine prefix (wineprefix.sh) on a virtual X display of its own,
# and runs the Go test in wintray/: Wine's virtual desktop with a taskbar,
# tokens added with otptray-cli.exe, the tray's icon found by its pixels,
# its menu driven with keys, the clipboard, a period boundary with the menu
# open (read by OCR), Settings, the hotkey, the type hotkeys typing into
# another program's EDIT control (editbox.exe), a toast button's otptray: URL,
# a second instance, Quit after a failed toast, the first-run hint and the
# toast sender's registry key, and the Japanese menu.
#
# Screenshots of the menus and the programs' output go to the folder in
# OTPTRAY_WINTRAY_ARTEFACTS (default: dist/wintray-artefacts); it is kept
# only when the test fails.
#
# Needs: wine, wine64, gcc-mingw-w64-x86-64-win32, xvfb, xauth, xdotool,
# xclip, tesseract-ocr (+ -eng, -jpn), fonts-noto-cjk (windows.mk installs
# them). No network is used.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
GO=${GO:-go}

for tool in wine wineserver x86_64-w64-mingw32-gcc xvfb-run xdotool xclip tesseract; do
	command -v "$tool" >/dev/null || { echo "traytest.sh: $tool is missing (make test-windows installs it)" >&2; exit 1; }
done
langs=$(tesseract --list-langs 2>/dev/null)
for lang in eng jpn; do
	grep -qx "$lang" <<<"$langs" ||
		{ echo "traytest.sh: Tesseract has no $lang data (tesseract-ocr-$lang)" >&2; exit 1; }
done
grep -q 'Noto Sans CJK JP' <<<"$(fc-list : family)" || { echo "traytest.sh: no Noto Sans CJK JP font (fonts-noto-cjk)" >&2; exit 1; }

# Its own display: 24 bits deep (the test reads 32-bit pixels), as big as
# the Wine desktop.
if [[ -z ${_OTPTRAY_TRAYTEST_XVFB:-} ]]; then
	_OTPTRAY_TRAYTEST_XVFB=1 exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" "$0" "$@"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/otptray-traytest.XXXXXX")
artefacts=${OTPTRAY_WINTRAY_ARTEFACTS:-$root/dist/wintray-artefacts}
rm -rf "$artefacts"
mkdir -p "$artefacts"
artefacts=$(cd "$artefacts" && pwd)
cleanup() {
	wineserver -k 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

start=$SECONDS
# shellcheck source=wineprefix.sh
. "$here/wineprefix.sh"
# editbox.exe: the field the tray types into (wintray/editbox).
(GO=$GO "$here/build.sh" amd64 "$work/bin" &&
	cd "$root" && GOOS=windows GOARCH=amd64 CGO_ENABLED=0 "$GO" build -o "$work/editbox.exe" ./packaging/windows/wintray/editbox) &
build=$!
wine_prefix "$work"
wait "$build"
printf -- '-- build and Wine prefix: %d s\n' $((SECONDS - start))

(cd "$root" && "$GO" test -c -o "$work/wintray.test" ./packaging/windows/wintray)
rc=0
(cd "$work" && OTPTRAY_WINTRAY_BIN=$work/bin OTPTRAY_WINTRAY_APPDATA=$appdata OTPTRAY_WINTRAY_ARTEFACTS=$artefacts \
	OTPTRAY_WINTRAY_EDITBOX=$work/editbox.exe \
	"$work/wintray.test" -test.v -test.count=1 -test.run '^TestWineTray$' -test.timeout 10m "$@") || rc=$?
printf -- '-- tray under Wine: %d s in all\n' $((SECONDS - start))
if ((rc != 0)); then
	echo "traytest.sh: the tray test failed; screenshots in $artefacts" >&2
	exit "$rc"
fi
rm -rf "$artefacts"
echo "traytest.sh: the tray works under Wine"
