//go:build !windows && !darwin

package typing

import (
	"fmt"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"

	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/typing/internal/x11keymap"
)

// x11Keyboard types through the XTEST extension: it presses the keys that
// type each character in the keyboard map the server has now, so a digit
// arrives as that digit whatever the layout (on AZERTY with Shift held).
// The focused window receives the events as from the real keyboard.
type x11Keyboard struct {
	conn *xgb.Conn
	root xproto.Window
	km   *x11keymap.Map // read again before each text, as the layout may change
}

func newKeyboard() (keyboard, error) {
	conn, err := xgb.NewConn()
	if err != nil {
		return nil, fmt.Errorf("open the X display: %w", err)
	}
	if err := xtest.Init(conn); err != nil {
		conn.Close()
		return nil, fmt.Errorf("the X server offers no XTEST extension: %w", err)
	}
	return &x11Keyboard{conn: conn, root: xproto.Setup(conn).DefaultScreen(conn).Root}, nil
}

// readMap reads the server's keyboard map.
func (k *x11Keyboard) readMap() error {
	setup := xproto.Setup(k.conn)
	count := int(setup.MaxKeycode) - int(setup.MinKeycode) + 1
	r, err := xproto.GetKeyboardMapping(k.conn, setup.MinKeycode, byte(count)).Reply()
	if err != nil {
		return fmt.Errorf("read the keyboard map: %w", err)
	}
	km := &x11keymap.Map{Min: uint8(setup.MinKeycode), PerCode: int(r.KeysymsPerKeycode)}
	for _, ks := range r.Keysyms {
		km.Keysyms = append(km.Keysyms, uint32(ks))
	}
	k.km = km
	return nil
}

func (k *x11Keyboard) held() (Modifiers, error) {
	if k.km == nil {
		if err := k.readMap(); err != nil {
			return 0, err
		}
	}
	r, err := xproto.QueryKeymap(k.conn).Reply()
	if err != nil {
		return 0, fmt.Errorf("read the pressed keys: %w", err)
	}
	// The bits of x11keymap are those of Modifiers.
	return Modifiers(k.km.Held(r.Keys)), nil
}

// anyDown reads the bit per key code that QueryKeymap returns: one bit
// set is a key down, whichever it is.
func (k *x11Keyboard) anyDown() (bool, error) {
	r, err := xproto.QueryKeymap(k.conn).Reply()
	if err != nil {
		return false, fmt.Errorf("read the pressed keys: %w", err)
	}
	for _, b := range r.Keys {
		if b != 0 {
			return true, nil
		}
	}
	return false, nil
}

func (k *x11Keyboard) typeText(s string) error {
	if err := k.readMap(); err != nil {
		return err
	}
	p, err := xproto.QueryPointer(k.conn, k.root).Reply()
	if err != nil {
		return fmt.Errorf("read the keyboard state: %w", err)
	}
	capsLock := p.Mask&xproto.ModMaskLock != 0
	shiftCode, _, hasShift := k.km.Find(x11keymap.ShiftL, false)
	// Every character is looked up before the first is typed, so a text
	// that cannot be typed is not typed in part.
	type stroke struct {
		code  uint8
		shift bool
	}
	var strokes []stroke
	for retry := true; ; retry = false {
		strokes = strokes[:0]
		var missing []uint32
		for _, r := range s {
			code, shift, ok := k.km.Find(x11keymap.Keysym(r), capsLock)
			if !ok || shift && !hasShift {
				missing = append(missing, x11keymap.Keysym(r))
				continue
			}
			strokes = append(strokes, stroke{code, shift})
		}
		if len(missing) == 0 {
			break
		}
		if !retry {
			return msg.New("typing.key.missing", nil, "Char", keysymText(missing[0]))
		}
		if err := k.remap(missing); err != nil {
			return err
		}
	}
	var cookies []xtest.FakeInputCookie
	for _, st := range strokes {
		if st.shift {
			cookies = append(cookies, k.fake(xproto.KeyPress, shiftCode))
		}
		cookies = append(cookies, k.fake(xproto.KeyPress, st.code), k.fake(xproto.KeyRelease, st.code))
		if st.shift {
			cookies = append(cookies, k.fake(xproto.KeyRelease, shiftCode))
		}
	}
	return check(cookies)
}

// remap puts the keysyms that no key of the layout types on spare
// keycodes, ones that no key of the keyboard sends, as xdotool does, and
// reads the map again.
//
// The keycodes keep these keysyms until the layout is set again: a client
// reads the new map only when it handles the MappingNotify, which may be
// after the key events, and a map restored by then would make it read the
// key as nothing. A spare keycode that types a character does no harm.
func (k *x11Keyboard) remap(keysyms []uint32) error {
	spares := k.km.Spares()
	done := map[uint32]bool{}
	for _, ks := range keysyms {
		if done[ks] {
			continue
		}
		if len(spares) == 0 {
			return msg.New("typing.key.missing", nil, "Char", keysymText(ks))
		}
		code := spares[0]
		spares = spares[1:]
		syms := make([]xproto.Keysym, k.km.PerCode)
		for i := range syms {
			syms[i] = xproto.Keysym(ks)
		}
		err := xproto.ChangeKeyboardMappingChecked(k.conn, 1, xproto.Keycode(code), byte(k.km.PerCode), syms).Check()
		if err != nil {
			return fmt.Errorf("put %s on a spare key: %w", keysymText(ks), err)
		}
		done[ks] = true
	}
	return k.readMap()
}

// keysymText is the character of a keysym of x11keymap.Keysym.
func keysymText(ks uint32) string {
	if ks >= 0x01000000 {
		return string(rune(ks & 0xffffff))
	}
	return string(rune(ks))
}

func (k *x11Keyboard) press(key Key) error {
	ks := map[Key]uint32{KeyTab: x11keymap.Tab, KeyEnter: x11keymap.Return}[key]
	if k.km == nil {
		if err := k.readMap(); err != nil {
			return err
		}
	}
	code, _, ok := k.km.Find(ks, false)
	if !ok {
		return msg.New("typing.key.missing", nil, "Char", map[Key]string{KeyTab: "Tab", KeyEnter: "Enter"}[key])
	}
	return check([]xtest.FakeInputCookie{k.fake(xproto.KeyPress, code), k.fake(xproto.KeyRelease, code)})
}

// fake sends one key event now.
func (k *x11Keyboard) fake(event byte, code uint8) xtest.FakeInputCookie {
	return xtest.FakeInputChecked(k.conn, event, code, 0, k.root, 0, 0, 0)
}

// check waits until the server has taken every event.
func check(cookies []xtest.FakeInputCookie) error {
	for _, c := range cookies {
		if err := c.Check(); err != nil {
			return fmt.Errorf("send a key event: %w", err)
		}
	}
	return nil
}

func (k *x11Keyboard) close() error {
	k.conn.Close()
	return nil
}
