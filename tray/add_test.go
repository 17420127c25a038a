package tray

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"strings"
	"testing"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/transfer"
	"github.com/otptray/otptray/tray/menu"
)

// fakeTransfer is the fake system with the transfer features.
type fakeTransfer struct {
	*fakeSystem
	clip        string
	clipErr     error
	clipCleared int // times ClearClipboardIf emptied clip
	screens     []image.Image
	capErr      error
	captures    int
	files       []string // opened with OpenFile
	openErr     error
	onOpen      func(path string)
}

func (f *fakeTransfer) Can() capabilities {
	c := f.fakeSystem.Can()
	c.Transfer = true
	return c
}

func (f *fakeTransfer) ReadClipboard() (string, error) { return f.clip, f.clipErr }

func (f *fakeTransfer) ClearClipboardIf(text string) error {
	if f.clip == text {
		f.clip = ""
		f.clipCleared++
	}
	return nil
}

func (f *fakeTransfer) CaptureScreens() ([]image.Image, error) {
	f.captures++
	return f.screens, f.capErr
}

func (f *fakeTransfer) OpenFile(path string) error {
	f.files = append(f.files, path)
	if f.onOpen != nil {
		f.onOpen(path)
	}
	return f.openErr
}

// newTransferHarness is newHarness with the transfer features and QR images
// in a test folder.
func newTransferHarness(t *testing.T, toks ...token.Token) (*harness, *fakeTransfer) {
	t.Helper()
	h := newHarness(t, toks...)
	ft := &fakeTransfer{fakeSystem: h.sys}
	h.app.Sys = ft
	h.app.xfer.tempBase = t.TempDir()
	return h, ft
}

// stored is what the store holds: the tokens with their secrets from the
// keyring.
func stored(t *testing.T, h *harness) []token.Token {
	t.Helper()
	d, err := h.store.Load()
	if err != nil {
		t.Fatal(err)
	}
	out := d.Tokens
	for i := range out {
		s, err := h.store.Secret(out[i])
		if err != nil {
			t.Fatalf("secret of %s: %v", out[i].Name, err)
		}
		out[i].Secret = s
	}
	return out
}

// sameTokens compares tokens by name, kind, issuer, account, counter and
// secret (without printing secrets).
func sameTokens(t *testing.T, got, want []token.Token) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d tokens %q, want %d %q", len(got), names(got), len(want), names(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Name != w.Name || g.Kind != w.Kind || g.Issuer != w.Issuer || g.Account != w.Account || g.Counter != w.Counter {
			t.Errorf("token %d = %s %s %q %q %d, want %s %s %q %q %d", i,
				g.Name, g.Kind, g.Issuer, g.Account, g.Counter, w.Name, w.Kind, w.Issuer, w.Account, w.Counter)
		}
		if !bytes.Equal(g.Secret, w.Secret) {
			t.Errorf("token %d (%s): secret differs", i, g.Name)
		}
	}
}

func names(toks []token.Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Name
	}
	return out
}

