package transfer

import (
	"bytes"
	"image"
	_ "image/jpeg" // QR screenshots and photos come as JPEG too
	"image/png"
	"strings"

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"
	"github.com/makiuchi-d/gozxing/qrcode"
	encoder "github.com/skip2/go-qrcode"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// maxImagePixels bounds the decoded size of an image (a small PNG can claim
// to be enormous).
const maxImagePixels = 30_000_000

// isImage says whether data starts like a PNG or JPEG file.
func isImage(data []byte) bool {
	return bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) || bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff})
}

func decodeImageFile(data []byte) (*Result, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, msg.New("transfer.qr.image", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxImagePixels {
		return nil, msg.New("transfer.qr.image_size", nil, "Width", cfg.Width, "Height", cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, msg.New("transfer.qr.image", err)
	}
	return DecodeQRImage(img)
}

// QRTexts finds every QR code in img and returns their texts, in the order
// found. None found is not an error here.
func QRTexts(img image.Image) []string {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return nil
	}
	var texts []string
	seen := map[string]bool{}
	addResult := func(r *gozxing.Result) {
		if r == nil || seen[r.GetText()] {
			return
		}
		seen[r.GetText()] = true
		texts = append(texts, r.GetText())
	}
	// The quick pass finds clean codes (screens, saved images) in a
	// fraction of the time; the thorough one is for photos and small codes.
	for _, hints := range []map[gozxing.DecodeHintType]any{nil, {gozxing.DecodeHintType_TRY_HARDER: true}} {
		results, _ := multiqr.NewQRCodeMultiReader().DecodeMultiple(bmp, hints)
		for _, r := range results {
			addResult(r)
		}
		if len(texts) == 0 {
			// The multi reader misses a lone code that fills the image;
			// the single reader finds it.
			if r, err := qrcode.NewQRCodeReader().Decode(bmp, hints); err == nil {
				addResult(r)
			}
		}
		if len(texts) > 0 {
			break
		}
	}
	return texts
}

// DecodeQRImage reads every otpauth:// and otpauth-migration:// QR code in
// img (a screenshot, a photo, a saved export). An image with no QR code, or
// with only QR codes that are not tokens, is an error.
func DecodeQRImage(img image.Image) (*Result, error) {
	texts := QRTexts(img)
	if len(texts) == 0 {
		return nil, msg.New("transfer.qr.none", nil)
	}
	var lines []string
	for _, t := range texts {
		l := strings.ToLower(strings.TrimSpace(t))
		if strings.HasPrefix(l, "otpauth:") || strings.HasPrefix(l, "otpauth-migration:") {
			lines = append(lines, strings.TrimSpace(t))
		}
	}
	if len(lines) == 0 {
		return nil, msg.New("transfer.qr.not_token", nil, "Count", len(texts))
	}
	res, err := ParseText(strings.Join(lines, "\n"))
	if err != nil {
		return nil, err
	}
	res.Format = FormatQR
	// Other codes in the picture (a web address beside the token's code)
	// are listed, without their text, so the count adds up.
	for range len(texts) - len(lines) {
		res.Skipped = append(res.Skipped, Skipped{Err: msg.New("transfer.qr.other", nil)})
	}
	return res, nil
}

// QRPNG draws t's otpauth:// URI as a QR code PNG of about size pixels
// square (see QRImage).
func QRPNG(t token.Token, size int) ([]byte, error) {
	return TextPNG(t.URI(), size)
}

// TextPNG draws text as a QR code PNG of about size pixels square (see
// QRImage).
func TextPNG(text string, size int) ([]byte, error) {
	img, err := QRImage(text, size)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, msg.New("transfer.qr.encode", err)
	}
	return b.Bytes(), nil
}

// minModulePixels is the smallest module a QR image is drawn with: smaller
// ones are hard for cameras and scanners.
const minModulePixels = 4

// QRImage is text as a QR code image of at most size pixels square, every
// module the same whole number of pixels (scaling by a fraction makes
// uneven modules that scanners misread); a code too dense for size is drawn
// larger, at minModulePixels per module.
func QRImage(text string, size int) (image.Image, error) {
	q, err := encoder.New(text, encoder.Medium)
	if err != nil {
		return nil, msg.New("transfer.qr.encode", err)
	}
	modules := len(q.Bitmap()) // with the quiet zone
	px := max(minModulePixels, size/modules)
	return q.Image(-px), nil
}

// TerminalQR draws text as a QR code with half-block characters, two rows
// of modules per line. The characters paint the light modules, which suits
// the usual terminal with light text on a dark background; invert paints the
// dark ones instead, for dark text on a light background.
func TerminalQR(text string, invert bool) (string, error) {
	q, err := encoder.New(text, encoder.Low)
	if err != nil {
		return "", msg.New("transfer.qr.encode", err)
	}
	return q.ToSmallString(invert), nil
}
