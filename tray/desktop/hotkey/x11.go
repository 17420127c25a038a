//go:build !windows && !darwin

package hotkey

import (
	"fmt"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"golang.design/x/hotkey"

	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/desktop/hotkey/internal/x11key"
)

// combo is h for the library, and the filter of its events (see
// x11key.Presses): on X11 the library reports other keys as key-downs of
// the hotkey whenever no window has the focus.
type combo struct {
	mods []hotkey.Modifier
	key  hotkey.Key

	conn    *xgb.Conn // ours, to read the keyboard's state
	x       x11key.Combo
	presses x11key.Presses
}

func newCombo(h desktop.Hotkey) (*combo, error) {
	conn, err := xgb.NewConn()
	if err != nil {
		return nil, fmt.Errorf("open the X display: %w", err)
	}
	kb, err := x11key.Read(conn)
	if err != nil {
		conn.Close()
		return nil, err
	}
	x, err := kb.Combo(h)
	if err != nil {
		conn.Close()
		return nil, err
	}
	// The library takes X modifier masks and keysyms. Pass the masks Alt
	// and Super have in this keyboard's modifier map, and our keysyms: the
	// library's Key0–Key9 are one off on X11 (its Key1 is the keysym of 0).
	c := &combo{key: hotkey.Key(x.Keysym), conn: conn, x: x}
	for bit := uint16(1); bit != 0; bit <<= 1 {
		if x.Mods&bit != 0 {
			c.mods = append(c.mods, hotkey.Modifier(bit))
		}
	}
	return c, nil
}

// down takes a key-down from the library and reports whether it is a
// press of the hotkey.
func (c *combo) down() bool {
	keys, err := c.keymap()
	return c.presses.Down(err == nil && c.x.Held(keys))
}

// up takes a key-up from the library and reports whether it ends a press
// of the hotkey that has not counted yet.
func (c *combo) up() bool {
	keys, err := c.keymap()
	if err != nil {
		return false
	}
	return c.presses.Up(c.x.KeyDown(keys), time.Now())
}

// keymap reads which keys are down now.
func (c *combo) keymap() ([]byte, error) {
	r, err := xproto.QueryKeymap(c.conn).Reply()
	if err != nil {
		return nil, err
	}
	return r.Keys, nil
}

func (c *combo) close() { c.conn.Close() }
