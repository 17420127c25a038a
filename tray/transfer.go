package tray

import (
	"image"
	"strings"
	"time"
)

// Moving tokens in and out from the tray: "Add token" (scan a QR code on
// the screen, paste a link: add.go), "Show QR code" for a phone (showqr.go)
// and the reminder to make a backup (backup.go). The App calls the hooks
// below; the menu entries are built by the builder methods beside them.

// TransferSystem is what those features need from the operating system
// beyond System. The App finds it on its System by a type assertion, so that
// a System without it still serves the rest; the features then say they are
// not available.
type TransferSystem interface {
	// ReadClipboard returns the text on the clipboard, "" if it holds none.
	ReadClipboard() (string, error)
	// ClearClipboardIf empties the clipboard if it still holds text.
	ClearClipboardIf(text string) error
	// CaptureScreens takes a picture of every monitor.
	CaptureScreens() ([]image.Image, error)
	// OpenFile opens a file with the user's program for it.
	OpenFile(path string) error
}

// Entry keys of the transfer features; token entries add the token ID.
const (
	KeyAddToken   = "add"
	KeyAddScan    = "add/scan"
	KeyAddPaste   = "add/paste"
	KeyAddHelp    = "add/help"
	KeyShowQR     = "qr"
	KeyShowQRFor  = "qr/" // + token ID
	KeyBackupDue  = "backup/due"
	KeyBackupHelp = "backup/help"
)

// PageTokens is the help page on adding, moving and backing up tokens.
const PageTokens = "tokens"

// TransferStatus is what the menu shows of the transfer features.
type TransferStatus struct {
	Scanning bool // a scan of the screen is under way
}

// transferState is what the features remember. Like the rest of the App it
// is only touched on the loop's goroutine.
type transferState struct {
	scanning bool
	// tempBase is where the private folder of QR images is made;
	// os.TempDir() when "". Tests set it.
	tempBase string
	qrDir    string    // the private folder, "" until the first QR code
	qrFiles  []qrFile  // shown and not yet deleted
	cleaned  bool      // the folders of earlier runs were looked at
	reminded time.Time // the last backup toast of this run
}

func (a *App) transferStatus() TransferStatus {
	return TransferStatus{Scanning: a.xfer.scanning}
}

// transferClick handles the clicks on the features' entries; false if key
// is none of theirs.
func (a *App) transferClick(key string, now time.Time) bool {
	switch {
	case key == KeyAddScan:
		a.scanScreen()
	case key == KeyAddPaste:
		a.pasteClipboard(now)
	case key == KeyAddHelp, key == KeyBackupHelp:
		a.openPage(PageTokens)
	case strings.HasPrefix(key, KeyShowQRFor):
		a.showQR(strings.TrimPrefix(key, KeyShowQRFor), now)
	default:
		return false
	}
	return true
}

// transferTick runs on every refresh: shown QR images expire (and, at the
// first refresh, those an earlier run left behind), and the backup reminder
// may be due.
func (a *App) transferTick(now time.Time) {
	if !a.xfer.cleaned {
		a.xfer.cleaned = true
		cleanStaleQR(a.xfer.tempBase, time.Now())
	}
	a.expireQR(now, false)
	a.remindBackup(now)
}

// stopTransfer deletes every QR image still on disk (the program ends).
func (a *App) stopTransfer() {
	a.expireQR(time.Time{}, true)
}

func (a *App) transferSystem() (TransferSystem, bool) {
	ts, ok := a.Sys.(TransferSystem)
	if !ok {
		a.notify(a.loc.T("traytransfer.title"), a.loc.T("traytransfer.unavailable"))
	}
	return ts, ok
}