func mustSecret(t *testing.T, s string) []byte {
	t.Helper()
	b, err := token.ParseSecret(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const (
	exampleURI = "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"
	// The samples of FORMATS.md (Google Authenticator exports).
	piMigration   = "otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK%2B%2F%2F%2F%2F%2F8B"
	hotpMigration = "otpauth-migration://offline?data=CiUKEPqlBekzoNEukL7qlsjBCDYSCWhvdHAgZGVtbyABKAEwATgEEAEYASAAKNuv15j6%2F%2F%2F%2F%2FwE%3D"
)

func exampleToken(t *testing.T) token.Token {
	return token.Token{Name: "Example (alice@example.com)", Kind: token.TOTP, Issuer: "Example", Account: "alice@example.com",
		Secret: mustSecret(t, "JBSWY3DPEHPK3PXP")}
}

func piToken(t *testing.T) token.Token {
	return token.Token{Name: "raspberrypi (pi@raspberrypi)", Kind: token.TOTP, Issuer: "raspberrypi", Account: "pi@raspberrypi",
		Secret: mustSecret(t, "7KSQL2JTUDIS5EF65KLMRQIIGY")}
}

func hotpDemo(t *testing.T) token.Token {
	return token.Token{Name: "hotp demo", Kind: token.HOTP, Account: "hotp demo", Counter: 4,
		Secret: mustSecret(t, "7KSQL2JTUDIS5EF65KLMRQIIGY")}
}

func lastToast(t *testing.T, ft *fakeTransfer) toast {
	t.Helper()
	if len(ft.toasts) == 0 {
		t.Fatal("no toast")
	}
	return ft.toasts[len(ft.toasts)-1]
}

func TestPasteFromClipboard(t *testing.T) {
	now := unix(vecBoundary - 10)
	tests := []struct {
		name     string
		existing []token.Token
		clip     string
		clipErr  error
		toast    string
		want     func(t *testing.T) []token.Token // the store afterwards
	}{
		{"otpauth URI", nil, exampleURI + "\n",
			nil, "Imported 1\nNew: Example (alice@example.com)",
			func(t *testing.T) []token.Token { return []token.Token{exampleToken(t)} }},
		{"migration URIs and a comment", nil, "# from the phone\r\n" + piMigration + "\r\n\r\n" + hotpMigration,
			nil, "Imported 2\nNew: raspberrypi (pi@raspberrypi), hotp demo",
			func(t *testing.T) []token.Token { return []token.Token{piToken(t), hotpDemo(t)} }},
		{"duplicate skipped", []token.Token{exampleToken(t)}, exampleURI + "\n" + piMigration,
			nil, "Imported 1, skipped 1 duplicate\nNew: raspberrypi (pi@raspberrypi)",
			func(t *testing.T) []token.Token { return []token.Token{exampleToken(t), piToken(t)} }},
		{"unsupported entry counted", nil, exampleURI + "\notpauth://totp/Old?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
			nil, "Imported 1, 1 unsupported (Old: bad algorithm=MD5 in the URI: use SHA1, SHA256 or SHA512)\nNew: Example (alice@example.com)",
			func(t *testing.T) []token.Token { return []token.Token{exampleToken(t)} }},
		{"prose", nil, "Dear colleague, the meeting is at 3.",
			nil, "The clipboard holds no otpauth:// or otpauth-migration:// link. Copy the token's link (often shown as “can't scan the code?” beside the QR code) and try again.",
			func(t *testing.T) []token.Token { return nil }},
		{"empty", nil, " \n",
			nil, "The clipboard holds no text. Copy the token's link (otpauth://…) and try again.",
			func(t *testing.T) []token.Token { return nil }},
		{"link with a stray line imports nothing", nil, exampleURI + "\nsee you",
			nil, "the clipboard's text cannot be imported: line 2 is neither an otpauth:// nor an otpauth-migration:// URI; nothing was imported",
			func(t *testing.T) []token.Token { return nil }},
		{"cut-off migration link", nil, piMigration[:60],
			nil, "the clipboard's text cannot be imported: line 1: the Google Authenticator export is damaged (the data does not decode)",
			func(t *testing.T) []token.Token { return nil }},
		{"too much text", nil, exampleURI + "\n" + strings.Repeat("#", transfer.MaxInput),
			nil, "the clipboard's text cannot be imported: the input is larger than 16 MiB: that is not an export of tokens",
			func(t *testing.T) []token.Token { return nil }},
		{"clipboard unreadable", nil, "",
			errors.New("could not read the clipboard: timeout"), "could not read the clipboard: timeout",
			func(t *testing.T) []token.Token { return nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var existing []token.Token
			for i, tok := range tt.existing {
				tok.ID = "old" + string(rune('1'+i))
				existing = append(existing, tok)
			}
			h, ft := newTransferHarness(t, existing...)
			h.start(now)
			ft.clip, ft.clipErr = tt.clip, tt.clipErr
			h.click(menu.KeyAddPaste, now)
			got := lastToast(t, ft)
			if got.title != "Add token" || got.body != tt.toast {
				t.Errorf("toast %q: %q\nwant %q", got.title, got.body, tt.toast)
			}
			// A link taken in (it carries a secret) leaves the clipboard;
			// text that was refused stays, for the user to look at.
			if imported := strings.HasPrefix(tt.toast, "Imported"); imported != (ft.clipCleared == 1) || (imported && ft.clip != "") || (!imported && ft.clip != tt.clip) {
				t.Errorf("clipboard cleared %d times, now %d bytes; imported %v", ft.clipCleared, len(ft.clip), imported)
			}
			toks := stored(t, h)
			sameTokens(t, toks, tt.want(t))
			// The new tokens are in the menu at once.
			for _, tok := range toks {
				if _, ok := h.ui.entries[menu.KeyCode+tok.ID]; !ok {
					t.Errorf("no menu entry for %s", tok.Name)
				}
				if f := h.ui.entries[menu.KeyShowQRFor+tok.ID]; f.Label != tok.Name || f.Parent != menu.KeyShowQR {
					t.Errorf("Show QR code entry of %s: %+v", tok.Name, f)
				}
			}
		})
	}
}

// screen is a picture of a monitor: a light background with QR codes of
// texts side by side.
func screen(t testing.TB, w, h int, texts ...string) image.Image {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.RGBA{0xee, 0xee, 0xee, 0xff}), image.Point{}, draw.Src)
	x := 40
	for _, text := range texts {
		qr, err := transfer.QRImage(text, 240)
		if err != nil {
			t.Fatal(err)
		}
		r := qr.Bounds()
		draw.Draw(img, r.Sub(r.Min).Add(image.Pt(x, 60)), qr, r.Min, draw.Src)
		x += r.Dx() + 40
	}
	return img
}

