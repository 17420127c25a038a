package tray_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/prefs"
	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/token/transfer"
)

// showOnScreen puts img on the X display at (x, y) in a window of its own
// (override-redirect: no window manager needed), until the test ends. The
// picture is the window's background, so the server repaints it itself.
func showOnScreen(t *testing.T, img image.Image, x, y int) {
	t.Helper()
	conn, err := xgb.NewConn()
	if err != nil {
		t.Fatalf("X display: %v", err)
	}
	t.Cleanup(conn.Close)
	setup := xproto.Setup(conn)
	scr := setup.DefaultScreen(conn)
	depth := scr.RootDepth
	bpp := 0
	for _, f := range setup.PixmapFormats {
		if f.Depth == depth {
			bpp = int(f.BitsPerPixel)
		}
	}
	if bpp != 32 || setup.ImageByteOrder != xproto.ImageOrderLSBFirst {
		t.Fatalf("display has %d bits per pixel at depth %d, byte order %d: want 32, LSB first", bpp, depth, setup.ImageByteOrder)
	}
	r := img.Bounds()
	w, h := r.Dx(), r.Dy()
	pixels := make([]byte, 0, w*h*4)
	for py := r.Min.Y; py < r.Max.Y; py++ {
		for px := r.Min.X; px < r.Max.X; px++ {
			c := color.RGBAModel.Convert(img.At(px, py)).(color.RGBA)
			pixels = append(pixels, c.B, c.G, c.R, 0)
		}
	}

	pix, err := xproto.NewPixmapId(conn)
	if err != nil {
		t.Fatal(err)
	}
	gc, err := xproto.NewGcontextId(conn)
	if err != nil {
		t.Fatal(err)
	}
	win, err := xproto.NewWindowId(conn)
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	check("create pixmap", xproto.CreatePixmapChecked(conn, depth, pix, xproto.Drawable(scr.Root), uint16(w), uint16(h)).Check())
	check("create GC", xproto.CreateGCChecked(conn, gc, xproto.Drawable(pix), 0, nil).Check())
	// Each request is limited (MaximumRequestLength counts 4-byte units):
	// send the rows in slices that fit.
	rows := max(1, (int(setup.MaximumRequestLength)*4-64)/(w*4))
	for y0 := 0; y0 < h; y0 += rows {
		n := min(rows, h-y0)
		check("put image", xproto.PutImageChecked(conn, xproto.ImageFormatZPixmap, xproto.Drawable(pix), gc,
			uint16(w), uint16(n), 0, int16(y0), 0, depth, pixels[y0*w*4:(y0+n)*w*4]).Check())
	}
	check("create window", xproto.CreateWindowChecked(conn, depth, win, scr.Root, int16(x), int16(y), uint16(w), uint16(h), 0,
		xproto.WindowClassInputOutput, scr.RootVisual, xproto.CwBackPixmap|xproto.CwOverrideRedirect,
		[]uint32{uint32(pix), 1}).Check())
	check("map window", xproto.MapWindowChecked(conn, win).Check())
	t.Cleanup(func() {
		xproto.DestroyWindow(conn, win)
		xproto.FreePixmap(conn, pix)
		xproto.GetInputFocus(conn).Reply() // wait until done
	})
}

// qrPicture is texts as QR codes side by side on a white card, as a web
// page shows them.
func qrPicture(t *testing.T, texts ...string) image.Image {
	t.Helper()
	var codes []image.Image
	w, h := 20, 0
	for _, text := range texts {
		qr, err := transfer.QRImage(text, 260)
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, qr)
		w += qr.Bounds().Dx() + 20
		h = max(h, qr.Bounds().Dy()+40)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	x := 20
	for _, qr := range codes {
		r := qr.Bounds()
		draw.Draw(img, r.Sub(r.Min).Add(image.Pt(x, 20)), qr, r.Min, draw.Src)
		x += r.Dx() + 20
	}
	return img
}

// waitItem waits for the menu entry labelled label in the whole menu: right
// after a token is added the program rebuilds its menu, and a read in
// between finds it half-built.
func waitItem(t *testing.T, p *trayProc, label string) e2e.Item {
	t.Helper()
	var it e2e.Item
	p.menu.WaitMenu(t, func(root e2e.Item) bool {
		var ok bool
		it, ok = root.Find(func(it e2e.Item) bool { return it.ID != 0 && it.Label == label })
		return ok && menuWhole(root)
	}, 20*time.Second)
	return it
}

