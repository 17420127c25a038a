package x11key

import "github.com/jezek/xgb/xproto"

// Presses counts the presses of a grabbed combination from the key events
// of its key that the grab delivers, in the order the server sends them.
//
// While a key is held the server repeats it, and by default (XKB's
// "detectable auto-repeat" is off) each repeat is a KeyRelease at once
// followed by a KeyPress with the same time stamp; a key let go and
// pressed again shows a later time stamp on the new press.
type Presses struct {
	released   bool             // the last event of the key was a release
	releasedAt xproto.Timestamp // its time
}

// Press takes a KeyPress of the combination's key at time t; match is
// whether its modifiers are the combination's. It reports whether this is
// a new press of the hotkey, not a repeat of a key held down.
func (p *Presses) Press(match bool, t xproto.Timestamp) bool {
	repeat := p.released && t == p.releasedAt
	p.released = false
	return match && !repeat
}

// Release takes a KeyRelease of the combination's key at time t.
func (p *Presses) Release(t xproto.Timestamp) {
	p.released, p.releasedAt = true, t
}
