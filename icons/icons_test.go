package icons

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"github.com/otptray/otptray/icons/internal/render"
)

func decodePNG(t *testing.T, name string, data []byte) *image.NRGBA {
	t.Helper()
	if data == nil {
		t.Fatalf("%s: no data (not embedded?)", name)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: decode PNG: %v", name, err)
	}
	nrgba, ok := img.(*image.NRGBA)
	if !ok {
		t.Fatalf("%s: decoded as %T, want *image.NRGBA (RGBA with alpha)", name, img)
	}
	return nrgba
}

func wantSize(t *testing.T, name string, img image.Image, size int) {
	t.Helper()
	if b := img.Bounds(); b != image.Rect(0, 0, size, size) {
		t.Errorf("%s: bounds %v, want %dx%d", name, b, size, size)
	}
}

func TestSizesMatchGenerator(t *testing.T) {
	if !slices.Equal(Sizes(), render.Sizes) {
		t.Fatalf("icons.Sizes() = %v, generator draws %v", Sizes(), render.Sizes)
	}
}

func TestPNGs(t *testing.T) {
	for _, dark := range []bool{false, true} {
		for _, size := range Sizes() {
			name := variant(dark) + "-" + strconv.Itoa(size)
			wantSize(t, name, decodePNG(t, name, PNG(size, dark)), size)
		}
	}
	if PNG(17, false) != nil {
		t.Error("PNG(17, false) returned data; want nil for a size that is not drawn")
	}
	wantSize(t, "otptray.png", decodePNG(t, "otptray.png", AppPNG()), 256)
}

type icoEntry struct {
	size int
	data []byte
}

// parseICO reads an ICO container independently of the generator's writer.
func parseICO(t *testing.T, name string, ico []byte) []icoEntry {
	t.Helper()
	le := binary.LittleEndian
	if len(ico) < 6 {
		t.Fatalf("%s: %d bytes, too short for ICONDIR", name, len(ico))
	}
	if reserved, typ := le.Uint16(ico[0:]), le.Uint16(ico[2:]); reserved != 0 || typ != 1 {
		t.Fatalf("%s: ICONDIR reserved=%d type=%d, want 0 and 1", name, reserved, typ)
	}
	count := int(le.Uint16(ico[4:]))
	end := 6 + 16*count
	if len(ico) < end {
		t.Fatalf("%s: %d entries do not fit in %d bytes", name, count, len(ico))
	}
	var entries []icoEntry
	next := end // payloads are expected back to back, in entry order
	for i := range count {
		e := ico[6+16*i : 6+16*(i+1)]
		w, h := int(e[0]), int(e[1])
		if w == 0 {
			w = 256
		}
		if h == 0 {
			h = 256
		}
		planes, bpp := le.Uint16(e[4:]), le.Uint16(e[6:])
		length, offset := int(le.Uint32(e[8:])), int(le.Uint32(e[12:]))
		if w != h || e[2] != 0 || e[3] != 0 || planes != 1 || bpp != 32 {
			t.Errorf("%s entry %d: %dx%d palette=%d reserved=%d planes=%d bpp=%d, want square, 0, 0, 1, 32",
				name, i, w, h, e[2], e[3], planes, bpp)
		}
		if offset != next || offset+length > len(ico) {
			t.Fatalf("%s entry %d: payload at %d+%d, want at %d within %d bytes", name, i, offset, length, next, len(ico))
		}
		next = offset + length
		entries = append(entries, icoEntry{w, ico[offset : offset+length]})
	}
	if next != len(ico) {
		t.Errorf("%s: %d trailing bytes after the last payload", name, len(ico)-next)
	}
	return entries
}

