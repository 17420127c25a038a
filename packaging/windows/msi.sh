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
#     user turned autostart on in otptray's settings rather than here;
#   - the program folder at the end of the user's PATH, for otptray-cli
#     (Environment table: WiX's <Environment Name="PATH" Part="last"
#     Action="set" System="no"/>, which wixl 0.101 rejects), taken off again
#     at uninstall;
#   - closing a running tray before an upgrade, a repair or an uninstall
#     replaces or removes its files (otptray.exe --quit, which waits until
#     the process has ended), and starting it again after an upgrade or a
#     repair when it was running before (wixl's CustomAction has no
#     Directory attribute for the start; both actions are kept here, with
#     the AppSearch rows they depend on).
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

# The user's PATH (no * before the name: the user's environment, as fits a
# per-user package): = sets it at install, - removes it with the component,
# and [~]; makes the value a part appended to what is there. Windows
# Installer removes only that part again.
printf '%s\t%s\t%s\t%s\r\n%s\t%s\t%s\t%s\r\n%s\t%s\r\n%s\t%s\t%s\t%s\r\n' \
	Environment Name Value Component_ \
	s72 l255 L255 s72 \
	Environment Environment \
	CliOnPath '=-PATH' '[~];[INSTALLDIR]' Programs \
	>"$tmp/Environment.idt"

# Files that AppSearch looks for: the installed otptray.exe (TRAY_EXE, its
# path), and the single-instance file that a running tray keeps in its data
# folder (TRAY_RUNNING; tray/desktop/single.go names it). A tray that crashed
# leaves that file behind: an upgrade then starts the tray, which did not run.
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\r\n%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\r\n%s\t%s\r\n' \
	Signature FileName MinVersion MaxVersion MinSize MaxSize MinDate MaxDate Languages \
	s72 s255 S20 S20 I4 I4 I4 I4 S255 \
	Signature Signature >"$tmp/Signature.idt"
printf '%s\t\t\t\t\t\t\t\t\r\n' 'TrayExe	otptray.exe' 'InstanceFile	otptray.instance' >>"$tmp/Signature.idt"
printf '%s\t%s\t%s\t%s\r\n%s\t%s\t%s\t%s\r\n%s\t%s\t%s\t%s\r\n' \
	Signature_ Parent Path Depth \
	s72 S72 S255 I2 \
	DrLocator Signature_ Parent Path \
	>"$tmp/DrLocator.idt"
printf '%s\t\t%s\t0\r\n' TrayExe '[LocalAppDataFolder]Programs\otptray' InstanceFile '[AppDataFolder]otptray' >>"$tmp/DrLocator.idt"

# Custom action types (Windows Installer "Summary List of All Custom Action
# Types"): 51 sets a property; 34 runs an exe from a folder, 50 an exe whose
# path a property holds; +64 ignores its exit code, +128 (with +64) does not
# wait for it, +1024 runs it in the deferred (installing) phase.
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
	"INSERT INTO \`AppSearch\` (\`Property\`, \`Signature_\`) VALUES ('TRAY_EXE', 'TrayExe')"
	"INSERT INTO \`AppSearch\` (\`Property\`, \`Signature_\`) VALUES ('TRAY_RUNNING', 'InstanceFile')"
	# Immediate and before InstallValidate, where Windows Installer looks
	# for files in use; in the user's session, where the tray runs.
	"INSERT INTO \`CustomAction\` (\`Action\`, \`Type\`, \`Source\`, \`Target\`) VALUES ('QuitTray', 114, 'TRAY_EXE', '--quit')"
	# After InstallFinalize: the new files are in place.
	"INSERT INTO \`CustomAction\` (\`Action\`, \`Type\`, \`Source\`, \`Target\`) VALUES ('StartTray', 226, 'INSTALLDIR', '\"[INSTALLDIR]otptray.exe\"')"
)
for seq in InstallUISequence InstallExecuteSequence; do
	sql+=(
		"INSERT INTO \`$seq\` (\`Action\`, \`Condition\`, \`Sequence\`) VALUES ('AppSearch', '', 50)"
		"INSERT INTO \`$seq\` (\`Action\`, \`Condition\`, \`Sequence\`) VALUES ('AutostartDefault', '(REMOVE = \"ALL\") OR (NOT Installed AND NOT AUTOSTART AND (NOT WIX_UPGRADE_DETECTED OR AUTOSTART_FOUND))', 60)"
	)
done
sql+=(
	"INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Condition\`, \`Sequence\`) VALUES ('ForgetAutostart', 'REMOVE = \"ALL\" AND NOT UPGRADINGPRODUCTCODE', 6550)"
	"INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Condition\`, \`Sequence\`) VALUES ('RemoveEnvironmentStrings', '', 3300)"
	"INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Condition\`, \`Sequence\`) VALUES ('WriteEnvironmentStrings', '', 5200)"
	# An upgrade's removal of the old version (UPGRADINGPRODUCTCODE) finds
	# the tray closed already.
	"INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Condition\`, \`Sequence\`) VALUES ('QuitTray', 'TRAY_EXE AND (Installed OR WIX_UPGRADE_DETECTED) AND NOT UPGRADINGPRODUCTCODE', 1390)"
	"INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Condition\`, \`Sequence\`) VALUES ('StartTray', 'TRAY_RUNNING AND (Installed OR WIX_UPGRADE_DETECTED) AND NOT (REMOVE = \"ALL\")', 6650)"
)

args=()
for table in MsiShortcutProperty Environment Signature DrLocator; do args+=(-i "$tmp/$table.idt"); done
for q in "${sql[@]}"; do args+=(-q "$q"); done
msibuild "$tmp/otptray.msi" "${args[@]}"
mv "$tmp/otptray.msi" "$out"
