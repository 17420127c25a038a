package tray_test

import (
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/prefs"
)

// keyReceiver is a test-only X window that holds the keyboard focus and
// writes down the digits, Tab and Enter its key presses type, through the
// keyboard map (which the typing side may change: MappingNotify).
type keyReceiver struct {
	conn *xgb.Conn
	mu   sync.Mutex
	text strings.Builder
}

func newKeyReceiver(t *testing.T) *keyReceiver {
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
	if err := xproto.SetInputFocusChecked(conn, xproto.InputFocusParent, win, xproto.TimeCurrentTime).Check(); err != nil {
		t.Fatalf("focus the window: %v", err)
	}
	r := &keyReceiver{conn: conn}
	keysyms, per := r.keymap()
	go r.record(keysyms, per)
	return r
}

func (r *keyReceiver) keymap() ([]xproto.Keysym, int) {
	setup := xproto.Setup(r.conn)
	rep, err := xproto.GetKeyboardMapping(r.conn, setup.MinKeycode, byte(int(setup.MaxKeycode)-int(setup.MinKeycode)+1)).Reply()
	if err != nil {
		return nil, 1
	}
	return rep.Keysyms, int(rep.KeysymsPerKeycode)
}

func (r *keyReceiver) record(keysyms []xproto.Keysym, per int) {
	min := int(xproto.Setup(r.conn).MinKeycode)
	for {
		ev, err := r.conn.WaitForEvent()
		if ev == nil && err == nil {
			return
		}
		if _, ok := ev.(xproto.MappingNotifyEvent); ok {
			keysyms, per = r.keymap()
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
		case ks >= '0' && ks <= '9':
			s = string(rune(ks))
		case ks == 0xff09:
			s = "{tab}"
		case ks == 0xff0d:
			s = "{enter}"
		default:
			continue // modifiers, and nothing else is typed here
		}
		r.mu.Lock()
		r.text.WriteString(s)
		r.mu.Unlock()
	}
}

// wait returns what arrived once it is as long as want, or after a few
// seconds.
func (r *keyReceiver) wait(want string) string {
	deadline := time.Now().Add(10 * time.Second)
	for {
		r.mu.Lock()
		got := r.text.String()
		r.mu.Unlock()
		if len(got) >= len(want) || time.Now().After(deadline) {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestTypeHotkeyEndToEnd: the real tray, the type hotkey pressed while
// its modifiers are held and let go late, types the default token's code
// with its template into the focused window; a token's own type hotkey
// types that token's code.
func TestTypeHotkeyEndToEnd(t *testing.T) {
	e2e.Require(t)
	tok, other := newToken("Typed", 30), newToken("Other", 30)
	p := prefs.Prefs{TypeMinLeft: -1}
	store := newStore(t, p, &tok, &other)
	err := store.Update(prefs.Change(func(p *prefs.Prefs) {
		p.SetToken(tok.ID, prefs.TokenPrefs{Template: "{code}{tab}{enter}"})
		p.SetToken(other.ID, prefs.TokenPrefs{TypeHotkey: "Win+Alt+2"})
	}))
	if err != nil {
		t.Fatal(err)
	}
	watcher := e2e.WatchNotifications(t)
	startTray(t, store)
	r := newKeyReceiver(t)

	earlyInWindow(t, tok, 5*time.Second)
	from := time.Now()
	pressHeld(t, "t")
	want := codeAt(t, tok, from) + "{tab}{enter}"
	got := r.wait(want)
	if got != want && got != codeAt(t, tok, time.Now())+"{tab}{enter}" {
		t.Fatalf("the window received %q, want %q", got, want)
	}

	earlyInWindow(t, other, 5*time.Second)
	from = time.Now()
	pressHeld(t, "2")
	want2 := got + codeAt(t, other, from)
	if got := r.wait(want2); got != want2 && got != want+codeAt(t, other, time.Now()) {
		t.Errorf("after Other's own hotkey the window has %q, want %q (notifications %v)", got, want2, watcher.All())
	}
}

// pressHeld presses Super+Alt+key, lets go of key, and of the modifiers
// only 300 ms later, as a user slow to let go does.
func pressHeld(t *testing.T, key string) {
	t.Helper()
	for _, args := range [][]string{{"keydown", "super", "alt", key}, {"keyup", key}} {
		if out, err := exec.Command("xdotool", args...).CombinedOutput(); err != nil {
			t.Fatalf("xdotool %v: %v %s", args, err, out)
		}
	}
	time.Sleep(300 * time.Millisecond)
	if out, err := exec.Command("xdotool", "keyup", "alt", "super").CombinedOutput(); err != nil {
		t.Fatalf("xdotool keyup: %v %s", err, out)
	}
}

// TestTypeHotkeyQuickPress: a hotkey pressed and let go at once, as a
// quick user or `xdotool key` does, still types the whole code.
func TestTypeHotkeyQuickPress(t *testing.T) {
	e2e.Require(t)
	tok := newToken("Typed", 30)
	store := newStore(t, prefs.Prefs{TypeMinLeft: -1}, &tok)
	watcher := e2e.WatchNotifications(t)
	startTray(t, store)
	r := newKeyReceiver(t)
	earlyInWindow(t, tok, 5*time.Second)
	from := time.Now()
	if out, err := exec.Command("xdotool", "key", "super+alt+t").CombinedOutput(); err != nil {
		t.Fatalf("xdotool key: %v %s", err, out)
	}
	want := codeAt(t, tok, from)
	if got := r.wait(want); got != want && got != codeAt(t, tok, time.Now()) {
		t.Fatalf("the window received %q, want %q (notifications %v)", got, want, watcher.All())
	}
}
