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
