package icons

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
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
	for _, size := range Sizes() {
		name := strconv.Itoa(size) + " px"
		wantSize(t, name, decodePNG(t, name, PNG(size)), size)
	}
	if PNG(17) != nil {
		t.Error("PNG(17) returned data; want nil for a size that is not drawn")
	}
	wantSize(t, "template", decodePNG(t, "template", Template()), render.TemplateSize)
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

// TestICO checks the ICO holds exactly one frame per size, each the PNG
// drawn for that size (not one frame that Windows would have to resample).
func TestICO(t *testing.T) {
	entries := parseICO(t, "otptray.ico", ICO())
	var sizes []int
	for _, e := range entries {
		sizes = append(sizes, e.size)
		name := "otptray.ico " + strconv.Itoa(e.size) + " px"
		wantSize(t, name, decodePNG(t, name, e.data), e.size)
		if !bytes.Equal(e.data, PNG(e.size)) {
			t.Errorf("%s: payload differs from PNG(%d)", name, e.size)
		}
	}
	if !slices.Equal(sizes, Sizes()) {
		t.Errorf("otptray.ico: sizes %v, want %v", sizes, Sizes())
	}
}

func TestTray(t *testing.T) {
	got := Tray()
	if runtime.GOOS == "windows" {
		if !bytes.Equal(got, ICO()) {
			t.Error("Tray() is not the ICO systray's LoadImage needs")
		}
		return
	}
	// Elsewhere systray decodes one PNG.
	if !slices.ContainsFunc(Sizes(), func(s int) bool { return bytes.Equal(got, PNG(s)) }) {
		t.Error("Tray() is not one of the PNGs")
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
