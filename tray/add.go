package tray

import (
	"fmt"
	"image"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token/transfer"
)

// Moving tokens in from the tray: "Add token" scans a QR code on the screen
// or pastes a link (this file). "Show QR code" for a phone is showqr.go, the
// reminder to make a backup backup.go.

// transferState is what those features remember.
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

// transferTick runs on every refresh: shown QR images expire (and, at the
// first refresh, those an earlier run left behind), and the backup reminder
// may be due.
func (a *app) transferTick(now time.Time) {
	if !a.xfer.cleaned {
		a.xfer.cleaned = true
		cleanStaleQR(a.xfer.tempBase, time.Now())
	}
	a.expireQR(now, false)
	a.remindBackup(now)
}

// stopTransfer deletes every QR image still on disk (the program ends).
func (a *app) stopTransfer() {
	a.expireQR(time.Time{}, true)
}

// canTransfer says whether the system can read the clipboard, take
// pictures of the screen and open files; if not, a notification says so.
func (a *app) canTransfer() bool {
	if !a.Sys.Can().Transfer {
		a.notify(a.loc.T("traytransfer.title"), a.loc.T("traytransfer.unavailable"))
		return false
	}
	return true
}

// scanScreen looks for QR codes on every monitor on a task (decoding a
// screen takes a while).
func (a *app) scanScreen() {
	if a.xfer.scanning || !a.canTransfer() {
		return
	}
	a.xfer.scanning = true
	sys := a.Sys
	a.task(func() func(time.Time) {
		res, err := safeScan(sys.CaptureScreens)
		return func(now time.Time) {
			a.xfer.scanning = false
			if err != nil {
				a.notify(a.loc.T("traytransfer.add.title"), a.loc.Err(err))
				return
			}
			a.importResult(res, "", now)
		}
	})
}

// scanImages reads every token QR code (otpauth:// and
// otpauth-migration://) in the pictures capture takes. A Google
// Authenticator export spread over several codes on several screens is put
// together. Other QR codes on the screen (an app store link on the same
// page) were not chosen by the user, unlike those in an imported image
// file, so they are not counted as left out.
func scanImages(capture func() ([]image.Image, error)) (*transfer.Result, error) {
	imgs, err := capture()
	if err != nil {
		return nil, msg.New("traytransfer.scan.capture", err)
	}
	var texts, uris []string
	seen := map[string]bool{}
	for _, img := range imgs {
		for _, t := range transfer.QRTexts(img) {
			if seen[t] {
				continue
			}
			seen[t] = true
			texts = append(texts, t)
			if isTokenURI(t) {
				uris = append(uris, strings.TrimSpace(t))
			}
		}
	}
	switch {
	case len(texts) == 0:
		return nil, msg.New("traytransfer.scan.none", nil)
	case len(uris) == 0:
		return nil, msg.New("traytransfer.scan.not_token", nil, "Count", len(texts))
	}
	res, err := transfer.ParseText(strings.Join(uris, "\n"))
	if err != nil {
		return nil, err
	}
	res.Format = transfer.FormatQR
	return res, nil
}

// safeScan is scanImages on its own goroutine: a decoder failing on an odd
// screen must cost the scan, not the whole program.
func safeScan(capture func() ([]image.Image, error)) (res *transfer.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, msg.New("traytransfer.scan.failed", fmt.Errorf("%v", p))
		}
	}()
	return scanImages(capture)
}

func isTokenURI(s string) bool {
	l := strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(l, "otpauth:") || strings.HasPrefix(l, "otpauth-migration:")
}

// pasteClipboard imports the otpauth:// or otpauth-migration:// links on
// the clipboard. Reading the clipboard waits for its owner (up to seconds),
// so it runs on a worker; so does the import.
func (a *app) pasteClipboard() {
	if !a.canTransfer() {
		return
	}
	sys := a.Sys
	a.effect(a.loop.other, func() func(time.Time) {
		text, err := sys.ReadClipboard()
		if err != nil {
			return func(time.Time) { a.notify(a.loc.T("traytransfer.add.title"), a.loc.Err(err)) }
		}
		res, say, err := parsePaste(text)
		return func(now time.Time) {
			title := a.loc.T("traytransfer.add.title")
			switch {
			case err != nil:
				a.notify(title, a.loc.Err(err))
			case say != "":
				a.notify(title, a.loc.T(say))
			default:
				a.importResult(res, text, now)
			}
		}
	})
}

// parsePaste reads the token links in text: a result, or the catalogue ID
// of what to say instead, or an error.
func parsePaste(text string) (res *transfer.Result, say string, err error) {
	if len(text) > transfer.MaxInput {
		_, err := transfer.ReadInput(strings.NewReader(text))
		return nil, "", msg.New("traytransfer.paste.parse", err)
	}
	if strings.TrimSpace(text) == "" {
		return nil, "traytransfer.paste.empty", nil
	}
	if !hasTokenURI(text) {
		return nil, "traytransfer.paste.no_uri", nil
	}
	res, err = transfer.ParseText(text)
	if err != nil {
		return nil, "", msg.New("traytransfer.paste.parse", err)
	}
	return res, "", nil
}

// hasTokenURI says whether any line of text is a token link.
func hasTokenURI(text string) bool {
	for l := range strings.Lines(text) {
		if isTokenURI(strings.TrimPrefix(l, "\ufeff")) {
			return true
		}
	}
	return false
}

// maxNames is how many new tokens a toast names; a notification shows a few
// lines only.
const maxNames = 5

// importResult adds the new tokens of res to the store (duplicates are
// skipped) on the writer queue, added at the instant at, and toasts
// the summary, as otptray-cli import prints it. pasted is the clipboard text the tokens came from, ""
// for none: once they are in the keyring, a link that carries their secrets
// should not stay on the clipboard (or in clipboard history tools that read
// it later). Clearing it is best effort: the import is done.
func (a *app) importResult(res *transfer.Result, pasted string, at time.Time) {
	store, sys := a.Store, a.Sys
	a.effect(a.loop.writer, func() func(time.Time) {
		plan, added, err := transfer.Import(store, res, at, false)
		for i := range res.Tokens {
			clear(res.Tokens[i].Secret)
		}
		if err == nil && pasted != "" {
			_ = sys.ClearClipboardIf(pasted)
		}
		return func(now time.Time) {
			title := a.loc.T("traytransfer.add.title")
			if err != nil {
				a.notify(title, a.loc.Err(msg.New("traytransfer.import", err)))
				return
			}
			lines := []string{sentence(plan.Summary(a.loc, false))}
			if len(added) > 0 {
				var names []string
				for _, t := range added[:min(len(added), maxNames)] {
					names = append(names, t.Name)
				}
				list := strings.Join(names, a.loc.T("traytransfer.names_sep"))
				if more := len(added) - len(names); more > 0 {
					lines = append(lines, a.loc.T("traytransfer.add.names_more", "Names", list, "More", more))
				} else {
					lines = append(lines, a.loc.T("traytransfer.add.names", "Names", list))
				}
			}
			lines = append(lines, plan.Warnings(a.loc)...)
			a.notify(title, strings.Join(lines, "\n"))
			a.reload(now)
		}
	})
}

// sentence capitalises the summary line, which the command line prints in
// lower case after its list ("imported 2, skipped 1 duplicate").
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