func TestScanScreen(t *testing.T) {
	now := unix(vecBoundary - 10)
	h, ft := newTransferHarness(t)
	h.start(now)
	// An otpauth QR code beside a web address on the first monitor, a
	// Google Authenticator export on the second.
	ft.screens = []image.Image{
		screen(t, 1280, 720, exampleURI, "https://example.com/help"),
		screen(t, 800, 600, piMigration),
	}
	h.click(menu.KeyAddScan, now)
	if f := h.ui.entries[menu.KeyAddScan]; f.Enabled || f.Label != "Looking for QR codes on the screen…" {
		t.Errorf("while scanning: %+v", f)
	}
	// A second click while the first scan runs starts no other.
	h.click(menu.KeyAddScan, now)
	ev := h.nextTask(t)
	select {
	case extra := <-h.app.loop.events:
		t.Fatalf("a second scan ran: %+v", extra)
	default:
	}
	h.handle(ev, now)
	if ft.captures != 1 {
		t.Errorf("%d captures, want 1", ft.captures)
	}
	if got, want := lastToast(t, ft).body, "Imported 2\nNew: Example (alice@example.com), raspberrypi (pi@raspberrypi)"; got != want {
		t.Errorf("toast %q, want %q", got, want)
	}
	sameTokens(t, stored(t, h), []token.Token{exampleToken(t), piToken(t)})
	if f := h.ui.entries[menu.KeyAddScan]; !f.Enabled || f.Label != "Scan QR code on screen" {
		t.Errorf("after the scan: %+v", f)
	}

	// Scanning the same screen again adds nothing.
	h.click(menu.KeyAddScan, now)
	h.next(t, now)
	if got, want := lastToast(t, ft).body, "Imported 0, skipped 2 duplicates"; got != want {
		t.Errorf("second scan: toast %q, want %q", got, want)
	}
	if n := len(stored(t, h)); n != 2 {
		t.Errorf("%d tokens after the second scan, want 2", n)
	}
}

func TestScanScreenFindsNothing(t *testing.T) {
	now := unix(vecBoundary - 10)
	tests := []struct {
		name    string
		screens []image.Image
		capErr  error
		toast   string
	}{
		{"no QR code", []image.Image{screen(t, 1280, 720), screen(t, 640, 480)}, nil,
			"No QR code was found on the screen. Show the QR code (not covered by other windows) and try again."},
		{"no token", []image.Image{screen(t, 1280, 720, "https://example.com/help")}, nil,
			"The screen shows 1 QR code(s), but none is a token (otpauth:// or otpauth-migration://)."},
		{"capture fails", nil, errors.New("portal: permission denied"),
			"cannot take a picture of the screen: portal: permission denied"},
		// A nil picture makes the decoder panic, which costs the scan only.
		{"decoder fails", []image.Image{nil}, nil,
			"the screen could not be searched for QR codes: runtime error: invalid memory address or nil pointer dereference"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, ft := newTransferHarness(t, vipToken())
			h.start(now)
			ft.screens, ft.capErr = tt.screens, tt.capErr
			h.click(menu.KeyAddScan, now)
			h.next(t, now)
			h.refresh(now)
			if got := lastToast(t, ft); got.title != "Add token" || got.body != tt.toast {
				t.Errorf("toast %q: %q\nwant %q", got.title, got.body, tt.toast)
			}
			if toks := stored(t, h); len(toks) != 1 {
				t.Errorf("store has %q", names(toks))
			}
			if f := h.ui.entries[menu.KeyAddScan]; !f.Enabled {
				t.Error("scan entry still disabled")
			}
		})
	}
}

