//go:build !windows && !darwin

package hotkey

import (
	"errors"
	"fmt"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/otptray/otptray/tray/desktop"
)

// X11 modifier masks (X11/X.h).
const (
	maskShift   uint16 = 1 << 0
	maskLock    uint16 = 1 << 1 // Caps Lock
	maskControl uint16 = 1 << 2
	maskMod1    uint16 = 1 << 3 // Alt in the usual keyboard maps
	maskMod2    uint16 = 1 << 4 // Num Lock in the usual keyboard maps
	maskMod4    uint16 = 1 << 6 // Super in the usual keyboard maps
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

// keysym returns the X keysym of a desktop.Hotkey key name (values from
// X11/keysymdef.h: Latin-1 letters and digits are their lower-case ASCII
// code, F1 is 0xffbe and the function keys follow in order).
func keysym(key string) (xproto.Keysym, bool) {
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

// keyboard is what listen needs to know of the keyboard map.
type keyboard struct {
	min      xproto.Keycode
	perCode  int
	keysyms  []xproto.Keysym
	modCodes [8][]xproto.Keycode // the keycodes of each modifier
}

// keycode returns a keycode that types ks: the first whose unshifted
// symbol it is, else the first that has it at all.
func (k *keyboard) keycode(ks xproto.Keysym) (xproto.Keycode, bool) {
	if k.perCode == 0 {
		return 0, false
	}
	for col := 0; col < k.perCode; col++ {
		for i := col; i < len(k.keysyms); i += k.perCode {
			if k.keysyms[i] == ks {
				return k.min + xproto.Keycode(i/k.perCode), true
			}
		}
	}
	return 0, false
}

// modifierMask returns the mask of the modifier that one of the keysyms is
// mapped to, or fallback.
func (k *keyboard) modifierMask(fallback uint16, keysyms ...xproto.Keysym) uint16 {
	for _, ks := range keysyms {
		code, ok := k.keycode(ks)
		if !ok {
			continue
		}
		for mod, codes := range k.modCodes {
			for _, c := range codes {
				if c == code {
					return 1 << mod
				}
			}
		}
	}
	return fallback
}

// listen grabs h on the root window of the default screen and calls press,
// from one goroutine, for each key press of exactly that combination (Caps
// Lock and Num Lock aside); stop lets go and waits for that goroutine.
func listen(h desktop.Hotkey, press func()) (stop func(), err error) {
	ks, ok := keysym(h.Key)
	if !ok {
		return nil, fmt.Errorf("unknown key %q", h.Key)
	}
	conn, err := xgb.NewConn()
	if err != nil {
		return nil, fmt.Errorf("open the X display: %w", err)
	}
	kb, err := readKeyboard(conn)
	if err != nil {
		conn.Close()
		return nil, err
	}
	code, ok := kb.keycode(ks)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("no key of the keyboard types %s", h.Key)
	}
	alt := kb.modifierMask(maskMod1, ksAltL, ksAltR)
	super := kb.modifierMask(maskMod4, ksSuperL, ksSuperR)
	numLock := kb.modifierMask(maskMod2, ksNumLock)
	var mods uint16
	for m, mask := range map[desktop.Modifiers]uint16{
		desktop.ModShift: maskShift, desktop.ModCtrl: maskControl, desktop.ModAlt: alt, desktop.ModWin: super,
	} {
		if h.Mods&m != 0 {
			mods |= mask
		}
	}
	if mods == 0 {
		conn.Close()
		return nil, errors.New("no modifier")
	}
	// A grab matches the modifier state exactly, so grab once for each
	// state of Caps Lock and Num Lock; they are ignored when matching.
	relevant := maskShift | maskControl | alt | super
	root := xproto.Setup(conn).DefaultScreen(conn).Root
	seen := map[uint16]bool{}
	for _, lock := range []uint16{0, maskLock, numLock, maskLock | numLock} {
		state := mods | lock
		if seen[state] {
			continue
		}
		seen[state] = true
		err := xproto.GrabKeyChecked(conn, false, root, state, code, xproto.GrabModeAsync, xproto.GrabModeAsync).Check()
		if err != nil {
			conn.Close() // lets go of the grabs made so far
			var taken xproto.AccessError
			if errors.As(err, &taken) {
				return nil, errors.New("another program has taken this combination")
			}
			return nil, fmt.Errorf("grab the key: %v", err)
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			ev, xerr := conn.WaitForEvent()
			if ev == nil && xerr == nil {
				return // the connection is closed
			}
			// Only grabbed keys reach this connection (it selects no
			// events), but check: the same key with other modifiers
			// held is not the hotkey.
			if kp, ok := ev.(xproto.KeyPressEvent); ok && kp.Detail == code && kp.State&relevant == mods {
				press()
			}
		}
	}()
	return func() {
		conn.Close() // the server drops the grabs with the connection
		<-done
	}, nil
}

// readKeyboard reads the keyboard and modifier maps.
func readKeyboard(conn *xgb.Conn) (*keyboard, error) {
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
	kb := &keyboard{min: setup.MinKeycode, perCode: int(km.KeysymsPerKeycode), keysyms: km.Keysyms}
	per := int(mm.KeycodesPerModifier)
	for mod := 0; mod < 8 && (mod+1)*per <= len(mm.Keycodes); mod++ {
		for _, c := range mm.Keycodes[mod*per : (mod+1)*per] {
			if c != 0 {
				kb.modCodes[mod] = append(kb.modCodes[mod], c)
			}
		}
	}
	return kb, nil
}
