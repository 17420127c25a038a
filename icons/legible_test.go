package icons

import (
	"image"
	"image/color"
	"math"
	"strconv"
	"testing"

	"github.com/otptray/otptray/icons/internal/render"
)

// The contrast checks follow WCAG 2.1 success criterion 1.4.11 "Non-text
// Contrast": the parts of a graphic needed to understand it have a contrast
// ratio of at least 3:1 against adjacent colours. For the tray icon those
// are the icon's outer edge against the panel, and the glyph against the
// badge. Ratio and relative luminance are WCAG 2.1's definitions.
const minContrast = 3

// luminance is the WCAG 2.1 relative luminance of an sRGB colour.
func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		c := float64(v) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrast is the WCAG 2.1 contrast ratio of two colours, 1 to 21.
func contrast(a, b color.NRGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// over composes c on the opaque background bg.
func over(c, bg color.NRGBA) color.NRGBA {
	a := int(c.A)
	mix := func(v, b uint8) uint8 { return uint8((int(v)*a + int(b)*(255-a) + 127) / 255) }
	return color.NRGBA{mix(c.R, bg.R), mix(c.G, bg.G), mix(c.B, bg.B), 0xff}
}

// reading is what measure finds in an icon shown on a background.
type reading struct {
	edge       float64     // lowest contrast of an opaque outer-edge pixel against the background
	edgeOpaque float64     // share of outer-edge pixels that are opaque
	ground     color.NRGBA // the commonest colour of the opaque outer edge: the badge
	ink        color.NRGBA // the commonest opaque colour that is not the ground: the glyph
	glyph      float64     // contrast of ink against ground
	inkShare   float64     // share of all pixels in exactly the ink colour
	pure       float64     // share of all pixels that are exactly ground, ink or clear
	enclosed   float64     // share of all pixels of the ground enclosed by ink: the keyhole
}

// measure reads img as it shows on bg. The outer edge is the set of pixels
// at least half opaque that touch the image border or a pixel less than
// half opaque: what the eye sees meet the panel.
func measure(img *image.NRGBA, bg color.NRGBA) reading {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	at := func(x, y int) color.NRGBA { return img.NRGBAAt(b.Min.X+x, b.Min.Y+y) }
	solid := func(x, y int) bool { return x >= 0 && y >= 0 && x < w && y < h && at(x, y).A >= 128 }

	r := reading{edge: math.Inf(1)}
	var edges, opaqueEdges int
	groundCount := map[color.NRGBA]int{}
	for y := range h {
		for x := range w {
			if !solid(x, y) || (solid(x-1, y) && solid(x+1, y) && solid(x, y-1) && solid(x, y+1)) {
				continue
			}
			edges++
			c := at(x, y)
			if c.A < 255 {
				continue
			}
			opaqueEdges++
			groundCount[c]++
			r.edge = min(r.edge, contrast(c, bg))
		}
	}
	if edges == 0 {
		return reading{}
	}
	r.edgeOpaque = float64(opaqueEdges) / float64(edges)
	r.ground = commonest(groundCount)

	inkCount := map[color.NRGBA]int{}
	for y := range h {
		for x := range w {
			if c := at(x, y); c.A == 255 && c != r.ground {
				inkCount[c]++
			}
		}
	}
	r.ink = commonest(inkCount)
	r.glyph = contrast(r.ink, r.ground)

	// A pixel is inky when it is opaque and nearer the ink's luminance than
	// the ground's. The ground not reachable from the border without
	// crossing ink is enclosed by the glyph.
	mid := (luminance(r.ink) + luminance(r.ground)) / 2
	darkInk := luminance(r.ink) < luminance(r.ground)
	inky := func(x, y int) bool {
		c := at(x, y)
		return c.A == 255 && (luminance(c) < mid) == darkInk
	}
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
		if p.X < 0 || p.Y < 0 || p.X >= w || p.Y >= h || seen[p.Y*w+p.X] || inky(p.X, p.Y) {
			continue
		}
		seen[p.Y*w+p.X] = true
		stack = append(stack, image.Pt(p.X+1, p.Y), image.Pt(p.X-1, p.Y), image.Pt(p.X, p.Y+1), image.Pt(p.X, p.Y-1))
	}
	var ink, pure, enclosed int
	for y := range h {
		for x := range w {
			c := at(x, y)
			switch {
			case c == r.ink:
				ink++
				pure++
			case c == r.ground:
				pure++
				if !seen[y*w+x] {
					enclosed++
				}
			case c.A == 0:
				pure++
			}
		}
	}
	n := float64(w * h)
	r.inkShare, r.pure, r.enclosed = float64(ink)/n, float64(pure)/n, float64(enclosed)/n
	return r
}

