package desktop

import (
	"golang.design/x/clipboard"
)

// Registered clipboard formats that keep the text out of the clipboard
// history (Win+V) and the cloud clipboard, and out of clipboard monitors
// that honour them. Documented by Microsoft in "Clipboard Formats", section
// "Cloud Clipboard and Clipboard History Formats" (learn.microsoft.com/
// windows/win32/dataxchg/clipboard-formats): any data in
// ExcludeClipboardContentFromMonitorProcessing excludes the content from
// both; CanIncludeInClipboardHistory and CanUploadToCloudClipboard take a
// DWORD, 0 meaning no.
var (
	fmtExcludeFromMonitors = clipboard.Register("ExcludeClipboardContentFromMonitorProcessing")
	fmtHistory             = clipboard.Register("CanIncludeInClipboardHistory")
	fmtCloud               = clipboard.Register("CanUploadToCloudClipboard")
)

// dwordZero is a little-endian DWORD 0.
var dwordZero = []byte{0, 0, 0, 0}

// clipboardItems is what Copy puts on the clipboard: the text as
// CF_UNICODETEXT and the three exclusion formats, set in one
// OpenClipboard/EmptyClipboard/CloseClipboard transaction by the library
// (registered names are raw formats to it, written with
// RegisterClipboardFormat and SetClipboardData).
func clipboardItems(text string) []clipboard.Item {
	return []clipboard.Item{
		{Format: clipboard.FmtText, Bytes: []byte(text)},
		{Format: fmtExcludeFromMonitors, Bytes: dwordZero},
		{Format: fmtHistory, Bytes: dwordZero},
		{Format: fmtCloud, Bytes: dwordZero},
	}
}

// clearsAfterPaste: the system keeps the copied bytes itself and serves
// pastes without asking this program, so no paste can be counted.
const clearsAfterPaste = false

// pasteLimit is nothing here (see clearsAfterPaste).
func pasteLimit() []clipboard.Option { return nil }
