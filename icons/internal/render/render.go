// Package render draws the otptray icon and packs it as PNG and ICO files.
//
// It is the body of icons/gen (run by go generate) and of the test that
// checks the committed files are exactly what the generator makes.
package render

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
)

// Sizes are the pixel sizes drawn: the tray at 100–300 % scaling (16, 20,
// 24, 32, 40, 48), and Explorer, Start and desktop sizes above.
var Sizes = []int{16, 20, 24, 32, 40, 48, 64, 128, 256}

// TemplateSize is the size of the macOS menu bar template image: 16 pt at 2×.
const TemplateSize = 32

var (
	// Badge is the icon's ground: a teal with a contrast of about 4.6:1
	// against both white and black, so the icon's edge reads on any panel.
	Badge = color.NRGBA{0x0c, 0x84, 0x78, 0xff}
	// Glyph is the stopwatch on the badge: white, about 4.6:1 against it.
	Glyph = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	// template is the macOS template image's colour: macOS uses only its alpha.
	template = color.NRGBA{0, 0, 0, 0xff}
)

// File is one generated file.
type File struct {
	Name string
	Data []byte
}

// PNGName is the file name of the icon drawn at size px.
func PNGName(size int) string { return fmt.Sprintf("otptray-%d.png", size) }

// Files draws every icon file: a PNG per size, the ICO holding them all (the
// exe's, the installer's and the Windows tray's icon), and the macOS menu bar
// template. The output is deterministic.
func Files() ([]File, error) {
	var files []File
	var pngs [][]byte
	for _, size := range Sizes {
		badge, glyph, err := icon(size)
		if err != nil {
			return nil, err
		}
		data, err := encodePNG(paint(size, badge, glyph))
		if err != nil {
			return nil, fmt.Errorf("encode %d px: %w", size, err)
		}
		pngs = append(pngs, data)
		files = append(files, File{PNGName(size), data})
	}
	ico, err := encodeICO(Sizes, pngs)
	if err != nil {
		return nil, fmt.Errorf("pack the icon: %w", err)
	}
	files = append(files, File{"otptray.ico", ico})

	// A template image is one colour: the badge with the stopwatch cut out.
	badge, glyph, err := icon(TemplateSize)
	if err != nil {
		return nil, err
	}
	data, err := encodePNG(colorize(rasterize(TemplateSize, minus(badge, glyph)), template))
	if err != nil {
		return nil, fmt.Errorf("encode the template: %w", err)
	}
	return append(files, File{"otptray-template.png", data}), nil
}

// Write draws every icon file into dir.
func Write(dir string) error {
	files, err := Files()
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// colorize paints c through mask. It writes straight (non-premultiplied)
// pixels, so edge pixels keep the exact colour and only their alpha varies.
func colorize(mask *image.Alpha, c color.NRGBA) *image.NRGBA {
	img := image.NewNRGBA(mask.Rect)
	for i, a := range mask.Pix {
		if a == 0 {
			continue // fully transparent pixels stay 0,0,0,0
		}
		img.Pix[4*i+0] = c.R
		img.Pix[4*i+1] = c.G
		img.Pix[4*i+2] = c.B
		img.Pix[4*i+3] = uint8((int(a)*int(c.A) + 127) / 255)
	}
	return img
}

// paint draws the glyph in Glyph on the badge in Badge. Each pixel's alpha is
// its share of samples inside the badge; its straight colour is the mean of
// those samples' colours, so the glyph's edge blends into the badge and the
// badge's edge keeps the badge's colour.
func paint(size int, badge, glyph shape) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const total = samples * samples
	for row := range size {
		for col := range size {
			var inBadge, inGlyph int
			for j := range int64(samples) {
				y := int64(row)*unit + 2*j + 1
				for i := range int64(samples) {
					x := int64(col)*unit + 2*i + 1
					switch {
					case glyph(x, y):
						inGlyph++
					case badge(x, y):
						inBadge++
					}
				}
			}
			n := inBadge + inGlyph
			if n == 0 {
				continue // fully transparent pixels stay 0,0,0,0
			}
			mix := func(b, g uint8) uint8 { return uint8((inBadge*int(b) + inGlyph*int(g) + n/2) / n) }
			p := img.Pix[row*img.Stride+4*col:]
			p[0], p[1], p[2] = mix(Badge.R, Glyph.R), mix(Badge.G, Glyph.G), mix(Badge.B, Glyph.B)
			p[3] = uint8((n*255 + total/2) / total)
		}
	}
	return img
}

func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// encodeICO packs PNG images into an ICO container: a 6-byte ICONDIR, one
// 16-byte ICONDIRENTRY per image, then the PNG data. Windows reads PNG
// payloads since Vista.
func encodeICO(sizes []int, pngs [][]byte) ([]byte, error) {
	const dirLen, entryLen = 6, 16
	var buf bytes.Buffer
	le := binary.LittleEndian
	buf.Write(le.AppendUint16(nil, 0))                 // reserved
	buf.Write(le.AppendUint16(nil, 1))                 // type: icon
	buf.Write(le.AppendUint16(nil, uint16(len(pngs)))) // image count
	offset := dirLen + entryLen*len(pngs)
	for i, data := range pngs {
		size := sizes[i]
		if size < 1 || size > 256 {
			return nil, fmt.Errorf("icon size %d out of range 1..256", size)
		}
		dim := byte(size % 256)                            // 256 is stored as 0
		buf.Write([]byte{dim, dim, 0, 0})                  // width, height, palette size, reserved
		buf.Write(le.AppendUint16(nil, 1))                 // colour planes
		buf.Write(le.AppendUint16(nil, 32))                // bits per pixel
		buf.Write(le.AppendUint32(nil, uint32(len(data)))) // payload length
		buf.Write(le.AppendUint32(nil, uint32(offset)))    // payload offset
		offset += len(data)
	}
	for _, data := range pngs {
		buf.Write(data)
	}
	return buf.Bytes(), nil
}
