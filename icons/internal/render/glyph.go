package render

// The glyph is a stopwatch whose dial carries a keyhole: a time-based key.
// It is one solid shape with cut-outs, so it reads in a single colour, on
// any taskbar, and works as a macOS template image too.

// layout holds the glyph geometry in pixels of one icon size.
type layout struct {
	dialX, dialY, dialR            float64 // the watch body
	crownX0, crownY0, crownX1      float64 // the winding crown on top…
	crownY1, crownR                float64 // …its bottom edge and corner radius
	stemHalf, stemY0, stemY1       float64 // the neck joining crown and dial
	headY, headR                   float64 // the round top of the keyhole…
	headCorner                     float64 // …drawn as a rounded square with this corner radius when non-zero
	slotY0, slotY1, slotTop, slotB float64 // the keyhole's slot: rows and half-widths
	grooveR0, grooveR1             float64 // a bezel groove (zero: none)
	buttonR                        float64 // the side button's radius (zero: none)
	buttonA, buttonB               [2]float64
}

// hinted are drawn for their own pixel grid so the small sizes stay crisp:
// straight edges fall on pixel boundaries and the keyhole keeps whole pixels.
var hinted = map[int]layout{
	16: {
		dialX: 8, dialY: 10, dialR: 6,
		crownX0: 6, crownY0: 0, crownX1: 10, crownY1: 2,
		stemHalf: 1, stemY0: 1, stemY1: 5,
		headY: 9, headR: 2, headCorner: 1,
		slotY0: 9, slotY1: 14, slotTop: 1, slotB: 1,
	},
	20: {
		dialX: 10, dialY: 12, dialR: 8,
		crownX0: 8, crownY0: 0, crownX1: 12, crownY1: 2,
		stemHalf: 1, stemY0: 1, stemY1: 5,
		headY: 10, headR: 2, headCorner: 1,
		slotY0: 10, slotY1: 16, slotTop: 1, slotB: 1,
	},
	24: {
		dialX: 12, dialY: 14, dialR: 10,
		crownX0: 9, crownY0: 0, crownX1: 15, crownY1: 3, crownR: 1,
		stemHalf: 1, stemY0: 2, stemY1: 5,
		headY: 13, headR: 3,
		slotY0: 13, slotY1: 20, slotTop: 1, slotB: 1,
	},
	32: master,
}

// master is the 32 px design; sizes above it scale it.
var master = layout{
	dialX: 16, dialY: 19, dialR: 13,
	crownX0: 12, crownY0: 0, crownX1: 20, crownY1: 3, crownR: 1,
	stemHalf: 2, stemY0: 2, stemY1: 7,
	headY: 17, headR: 4,
	slotY0: 17, slotY1: 27, slotTop: 2, slotB: 3,
	buttonR: 1.75, buttonA: [2]float64{24.5, 10.5}, buttonB: [2]float64{26.75, 8.25},
}

// layoutFor returns the glyph geometry for an icon of size px, and how to
// map it to layout units: px(v)·num/den + offset.
func layoutFor(size int) (l layout, num, den, offset int64) {
	if h, ok := hinted[size]; ok {
		return h, 1, 1, 0
	}
	// Large sizes scale the master into the middle 15/16 of the square, a
	// margin that small sizes cannot spare, and gain a bezel groove.
	l = master
	l.grooveR0, l.grooveR1 = 10.25, 11
	return l, int64(size) * 15, 32 * 16, px(float64(size)) / 32
}

// glyph returns the stopwatch-and-keyhole shape for an icon of size px.
func glyph(size int) shape {
	l, num, den, offset := layoutFor(size)
	length := func(v float64) int64 { return px(v) * num / den }
	at := func(v float64) int64 { return length(v) + offset }

	dialX, dialY, dialR := at(l.dialX), at(l.dialY), length(l.dialR)
	body := union(
		disk(dialX, dialY, dialR),
		roundRect(at(l.crownX0), at(l.crownY0), at(l.crownX1), at(l.crownY1), length(l.crownR)),
		roundRect(dialX-length(l.stemHalf), at(l.stemY0), dialX+length(l.stemHalf), at(l.stemY1), 0),
	)
	if l.buttonR > 0 {
		body = union(body, capsule(at(l.buttonA[0]), at(l.buttonA[1]), at(l.buttonB[0]), at(l.buttonB[1]), length(l.buttonR)))
	}
	headY, headR := at(l.headY), length(l.headR)
	head := disk(dialX, headY, headR)
	if l.headCorner > 0 {
		head = roundRect(dialX-headR, headY-headR, dialX+headR, headY+headR, length(l.headCorner))
	}
	keyhole := union(
		head,
		trapezoid(dialX, at(l.slotY0), at(l.slotY1), length(l.slotTop), length(l.slotB)),
	)
	cut := keyhole
	if l.grooveR1 > 0 {
		groove := minus(disk(dialX, dialY, length(l.grooveR1)), disk(dialX, dialY, length(l.grooveR0)))
		cut = union(cut, groove)
	}
	return minus(body, cut)
}
