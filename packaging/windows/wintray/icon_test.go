package wintray

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"

	"github.com/otptray/otptray/icons"
)

// iconTemplates are the tray icon as the taskbar may show it at 16 px (the
// small-icon size at 96 dpi): the ICO's 16 px frame, and its 32 px frame
// shrunk to 16 (what LoadImage with LR_DEFAULTSIZE may pick).
func iconTemplates() ([]*image.NRGBA, error) {
	frames, err := icoFrames(icons.ICO())
	if err != nil {
		return nil, fmt.Errorf("tray icon: %w", err)
	}
	var out []*image.NRGBA
	if f, ok := frames[16]; ok {
		out = append(out, f)
	}
	if f, ok := frames[32]; ok {
		out = append(out, halve(f))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the tray ICO has neither a 16 nor a 32 px frame")
	}
	return out, nil
}

// icoFrames decodes the PNG frames of an ICO file by their width.
func icoFrames(ico []byte) (map[int]*image.NRGBA, error) {
	if len(ico) < 6 || binary.LittleEndian.Uint16(ico[2:]) != 1 {
		return nil, fmt.Errorf("not an ICO file")
	}
	n := int(binary.LittleEndian.Uint16(ico[4:]))
	out := map[int]*image.NRGBA{}
	for i := 0; i < n; i++ {
		e := ico[6+16*i:]
		if len(e) < 16 {
			return nil, fmt.Errorf("ICO directory cut short")
		}
		size := int(binary.LittleEndian.Uint32(e[8:]))
		off := int(binary.LittleEndian.Uint32(e[12:]))
		if off+size > len(ico) {
			return nil, fmt.Errorf("ICO frame %d lies outside the file", i)
		}
		img, err := png.Decode(bytes.NewReader(ico[off : off+size]))
		if err != nil {
			return nil, fmt.Errorf("ICO frame %d is not a PNG: %w", i, err)
		}
		nrgba := image.NewNRGBA(img.Bounds())
		draw.Draw(nrgba, nrgba.Bounds(), img, img.Bounds().Min, draw.Src)
		out[img.Bounds().Dx()] = nrgba
	}
	return out, nil
}

// halve shrinks an image to half its size, each pixel the mean of four
// (with premultiplied alpha).
func halve(src *image.NRGBA) *image.NRGBA {
	b := src.Bounds()
	dst := image.NewNRGBA(image.Rect(0, 0, b.Dx()/2, b.Dy()/2))
	for y := 0; y < b.Dy()/2; y++ {
		for x := 0; x < b.Dx()/2; x++ {
			var r, g, bl, a float64
			for _, d := range [][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
				c := src.NRGBAAt(b.Min.X+2*x+d[0], b.Min.Y+2*y+d[1])
				al := float64(c.A) / 255
				r += float64(c.R) * al
				g += float64(c.G) * al
				bl += float64(c.B) * al
				a += al
			}
			if a == 0 {
				continue
			}
			dst.SetNRGBA(x, y, color.NRGBA{uint8(r / a), uint8(g / a), uint8(bl / a), uint8(a / 4 * 255)})
		}
	}
	return dst
}

// iconMatch is a place where a template fits the screen.
type iconMatch struct {
	at    image.Point // top left corner
	score float64     // mean difference per channel, 0..255
}

func (m iconMatch) center(size int) image.Point { return m.at.Add(image.Pt(size/2, size/2)) }

// A place is our icon when its pixels differ from the template composed on
// the taskbar's colour by less than maxScore on average, while the template
// differs from the bare taskbar by at least minContrast: an icon that is
// invisible on the taskbar is not found.
const (
	maxScore    = 24
	minContrast = 30
)

// findIcons finds every place in img (the taskbar) that shows the tray
// icon, best first, at least half an icon apart.
func findIcons(img *image.RGBA, templates []*image.NRGBA) []iconMatch {
	bg := commonColour(img)
	var found []iconMatch
	b := img.Bounds()
	for _, tpl := range templates {
		want, contrast := compose(tpl, bg)
		if contrast < minContrast {
			continue
		}
		s := tpl.Bounds().Dx()
		for y := b.Min.Y; y+s <= b.Max.Y; y++ {
			for x := b.Min.X; x+s <= b.Max.X; x++ {
				if score := difference(img, x, y, want, s, maxScore); score < maxScore {
					found = append(found, iconMatch{image.Pt(x, y), score})
				}
			}
		}
	}
	// Keep the best of each cluster.
	var out []iconMatch
	for len(found) > 0 {
		best := 0
		for i, m := range found {
			if m.score < found[best].score {
				best = i
			}
		}
		m := found[best]
		out = append(out, m)
		rest := found[:0]
		for _, o := range found {
			if abs(o.at.X-m.at.X) >= 8 || abs(o.at.Y-m.at.Y) >= 8 {
				rest = append(rest, o)
			}
		}
		found = rest
	}
	return out
}

// compose lays the template on the background colour, and says how much it
// differs from the bare background (mean per channel over its opaque part).
func compose(tpl *image.NRGBA, bg color.RGBA) ([][3]float64, float64) {
	s := tpl.Bounds().Dx()
	out := make([][3]float64, s*s)
	var contrast float64
	for y := 0; y < s; y++ {
		for x := 0; x < s; x++ {
			c := tpl.NRGBAAt(x, y)
			a := float64(c.A) / 255
			p := [3]float64{
				float64(c.R)*a + float64(bg.R)*(1-a),
				float64(c.G)*a + float64(bg.G)*(1-a),
				float64(c.B)*a + float64(bg.B)*(1-a),
			}
			out[y*s+x] = p
			contrast += (math.Abs(p[0]-float64(bg.R)) + math.Abs(p[1]-float64(bg.G)) + math.Abs(p[2]-float64(bg.B))) / 3
		}
	}
	return out, contrast / float64(max(1, opaque(tpl)))
}

// opaque counts the template's pixels that are more than half opaque.
func opaque(tpl *image.NRGBA) int {
	n := 0
	for i := 3; i < len(tpl.Pix); i += 4 {
		if tpl.Pix[i] > 127 {
			n++
		}
	}
	return n
}

// difference is the mean per-channel difference of the s×s square at x, y
// from want; it stops early once the mean is sure to reach limit.
func difference(img *image.RGBA, x, y int, want [][3]float64, s int, limit float64) float64 {
	var sum float64
	stop := limit * 3 * float64(s*s)
	for j := 0; j < s; j++ {
		for i := 0; i < s; i++ {
			c := img.RGBAAt(x+i, y+j)
			w := want[j*s+i]
			sum += math.Abs(float64(c.R)-w[0]) + math.Abs(float64(c.G)-w[1]) + math.Abs(float64(c.B)-w[2])
			if sum >= stop {
				return limit
			}
		}
	}
	return sum / 3 / float64(s*s)
}

// commonColour is the most frequent colour of img: the taskbar's own.
func commonColour(img *image.RGBA) color.RGBA {
	count := map[color.RGBA]int{}
	var best color.RGBA
	for i := 0; i+3 < len(img.Pix); i += 4 {
		c := color.RGBA{img.Pix[i], img.Pix[i+1], img.Pix[i+2], 255}
		count[c]++
		if count[c] > count[best] {
			best = c
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
