package x11key

import "time"

// Presses tells the presses of the hotkey from the other key-downs that
// golang.design/x/hotkey (v0.6.1) reports on X11.
//
// The library grabs the combination on the root window, and it also
// selects every key press on the root window; so while no window has the
// focus, each key pressed (a lone Super or Alt, another letter, the key
// with other modifiers) reaches it as a key-down of the hotkey. Key
// releases reach it only through its grab, which the server activates
// only for the combination itself (Caps Lock and Num Lock aside), and
// which ends when the hotkey's key is released.
//
// So a key-down counts when a snapshot of the keyboard, taken on its
// arrival, shows the combination held. A key-up proves that the grab was
// active; once the key is up the press is over, and if it was too quick
// for its key-down to see it held (a program typing it, or a busy
// machine), it counts then. The library delivers key-downs and key-ups on
// two channels, so their order is not known; and when the press was quick,
// the key-ups of its modifiers may also find the key released: key-ups
// that find it released within ReleaseGap of one another end one press.
type Presses struct {
	counted  bool      // the press going on has counted
	released time.Time // when a key-up last found the key released
}

// ReleaseGap is how close together key-ups that find the hotkey's key
// released belong to one press: far less than a person needs to press a
// combination twice, far more than a busy machine needs to deliver them.
const ReleaseGap = 300 * time.Millisecond

// Down takes a key-down: held is whether the combination is held now. It
// reports whether this is a press of the hotkey.
func (p *Presses) Down(held bool) bool {
	if !held || p.counted {
		return false
	}
	p.counted = true
	return true
}

// Up takes a key-up that came at now: keyDown is whether the hotkey's key
// is still down (it is when a modifier was let go first). It reports
// whether this ends a press of the hotkey that has not counted yet.
func (p *Presses) Up(keyDown bool, now time.Time) bool {
	if keyDown {
		return false
	}
	last := p.released
	p.released = now
	if p.counted {
		p.counted = false
		return false
	}
	return last.IsZero() || now.Sub(last) >= ReleaseGap
}
