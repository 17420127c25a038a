// Package display tells whether the program runs in a desktop session, and
// says so in the user's language when it does not.
//
// It must be initialised before golang.design/x/hotkey, whose init panics
// without an X display; so it imports nothing that hotkey does not import
// itself (no message catalogue). Its texts are copies of the catalogue's
// "tray.err.no_desktop", and a test keeps them equal.
package display

// Missing reports whether no X11 or Wayland display is set.
func Missing(getenv func(string) string) bool {
	return getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == ""
}

// Messages are the catalogue's "tray.err.no_desktop", by language.
var Messages = map[string]string{
	"en": "otptray needs a desktop session, and none was found (DISPLAY and WAYLAND_DISPLAY are not set). Start it from your desktop; to try it without one, run it under Xvfb: xvfb-run -a dbus-run-session -- otptray",
	"ja": "otptray にはデスクトップ環境が必要ですが、見つかりませんでした（DISPLAY も WAYLAND_DISPLAY も設定されていません）。デスクトップから起動してください。デスクトップなしで試すには Xvfb の下で実行します: xvfb-run -a dbus-run-session -- otptray",
}

// Lang picks the message language from the environment as the catalogue
// does (LC_ALL, LC_MESSAGES, LANG, LANGUAGE; Japanese or else English).
func Lang(getenv func(string) string) string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
		s := getenv(v)
		if s == "" {
			continue
		}
		if len(s) >= 2 && (s[0] == 'j' || s[0] == 'J') && (s[1] == 'a' || s[1] == 'A') &&
			(len(s) == 2 || s[2] == '_' || s[2] == '-' || s[2] == '.' || s[2] == ':' || s[2] == ',') {
			return "ja"
		}
		return "en"
	}
	return "en"
}