// TestWithoutTransferSystem: a system that cannot read the clipboard or the
// screen gets a message, not a crash.
func TestWithoutTransferSystem(t *testing.T) {
	now := unix(vecBoundary - 10)
	h := newHarness(t, vipToken())
	h.start(now)
	for _, key := range []string{menu.KeyAddPaste, menu.KeyAddScan, menu.KeyShowQRFor + "vip1"} {
		h.click(key, now)
	}
	if len(h.sys.toasts) != 3 {
		t.Fatalf("toasts %v", h.sys.toasts)
	}
	for _, ts := range h.sys.toasts {
		if ts.body != "This is not available on this system." {
			t.Errorf("toast %+v", ts)
		}
	}
}

func TestHelpEntriesOpenTheTokensPage(t *testing.T) {
	now := unix(vecBoundary - 10)
	h, ft := newTransferHarness(t, vipToken())
	h.start(now)
	h.click(menu.KeyAddHelp, now)
	h.click(menu.KeyBackupHelp, now)
	if len(ft.opened) != 2 {
		t.Fatalf("opened %q", ft.opened)
	}
	for _, u := range ft.opened {
		if !strings.HasSuffix(u, "/tokens.en.html") {
			t.Errorf("opened %q, want the tokens help page", u)
		}
	}
}

func TestPasteJapanese(t *testing.T) {
	now := unix(vecBoundary - 10)
	old := exampleToken(t)
	old.ID = "old1"
	h, ft := newTransferHarness(t, old)
	if err := h.store.Update(func(d *token.Data) error { d.Settings.Language = "ja"; return nil }); err != nil {
		t.Fatal(err)
	}
	h.start(now)
	ft.clip = exampleURI + "\n" + piMigration + "\n" + hotpMigration
	h.click(menu.KeyAddPaste, now)
	want := toast{"トークンを追加", "インポート 2 件、重複のためスキップ 1 件\n追加: raspberrypi (pi@raspberrypi)、hotp demo"}
	if got := lastToast(t, ft); got != want {
		t.Errorf("toast %+v, want %+v", got, want)
	}
	ft.clip = "こんにちは"
	h.click(menu.KeyAddPaste, now)
	want = toast{"トークンを追加", "クリップボードに otpauth:// または otpauth-migration:// のリンクがありません。トークンのリンク（QRコードの横の「スキャンできない場合」などに表示されます）をコピーしてから、もう一度お試しください。"}
	if got := lastToast(t, ft); got != want {
		t.Errorf("toast %+v, want %+v", got, want)
	}
}

// TestScanPartOfAnExport: the first of two QR codes of a Google
// Authenticator export is imported, the toast names five of its tokens and
// asks for the missing code.
func TestScanPartOfAnExport(t *testing.T) {
	now := unix(vecBoundary - 10)
	var toks []token.Token
	for i := range 11 {
		name := "Site " + string(rune('A'+i))
		toks = append(toks, token.Token{Name: name, Issuer: name, Account: name, Kind: token.TOTP, Algorithm: token.SHA1, Digits: 6, Period: 30,
			Secret: []byte("secret number " + string(rune('A'+i)) + " of 20!")})
	}
	uris, left := transfer.EncodeMigration(toks)
	if len(uris) != 2 || len(left) != 0 {
		t.Fatalf("export: %d codes, %d left out", len(uris), len(left))
	}
	h, ft := newTransferHarness(t)
	h.start(now)
	ft.screens = []image.Image{screen(t, 1280, 720, uris[0])}
	h.click(menu.KeyAddScan, now)
	h.next(t, now)
	want := "Imported 10\nNew: Site A, Site B, Site C, Site D, Site E and 5 more\n" +
		"this Google Authenticator export has 2 QR codes, and these were not given: 2. Import them too (tokens already imported are skipped as duplicates)"
	if got := lastToast(t, ft).body; got != want {
		t.Errorf("toast %q\nwant %q", got, want)
	}
	sameTokens(t, stored(t, h), toks[:10])
}
