package tray

import (
	"image"
	"testing"
)

// Benchmarks of "Scan QR code on screen" without the capture: how long the
// user waits for the toast after the click, for common desktops.

func benchmarkScan(b *testing.B, screens []image.Image, wantErr bool) {
	b.Helper()
	capture := func() ([]image.Image, error) { return screens, nil }
	for b.Loop() {
		_, err := scanImages(capture)
		if (err != nil) != wantErr {
			b.Fatalf("scan: %v", err)
		}
	}
}

// BenchmarkScanOneScreen: a 1920×1080 screen with one code.
func BenchmarkScanOneScreen(b *testing.B) {
	benchmarkScan(b, []image.Image{screen(b, 1920, 1080, exampleURI)}, false)
}

// BenchmarkScanTwoScreens: the code on one screen, the other empty (the
// thorough pass runs on it).
func BenchmarkScanTwoScreens(b *testing.B) {
	benchmarkScan(b, []image.Image{screen(b, 1920, 1080, exampleURI), screen(b, 2560, 1440)}, false)
}

// BenchmarkScanNothing: no code anywhere, the slowest answer.
func BenchmarkScanNothing(b *testing.B) {
	benchmarkScan(b, []image.Image{screen(b, 1920, 1080)}, true)
}

// BenchmarkScanEmptyLarge: a 2560×1440 screen without a code.
func BenchmarkScanEmptyLarge(b *testing.B) {
	benchmarkScan(b, []image.Image{screen(b, 2560, 1440)}, true)
}
