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

// addTokenMenu is the "Add token" submenu.
func (b *builder) addTokenMenu() Entry {
	scan := item(KeyAddScan, b.T("traytransfer.add.scan"))
	if b.in.Status.Transfer.Scanning {
		scan = disabled(KeyAddScan, b.T("traytransfer.add.scanning"))
	}
	e := item(KeyAddToken, b.T("traytransfer.add"))
	e.Children = []Entry{
		scan,
		item(KeyAddPaste, b.T("traytransfer.add.paste")),
		b.sep(),
		item(KeyAddHelp, b.T("traytransfer.add.help")),
	}
	return e
}

// scanScreen looks for QR codes on every monitor beside the loop (decoding
// a screen takes a while); the result comes back as a Finished event.
func (a *App) scanScreen() {
	if a.xfer.scanning {
		return
	}
	sys, ok := a.transferSystem()
	if !ok {
		return
	}
	a.xfer.scanning = true
	events := a.Events
	go func() {
		res, err := safeScan(sys.CaptureScreens)
		events <- Event{Kind: Finished, Finish: func(now time.Time) {
			a.xfer.scanning = false
			if err != nil {
				a.notify(a.loc.T("traytransfer.add.title"), a.loc.Err(err))
				return
			}
			a.importResult(res, now)
		}}
	}()
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
// the clipboard.
func (a *App) pasteClipboard(now time.Time) {
	sys, ok := a.transferSystem()
	if !ok {
		return
	}
	title := a.loc.T("traytransfer.add.title")
	text, err := sys.ReadClipboard()
	if err != nil {
		a.notify(title, a.loc.Err(err))
		return
	}
	if len(text) > transfer.MaxInput {
		_, err := transfer.ReadInput(strings.NewReader(text))
		a.notify(title, a.loc.Err(msg.New("traytransfer.paste.parse", err)))
		return
	}
	if strings.TrimSpace(text) == "" {
		a.notify(title, a.loc.T("traytransfer.paste.empty"))
		return
	}
	if !hasTokenURI(text) {
		a.notify(title, a.loc.T("traytransfer.paste.no_uri"))
		return
	}
	res, err := transfer.ParseText(text)
	if err != nil {
		a.notify(title, a.loc.Err(msg.New("traytransfer.paste.parse", err)))
		return
	}
	if a.importResult(res, now) {
		// The link carries the token's secret: once it is in the keyring,
		// it should not stay on the clipboard (or in clipboard history
		// tools that read it later). Best effort: the import is done.
		_ = sys.ClearClipboardIf(text)
	}
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
// skipped) and toasts the summary, as otptray-cli import prints it. It
// reports whether the import went through.
func (a *App) importResult(res *transfer.Result, now time.Time) bool {
	title := a.loc.T("traytransfer.add.title")
	plan, added, err := transfer.Import(a.Store, res, now, false)
	for i := range res.Tokens {
		clear(res.Tokens[i].Secret)
	}
	if err != nil {
		a.notify(title, a.loc.Err(msg.New("traytransfer.import", err)))
		return false
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
	return true
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