func TestICOs(t *testing.T) {
	for _, tc := range []struct {
		name string
		ico  []byte
		png  func(size int) []byte // the loose PNG each payload must equal, if any
	}{
		{"otptray-light.ico", ICO(false), func(s int) []byte { return PNG(s, false) }},
		{"otptray-dark.ico", ICO(true), func(s int) []byte { return PNG(s, true) }},
		{"otptray.ico", AppICO(), func(s int) []byte {
			if s == 256 {
				return AppPNG()
			}
			return nil
		}},
	} {
		entries := parseICO(t, tc.name, tc.ico)
		var sizes []int
		for _, e := range entries {
			sizes = append(sizes, e.size)
			img := decodePNG(t, tc.name+" "+strconv.Itoa(e.size), e.data)
			wantSize(t, tc.name, img, e.size)
			if want := tc.png(e.size); want != nil && !bytes.Equal(e.data, want) {
				t.Errorf("%s: %d px payload differs from the loose PNG", tc.name, e.size)
			}
		}
		if !slices.Equal(sizes, Sizes()) {
			t.Errorf("%s: sizes %v, want %v", tc.name, sizes, Sizes())
		}
	}
}

func TestTray(t *testing.T) {
	for _, dark := range []bool{false, true} {
		got := Tray(dark)
		if runtime.GOOS == "windows" {
			if !bytes.Equal(got, ICO(dark)) {
				t.Errorf("Tray(%v) is not the ICO systray's LoadImage needs", dark)
			}
			continue
		}
		// Elsewhere systray decodes one PNG: it must be one of this variant's.
		if !slices.ContainsFunc(Sizes(), func(s int) bool { return bytes.Equal(got, PNG(s, dark)) }) {
			t.Errorf("Tray(%v) is not one of the %s PNGs", dark, variant(dark))
		}
	}
	if bytes.Equal(Tray(false), Tray(true)) {
		t.Error("Tray gives the same icon for light and dark taskbars")
	}
}

// TestGeneratorReproducesCommittedFiles fails when the committed files are
// stale: after a design change run `go generate ./icons` and commit.
func TestGeneratorReproducesCommittedFiles(t *testing.T) {
	dir := t.TempDir()
	if err := render.Write(dir); err != nil {
		t.Fatal(err)
	}
	generated, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range generated {
		name := f.Name()
		names = append(names, name)
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(name)
		if err != nil {
			t.Errorf("%s: generated but not committed: %v (run go generate ./icons)", name, err)
			continue
		}
		if !bytes.Equal(got, committed) {
			why := "run go generate ./icons and commit the result"
			if filepath.Ext(name) == ".png" && samePixels(got, committed) {
				why = "same pixels, different bytes (has the Go toolchain's PNG compressor changed?): " + why
			}
			t.Errorf("%s: committed file differs from the generator's output: %s", name, why)
		}
	}
	// No stale leftovers from an older size list.
	var committed []string
	for _, pattern := range []string{"otptray*.png", "otptray*.ico"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		committed = append(committed, m...)
	}
	slices.Sort(names)
	slices.Sort(committed)
	if !slices.Equal(names, committed) {
		t.Errorf("committed icon files %v, generator makes %v", committed, names)
	}
}

func samePixels(a, b []byte) bool {
	ia, errA := png.Decode(bytes.NewReader(a))
	ib, errB := png.Decode(bytes.NewReader(b))
	if errA != nil || errB != nil || ia.Bounds() != ib.Bounds() {
		return false
	}
	for y := ia.Bounds().Min.Y; y < ia.Bounds().Max.Y; y++ {
		for x := ia.Bounds().Min.X; x < ia.Bounds().Max.X; x++ {
			if color.NRGBAModel.Convert(ia.At(x, y)) != color.NRGBAModel.Convert(ib.At(x, y)) {
				return false
			}
		}
	}
	return true
}

