#!/usr/bin/env bash
# updatetest.sh: under Wine, `otptray-cli update --install` takes an
# installed older MSI to the newer release, and refuses a tampered one.
#
#   packaging/windows/updatetest.sh
#
# Both versions are built to trust a throwaway minisign release key, the
# newer release is signed with it (release.sh, OTPTRAY_SIGNING_KEY), and a
# feed in the shape of GitHub's latest release is served over http on
# 127.0.0.1 (the one http address the updater accepts). Checks: a changed
# MSI is refused and nothing is installed; the good one is installed by
# msiexec /i FILE /passive, and the user's token (tokens.json and its
# Credential Manager entry) survives. Run by test.sh; runs on its own too.
# Needs what test.sh needs, and minisign and python3.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GO=${GO:-go}

if [[ -z ${DISPLAY:-} && -z ${_OTPTRAY_WINTEST_XVFB:-} ]] && command -v xvfb-run >/dev/null; then
	# msiexec /passive shows its progress window.
	_OTPTRAY_WINTEST_XVFB=1 exec xvfb-run -a -s "-screen 0 1024x768x24" "$0" "$@"
fi
for tool in wine wineserver minisign python3; do
	command -v "$tool" >/dev/null || { echo "updatetest.sh: $tool is missing (make test-windows installs it)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/otptray-updatetest.XXXXXX")
server=
cleanup() {
	[[ -n $server ]] && kill "$server" 2>/dev/null
	wineserver -k 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}
win() { local p=${1//\//\\}; echo "Z:$p"; }

# shellcheck source=wineprefix.sh
. "$here/wineprefix.sh"
wine_prefix "$work"
inst=$localappdata/Programs/otptray

echo "== builds that trust a throwaway release key"
minisign -G -W -p "$work/release.pub" -s "$work/release.key" >/dev/null
chmod 600 "$work/release.key"
pub=$(sed -n 2p "$work/release.pub")
export EXTRA_LDFLAGS="-X github.com/otptray/otptray/update.releaseKey=$pub"
old=1.0.0 new=1.1.0
GO=$GO "$here/build.sh" amd64 "$work/old" "$old" >/dev/null
"$here/msi.sh" "$work/old" "$old" "$work/old.msi" >/dev/null
GO=$GO OTPTRAY_SIGNING_KEY=$work/release.key "$here/release.sh" "$work/release" "$new" >/dev/null
[[ -f $work/release/SHA256SUMS.minisig ]] || fail "release.sh wrote no SHA256SUMS.minisig"
minisign -V -q -p "$work/release.pub" -m "$work/release/SHA256SUMS" || fail "minisign -V does not verify the release's SHA256SUMS"

echo "== the release feed on 127.0.0.1"
# A server that says its port once it listens; the feed lists every file
# of the release folder as an asset.
python3 - "$work/release" "$work/port" "$new" <<'PY' &
import http.server, json, os, sys
folder, portfile, version = sys.argv[1:]
class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k):
        super().__init__(*a, directory=folder, **k)
    def log_message(self, *a):
        pass
    def do_GET(self):
        if self.path != "/feed":
            return super().do_GET()
        host = "http://127.0.0.1:%d" % self.server.server_port
        assets = [{"name": n, "browser_download_url": host + "/" + n, "size": os.path.getsize(os.path.join(folder, n))}
                  for n in sorted(os.listdir(folder))]
        body = json.dumps({"tag_name": "v" + version, "html_url": "https://github.com/otptray/otptray/releases/tag/v" + version,
                           "assets": assets}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.server_port))
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
PY
server=$!
for _ in $(seq 50); do [[ -f $work/port ]] && break; sleep 0.1; done
[[ -f $work/port ]] || { echo "updatetest.sh: the feed server did not start" >&2; exit 1; }
feed=http://127.0.0.1:$(cat "$work/port")/feed

echo "== the older version installed, with a token"
wine msiexec /i "$(win "$work/old.msi")" /qn || fail "installing $old"
timeout 120 wineserver -w || true
installed_version() { wine "$inst/otptray-cli.exe" version 2>/dev/null | tr -d '\r'; }
[[ $(installed_version) == "otptray-cli $old" ]] || fail "installed: '$(installed_version)', want otptray-cli $old"
# RFC 4648's example secret, not a real one; through stdin.
printf '%s\n' 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example' |
	wine "$inst/otptray-cli.exe" add >/dev/null || fail "otptray-cli add"

echo "== a tampered MSI is refused"
msi=$work/release/otptray-$new-windows-amd64.msi
cp "$msi" "$work/good.msi"
printf 'X' | dd of="$msi" bs=1 seek=$(($(stat -c %s "$msi") / 2)) conv=notrunc status=none
if out=$(wine "$inst/otptray-cli.exe" update --install --feed "$feed" 2>&1); then
	fail "a tampered MSI was accepted: $out"
fi
grep -q "does not match its checksum in the signed release" <<<"$out" || fail "the refusal of the tampered MSI says: $out"
timeout 60 wineserver -w || true
[[ $(installed_version) == "otptray-cli $old" ]] || fail "after the refusal: '$(installed_version)'"
leftover=$(find "$user_dir" -path '*Temp/otptray-update-*' 2>/dev/null)
[[ -z $leftover ]] || fail "the refused download left $leftover"
cp "$work/good.msi" "$msi"

echo "== the good release is installed"
out=$(wine "$inst/otptray-cli.exe" update --install --feed "$feed" 2>&1 | tr -d '\r') || fail "update --install: $out"
grep -q "^Installing otptray $new: otptray-$new-windows-amd64.msi passed the signature and checksum checks" <<<"$out" ||
	fail "update --install says: $out"
# msiexec runs on after otptray-cli; wineserver -w waits for it.
timeout 300 wineserver -w || fail "msiexec still runs after 300 s"
[[ $(installed_version) == "otptray-cli $new" ]] || fail "after the update: '$(installed_version)', want otptray-cli $new"
code=$(wine "$inst/otptray-cli.exe" code 'Example (alice)' 2>&1 | tr -d '\r') || true
[[ $code =~ ^[0-9]{6}$ ]] || fail "after the update, code for the token: '$code' (want 6 digits: the secret must survive)"
out=$(wine "$inst/otptray-cli.exe" update --install --feed "$feed" 2>&1 | tr -d '\r') || fail "update --install at $new: $out"
grep -q "^You have the latest version of otptray ($new)" <<<"$out" || fail "update --install at $new says: $out"

if ((failures > 0)); then
	echo "updatetest.sh: $failures failure(s)" >&2
	exit 1
fi
echo "updatetest.sh: the update under Wine passed"
