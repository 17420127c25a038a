//go:build !windows && !darwin

package foreground

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sync"
	"unicode/utf8"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/otptray/otptray/internal/msg"
)

// x11 is one connection to the X display, opened on first use and kept, so
// that asking again (while a typing wait watches for a focus change) costs
// a few round trips, not a new connection.
var x11 struct {
	sync.Mutex
	conn  *xgb.Conn
	root  xproto.Window
	atoms map[string]xproto.Atom
}

// atomNames are the atoms the lookups need, interned once per connection.
var atomNames = []string{"_NET_ACTIVE_WINDOW", "_NET_WM_NAME", "_NET_WM_PID", "UTF8_STRING", "WM_STATE"}

func current() (Window, error) {
	x11.Lock()
	defer x11.Unlock()
	if x11.conn == nil {
		if err := openX11(); err != nil {
			return Window{}, msg.New("foreground.open", err)
		}
	}
	w, err := activeWindow(x11.conn)
	if err != nil {
		var none errNoFocus
		if errors.As(err, &none) {
			return Window{}, msg.New("foreground.none", nil)
		}
		// The server may have gone away: open a new connection next time.
		x11.conn.Close()
		x11.conn = nil
		return Window{}, msg.New("foreground.read", err)
	}
	return w, nil
}

func openX11() error {
	conn, err := xgb.NewConn()
	if err != nil {
		return fmt.Errorf("open the X display: %w", err)
	}
	atoms := make(map[string]xproto.Atom, len(atomNames))
	for _, name := range atomNames {
		r, err := xproto.InternAtom(conn, false, uint16(len(name)), name).Reply()
		if err != nil {
			conn.Close()
			return fmt.Errorf("intern atom %s: %w", name, err)
		}
		atoms[name] = r.Atom
	}
	x11.conn, x11.atoms = conn, atoms
	x11.root = xproto.Setup(conn).DefaultScreen(conn).Root
	return nil
}

// errNoFocus: no window has the focus (it is None or PointerRoot, or the
// root window itself).
type errNoFocus struct{}

func (errNoFocus) Error() string { return "no window has the keyboard focus" }

// activeWindow finds the client window in front and reads its title and
// program.
func activeWindow(conn *xgb.Conn) (Window, error) {
	win, err := activeID(conn)
	if err != nil {
		return Window{}, err
	}
	title, err := windowTitle(conn, win)
	if err != nil {
		return Window{}, err
	}
	program, err := windowProgram(conn, win)
	if err != nil {
		return Window{}, err
	}
	return Window{Title: title, Program: program, ID: uint64(win)}, nil
}

// activeID is the window the window manager names as active (EWMH), else
// the client window of the top-level window that holds the input focus
// (no window manager, or one without EWMH).
func activeID(conn *xgb.Conn) (xproto.Window, error) {
	p, err := getProperty(conn, x11.root, x11.atoms["_NET_ACTIVE_WINDOW"], xproto.AtomWindow, 1)
	if err != nil {
		return 0, err
	}
	if p.Format == 32 && len(p.Value) >= 4 {
		if win := xproto.Window(xgb.Get32(p.Value)); win != 0 {
			return win, nil
		}
	}
	focus, err := xproto.GetInputFocus(conn).Reply()
	if err != nil {
		return 0, fmt.Errorf("get the input focus: %w", err)
	}
	win := focus.Focus
	if win == xproto.InputFocusNone || win == xproto.InputFocusPointerRoot || win == x11.root {
		return 0, errNoFocus{}
	}
	top, err := topLevel(conn, win)
	if err != nil {
		return 0, err
	}
	return clientOf(conn, top)
}

// topLevel walks up from win to the child of the root that holds it.
func topLevel(conn *xgb.Conn, win xproto.Window) (xproto.Window, error) {
	for {
		tree, err := xproto.QueryTree(conn, win).Reply()
		if err != nil {
			return 0, xError(err, "query the window tree of %#x", win)
		}
		if tree.Parent == tree.Root || tree.Parent == 0 {
			return win, nil
		}
		win = tree.Parent
	}
}

