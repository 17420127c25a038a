package tray

import (
	"bytes"
	"errors"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/otptray/otptray/token"
	"github.com/otptray/otptray/tray/menu"
)

// qrText decodes the QR code in a PNG file with gozxing.
func qrText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", filepath.Base(path), err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("no QR code in %s: %v", filepath.Base(path), err)
	}
	return res.GetText()
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

func TestShowQR(t *testing.T) {
	now := unix(vecBoundary - 10)
	hotp := token.Token{ID: "hotp1", Name: "Counter/Bank", Kind: token.HOTP, Algorithm: token.SHA1, Digits: 6, Counter: 7,
		Issuer: "Bank", Secret: []byte("another secret of 20")}
	h, ft := newTransferHarness(t, vipToken(), hotp)
	h.start(now)

	type seen struct {
		path      string
		mode      fs.FileMode
		dirMode   fs.FileMode
		text      string
		fileCount int
	}
	var at []seen
	ft.onOpen = func(path string) {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatalf("opened file: %v", err)
		}
		di, err := os.Stat(filepath.Dir(path))
		if err != nil {
			t.Fatal(err)
		}
		entries, _ := os.ReadDir(filepath.Dir(path))
		at = append(at, seen{path, fi.Mode().Perm(), di.Mode().Perm(), qrText(t, path), len(entries)})
	}

	h.click(menu.KeyShowQRFor+"vip1", now)
	h.click(menu.KeyShowQRFor+"hotp1", now.Add(time.Minute))
	if len(at) != 2 {
		t.Fatalf("opened %q, want two files", ft.files)
	}
	for i, tok := range []token.Token{vipToken(), hotp} {
		s := at[i]
		if filepath.Dir(s.path) == h.app.xfer.tempBase || filepath.Dir(filepath.Dir(s.path)) != h.app.xfer.tempBase {
			t.Errorf("%s: file %s is not in a folder of its own", tok.Name, s.path)
		}
		if runtime.GOOS != "windows" && (s.mode != 0o600 || s.dirMode != 0o700) {
			t.Errorf("%s: file mode %v in a folder of mode %v, want 0600 in 0700", tok.Name, s.mode, s.dirMode)
		}
		got, err := token.ParseURI(s.text)
		if err != nil {
			t.Fatalf("%s: the QR code is not an otpauth URI: %v", tok.Name, err)
		}
		if s.text != tok.URI() || !bytes.Equal(got.Secret, tok.Secret) || got.Kind != tok.Kind || got.Counter != tok.Counter {
			t.Errorf("%s: the QR code does not hold the token's URI", tok.Name)
		}
	}
	if filepath.Base(at[1].path) != "Counter_Bank.png" || at[1].fileCount != 2 {
		t.Errorf("second file %s (%d in the folder)", filepath.Base(at[1].path), at[1].fileCount)
	}
	want := "The QR code of VIP Access is open: scan it with the authenticator app on your phone. It holds the secret key, so the image file is deleted in 2 minutes."
	if ts := ft.toasts[len(ft.toasts)-2]; ts.title != "QR code" || ts.body != want {
		t.Errorf("toast %+v\nwant %q", ts, want)
	}

	// Each file goes 2 minutes after it was shown, on the app's clock.
	h.refresh(now.Add(qrLifetime - time.Millisecond))
	if !exists(at[0].path) {
		t.Fatal("first file deleted before its 2 minutes")
	}
	h.refresh(now.Add(qrLifetime))
	if exists(at[0].path) || !exists(at[1].path) {
		t.Fatalf("at 2 minutes: first file there %v (want false), second %v (want true)", exists(at[0].path), exists(at[1].path))
	}

	// Stop deletes what is left, and the folder.
	h.app.stop()
	if exists(at[1].path) || exists(filepath.Dir(at[1].path)) {
		t.Error("Stop left the QR image or its folder")
	}
}

func TestShowQRFails(t *testing.T) {
	now := unix(vecBoundary - 10)

	t.Run("viewer fails: file removed at once", func(t *testing.T) {
		h, ft := newTransferHarness(t, vipToken())
		h.start(now)
		ft.openErr = errors.New("xdg-open: exit status 3")
		h.click(menu.KeyShowQRFor+"vip1", now)
		if len(ft.files) != 1 || exists(ft.files[0]) {
			t.Fatalf("opened %q; file left behind: %v", ft.files, len(ft.files) == 1 && exists(ft.files[0]))
		}
		want := "cannot open the QR code of VIP Access (the image file was deleted): xdg-open: exit status 3"
		if ts := lastToast(t, ft); ts.body != want {
			t.Errorf("toast %q, want %q", ts.body, want)
		}
	})

	t.Run("secret not in the keyring", func(t *testing.T) {
		h, ft := newTransferHarness(t, vipToken())
		if err := h.kr.Delete("vip1"); err != nil {
			t.Fatal(err)
		}
		h.start(now)
		before := len(ft.toasts)
		h.click(menu.KeyShowQRFor+"vip1", now)
		if len(ft.files) != 0 {
			t.Fatalf("opened %q", ft.files)
		}
		if len(ft.toasts) != before+1 || ft.toasts[before].title != "QR code" || ft.toasts[before].body != `cannot read the secret of "VIP Access": the secret of "VIP Access" is missing from the system keyring` {
			t.Fatalf("toasts %+v", ft.toasts[before:])
		}
		if entries, _ := os.ReadDir(h.app.xfer.tempBase); len(entries) != 0 {
			t.Errorf("files written: %v", entries)
		}
	})

	t.Run("folder removed by a temp cleaner", func(t *testing.T) {
		h, ft := newTransferHarness(t, vipToken())
		h.start(now)
		h.click(menu.KeyShowQRFor+"vip1", now)
		if err := os.RemoveAll(filepath.Dir(ft.files[0])); err != nil {
			t.Fatal(err)
		}
		h.click(menu.KeyShowQRFor+"vip1", now)
		if len(ft.files) != 2 || !exists(ft.files[1]) {
			t.Fatalf("second show after the folder went: %q", ft.files)
		}
		h.refresh(now.Add(qrLifetime))
		if exists(ft.files[1]) {
			t.Error("file not deleted")
		}
	})
}

// TestStaleQRFoldersRemoved: QR folders left by a run that crashed go at
// the next start; a folder in use (files younger than qrLifetime) stays.
func TestStaleQRFoldersRemoved(t *testing.T) {
	h, _ := newTransferHarness(t, vipToken())
	base := h.app.xfer.tempBase
	old := time.Now().Add(-10 * time.Minute)
	mk := func(name string, fileAge time.Time, files ...string) string {
		dir := filepath.Join(base, name)
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			p := filepath.Join(dir, f)
			if err := os.WriteFile(p, []byte("png"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(p, fileAge, fileAge); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chtimes(dir, fileAge, fileAge); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	crashed := mk("otptray-qr-111", old, "Bank.png", "Mail.png")
	empty := mk("otptray-qr-222", old)
	inUse := mk("otptray-qr-333", time.Now(), "Bank.png")
	other := mk("something-else", old, "keep.png")
	h.start(unix(vecBoundary - 10))
	for dir, want := range map[string]bool{crashed: false, empty: false, inUse: true, other: true} {
		if exists(dir) != want {
			t.Errorf("%s: there %v, want %v", filepath.Base(dir), exists(dir), want)
		}
	}
}
