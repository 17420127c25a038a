//go:build !windows && !darwin

package hotkey

import (
	"errors"
	"fmt"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/otptray/otptray/tray/desktop"
	"github.com/otptray/otptray/tray/desktop/hotkey/internal/x11key"
)

// listen grabs h on the root window over an X connection of its own and
// calls press, from one goroutine, for each press; stop ungrabs it and waits
// for that goroutine.
//
// The connection selects no events of its own: it gets only what the grab
// sends, the combination's key press and the key events until that key is
// let go. (golang.design/x/hotkey, used on Windows and macOS, also selects
// every key press on the root window, and so reports any key as the hotkey
// while no window has the focus: golang-design/hotkey#48.)
func listen(h desktop.Hotkey, press func()) (stop func(), err error) {
	conn, err := xgb.NewConn()
	if err != nil {
		return nil, fmt.Errorf("open the X display: %w", err)
	}
	c, err := grab(conn, h)
	if err != nil {
		conn.Close()
		return nil, err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		var presses x11key.Presses
		for {
			ev, xerr := conn.WaitForEvent()
			switch e := ev.(type) {
			case nil:
				if xerr == nil { // the connection is closed
					return
				}
			case xproto.KeyPressEvent:
				if e.Detail == c.Code && presses.Press(c.Matches(e.Detail, e.State), e.Time) {
					press()
				}
			case xproto.KeyReleaseEvent:
				if e.Detail == c.Code {
					presses.Release(e.Time)
				}
			}
		}
	}()
	return func() {
		ungrab(conn, c)
		conn.Close()
		<-done
	}, nil
}

// grab reads the keyboard and grabs h on the root window, with each
// combination of Caps Lock and Num Lock. When another client holds one of
// those grabs, it lets go of the others and returns errTaken.
func grab(conn *xgb.Conn, h desktop.Hotkey) (x11key.Combo, error) {
	kb, err := x11key.Read(conn)
	if err != nil {
		return x11key.Combo{}, err
	}
	c, err := kb.Combo(h)
	if err != nil {
		return x11key.Combo{}, err
	}
	root := xproto.Setup(conn).DefaultScreen(conn).Root
	var cookies []xproto.GrabKeyCookie
	for _, mods := range c.Grabs() {
		cookies = append(cookies, xproto.GrabKeyChecked(conn, false, root, mods, c.Code, xproto.GrabModeAsync, xproto.GrabModeAsync))
	}
	var first error
	for _, cookie := range cookies {
		if err := cookie.Check(); err != nil && first == nil {
			first = err
		}
	}
	if first == nil {
		return c, nil
	}
	ungrab(conn, c)
	if errors.As(first, new(xproto.AccessError)) {
		return x11key.Combo{}, errTaken
	}
	return x11key.Combo{}, fmt.Errorf("grab the key: %w", first)
}

// ungrab releases the grabs of c and waits until the server has done so, so
// that another program can take the combination as soon as stop returns.
func ungrab(conn *xgb.Conn, c x11key.Combo) {
	root := xproto.Setup(conn).DefaultScreen(conn).Root
	var cookies []xproto.UngrabKeyCookie
	for _, mods := range c.Grabs() {
		cookies = append(cookies, xproto.UngrabKeyChecked(conn, c.Code, root, mods))
	}
	for _, cookie := range cookies {
		cookie.Check()
	}
}
