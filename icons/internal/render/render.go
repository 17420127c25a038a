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

// Sizes are the pixel sizes drawn for every variant: the tray at 100–200 %
// scaling (16, 20, 24, 32), and Explorer, Start and desktop sizes above.
var Sizes = []int{16, 20, 24, 32, 48, 64, 128, 256}

// variant is one colouring of the glyph.
type variant struct {
	name  string // file name part: otptray-<Name>-<size>.png, otptray-<Name>.ico
	color color.NRGBA
}

var (
	// light is for light taskbars: a near-black glyph.
	light = variant{"light", color.NRGBA{0x1c, 0x1c, 0x1c, 0xff}}
	// dark is for dark taskbars: a white glyph.
	dark = variant{"dark", color.NRGBA{0xff, 0xff, 0xff, 0xff}}
	// app is the program's own icon (exe, desktop file, about box): a teal
	// that keeps a contrast of about 4:1 against both white and near-black,
	// so it reads in light and dark Explorer, Start menu and launchers alike.
	app = variant{"app", color.NRGBA{0x0e, 0x8a, 0x7e, 0xff}}
)

// File is one generated file.
type File struct {
	Name string
	Data []byte
}

// Files draws every icon file. The output is deterministic.
func Files() ([]File, error) {
	masks := make(map[int]*image.Alpha, len(Sizes))
	for _, size := range Sizes {
		masks[size] = rasterize(size, glyph(size))
	}

	var files []File
	for _, v := range []variant{light, dark, app} {
		var pngs [][]byte
		for _, size := range Sizes {
			data, err := encodePNG(colorize(masks[size], v.color))
			if err != nil {
				return nil, fmt.Errorf("encode %s %d px: %w", v.name, size, err)
			}
			pngs = append(pngs, data)
			if v != app {
				files = append(files, File{fmt.Sprintf("otptray-%s-%d.png", v.name, size), data})
			}
		}
		ico, err := encodeICO(Sizes, pngs)
		if err != nil {
			return nil, fmt.Errorf("pack %s icon: %w", v.name, err)
		}
		if v == app {
			files = append(files,
				File{"otptray.ico", ico},
				File{"otptray.png", pngs[len(pngs)-1]})
		} else {
			files = append(files, File{fmt.Sprintf("otptray-%s.ico", v.name), ico})
		}
	}
	return files, nil
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
