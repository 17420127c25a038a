# wineprefix.sh: sourced by the scripts that run Windows programs under Wine.
#
#   . wineprefix.sh
#   wine_prefix "$work"
#
# wine_prefix WORK makes a throwaway 64-bit Wine prefix in WORK/prefix with
# the stand-in bcryptprimitives.dll (see bcryptprimitives/), and sets
#   WINEPREFIX WINEARCH WINEDEBUG WINEDLLOVERRIDES (exported)
#   user_dir appdata localappdata     the Wine user's profile folders
# Needs wine, wine64 and gcc-mingw-w64-x86-64-win32.

wine_prefix() {
	local work=$1 here
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	export WINEPREFIX=$work/prefix WINEARCH=win64 WINEDEBUG=${WINEDEBUG:--all}
	# No Mono or Gecko installers, and no menu entries in the host's desktop.
	export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
	x86_64-w64-mingw32-gcc -O2 -Wall -Wextra -Werror -shared -nostartfiles -s \
		-Wl,-e,DllMain -o "$work/bcryptprimitives.dll" "$here/bcryptprimitives/bcryptprimitives.c" -ladvapi32
	wine wineboot -i >/dev/null 2>&1
	wineserver -w
	local sys32=$WINEPREFIX/drive_c/windows/system32
	if [[ -e $sys32/bcryptprimitives.dll ]]; then
		echo "this Wine has bcryptprimitives.dll; the stand-in is not needed"
	else
		# Go loads it from System32 only (LOAD_LIBRARY_SEARCH_SYSTEM32).
		cp "$work/bcryptprimitives.dll" "$sys32/"
	fi
	user_dir=$(find "$WINEPREFIX/drive_c/users" -mindepth 1 -maxdepth 1 -type d ! -name Public | head -1)
	[[ -n $user_dir ]] || { echo "wineprefix.sh: wineboot made no user profile" >&2; return 1; }
	appdata=$user_dir/AppData/Roaming
	localappdata=$user_dir/AppData/Local
}
