package desktop

import (
	"golang.design/x/clipboard"
)

// fmtConcealed is the pasteboard type that macOS clipboard managers honour
// by leaving the content out of their history (the nspasteboard.org
// convention); its presence is what counts.
var fmtConcealed = clipboard.Register("org.nspasteboard.ConcealedType")

// clipboardItems is what Copy puts on the clipboard: the text, marked
// concealed.
func clipboardItems(text string) []clipboard.Item {
	return []clipboard.Item{
		{Format: clipboard.FmtText, Bytes: []byte(text)},
		{Format: fmtConcealed, Bytes: []byte(text)},
	}
}

// clearsAfterPaste: the system keeps the copied bytes itself and serves
// pastes without asking this program, so no paste can be counted.
const clearsAfterPaste = false

// pasteLimit is nothing here (see clearsAfterPaste).
func pasteLimit() []clipboard.Option { return nil }
