//go:build !windows && !darwin

package desktop

import (
	"golang.design/x/clipboard"
)

// Clipboard types beside the text itself.
var (
	// fmtUTF8 is the MIME name of UTF-8 text, which Wayland programs and
	// some X11 toolkits ask for instead of UTF8_STRING.
	fmtUTF8 = clipboard.Register("text/plain;charset=utf-8")
	// fmtString is the X11 STRING target (Latin-1), asked for by older
	// X programs; offered only for ASCII text, which it represents as is.
	fmtString = clipboard.Register("STRING")
	// fmtKDEHint marks the text as a secret for KDE's clipboard history
	// (Klipper), which then does not keep it: the convention of the
	// x-kde-passwordManagerHint type with the value "secret".
	fmtKDEHint = clipboard.Register("x-kde-passwordManagerHint")
)

// clipboardItems is what Copy puts on the clipboard: the text under its
// usual names, and the marks that ask clipboard managers not to keep it.
func clipboardItems(text string) []clipboard.Item {
	items := []clipboard.Item{
		{Format: clipboard.FmtText, Bytes: []byte(text)},
		{Format: fmtUTF8, Bytes: []byte(text)},
	}
	if isASCII(text) {
		items = append(items, clipboard.Item{Format: fmtString, Bytes: []byte(text)})
	}
	items = append(items,
		clipboard.Item{Format: fmtKDEHint, Bytes: []byte("secret")},
	)
	return items
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// clearsAfterPaste: the clipboard's owner answers each paste itself on X11
// and Wayland, so it can stop after the first.
const clearsAfterPaste = true

// pasteLimit is what makes a write serve one paste.
func pasteLimit() []clipboard.Option { return []clipboard.Option{clipboard.Loops(1)} }
