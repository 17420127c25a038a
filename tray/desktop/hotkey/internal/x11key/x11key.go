// Package x11key is what the hotkey needs to know of the X11 keyboard: the
// keysym of a key name, the keycode that types it, the modifier bits of Alt,
// Super and Num Lock in the server's modifier map, the grabs that make a
// combination work with Caps Lock and Num Lock on, and which key events of
// a grab are presses of it.
//
// It holds no connection of its own beyond reading the maps (Read), so its
// tests run on keyboard maps written out, without a display.
package x11key

import (
	"errors"
	"fmt"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/otptray/otptray/tray/desktop"
)

// X11 modifier masks (X11/X.h).
const (
	MaskShift   uint16 = 1 << 0
	MaskLock    uint16 = 1 << 1 // Caps Lock
	MaskControl uint16 = 1 << 2
	MaskMod1    uint16 = 1 << 3 // Alt in the usual keyboard maps
	MaskMod2    uint16 = 1 << 4 // Num Lock in the usual keyboard maps
	MaskMod4    uint16 = 1 << 6 // Super in the usual keyboard maps
)

// Keysyms of the modifier keys looked up in the modifier map
// (X11/keysymdef.h).
const (
	ksNumLock = 0xff7f
	ksAltL    = 0xffe9
	ksAltR    = 0xffea
	ksSuperL  = 0xffeb
	ksSuperR  = 0xffec
)

// Keysym returns the X keysym of a desktop.Hotkey key name (values from
// X11/keysymdef.h: Latin-1 letters and digits are their lower-case ASCII
// code, F1 is 0xffbe and the function keys follow in order).
func Keysym(key string) (xproto.Keysym, bool) {
	if len(key) == 1 {
		c := key[0]
		switch {
		case c >= 'A' && c <= 'Z':
			return xproto.Keysym(c - 'A' + 'a'), true
		case c >= '0' && c <= '9':
			return xproto.Keysym(c), true
		}
	}
	if n, ok := functionKey(key); ok {
		return xproto.Keysym(0xffbe + n - 1), true
	}
	ks, ok := map[string]xproto.Keysym{
		"Space": 0x0020, "Enter": 0xff0d, "Tab": 0xff09, "Esc": 0xff1b, "Delete": 0xffff,
		"Left": 0xff51, "Up": 0xff52, "Right": 0xff53, "Down": 0xff54,
	}[key]
	return ks, ok
}

// functionKey reads "F1".."F20".
func functionKey(key string) (int, bool) {
	var n int
	if _, err := fmt.Sscanf(key, "F%d", &n); err != nil || n < 1 || n > 20 || fmt.Sprintf("F%d", n) != key {
		return 0, false
	}
	return n, true
}

// Keyboard is the server's keyboard map and modifier map.
type Keyboard struct {
	Min      xproto.Keycode
	PerCode  int                 // keysyms per keycode
	Keysyms  []xproto.Keysym     // PerCode for each keycode from Min
	ModCodes [8][]xproto.Keycode // the keycodes of each modifier bit
}

// Read reads the keyboard and modifier maps.
func Read(conn *xgb.Conn) (*Keyboard, error) {
	setup := xproto.Setup(conn)
	count := int(setup.MaxKeycode) - int(setup.MinKeycode) + 1
	km, err := xproto.GetKeyboardMapping(conn, setup.MinKeycode, byte(count)).Reply()
	if err != nil {
		return nil, fmt.Errorf("read the keyboard map: %w", err)
	}
	mm, err := xproto.GetModifierMapping(conn).Reply()
	if err != nil {
		return nil, fmt.Errorf("read the modifier map: %w", err)
	}
	kb := &Keyboard{Min: setup.MinKeycode, PerCode: int(km.KeysymsPerKeycode), Keysyms: km.Keysyms}
	per := int(mm.KeycodesPerModifier)
	for mod := 0; mod < 8 && (mod+1)*per <= len(mm.Keycodes); mod++ {
		for _, c := range mm.Keycodes[mod*per : (mod+1)*per] {
			if c != 0 {
				kb.ModCodes[mod] = append(kb.ModCodes[mod], c)
			}
		}
	}
	return kb, nil
}

