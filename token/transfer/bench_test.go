package transfer

import (
	"image"
	"image/color"
	"image/draw"
	"testing"
)

// Benchmarks of the slow paths a user waits for: finding QR codes in an
// image (a screen capture is larger still), and opening an encrypted Aegis
// vault (scrypt N=32768).

func BenchmarkDecodeQRImage(b *testing.B) {
	data := readFixture(b, "qr-two.png")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Decode(data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeAegisEncrypted(b *testing.B) {
	data := readFixture(b, "aegis-encrypted.json")
	for b.Loop() {
		if _, err := Decode(data, Options{Password: password(fixturePassword)}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeURIList(b *testing.B) {
	data := readFixture(b, "reference.uri.txt")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Decode(data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScreenQR: one code on a 1920×1080 "screen", as the tray's scan
// of the screen sees it.
func BenchmarkScreenQR(b *testing.B) {
	tok := reference()[0]
	code, err := QRImage(tok.URI(), 240)
	if err != nil {
		b.Fatal(err)
	}
	screen := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	draw.Draw(screen, screen.Bounds(), image.NewUniform(color.RGBA{40, 44, 52, 255}), image.Point{}, draw.Src)
	draw.Draw(screen, image.Rect(1200, 300, 1440, 540), code, image.Point{}, draw.Src)
	for b.Loop() {
		res, err := DecodeQRImage(screen)
		if err != nil || len(res.Tokens) != 1 {
			b.Fatalf("%v", err)
		}
	}
}
