#!/usr/bin/env bash
# test.sh: test the Windows release on Linux, under Wine.
#
#   packaging/windows/test.sh
#
# 1. Builds the stand-in bcryptprimitives.dll (see bcryptprimitives/) and a
#    throwaway Wine prefix.
# 2. Runs the Windows test binaries of the packages that have
#    *_windows_test.go files (Credential Manager, autostart in the registry,
#    the clipboard with its history exclusion, portable-mode paths, typing
#    into an EDIT control through SendInput).
# 3. Builds a release (release.sh) signed with a throwaway self-signed
#    certificate and verifies the signatures and SHA256SUMS.
# 4. Installs the MSI: files, Start-menu shortcut, autostart, otptray-cli's
#    folder on the user's PATH; upgrades over an older version while its
#    tray runs (closed first, started again) and refuses a downgrade;
#    uninstalls (the tray closed, PATH as before), and checks that the
#    user's tokens (data folder and Credential Manager entries) survived.
# 5. Runs the portable copy and checks that its data stays beside it.
# 6. Updates an installed older MSI with otptray-cli update --install
#    (updatetest.sh): signed release, tampered MSI refused, tokens kept.
#
# Needs: wine, wine64, gcc-mingw-w64-x86-64-win32, wixl, msitools, zip,
# osslsigncode, openssl, and a display for the clipboard test: without
# DISPLAY the script runs itself under xvfb-run (xvfb, xauth). windows.mk
# installs them all.
# Nothing leaves the temporary folder; no network is used.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
GO=${GO:-go}

if [[ -z ${DISPLAY:-} && -z ${_OTPTRAY_WINTEST_XVFB:-} ]]; then
	if command -v xvfb-run >/dev/null; then
		_OTPTRAY_WINTEST_XVFB=1 exec xvfb-run -a -s "-screen 0 1024x768x24" "$0" "$@"
	fi
	echo "test.sh: no DISPLAY and no xvfb-run: the clipboard test will fail" >&2
fi

for tool in wine wineserver x86_64-w64-mingw32-gcc wixl msibuild msiinfo zip unzip osslsigncode openssl; do
	command -v "$tool" >/dev/null || { echo "test.sh: $tool is missing (make test-windows installs it)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/otptray-wintest.XXXXXX")
cleanup() {
	wineserver -k 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}
