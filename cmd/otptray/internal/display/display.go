// Package display tells whether the program runs in a desktop session, and
// says so in the user's language when it does not.
//
// It must be initialised before golang.design/x/hotkey, whose init panics
// without an X display; so it may import only packages that Go initialises
// before hotkey (see package check), which package i18n is not. It reads
// its message from the catalogue's files itself (Message), and a test
// keeps the result equal to package i18n's.
package display

import (
	"bytes"
	"io/fs"
	"strconv"

	"github.com/otptray/otptray/i18n/locales"
)

// Missing reports whether no X11 or Wayland display is set.
func Missing(getenv func(string) string) bool {
	return getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == ""
}

// MessageID is the catalogue's message for a missing desktop session.
const MessageID = "tray.err.no_desktop"

// Message is the catalogue's MessageID in lang ("en", "ja"), or in English
// when lang lacks it; like package i18n, it is the ID itself when the
// catalogue lacks it altogether.
func Message(lang string) string {
	for _, l := range []string{lang, "en"} {
		if s, ok := lookup(locales.FS, l, MessageID); ok {
			return s
		}
	}
	return MessageID
}

// lookup finds the line `"id" = "text"` in the catalogue files of lang and
// returns the text. It reads the one-line TOML basic strings the catalogue
// uses (their escapes are a subset of Go's, so strconv.Unquote reads them),
// not TOML in general.
func lookup(fsys fs.FS, lang, id string) (string, bool) {
	files, err := fs.Glob(fsys, "*."+lang+".toml")
	if err != nil {
		return "", false
	}
	key := []byte(strconv.Quote(id))
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			continue
		}
		for line := range bytes.Lines(data) {
			rest, ok := bytes.CutPrefix(bytes.TrimSpace(line), key)
			if !ok {
				continue
			}
			rest, ok = bytes.CutPrefix(bytes.TrimSpace(rest), []byte("="))
			if !ok {
				continue
			}
			if s, err := strconv.Unquote(string(bytes.TrimSpace(rest))); err == nil {
				return s, true
			}
		}
	}
	return "", false
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
