package transfer

import (
	"image"
	"image/color"
	"image/draw"
	"slices"
	"testing"
)

// TestQRBesideOtherCodes: a token's code next to a code that is not a token
// imports the token and counts the other as left out, without its text.
func TestQRBesideOtherCodes(t *testing.T) {
	ref := reference()
	img := image.NewRGBA(image.Rect(0, 0, 700, 340))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	for i, text := range []string{ref[1].URI(), "https://example.com/private-page"} {
		code, err := QRImage(text, 300)
		if err != nil {
			t.Fatal(err)
		}
		draw.Draw(img, code.Bounds().Add(image.Pt(10+i*350, 10)), code, image.Point{}, draw.Src)
	}
	res, err := DecodeQRImage(img)
	if err != nil {
		t.Fatal(err)
	}
	checkTokens(t, res.Tokens, ref[1:2])
	want := []string{"a QR code that holds no token (not otpauth://) was left out"}
	var got []string
	for _, s := range res.Skipped {
		got = append(got, SkippedText(english{}, s))
	}
	if !slices.Equal(got, want) {
		t.Errorf("skipped %q, want %q", got, want)
	}
	// Only codes that are not tokens: an error naming how many there were.
	only := image.NewRGBA(image.Rect(0, 0, 340, 340))
	draw.Draw(only, only.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	code, _ := QRImage("WIFI:S:home;T:WPA;P:pass;;", 300)
	draw.Draw(only, code.Bounds().Add(image.Pt(10, 10)), code, image.Point{}, draw.Src)
	if _, err := DecodeQRImage(only); err == nil || inEnglish(err) != "the image has 1 QR code(s), but none holds a token (otpauth:// or otpauth-migration://)" {
		t.Errorf("non-token code: %v", err)
	}
}