start_all=$SECONDS
step_start=$SECONDS
step() {
	if [[ -n ${step_name:-} ]]; then
		printf -- '-- %s: %d s\n' "$step_name" $((SECONDS - step_start))
	fi
	step_name=$1
	step_start=$SECONDS
	[[ -n $1 ]] && printf '== %s\n' "$1"
	return 0
}
# win PATH: the Windows name of a Linux path (Wine maps / to Z:).
win() { local p=${1//\//\\}; echo "Z:$p"; }

# ------------------------------------------------------------- Wine prefix
step "Wine prefix and stand-in bcryptprimitives.dll"
# shellcheck source=wineprefix.sh
. "$here/wineprefix.sh"
wine_prefix "$work"

# ------------------------------------------------------- Windows test binaries
step "Windows test binaries under Wine"
# Which tests of a package run here; "" means all. tray/desktop's others use
# t.TempDir, whose clean-up fails under Wine 8 (Go 1.26's os.RemoveAll asks
# NtSetInformationFile for FileDispositionInformationEx, which Wine 8 answers
# with STATUS_NOT_IMPLEMENTED).
declare -A run_only=(
	[./tray/desktop]='^Test(AutostartWindows|ClipboardWindows.*|WindowsCommandLine|ParseHotkey.*|HotkeyLabel|HotkeyErrors.*|DefaultHotkeyParses|NotifyWindowsAddsNoSecondIcon|RegisterAppIDWindows|RegisterToastSenderWindows|RegisterProtocolWindows|ShellExecuteError|OpenFileWithoutProgram|OpenErrorNoProgram|ShownTarget)$'
	# The patched systray: our tests of its patches (its own two need an
	# example icon left out of the copy, and Quit works once a process).
	[./third_party/fyne.io/systray]='^Test(OpenMenuShowsRetitledItem|TrayIconIsTheSmallIconFrame)$'
)
mapfile -t pkgs < <(cd "$root" && find . -name '*_windows_test.go' -not -path './.git/*' -printf '%h\n' | sort -u)
mkdir -p "$work/tests"
for pkg in "${pkgs[@]}"; do
	exe=$work/tests/$(echo "${pkg#./}" | tr / -).test.exe
	# A module copied under third_party builds by its import path, with the
	# versions of our go.mod (its replace line points there).
	target=$pkg
	if [[ -f $root/$pkg/go.mod ]]; then target=$(sed -n 's/^module //p' "$root/$pkg/go.mod"); fi
	if ! (cd "$root" && GOOS=windows GOARCH=amd64 CGO_ENABLED=0 "$GO" test -c -o "$exe" "$target"); then
		fail "$pkg: the Windows test binary does not build"
		continue
	fi
	args=(-test.count=1)
	if [[ -n ${run_only[$pkg]:-} ]]; then args+=(-test.run "${run_only[$pkg]}"); fi
	# OTPTRAY_E2E=1: Wine is the desktop session of these tests (its
	# clipboard is the X display's). Each binary runs in its own folder.
	if out=$(cd "$(dirname "$exe")" && OTPTRAY_E2E=1 CI= wine "$exe" -test.v "${args[@]}" 2>&1); then
		echo "ok   $pkg ($(grep -c '^--- PASS' <<<"$out") passed, $(grep -c '^--- SKIP' <<<"$out") skipped)"
		if grep -q '^--- SKIP' <<<"$out"; then grep -A1 '^--- SKIP' <<<"$out" | sed 's/^/     /'; fi
	else
		echo "$out" >&2
		fail "$pkg: Windows tests under Wine"
	fi
done

# ------------------------------------------------------------ signed release
step "release build, signed with a throwaway certificate"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=otptray test signing" \
	-addext "extendedKeyUsage=codeSigning" -addext "keyUsage=critical,digitalSignature" \
	-keyout "$work/sign-key.pem" -out "$work/sign-cert.pem" 2>/dev/null
export SIGN_CERT=$work/sign-cert.pem SIGN_KEY=$work/sign-key.pem
unset SIGN_TIMESTAMP_URL SIGN_PASS_FILE
new=1.1.0 old=1.0.0
GO=$GO "$here/release.sh" "$work/release" "$new" >/dev/null
"$here/build.sh" amd64 "$work/old" "$old"
"$here/sign.sh" "$work/old"/*.exe >/dev/null
"$here/msi.sh" "$work/old" "$old" "$work/old.msi"
"$here/sign.sh" "$work/old.msi" >/dev/null
new_msi=$work/release/otptray-$new-windows-amd64.msi

step "signatures and SHA256SUMS"
want_files=(SHA256SUMS "otptray-$new-windows-amd64.msi" "otptray-$new-windows-amd64-portable.zip" "otptray-$new-windows-arm64-portable.zip")
got_files=$(cd "$work/release" && ls | sort | tr '\n' ' ')
want_sorted=$(printf '%s\n' "${want_files[@]}" | sort | tr '\n' ' ')
[[ $got_files == "$want_sorted" ]] || fail "release folder holds [$got_files], want [$want_sorted]"
(cd "$work/release" && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match the release files"
[[ $(wc -l <"$work/release/SHA256SUMS") == 3 ]] || fail "SHA256SUMS should list 3 files"
for arch in amd64 arm64; do
	unzip -q "$work/release/otptray-$new-windows-$arch-portable.zip" -d "$work/zip-$arch"
	listing=$(cd "$work/zip-$arch" && find . -type f | sort | tr '\n' ' ')
	[[ $listing == "./otptray/README.txt ./otptray/otptray-cli.exe ./otptray/otptray.exe ./otptray/portable " ]] ||
		fail "$arch zip holds $listing"
done
verify() { # verify FILE: a valid SHA-256 Authenticode signature by the test certificate, no time stamp
	local out
	if ! out=$(osslsigncode verify -CAfile "$SIGN_CERT" -in "$1" 2>&1); then
		echo "$out" >&2
		fail "$(basename "$1"): signature does not verify"
		return
	fi
	grep -q 'Message digest algorithm *: SHA256' <<<"$out" || fail "$(basename "$1"): digest is not SHA-256"
	grep -q 'Subject: /CN=otptray test signing' <<<"$out" || fail "$(basename "$1"): not signed by the test certificate"
	grep -q 'Timestamp is not available' <<<"$out" || fail "$(basename "$1"): time-stamped without SIGN_TIMESTAMP_URL"
}
verify "$new_msi"
verify "$work/old.msi"
for arch in amd64 arm64; do
	verify "$work/zip-$arch/otptray/otptray.exe"
	verify "$work/zip-$arch/otptray/otptray-cli.exe"
done
# A changed byte breaks the signature; an unsigned file has none.
cp "$work/zip-amd64/otptray/otptray-cli.exe" "$work/tampered.exe"
printf 'X' | dd of="$work/tampered.exe" bs=1 seek=$(($(stat -c %s "$work/tampered.exe") / 2)) conv=notrunc status=none
if osslsigncode verify -CAfile "$SIGN_CERT" -in "$work/tampered.exe" >/dev/null 2>&1; then fail "a changed exe still verifies"; fi
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 "$GO" build -o "$work/unsigned.exe" "$root/cmd/otptray-cli" 2>/dev/null ||
	(cd "$root" && GOOS=windows GOARCH=amd64 CGO_ENABLED=0 "$GO" build -o "$work/unsigned.exe" ./cmd/otptray-cli)
if osslsigncode verify -CAfile "$SIGN_CERT" -in "$work/unsigned.exe" >/dev/null 2>&1; then fail "an unsigned exe verifies"; fi

step "installer tables"
# Per user, no elevation: no ALLUSERS, and word count bit 3 (value 8) set.
props=$(msiinfo export "$new_msi" Property)
grep -q '^ALLUSERS' <<<"$props" && fail "the MSI sets ALLUSERS (per-machine)"
grep -q '^Source: 10 ' < <(msiinfo suminfo "$new_msi") || fail "the MSI's word count is not 10 (compressed, no elevation)"
msiinfo export "$new_msi" MsiShortcutProperty | grep -q $'^TrayShortcutAUMID\tTrayShortcut\tSystem.AppUserModel.ID\totptray\r\\?$' ||
	fail "the Start-menu shortcut has no System.AppUserModel.ID otptray"
grep -qi "^UpgradeCode	{9EC3F62F-B639-4BF6-A0F4-34486EE98401}" <<<"$props" || fail "the UpgradeCode changed"

# ------------------------------------------------------------ version stamps
step "version stamping"
got=$(wine "$work/zip-amd64/otptray/otptray-cli.exe" version | tr -d '\r')
[[ $got == "otptray-cli $new" ]] || fail "otptray-cli.exe version says '$got', want 'otptray-cli $new'"

# ----------------------------------------------------------------- installer
step "MSI: install, upgrade, downgrade, uninstall"
run_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Run'
inst=$localappdata/Programs/otptray
inst_win='C:\users\'$(basename "$user_dir")'\AppData\Local\Programs\otptray'
lnk=$appdata/Microsoft/Windows/Start\ Menu/Programs/otptray.lnk
# wine_pids EXE: the Linux process IDs of this prefix's programs named EXE
# (a Wine process's first argument is its exe's Windows or Linux path).
wine_pids() {
	local f pid exe
	for f in $(grep -lzxF "WINEPREFIX=$WINEPREFIX" /proc/[0-9]*/environ 2>/dev/null); do
		pid=${f#/proc/} pid=${pid%/environ}
		exe=$(tr '\0' '\n' 2>/dev/null </proc/"$pid"/cmdline | head -1) || continue
		exe=${exe,,}
		[[ $exe == *"\\${1,,}" || $exe == *"/${1,,}" ]] && echo "$pid"
	done
	return 0
}
# wait_gone EXE SECONDS: until no program named EXE runs in this prefix.
wait_gone() {
	local until=$((SECONDS + $2))
	while [[ -n $(wine_pids "$1") ]]; do
		((SECONDS < until)) || return 1
		sleep 0.2
	done
}
msi() { # msi ARGS...: msiexec quietly, with a log to show on failure
	local rc=0
	wine msiexec "$@" /qn /l*v "$(win "$work/msi.log")" || rc=$?
	# Not wineserver -w, which would wait for the tray that an upgrade
	# starts again: for msiexec alone.
	wait_gone msiexec.exe 60 || fail "msiexec still runs 60 s after $*"
	return $rc
}
run_value() { wine reg query "$run_key" /v otptray 2>/dev/null | tr -d '\r' | sed -n 's/^ *otptray *REG_SZ *//p'; }
products() { wine reg query 'HKCU\Software\Microsoft\Installer\Products' /s 2>/dev/null | tr -d '\r' | grep -c 'ProductName *REG_SZ *otptray$' || true; }
installed_version() { [[ -f $inst/otptray-cli.exe ]] && wine "$inst/otptray-cli.exe" version | tr -d '\r'; }

want_run="\"$inst_win\\otptray.exe\""
# The user's own PATH, which the installer appends the program folder to.
user_path='C:\Tools'
# path_entries: the entries of the user's PATH, one a line. (Wine 8's msi
# leaves the separator of the part it removes, "C:\Tools;" after an
# uninstall, not reported upstream as far as we know; an empty entry does
# nothing, so the checks compare entries.)
path_entries() { wine reg query 'HKCU\Environment' /v PATH 2>/dev/null | tr -d '\r' | sed -n 's/^ *PATH *REG_[A-Z_]*SZ *//p' | tr ';' '\n' | sed '/^$/d'; }
path_is() { # path_is ENTRY...: the user's PATH has these entries, in this order
	[[ $(path_entries) == "$(printf '%s\n' "$@" | sed '/^$/d')" ]]
}
wine reg add 'HKCU\Environment' /v PATH /t REG_EXPAND_SZ /d "$user_path" /f >/dev/null
# ended PID: process PID has ended (a zombie, which its new parent has not
# collected yet, has ended too).
ended() {
	[[ -n $1 ]] || return 1
	local state
	state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' /proc/"$1"/status 2>/dev/null) || true
	[[ -z $state || $state == Z ]]
}
# tray_pid: the one tray process of this prefix (empty if none, all of them
# if more than one).
tray_pid() { wine_pids otptray.exe | tr '\n' ' ' | sed 's/ $//'; }
# wait_tray [NOT]: wait until one tray (other than process NOT) runs as the
# single instance; its process ID is in $tray.
wait_tray() {
	local until=$((SECONDS + 30))
	while tray=$(tray_pid); [[ ! -f $appdata/otptray/otptray.instance || ! $tray =~ ^[0-9]+$ || $tray == "${1:-}" ]]; do
		((SECONDS < until)) || return 1
		sleep 0.2
	done
}
# start_tray: start the installed tray as the user does.
start_tray() {
	(cd "$work" && exec wine "$inst/otptray.exe" >>"$work/tray.log" 2>&1 &)
	wait_tray || fail "the installed tray did not start within 30 s: $(cat "$work/tray.log")"
}
user_turns_on() { wine reg add "$run_key" /v otptray /t REG_SZ /d "$want_run" /f >/dev/null; }
user_turns_off() { wine reg delete "$run_key" /v otptray /f >/dev/null; }

# A first install: files, shortcut, and start at login by default.
msi /i "$(win "$work/old.msi")" || { cat "$work/msi.log" >&2; fail "installing $old"; }
for f in otptray.exe otptray-cli.exe; do [[ -f $inst/$f ]] || fail "install: $inst/$f missing"; done
[[ -f $lnk ]] || fail "install: no Start-menu shortcut"
[[ $(run_value) == "$want_run" ]] || fail "a first install does not start at login: '$(run_value)'"
[[ $(installed_version) == "otptray-cli $old" ]] || fail "installed version: $(installed_version)"
path_is "$user_path" "$inst_win\\" || fail "install: the user's PATH is [$(path_entries | tr '\n' ';')], want $user_path and $inst_win\\"

# A token, added with the installed CLI; its secret goes to Credential
# Manager. (RFC 4648's example secret, not a real one; through stdin.)
printf '%s\n' 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example' |
	wine "$inst/otptray-cli.exe" add >/dev/null || fail "otptray-cli add under the installed copy"
[[ -f $appdata/otptray/tokens.json ]] || fail "no tokens.json in %AppData%\\otptray"

# The tray runs while the user upgrades: the upgrade closes it first (no
# file in use, which Wine too meets with "reboot required", 3010), and
# starts the new one.
start_tray
old_tray=$tray
# The user turns start at login off in otptray's settings; an upgrade keeps
# it off.
user_turns_off
msi /i "$(win "$new_msi")" || { cat "$work/msi.log" >&2; fail "upgrading to $new"; }
[[ $(installed_version) == "otptray-cli $new" ]] || fail "after the upgrade: $(installed_version)"
grep -q 'QuitTray. Return value 1' "$work/msi.log" || fail "the upgrade did not close the running tray (QuitTray)"
ended "$old_tray" || fail "the tray that ran before the upgrade ($old_tray) still runs: $(grep State /proc/"$old_tray"/status)"
wait_tray "$old_tray" || fail "the upgrade did not start the tray again: tray processes '$(tray_pid)'"
new_tray=$tray
got=$(wine "$inst/otptray.exe" --version | tr -d '\r')
[[ $got == "otptray $new" ]] || fail "after the upgrade otptray.exe is '$got', want 'otptray $new'"
[[ -z $(find "$inst" -name '*.tmp') ]] || fail "the upgrade left files to replace at the next reboot: $(ls "$inst")"
path_is "$user_path" "$inst_win\\" || fail "after the upgrade the user's PATH is [$(path_entries | tr '\n' ';')]"
[[ $(products) == 1 ]] || fail "after the upgrade $(products) otptray products are registered, want 1"
[[ -z $(run_value) ]] || fail "the upgrade turned start at login back on"
[[ -f $lnk ]] || fail "after the upgrade: no Start-menu shortcut"

# No downgrade over a newer version.
if msi /i "$(win "$work/old.msi")"; then fail "the older MSI installed over the newer one"; fi
[[ $(installed_version) == "otptray-cli $new" ]] || fail "after the refused downgrade: $(installed_version)"
[[ $(tray_pid) == "$new_tray" ]] || fail "the refused downgrade touched the running tray: '$(tray_pid)', was '$new_tray'"

# The user turns it on in otptray's settings after all; the uninstall still
# removes the Run value, which the installer did not write.
user_turns_on
msi /x "$(win "$new_msi")" || { cat "$work/msi.log" >&2; fail "uninstalling"; }
[[ ! -e $inst ]] || fail "uninstall left $(ls -A "$inst" | tr '\n' ' ') in the program folder"
[[ -z $(tray_pid) ]] || fail "the tray still runs after the uninstall: $(tray_pid)"
grep -q 'QuitTray. Return value 1' "$work/msi.log" || fail "the uninstall did not close the running tray (QuitTray)"
grep -q 'Action start .*: StartTray\.' "$work/msi.log" && fail "the uninstall started the tray"
path_is "$user_path" || fail "after the uninstall the user's PATH is [$(path_entries | tr '\n' ';')], want $user_path"
[[ ! -e $lnk ]] || fail "uninstall left the Start-menu shortcut"
[[ -z $(run_value) ]] || fail "uninstall left the Run value"
# Wine removes a value of a component that was never installed, Windows does
# not: there the custom action does it. Check at least that it ran and
# succeeded.
grep -q 'ForgetAutostart. Return value 1' "$work/msi.log" || fail "the uninstall did not run ForgetAutostart successfully"
[[ $(products) == 0 ]] || fail "uninstall left the product registered"
if wine reg query 'HKCU\Software\otptray\Installer' >/dev/null 2>&1; then fail "uninstall left HKCU\\Software\\otptray\\Installer"; fi
# The user's tokens are still there: the list in %AppData% and the secret in
# Credential Manager (code needs it).
[[ -f $appdata/otptray/tokens.json ]] || fail "uninstall removed tokens.json"
code=$(wine "$work/old/otptray-cli.exe" code 'Example (alice)' 2>&1 | tr -d '\r') || true
[[ $code =~ ^[0-9]{6}$ ]] || fail "after uninstall, code for the token: '$code' (want 6 digits: the secret must survive)"

# AUTOSTART=0 installs without start at login; when the user turns it on
# later, an upgrade keeps it on, and the uninstall removes it.
msi /i "$(win "$work/old.msi")" AUTOSTART=0 || { cat "$work/msi.log" >&2; fail "installing $old with AUTOSTART=0"; }
[[ -z $(run_value) ]] || fail "AUTOSTART=0 wrote the Run value"
user_turns_on
msi /i "$(win "$new_msi")" || { cat "$work/msi.log" >&2; fail "upgrading to $new again"; }
[[ $(run_value) == "$want_run" ]] || fail "the upgrade turned start at login off: '$(run_value)'"
if grep -q 'Action start .*: StartTray\.' "$work/msi.log" || [[ -n $(tray_pid) ]]; then
	fail "an upgrade started the tray, which was not running before"
fi
msi /x "$(win "$new_msi")" || fail "uninstalling again"
[[ -z $(run_value) ]] || fail "the second uninstall left the Run value"
[[ ! -e $inst ]] || fail "the second uninstall left the program folder"

# --------------------------------------------------------------- portable
step "portable copy"
port=$work/zip-amd64/otptray
printf '%s\n' 'otpauth://totp/Portable:bob?secret=JBSWY3DPEHPK3PXP&issuer=Portable' |
	wine "$port/otptray-cli.exe" add >/dev/null || fail "otptray-cli add in the portable copy"
[[ -f $port/data/tokens.json ]] || fail "the portable copy keeps no tokens.json in its data folder"
grep -q Portable "$appdata/otptray/tokens.json" && fail "the portable copy wrote to %AppData%\\otptray"
list=$(wine "$port/otptray-cli.exe" list | tr -d '\r')
grep -q 'Portable (bob)' <<<"$list" || fail "the portable copy does not list its token: $list"
grep -q 'Example (alice)' <<<"$list" && fail "the portable copy lists the installed copy's token"

# ------------------------------------------------------------ the updater
step "update --install under Wine (updatetest.sh)"
GO=$GO "$here/updatetest.sh" || fail "update --install under Wine (updatetest.sh)"

# ------------------------------------------------------------ tray, end to end
step "the tray under Wine (traytest.sh)"
GO=$GO "$here/traytest.sh" || fail "the tray under Wine (traytest.sh)"

step ""
printf 'Windows tests: %d s in all\n' $((SECONDS - start_all))
if ((failures > 0)); then
	echo "test.sh: $failures failure(s)" >&2
	exit 1
fi
echo "test.sh: all Windows tests passed"