// storedSecret is the secret the store keeps for the token named name.
func storedSecret(t *testing.T, store *token.Store, name string) []byte {
	t.Helper()
	d, err := store.Load()
	if err != nil {
		t.Fatal(err)
	}
	tok, err := d.Find(name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Secret(*tok)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestTransferEndToEnd adds tokens to a running otptray from a QR code on
// the screen and from the clipboard, and shows one as a QR code.
func TestTransferEndToEnd(t *testing.T) {
	e2e.Require(t)
	existing := newToken("Existing", 30)
	existing.Issuer = "Existing"
	// The tokens imported are in the store too when newStore's clean-up
	// takes the secrets out of the session's keyring.
	store := newStore(t, prefs.Prefs{FirstRunDone: true, AutostartOff: true, UpdateCheckOff: true}, &existing)
	// The image viewer: a stand-in that keeps a copy of what it is given
	// and notes its mode.
	bin, seen := t.TempDir(), t.TempDir()
	viewer := "#!/bin/sh\nprintf '%s' \"$1\" > '" + seen + "/path'\ncp \"$1\" '" + seen + "/copy.png'\nstat -c %a \"$1\" > '" + seen + "/mode'\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(viewer), 0o755); err != nil {
		t.Fatal(err)
	}
	watcher := e2e.WatchNotifications(t)
	p := startTray(t, store, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"OTPTRAY_NTP_SERVERS=off", "OTPTRAY_TIME_URL=off", "OTPTRAY_UPDATE_FEED=http://127.0.0.1:1/none")

	t.Run("scan QR code on screen", func(t *testing.T) {
		scanned := newToken("Scanned", 30)
		scanned.Issuer = "Scanned"
		migrated := newToken("Migrated", 30)
		migrated.Issuer = "Migrated"
		uris, left := transfer.EncodeMigration([]token.Token{migrated})
		if len(uris) != 1 || len(left) != 0 {
			t.Fatalf("migration export: %d codes, %d left out", len(uris), len(left))
		}
		// An otpauth:// code and a Google Authenticator export, as a web
		// page and a phone's export would show them, beside the existing
		// token's code (a duplicate).
		showOnScreen(t, qrPicture(t, scanned.URI(), uris[0]), 300, 200)
		showOnScreen(t, qrPicture(t, existing.URI()), 40, 620)
		start := time.Now()
		p.menu.Click(t, waitItem(t, p, "Scan QR code on screen").ID)
		watcher.Wait(t, "Imported 2, skipped 1 duplicate", 30*time.Second)
		t.Logf("scan to toast: %v", time.Since(start))
		p.menu.WaitLabel(t, prefix("Scanned  "), 10*time.Second)
		p.menu.WaitLabel(t, prefix("Migrated  "), 10*time.Second)
		for _, tok := range []token.Token{scanned, migrated} {
			if !bytes.Equal(storedSecret(t, store, tok.Name), tok.Secret) {
				t.Errorf("%s: stored secret differs from the QR code's", tok.Name)
			}
		}
		if it := waitItem(t, p, "Scan QR code on screen"); !it.Enabled {
			t.Error("scan entry still disabled after the scan")
		}
	})

	t.Run("paste from clipboard", func(t *testing.T) {
		pasted := newToken("Pasted", 30)
		e2e.SetClipboard(t, pasted.URI()+"\n"+existing.URI()+"\n")
		p.menu.Click(t, waitItem(t, p, "Paste from clipboard").ID)
		watcher.Wait(t, "Imported 1, skipped 1 duplicate", 10*time.Second)
		p.menu.WaitLabel(t, prefix("Pasted  "), 10*time.Second)
		if !bytes.Equal(storedSecret(t, store, "Pasted"), pasted.Secret) {
			t.Error("stored secret differs from the pasted one")
		}
		// The links carry secrets: once imported they leave the clipboard
		// (just after the toast).
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
			got := e2e.Clipboard(t)
			if got == "" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the pasted links are still on the clipboard (%d bytes)", len(got))
			}
		}

		e2e.SetClipboard(t, "not a link")
		p.menu.Click(t, waitItem(t, p, "Paste from clipboard").ID)
		watcher.Wait(t, "The clipboard holds no otpauth:// or otpauth-migration:// link", 10*time.Second)
	})

	var shown string
	t.Run("show QR code", func(t *testing.T) {
		// Only the entry in "Show QR code for a phone" is labelled with the
		// name alone.
		p.menu.Click(t, waitItem(t, p, "Existing").ID)
		watcher.Wait(t, "The QR code of Existing is open", 10*time.Second)
		b, err := os.ReadFile(filepath.Join(seen, "path"))
		if err != nil {
			t.Fatalf("the viewer was not started: %v", err)
		}
		shown = string(b)
		if mode, _ := os.ReadFile(filepath.Join(seen, "mode")); strings.TrimSpace(string(mode)) != "600" {
			t.Errorf("QR image mode %s, want 600", mode)
		}
		if fi, err := os.Stat(filepath.Dir(shown)); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("QR image folder: %v %v, want mode 0700", fi.Mode(), err)
		}
		f, err := os.Open(filepath.Join(seen, "copy.png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, _, err := image.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
		res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
		if err != nil {
			t.Fatalf("shown image holds no QR code: %v", err)
		}
		if res.GetText() != existing.URI() {
			t.Error("the QR code shown is not the token's URI")
		}
	})

	t.Run("quit deletes the QR image", func(t *testing.T) {
		if shown == "" {
			t.Skip("no QR image was shown")
		}
		p.quit(t)
		if _, err := os.Lstat(filepath.Dir(shown)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("QR image folder still there after quit: %v", err)
		}
	})
}
