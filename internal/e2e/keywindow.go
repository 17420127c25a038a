package e2e

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// Arrival is one character or key that reached a KeyWindow, and when its event
// was read.
type Arrival struct {
	S  string // a printable ASCII character, "{tab}" or "{enter}"
	At time.Time
}

// KeyWindow is a test-only X window that takes the keyboard focus and
// writes down what its key presses type, through the keyboard map (which
// the typing side may change: MappingNotify), with the instant of each:
// the field a tray types into in the end-to-end tests and benchmarks.
type KeyWindow struct {
	conn *xgb.Conn
	win  xproto.Window
	mu   sync.Mutex
	keys []Arrival
}

// NewKeyWindow shows a window with title as its WM_NAME ("" none), for
// window rules to match, and gives it the focus.
func NewKeyWindow(t testing.TB, title string) *KeyWindow {
	t.Helper()
	conn, err := xgb.NewConn()
	if err != nil {
		t.Fatalf("open the X display: %v", err)
	}
	t.Cleanup(conn.Close)
	screen := xproto.Setup(conn).DefaultScreen(conn)
	win, err := xproto.NewWindowId(conn)
	if err != nil {
		t.Fatal(err)
	}
	err = xproto.CreateWindowChecked(conn, screen.RootDepth, win, screen.Root, 0, 0, 200, 100, 0,
		xproto.WindowClassInputOutput, screen.RootVisual, xproto.CwEventMask,
		[]uint32{xproto.EventMaskKeyPress | xproto.EventMaskStructureNotify}).Check()
	if err != nil {
		t.Fatalf("create window: %v", err)
	}
	if title != "" {
		err := xproto.ChangePropertyChecked(conn, xproto.PropModeReplace, win, xproto.AtomWmName, xproto.AtomString,
			8, uint32(len(title)), []byte(title)).Check()
		if err != nil {
			t.Fatalf("set the title: %v", err)
		}
	}
	if err := xproto.MapWindowChecked(conn, win).Check(); err != nil {
		t.Fatalf("map window: %v", err)
	}
	for { // the focus goes only to a window that is shown
		ev, err := conn.WaitForEvent()
		if err != nil {
			t.Fatalf("wait for the window: %v", err)
		}
		if _, ok := ev.(xproto.MapNotifyEvent); ok {
			break
		}
	}
	w := &KeyWindow{conn: conn, win: win}
	w.Focus(t)
	keysyms, per := Keymap(conn)
	go w.record(keysyms, per)
	return w
}

// Focus gives the window the keyboard focus.
func (w *KeyWindow) Focus(t testing.TB) {
	t.Helper()
	if err := xproto.SetInputFocusChecked(w.conn, xproto.InputFocusParent, w.win, xproto.TimeCurrentTime).Check(); err != nil {
		t.Fatalf("focus the window: %v", err)
	}
}

// Keys are the keys arrived so far.
func (w *KeyWindow) Keys() []Arrival {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.keys)
}

// Text is what arrived so far, Tab and Enter written {tab} and {enter}.
func (w *KeyWindow) Text() string { return KeysText(w.Keys()) }

// KeysText writes keys as Text does.
func KeysText(keys []Arrival) string {
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k.S)
	}
	return b.String()
}

// Wait returns what arrived once it is as long as want, or after timeout.
func (w *KeyWindow) Wait(want string, timeout time.Duration) string {
	deadline := time.Now().Add(timeout)
	for {
		got := w.Text()
		if len(got) >= len(want) || time.Now().After(deadline) {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Keymap is the keyboard map: per keysyms for each keycode from the
// lowest.
func Keymap(conn *xgb.Conn) ([]xproto.Keysym, int) {
	setup := xproto.Setup(conn)
	rep, err := xproto.GetKeyboardMapping(conn, setup.MinKeycode, byte(int(setup.MaxKeycode)-int(setup.MinKeycode)+1)).Reply()
	if err != nil {
		return nil, 1
	}
	return rep.Keysyms, int(rep.KeysymsPerKeycode)
}

func (w *KeyWindow) record(keysyms []xproto.Keysym, per int) {
	min := int(xproto.Setup(w.conn).MinKeycode)
	for {
		ev, err := w.conn.WaitForEvent()
		at := time.Now()
		if ev == nil && err == nil {
			return
		}
		if _, ok := ev.(xproto.MappingNotifyEvent); ok {
			keysyms, per = Keymap(w.conn)
			continue
		}
		e, ok := ev.(xproto.KeyPressEvent)
		if !ok {
			continue
		}
		i := (int(e.Detail) - min) * per
		if i < 0 || i >= len(keysyms) {
			continue
		}
		ks := keysyms[i]
		if e.State&xproto.ModMaskShift != 0 && per > 1 && keysyms[i+1] != 0 {
			ks = keysyms[i+1]
		}
		var s string
		switch {
		case ks > 0x20 && ks < 0x7f: // Latin-1 keysyms are the characters
			s = string(rune(ks))
		case ks == 0xff09:
			s = "{tab}"
		case ks == 0xff0d:
			s = "{enter}"
		default:
			continue // modifiers
		}
		w.mu.Lock()
		w.keys = append(w.keys, Arrival{s, at})
		w.mu.Unlock()
	}
}
