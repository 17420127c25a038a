#!/usr/bin/env bash
# msi.sh: build otptray's Windows installer from the exes in BINDIR.
#
#   msi.sh BINDIR VERSION OUT.msi
#
# wixl (msitools) compiles otptray.wxs; then msibuild adds to the database
# what wixl 0.101 cannot express:
#   - the Start-menu shortcut's System.AppUserModel.ID (MsiShortcutProperty
#     table), equal to the AppUserModelID under which the tray sends its
#     toasts: Windows names a toast's sender, and shows its icon, from the
#     Start-menu shortcut that carries the same ID;
#   - the condition AUTOSTART = "1" on the autostart component, and its
#     default: on for a first install, and on an upgrade whatever the user has
#     now (the Run value exists or not), so that an upgrade does not undo a
#     choice made in otptray's settings;
#   - upgrades over the same version (a rebuilt package), like WiX's
#     AllowSameVersionUpgrades;
#   - at uninstall (not at an upgrade), removal of the Run value, even when the
#     user turned autostart on in otptray's settings rather than here.
set -euo pipefail

bin=${1:?usage: msi.sh BINDIR VERSION OUT.msi}
version=${2:?usage: msi.sh BINDIR VERSION OUT.msi}
out=${3:?usage: msi.sh BINDIR VERSION OUT.msi}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
numeric=$("$here/version.sh" --numeric "$version")

# The AppUserModelID of the tray's toasts (desktop.AppName).
aumid=otptray
# The property, by its canonical name in the Windows property system, as the
# MsiShortcutProperty table's documentation asks (PKEY_AppUserModel_ID).
pkey_aumid=System.AppUserModel.ID
upgrade_code=$(sed -n 's/.*UpgradeCode="\([^"]*\)".*/{\1}/p' "$here/otptray.wxs" | tr a-f A-F)
run_key='Software\Microsoft\Windows\CurrentVersion\Run'

for f in otptray.exe otptray-cli.exe; do
	[[ -f $bin/$f ]] || { echo "msi.sh: $bin/$f is missing (make windows builds it)" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$(dirname "$out")"

# wixl finds sources only by relative paths: stage them.
mkdir "$tmp/src"
cp "$bin/otptray.exe" "$bin/otptray-cli.exe" "$root/icons/otptray.ico" "$tmp/src/"
(cd "$tmp/src" && wixl --arch x64 -D Version="$numeric" -o "$tmp/otptray.msi" "$here/otptray.wxs")

# Tables in msidb's text format: column names, column types, table name and
# primary key, then rows; fields separated by tabs.
printf '%s\t%s\t%s\t%s\r\n%s\t%s\t%s\t%s\r\n%s\t%s\r\n%s\t%s\t%s\t%s\r\n' \
	MsiShortcutProperty Shortcut_ PropertyKey PropVariantValue \
	s72 s72 s0 s0 \
	MsiShortcutProperty MsiShortcutProperty \
	TrayShortcutAUMID TrayShortcut "$pkey_aumid" "$aumid" \
	>"$tmp/MsiShortcutProperty.idt"

# Custom action types (Windows Installer "Summary List of All Custom Action
# Types"): 51 sets a property; 34 runs an exe from a folder, +64 ignores its
# exit code, +1024 runs it in the deferred (installing) phase.
sql=(
	"UPDATE \`Component\` SET \`Condition\` = 'AUTOSTART = \"1\"' WHERE \`Component\` = 'Autostart'"
	# Attributes is part of the Upgrade table's key: replace the row. 513 =
	# migrate feature states (1) + the maximum version is included (512).
	"DELETE FROM \`Upgrade\` WHERE \`ActionProperty\` = 'WIX_UPGRADE_DETECTED'"
	"INSERT INTO \`Upgrade\` (\`UpgradeCode\`, \`VersionMax\`, \`Attributes\`, \`ActionProperty\`) VALUES ('$upgrade_code', '$numeric', 513, 'WIX_UPGRADE_DETECTED')"
	"INSERT INTO \`AppSearch\` (\`Property\`, \`Signature_\`) VALUES ('AUTOSTART_FOUND', 'RunValue')"
	"INSERT INTO \`RegLocator\` (\`Signature_\`, \`Root\`, \`Key\`, \`Name\`, \`Type\`) VALUES ('RunValue', 1, '$run_key', 'otptray', 2)"
	"INSERT INTO \`CustomAction\` (\`Action\`, \`Type\`, \`Source\`, \`Target\`) VALUES ('AutostartDefault', 51, 'AUTOSTART', '1')"
	# The folder an exe custom action starts in must be in the Directory table.
	"INSERT INTO \`Directory\` (\`Directory\`, \`Directory_Parent\`, \`DefaultDir\`) VALUES ('SystemFolder', 'TARGETDIR', '.')"
	"INSERT INTO \`CustomAction\` (\`Action\`, \`Type\`, \`Source\`, \`Target\`) VALUES ('ForgetAutostart', 1122, 'SystemFolder', '\"[SystemFolder]reg.exe\" delete \"HKCU\\$run_key\" /v otptray /f')"
)
for seq in InstallUISequence InstallExecuteSequence; do
	sql+=(
		"INSERT INTO \`$seq\` (\`Action\`, \`Condition\`, \`Sequence\`) VALUES ('AppSearch', '', 50)"
		"INSERT INTO \`$seq\` (\`Action\`, \`Condition\`, \`Sequence\`) VALUES ('AutostartDefault', '(REMOVE = \"ALL\") OR (NOT Installed AND NOT AUTOSTART AND (NOT WIX_UPGRADE_DETECTED OR AUTOSTART_FOUND))', 60)"
	)
done
sql+=("INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Condition\`, \`Sequence\`) VALUES ('ForgetAutostart', 'REMOVE = \"ALL\" AND NOT UPGRADINGPRODUCTCODE', 6550)")

args=(-i "$tmp/MsiShortcutProperty.idt")
for q in "${sql[@]}"; do args+=(-q "$q"); done
msibuild "$tmp/otptray.msi" "${args[@]}"
mv "$tmp/otptray.msi" "$out"