func commonest(count map[color.NRGBA]int) color.NRGBA {
	var best color.NRGBA
	for c, n := range count {
		// Ties go to the lower colour value, so the result is deterministic.
		if n > count[best] || (n == count[best] && less(c, best)) {
			best = c
		}
	}
	return best
}

func less(a, b color.NRGBA) bool {
	return uint32(a.R)<<24|uint32(a.G)<<16|uint32(a.B)<<8|uint32(a.A) < uint32(b.R)<<24|uint32(b.G)<<16|uint32(b.B)<<8|uint32(b.A)
}

// problems lists where a reading falls short of an icon that reads on its
// background.
func (r reading) problems(size int) []string {
	var out []string
	// The edge contrast is read from its opaque pixels, so most must be
	// opaque: the rounded corners' anti-aliasing leaves 69–79%.
	if r.edgeOpaque < 0.5 {
		out = append(out, "only "+pct(r.edgeOpaque)+" of the outer edge is opaque, want 50% (a blurred edge)")
	}
	if r.edge < minContrast {
		out = append(out, "outer edge contrast "+ratio(r.edge)+" against the background, want at least 3:1")
	}
	if r.glyph < minContrast {
		out = append(out, "glyph contrast "+ratio(r.glyph)+" against the badge, want at least 3:1")
	}
	// The glyph fills a good part of the badge, without swallowing it.
	if r.inkShare < 0.15 || r.inkShare > 0.6 {
		out = append(out, "the glyph's colour covers "+pct(r.inkShare)+" of the icon, want 15%–60%")
	}
	// Drawn for its grid, most pixels are pure badge, glyph or clear: 78%
	// (20 px) to 89% (48 px). A box downscale of the 256 px icon to 16 or
	// 20 px leaves 67% and 70%.
	if size <= 48 && r.pure < 0.75 {
		out = append(out, "only "+pct(r.pure)+" of the pixels are pure badge, glyph or clear, want 75% (drawn for another size and resampled?)")
	}
	// The keyhole survives at every size: 4–6% of the icon (2% in a box
	// downscale of the 256 px icon to 16 px).
	if r.enclosed < 0.03 {
		out = append(out, "the badge shows through the glyph in "+pct(r.enclosed)+" of the icon, want 3% (keyhole lost?)")
	}
	return out
}

func pct(v float64) string   { return strconv.FormatFloat(100*v, 'f', 0, 64) + "%" }
func ratio(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) + ":1" }

// backgrounds are the panels the icon must read on: the extremes, and the
// ones users meet (Wine's white tray, Windows 11's light and dark taskbar,
// KDE Breeze's light panel, GNOME's black top bar).
var backgrounds = []struct {
	name string
	c    color.NRGBA
}{
	{"white", color.NRGBA{0xff, 0xff, 0xff, 0xff}},
	{"black", color.NRGBA{0x00, 0x00, 0x00, 0xff}},
	{"Windows 11 light taskbar", color.NRGBA{0xf3, 0xf3, 0xf3, 0xff}},
	{"Windows 11 dark taskbar", color.NRGBA{0x20, 0x20, 0x20, 0xff}},
	{"Breeze light panel", color.NRGBA{0xef, 0xf0, 0xf1, 0xff}},
}

