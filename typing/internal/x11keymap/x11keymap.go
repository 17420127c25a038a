// Package x11keymap is what typing needs to know of an X11 keyboard map:
// the keysym of a character, the keycode and Shift state that type it, and
// which modifier keys a set of pressed keys holds. It holds no connection,
// so its tests run on maps written out, without a display.
package x11keymap

import "unicode"

// Keysyms of the modifier keys and of the function keys typed
// (X11/keysymdef.h).
const (
	Tab         uint32 = 0xff09
	Return      uint32 = 0xff0d
	ShiftL      uint32 = 0xffe1
	shiftR      uint32 = 0xffe2
	controlL    uint32 = 0xffe3
	controlR    uint32 = 0xffe4
	metaL       uint32 = 0xffe7
	metaR       uint32 = 0xffe8
	altL        uint32 = 0xffe9
	altR        uint32 = 0xffea
	superL      uint32 = 0xffeb
	superR      uint32 = 0xffec
	hyperL      uint32 = 0xffed
	hyperR      uint32 = 0xffee
	level3Shift uint32 = 0xfe03 // AltGr
)

// Modifier bits, as typing.Modifiers counts them.
const (
	Shift uint8 = 1 << iota
	Ctrl
	Alt
	Super
)

// modifierOf says which modifier a keysym's key holds; AltGr counts as
// Alt, since it changes what a key types just as well.
var modifierOf = map[uint32]uint8{
	ShiftL: Shift, shiftR: Shift,
	controlL: Ctrl, controlR: Ctrl,
	metaL: Alt, metaR: Alt, altL: Alt, altR: Alt, level3Shift: Alt,
	superL: Super, superR: Super, hyperL: Super, hyperR: Super,
}

// Keysym returns the keysym of a character: Latin-1 characters are their
// code, every other Unicode character is 0x01000000 plus its code point.
func Keysym(r rune) uint32 {
	if r >= 0x20 && r <= 0x7e || r >= 0xa0 && r <= 0xff {
		return uint32(r)
	}
	return 0x01000000 | uint32(r)
}

// Map is a keyboard map as GetKeyboardMapping returns it.
type Map struct {
	Min     uint8    // the first keycode
	PerCode int      // keysyms per keycode
	Keysyms []uint32 // PerCode for each keycode from Min
}

// Find returns the keycode that types ks in the first group and whether
// Shift must be held for it. A key that has ks unshifted is preferred.
// capsLock says Caps Lock is on: it turns a letter key's case around, so
// Shift is then needed for the lower case.
func (m *Map) Find(ks uint32, capsLock bool) (code uint8, shift, ok bool) {
	if m.PerCode == 0 {
		return 0, false, false
	}
	for col := 0; col < 2 && col < m.PerCode; col++ {
		for i := col; i < len(m.Keysyms); i += m.PerCode {
			if m.Keysyms[i] != ks {
				continue
			}
			code = m.Min + uint8(i/m.PerCode)
			shift = col == 1
			if capsLock && m.isLetterKey(i-col) {
				shift = !shift
			}
			return code, shift, true
		}
	}
	return 0, false, false
}

// isLetterKey reports whether the key whose keysyms start at i has a
// letter with its two cases in its first two columns, the keys Caps Lock
// acts on.
func (m *Map) isLetterKey(i int) bool {
	if m.PerCode < 2 {
		return false
	}
	lower, upper := m.Keysyms[i], m.Keysyms[i+1]
	l, u := rune(lower), rune(upper)
	if lower >= 0x01000000 && upper >= 0x01000000 {
		l, u = rune(lower&0xffffff), rune(upper&0xffffff)
	} else if lower > 0xff || upper > 0xff {
		return false
	}
	return unicode.IsLetter(l) && l != u && unicode.ToUpper(l) == u
}

// Keysym returns the keysym of code in column col, 0 (NoSymbol) if none.
func (m *Map) Keysym(code uint8, col int) uint32 {
	i := (int(code)-int(m.Min))*m.PerCode + col
	if code < m.Min || col >= m.PerCode || i >= len(m.Keysyms) {
		return 0
	}
	return m.Keysyms[i]
}

// Held returns the modifier bits of the keys that are down in pressed, the
// bit vector of QueryKeymap (bit k%8 of byte k/8 for keycode k).
func (m *Map) Held(pressed []byte) uint8 {
	var held uint8
	for i, b := range pressed {
		for bit := 0; bit < 8; bit++ {
			if b&(1<<bit) == 0 {
				continue
			}
			code := uint8(i*8 + bit)
			for col := 0; col < m.PerCode; col++ {
				held |= modifierOf[m.Keysym(code, col)]
			}
		}
	}
	return held
}

// Spares returns the keycodes that have no keysym, from the highest down:
// no key of the keyboard types anything with them.
func (m *Map) Spares() []uint8 {
	var spares []uint8
	if m.PerCode == 0 {
		return nil
	}
	for i := len(m.Keysyms)/m.PerCode - 1; i >= 0; i-- {
		empty := true
		for _, ks := range m.Keysyms[i*m.PerCode : (i+1)*m.PerCode] {
			empty = empty && ks == 0
		}
		if empty {
			spares = append(spares, m.Min+uint8(i))
		}
	}
	return spares
}
