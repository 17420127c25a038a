package transfer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"testing"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/token"
)

// fuzzMaxPixels is the largest image the QR target decodes: larger ones
// are read the same way, only slower, and would leave the fuzzer
// decoding photographs instead of exploring.
const fuzzMaxPixels = 1 << 18

// pngClaiming is a PNG of one IHDR chunk that says the image is w×h.
func pngClaiming(w, h uint32) []byte {
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 0 // 8-bit greyscale
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	_ = binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr[:]...)
	b.Write(chunk)
	_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

// FuzzQRImage: any PNG or JPEG gives tokens or an error, never a panic; an
// image claiming more than maxImagePixels is refused before it is decoded;
// every token found makes a code, and drawn again as a QR code reads back
// as the same token.
func FuzzQRImage(f *testing.F) {
	for _, s := range []string{"qr-two.png", "qr-none.png"} {
		f.Add(readFixture(f, s))
	}
	tok := token.Token{Issuer: "Fuzz", Account: "me", Secret: []byte("12345678901234567890")}
	if err := tok.Validate(); err != nil {
		f.Fatal(err)
	}
	small, err := QRPNG(tok, 120)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(small)
	f.Add(pngClaiming(100_000, 100_000))
	f.Add(pngClaiming(1<<31-1, 1<<31-1))
	f.Add([]byte{0xff, 0xd8, 0xff, 0xe0})
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, _, cfgErr := image.DecodeConfig(bytes.NewReader(data))
		pixels := int64(cfg.Width) * int64(cfg.Height)
		if cfgErr == nil && pixels > maxImagePixels {
			_, err := decodeImageFile(data)
			var m *msg.Error
			if !errors.As(err, &m) || m.ID != "transfer.qr.image_size" {
				t.Fatalf("%d×%d image: %v, want refused for its size", cfg.Width, cfg.Height, err)
			}
			return
		}
		if cfgErr == nil && pixels > fuzzMaxPixels {
			return
		}
		res, err := decodeImageFile(data)
		checkDecoded(t, res, err)
		if err != nil {
			return
		}
		if res.Format != FormatQR || len(res.Tokens)+len(res.Skipped) == 0 {
			t.Fatalf("format %q, %d tokens, %d skipped", res.Format, len(res.Tokens), len(res.Skipped))
		}
		for _, tk := range res.Tokens {
			png, err := QRPNG(tk, 200)
			if err != nil {
				continue // a URI too long for a QR code
			}
			again, err := decodeImageFile(png)
			if err != nil || len(again.Tokens) != 1 || !Same(again.Tokens[0], tk) {
				t.Fatalf("round trip of %q does not read back the same token (%v)", tk.Name, err)
			}
		}
	})
}