// Keycode returns the keycode Xlib's XKeysymToKeycode picks for ks, which
// is the one golang.design/x/hotkey grabs: the first whose unshifted
// symbol it is, else the first that has it in a later column.
func (k *Keyboard) Keycode(ks xproto.Keysym) (xproto.Keycode, bool) {
	if k.PerCode == 0 {
		return 0, false
	}
	for col := 0; col < k.PerCode; col++ {
		for i := col; i < len(k.Keysyms); i += k.PerCode {
			if k.Keysyms[i] == ks {
				return k.Min + xproto.Keycode(i/k.PerCode), true
			}
		}
	}
	return 0, false
}

// ModifierMask returns the mask of the modifier that one of the keysyms is
// mapped to, or fallback.
func (k *Keyboard) ModifierMask(fallback uint16, keysyms ...xproto.Keysym) uint16 {
	for _, ks := range keysyms {
		code, ok := k.Keycode(ks)
		if !ok {
			continue
		}
		for mod, codes := range k.ModCodes {
			for _, c := range codes {
				if c == code {
					return 1 << mod
				}
			}
		}
	}
	return fallback
}

// Combo is a hotkey in X terms.
type Combo struct {
	Code xproto.Keycode // the key's keycode
	Mods uint16         // the modifier bits that must be held, and no others
	// Ignored are the bits of Caps Lock and Num Lock, which do not change
	// whether the hotkey is pressed.
	Ignored uint16
}

// Combo translates h for this keyboard.
func (k *Keyboard) Combo(h desktop.Hotkey) (Combo, error) {
	ks, ok := Keysym(h.Key)
	if !ok {
		return Combo{}, fmt.Errorf("unknown key %q", h.Key)
	}
	code, ok := k.Keycode(ks)
	if !ok {
		return Combo{}, fmt.Errorf("no key of the keyboard types %s", h.Key)
	}
	c := Combo{Code: code}
	for _, m := range []struct {
		mod  desktop.Modifiers
		mask uint16
	}{
		{desktop.ModShift, MaskShift},
		{desktop.ModCtrl, MaskControl},
		{desktop.ModAlt, k.ModifierMask(MaskMod1, ksAltL, ksAltR)},
		{desktop.ModWin, k.ModifierMask(MaskMod4, ksSuperL, ksSuperR)},
	} {
		if h.Mods&m.mod != 0 {
			c.Mods |= m.mask
		}
	}
	if c.Mods == 0 {
		return Combo{}, errors.New("no modifier")
	}
	c.Ignored = (MaskLock | k.ModifierMask(MaskMod2, ksNumLock)) &^ c.Mods
	return c, nil
}

// Grabs are the modifier sets to grab the key with: a grab matches its
// modifiers exactly, so the combination is grabbed once with each
// combination of Caps Lock and Num Lock as well.
func (c Combo) Grabs() []uint16 {
	grabs := []uint16{c.Mods}
	for bit := uint16(1); bit != 0; bit <<= 1 {
		if c.Ignored&bit == 0 {
			continue
		}
		for _, g := range grabs {
			grabs = append(grabs, g|bit)
		}
	}
	return grabs
}

// keyModifiers are the bits of an event's state that are modifier keys
// (Shift, Lock, Control, Mod1–Mod5); the bits above are mouse buttons.
const keyModifiers = 0xff

// Matches reports whether a key event of keycode code with modifier state
// state is the combination: its key with exactly its modifiers, Caps Lock
// and Num Lock aside.
func (c Combo) Matches(code xproto.Keycode, state uint16) bool {
	return code == c.Code && state&keyModifiers&^c.Ignored == c.Mods
}