// luminance is the WCAG relative luminance of an sRGB colour.
func luminance(r, g, b float64) float64 {
	lin := func(c float64) float64 {
		c /= 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrastRatio(l1, l2 float64) float64 {
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}

// holes counts see-through pixels (alpha < 128) that cannot be reached from
// the border through other see-through pixels: the keyhole, and the bezel
// groove at large sizes. A glyph blurred into a blob has none.
func holes(img *image.NRGBA) int {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	clear := func(x, y int) bool { return img.NRGBAAt(x, y).A < 128 }
	seen := make([]bool, w*h)
	var stack []image.Point
	for x := range w {
		stack = append(stack, image.Pt(x, 0), image.Pt(x, h-1))
	}
	for y := range h {
		stack = append(stack, image.Pt(0, y), image.Pt(w-1, y))
	}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if p.X < 0 || p.Y < 0 || p.X >= w || p.Y >= h || seen[p.Y*w+p.X] || !clear(p.X, p.Y) {
			continue
		}
		seen[p.Y*w+p.X] = true
		stack = append(stack, image.Pt(p.X+1, p.Y), image.Pt(p.X-1, p.Y), image.Pt(p.X, p.Y+1), image.Pt(p.X, p.Y-1))
	}
	n := 0
	for y := range h {
		for x := range w {
			if clear(x, y) && !seen[y*w+x] {
				n++
			}
		}
	}
	return n
}

func TestGlyphReadable(t *testing.T) {
	// Taskbar colours of Windows 11 light and dark themes, and plain white
	// and near-black for the colour icon.
	light := color.NRGBA{0xf3, 0xf3, 0xf3, 0xff}
	dark := color.NRGBA{0x20, 0x20, 0x20, 0xff}
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}

	appICO := map[int][]byte{}
	for _, e := range parseICO(t, "otptray.ico", AppICO()) {
		appICO[e.size] = e.data
	}
	for _, size := range Sizes() {
		for _, tc := range []struct {
			name        string
			data        []byte
			bg          color.NRGBA
			minContrast float64
		}{
			{"light", PNG(size, false), light, 7},
			{"dark", PNG(size, true), dark, 7},
			{"app on white", appICO[size], white, 3},
			{"app on dark", appICO[size], dark, 3},
		} {
			name := tc.name + " " + strconv.Itoa(size) + " px"
			img := decodePNG(t, name, tc.data)
			px := size * size

			var ink, solid int
			var inkLum float64
			bgLum := luminance(float64(tc.bg.R), float64(tc.bg.G), float64(tc.bg.B))
			for i := 0; i < len(img.Pix); i += 4 {
				a := int(img.Pix[i+3])
				if a >= 128 {
					ink++
					over := func(c, bg uint8) float64 { return float64(int(c)*a+int(bg)*(255-a)) / 255 }
					inkLum += luminance(over(img.Pix[i], tc.bg.R), over(img.Pix[i+1], tc.bg.G), over(img.Pix[i+2], tc.bg.B))
				}
				if a == 255 {
					solid++
				}
			}
			// The glyph fills a good part of its square, without being a blob.
			if ink < px*30/100 || ink > px*65/100 {
				t.Errorf("%s: %d of %d pixels are ink, want 30%%–65%%", name, ink, px)
			}
			if ink > 0 {
				if c := contrastRatio(inkLum/float64(ink), bgLum); c < tc.minContrast {
					t.Errorf("%s: contrast %.1f:1 against its background, want at least %.1f:1", name, c, tc.minContrast)
				}
			}
			// Hinted sizes put edges on pixel boundaries, so most ink is fully
			// opaque. Box-downscaling the 256 px drawing instead leaves only
			// 26% (16 px) to 58% (32 px) of the ink opaque.
			if size <= 32 && solid < ink*75/100 {
				t.Errorf("%s: only %d of %d ink pixels fully opaque, want 75%% (hinting lost?)", name, solid, ink)
			}
			// The keyhole survives at every size.
			if h := holes(img); h < px*5/100 {
				t.Errorf("%s: %d enclosed see-through pixels, want at least 5%% of %d (keyhole lost?)", name, h, px)
			}
		}
	}
}

func TestVariantsShareShape(t *testing.T) {
	for _, size := range Sizes() {
		l := decodePNG(t, "light", PNG(size, false))
		d := decodePNG(t, "dark", PNG(size, true))
		for i := 3; i < len(l.Pix); i += 4 {
			if l.Pix[i] != d.Pix[i] {
				t.Fatalf("%d px: light and dark alpha differ at pixel %d", size, i/4)
			}
		}
	}
}