func TestLegibleOnAnyBackground(t *testing.T) {
	for _, size := range Sizes() {
		img := decodePNG(t, strconv.Itoa(size)+" px", PNG(size))
		for _, bg := range backgrounds {
			r := measure(img, bg.c)
			for _, p := range r.problems(size) {
				t.Errorf("%d px on %s: %s", size, bg.name, p)
			}
			if r.ground != render.Badge || r.ink != render.Glyph {
				t.Errorf("%d px on %s: read badge %v and glyph %v, want %v and %v", size, bg.name, r.ground, r.ink, render.Badge, render.Glyph)
			}
			if bg.name == "white" || bg.name == "black" {
				t.Logf("%3d px on %s: edge %s, glyph %s, pure %s, keyhole %s, edge opaque %s", size, bg.name, ratio(r.edge), ratio(r.glyph), pct(r.pure), pct(r.enclosed), pct(r.edgeOpaque))
			}
		}
	}
}

// TestBareGlyphIsNotLegible keeps the check honest: the glyph without its
// badge, white on transparent as tray glyphs used to be, vanishes on white,
// and so does a dark one on black.
func TestBareGlyphIsNotLegible(t *testing.T) {
	for _, size := range []int{16, 32} {
		icon := decodePNG(t, strconv.Itoa(size)+" px", PNG(size))
		for _, tc := range []struct {
			ink, bg color.NRGBA
		}{
			{color.NRGBA{0xff, 0xff, 0xff, 0xff}, color.NRGBA{0xff, 0xff, 0xff, 0xff}},
			{color.NRGBA{0x1c, 0x1c, 0x1c, 0xff}, color.NRGBA{0x00, 0x00, 0x00, 0xff}},
		} {
			bare := bareGlyph(icon, tc.ink)
			r := measure(bare, tc.bg)
			if r.edge >= minContrast {
				t.Errorf("%d px: a bare %v glyph on %v has edge contrast %s, want below 3:1", size, tc.ink, tc.bg, ratio(r.edge))
			}
			if len(r.problems(size)) == 0 {
				t.Errorf("%d px: a bare %v glyph on %v passes the legibility check", size, tc.ink, tc.bg)
			}
		}
	}
}

// bareGlyph keeps only the glyph of the icon, in colour ink: each pixel's
// alpha is its share of glyph, read from how far it is from the badge's
// colour towards the glyph's.
func bareGlyph(icon *image.NRGBA, ink color.NRGBA) *image.NRGBA {
	out := image.NewNRGBA(icon.Bounds())
	for i := 0; i < len(icon.Pix); i += 4 {
		c := icon.Pix[i : i+4]
		share := float64(int(c[1])-int(render.Badge.G)) / float64(int(render.Glyph.G)-int(render.Badge.G))
		if c[3] == 0 || share <= 0 {
			continue
		}
		a := uint8(math.Round(math.Min(share, 1) * float64(c[3])))
		copy(out.Pix[i:i+4], []uint8{ink.R, ink.G, ink.B, a})
	}
	return out
}

// TestTemplateIsTheBadgeWithoutTheGlyph: macOS draws the template's alpha
// in the menu bar's colour, so it must show what the colour icon shows.
func TestTemplateIsTheBadgeWithoutTheGlyph(t *testing.T) {
	tpl := decodePNG(t, "template", Template())
	icon := decodePNG(t, "32 px", PNG(render.TemplateSize))
	var mismatched, solid int
	for i := 0; i < len(tpl.Pix); i += 4 {
		if r, g, b := tpl.Pix[i], tpl.Pix[i+1], tpl.Pix[i+2]; (r | g | b) != 0 {
			t.Fatalf("template pixel %d is %d,%d,%d, want black (macOS uses only the alpha)", i/4, r, g, b)
		}
		var want uint8
		switch c := (color.NRGBA{icon.Pix[i], icon.Pix[i+1], icon.Pix[i+2], icon.Pix[i+3]}); {
		case c == render.Badge:
			want = 255
		case c == render.Glyph, c.A == 0:
			want = 0
		default:
			continue // an edge pixel
		}
		if tpl.Pix[i+3] != want {
			mismatched++
		}
		if tpl.Pix[i+3] == 255 {
			solid++
		}
	}
	if mismatched > 0 {
		t.Errorf("%d template pixels are not the badge minus the glyph", mismatched)
	}
	if px := len(tpl.Pix) / 4; solid < px*30/100 {
		t.Errorf("only %d of %d template pixels are solid, want 30%%", solid, px)
	}
}
