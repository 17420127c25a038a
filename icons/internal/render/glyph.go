package render

import "fmt"

// The icon is a teal badge carrying a white stopwatch whose dial is cut by a
// keyhole: a time-based key. The badge, not the glyph, meets the taskbar, so
// one icon reads on light and dark panels alike.

// layout holds the icon geometry in pixels of one icon size.
type layout struct {
	badgeR              float64 // the badge is the whole square, its corners rounded by this
	dialX, dialY, dialR float64 // the watch body
	crownX0, crownY0    float64 // the winding crown on top…
	crownX1, crownY1    float64
	crownR              float64 // …and its corner radius
	stemHalf, stemY0    float64 // the neck joining crown and dial
	stemY1              float64
	headY, headR        float64 // the round top of the keyhole…
	headCorner          float64 // …drawn as a rounded square with this corner radius when non-zero
	slotY0, slotY1      float64 // the keyhole's slot: its rows…
	slotTop, slotBottom float64 // …and half-widths at them
	buttonR             float64 // the side button's radius (zero: none)
	buttonA, buttonB    [2]float64
}

// hinted are drawn for their own pixel grid, one per size the tray shows at
// 100, 125, 150, 200, 250 and 300 % scaling: straight edges and the keyhole's
// extremes fall on pixel boundaries, so these sizes stay crisp.
var hinted = map[int]layout{
	16: {
		badgeR: 3,
		dialX:  8, dialY: 9, dialR: 5,
		crownX0: 6, crownY0: 2, crownX1: 10, crownY1: 3,
		stemHalf: 1, stemY0: 2, stemY1: 5,
		headY: 8, headR: 2, headCorner: 1,
		slotY0: 8, slotY1: 12, slotTop: 1, slotBottom: 1,
	},
	20: {
		badgeR: 4,
		dialX:  10, dialY: 11, dialR: 7,
		crownX0: 8, crownY0: 1, crownX1: 12, crownY1: 3, crownR: 0.5,
		stemHalf: 1, stemY0: 2, stemY1: 5,
		headY: 9, headR: 2, headCorner: 1,
		slotY0: 9, slotY1: 15, slotTop: 1, slotBottom: 1,
	},
	24: {
		badgeR: 5,
		dialX:  12, dialY: 14, dialR: 8,
		crownX0: 9, crownY0: 2, crownX1: 15, crownY1: 4, crownR: 0.5,
		stemHalf: 1, stemY0: 3, stemY1: 7,
		headY: 12, headR: 3,
		slotY0: 12, slotY1: 19, slotTop: 1, slotBottom: 1,
	},
	32: master,
	40: {
		badgeR: 8,
		dialX:  20, dialY: 23, dialR: 14,
		crownX0: 15, crownY0: 3, crownX1: 25, crownY1: 7, crownR: 1,
		stemHalf: 2, stemY0: 6, stemY1: 10,
		headY: 20, headR: 5,
		slotY0: 20, slotY1: 31, slotTop: 1.5, slotBottom: 3,
		buttonR: 1.875, buttonA: [2]float64{28.75, 15}, buttonB: [2]float64{31.875, 11.875},
	},
	48: {
		badgeR: 9,
		dialX:  24, dialY: 28, dialR: 17,
		crownX0: 18, crownY0: 3, crownX1: 30, crownY1: 7, crownR: 1.5,
		stemHalf: 3, stemY0: 6, stemY1: 12,
		headY: 25, headR: 6,
		slotY0: 25, slotY1: 37, slotTop: 2, slotBottom: 3,
		buttonR: 2.25, buttonA: [2]float64{34.5, 18}, buttonB: [2]float64{38.25, 14.25},
	},
}

// master is the 32 px design; 64, 128 and 256 px draw it at 2, 4 and 8
// times, so their edges fall on whole pixels too.
var master = layout{
	badgeR: 6,
	dialX:  16, dialY: 19, dialR: 11,
	crownX0: 12, crownY0: 2, crownX1: 20, crownY1: 5, crownR: 1,
	stemHalf: 2, stemY0: 4, stemY1: 9,
	headY: 17, headR: 4,
	slotY0: 17, slotY1: 25, slotTop: 1.5, slotBottom: 2,
	buttonR: 1.5, buttonA: [2]float64{23, 12}, buttonB: [2]float64{25.5, 9.5},
}

// layoutFor returns the geometry for an icon of size px and the factor its
// pixel values are multiplied by, or false for a size that has no design.
func layoutFor(size int) (layout, int64, bool) {
	if h, ok := hinted[size]; ok {
		return h, 1, true
	}
	if size > 32 && size%32 == 0 {
		return master, int64(size / 32), true
	}
	return layout{}, 0, false
}

// icon returns the badge and the glyph on it for an icon of size px. The
// glyph lies inside the badge.
func icon(size int) (badge, glyph shape, err error) {
	l, scale, ok := layoutFor(size)
	if !ok {
		return nil, nil, fmt.Errorf("no design for %d px", size)
	}
	at := func(v float64) int64 { return px(v) * scale }
	badge = roundRect(0, 0, px(float64(size)), px(float64(size)), at(l.badgeR))

	dialX, dialY := at(l.dialX), at(l.dialY)
	body := union(
		disk(dialX, dialY, at(l.dialR)),
		roundRect(at(l.crownX0), at(l.crownY0), at(l.crownX1), at(l.crownY1), at(l.crownR)),
		roundRect(dialX-at(l.stemHalf), at(l.stemY0), dialX+at(l.stemHalf), at(l.stemY1), 0),
	)
	if l.buttonR > 0 {
		body = union(body, capsule(at(l.buttonA[0]), at(l.buttonA[1]), at(l.buttonB[0]), at(l.buttonB[1]), at(l.buttonR)))
	}
	headY, headR := at(l.headY), at(l.headR)
	head := disk(dialX, headY, headR)
	if l.headCorner > 0 {
		head = roundRect(dialX-headR, headY-headR, dialX+headR, headY+headR, at(l.headCorner))
	}
	keyhole := union(head, trapezoid(dialX, at(l.slotY0), at(l.slotY1), at(l.slotTop), at(l.slotBottom)))
	return badge, minus(body, keyhole), nil
}