// clientOf is the window in top's tree that the program made, the first
// with WM_STATE (as xprop and xdotool find it under a window manager's
// frame), or top itself when there is none (no window manager).
func clientOf(conn *xgb.Conn, top xproto.Window) (xproto.Window, error) {
	queue := []xproto.Window{top}
	for seen := 0; len(queue) > 0 && seen < 256; seen++ {
		win := queue[0]
		queue = queue[1:]
		p, err := getProperty(conn, win, x11.atoms["WM_STATE"], xproto.GetPropertyTypeAny, 0)
		if err != nil {
			return 0, err
		}
		if p.Type != xproto.AtomNone {
			return win, nil
		}
		tree, err := xproto.QueryTree(conn, win).Reply()
		if err != nil {
			return 0, xError(err, "query the window tree of %#x", win)
		}
		queue = append(queue, tree.Children...)
	}
	return top, nil
}

// windowTitle is _NET_WM_NAME (UTF-8), else WM_NAME.
func windowTitle(conn *xgb.Conn, win xproto.Window) (string, error) {
	p, err := getProperty(conn, win, x11.atoms["_NET_WM_NAME"], x11.atoms["UTF8_STRING"], 4096)
	if err != nil {
		return "", err
	}
	if p.Format == 8 && len(p.Value) > 0 {
		return string(bytes.ToValidUTF8(p.Value, []byte("\uFFFD"))), nil
	}
	p, err = getProperty(conn, win, xproto.AtomWmName, xproto.GetPropertyTypeAny, 4096)
	if err != nil {
		return "", err
	}
	return textProperty(p), nil
}

// textProperty decodes WM_NAME: STRING is Latin-1; COMPOUND_TEXT and
// UTF8_STRING are kept when they are valid UTF-8 (plain ASCII, the common
// case), else read as Latin-1 too.
func textProperty(p *xproto.GetPropertyReply) string {
	if p.Format != 8 {
		return ""
	}
	if p.Type != xproto.AtomString && utf8.Valid(p.Value) {
		return string(p.Value)
	}
	r := make([]rune, len(p.Value))
	for i, b := range p.Value {
		r[i] = rune(b)
	}
	return string(r)
}

// windowProgram is the base name of the executable of the process in
// _NET_WM_PID where this system can read it and the window is of this
// machine, else WM_CLASS's instance name (ICCCM: the name the program was
// started by), else its class.
func windowProgram(conn *xgb.Conn, win xproto.Window) (string, error) {
	p, err := getProperty(conn, win, x11.atoms["_NET_WM_PID"], xproto.AtomCardinal, 1)
	if err != nil {
		return "", err
	}
	if p.Format == 32 && len(p.Value) >= 4 {
		local, err := sameMachine(conn, win)
		if err != nil {
			return "", err
		}
		if local {
			if name, ok := programOfPID(int(xgb.Get32(p.Value))); ok {
				return name, nil
			}
		}
	}
	p, err = getProperty(conn, win, xproto.AtomWmClass, xproto.AtomString, 1024)
	if err != nil {
		return "", err
	}
	parts := bytes.Split(bytes.TrimRight(p.Value, "\x00"), []byte{0})
	for _, part := range parts {
		if len(part) > 0 {
			return textProperty(&xproto.GetPropertyReply{Format: 8, Type: xproto.AtomString, Value: part}), nil
		}
	}
	return "", nil
}

// sameMachine reports whether win's WM_CLIENT_MACHINE is this host, or
// unset: a process ID means nothing on another machine.
func sameMachine(conn *xgb.Conn, win xproto.Window) (bool, error) {
	p, err := getProperty(conn, win, xproto.AtomWmClientMachine, xproto.GetPropertyTypeAny, 256)
	if err != nil {
		return false, err
	}
	if len(p.Value) == 0 {
		return true, nil
	}
	host, err := os.Hostname()
	return err == nil && string(p.Value) == host, nil
}

// getProperty reads up to words 32-bit units of a property; a property
// that is not set comes back with Type None and no value.
func getProperty(conn *xgb.Conn, win xproto.Window, prop, typ xproto.Atom, words uint32) (*xproto.GetPropertyReply, error) {
	p, err := xproto.GetProperty(conn, false, win, prop, typ, 0, words).Reply()
	if err != nil {
		return nil, xError(err, "read property %d of window %#x", prop, win)
	}
	return p, nil
}

// xError wraps a failed request; a window that no longer exists (it may
// close between finding it and reading it) counts as no focus.
func xError(err error, format string, args ...any) error {
	var gone xproto.WindowError
	if errors.As(err, &gone) {
		return errNoFocus{}
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
