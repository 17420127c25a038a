package render

import "image"

// The geometry is integer-only on purpose: floating-point results may differ
// between architectures (Go may fuse a*b+c on arm64), and the generated files
// must be byte-identical wherever the generator runs.

const (
	samples = 16          // supersamples per pixel along each axis
	unit    = 2 * samples // layout units per pixel; sample centres fall on odd units
)

// shape reports whether the point (x, y), in layout units, is inside.
type shape func(x, y int64) bool

// px converts pixels to layout units. Only multiples of 1/32 pixel (exact
// in binary) are used, so the conversion is exact.
func px(v float64) int64 { return int64(v * unit) }

func disk(cx, cy, r int64) shape {
	return func(x, y int64) bool {
		dx, dy := x-cx, y-cy
		return dx*dx+dy*dy <= r*r
	}
}

// roundRect is the rectangle [x0,x1]×[y0,y1] with corners rounded by r.
func roundRect(x0, y0, x1, y1, r int64) shape {
	return func(x, y int64) bool {
		if x < x0 || x > x1 || y < y0 || y > y1 {
			return false
		}
		dx := max(x0+r-x, x-(x1-r), 0)
		dy := max(y0+r-y, y-(y1-r), 0)
		return dx*dx+dy*dy <= r*r
	}
}

// capsule is the set of points within r of the segment from a to b.
func capsule(ax, ay, bx, by, r int64) shape {
	vx, vy := bx-ax, by-ay
	length2 := vx*vx + vy*vy
	return func(x, y int64) bool {
		wx, wy := x-ax, y-ay
		t := wx*vx + wy*vy
		switch {
		case t <= 0:
			return wx*wx+wy*wy <= r*r
		case t >= length2:
			ux, uy := x-bx, y-by
			return ux*ux+uy*uy <= r*r
		}
		// Squared distance to the line, times length2: |w|²·|v|² − (w·v)².
		return (wx*wx+wy*wy)*length2-t*t <= r*r*length2
	}
}

// trapezoid is symmetric about x = cx, with half-widths top at y0 and bottom at y1.
func trapezoid(cx, y0, y1, top, bottom int64) shape {
	return func(x, y int64) bool {
		if y < y0 || y > y1 {
			return false
		}
		// Half-width at y is top + (bottom-top)·(y-y0)/(y1-y0); compare without dividing.
		dx := x - cx
		if dx < 0 {
			dx = -dx
		}
		return dx*(y1-y0) <= top*(y1-y0)+(bottom-top)*(y-y0)
	}
}

func union(shapes ...shape) shape {
	return func(x, y int64) bool {
		for _, s := range shapes {
			if s(x, y) {
				return true
			}
		}
		return false
	}
}

func minus(a, b shape) shape {
	return func(x, y int64) bool { return a(x, y) && !b(x, y) }
}

// rasterize returns the coverage of s on a size×size grid: each pixel's alpha
// is the share of its samples×samples sample points that fall inside s.
func rasterize(size int, s shape) *image.Alpha {
	img := image.NewAlpha(image.Rect(0, 0, size, size))
	const total = samples * samples
	for row := range size {
		for col := range size {
			n := 0
			for j := range int64(samples) {
				y := int64(row)*unit + 2*j + 1
				for i := range int64(samples) {
					if s(int64(col)*unit+2*i+1, y) {
						n++
					}
				}
			}
			img.Pix[row*img.Stride+col] = uint8((n*255 + total/2) / total)
		}
	}
	return img
}
