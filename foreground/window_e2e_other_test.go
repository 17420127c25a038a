//go:build !windows && !darwin

package foreground

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/otptray/otptray/internal/e2e"
)

// testDisplay is the test's own connection, which makes the windows that
// take the focus in turn.
type testDisplay struct {
	t    testing.TB
	conn *xgb.Conn
	root xproto.Window
}

func openTestDisplay(t testing.TB) *testDisplay {
	t.Helper()
	conn, err := xgb.NewConn()
	if err != nil {
		t.Fatalf("open the X display: %v", err)
	}
	t.Cleanup(conn.Close)
	return &testDisplay{t: t, conn: conn, root: xproto.Setup(conn).DefaultScreen(conn).Root}
}

func (d *testDisplay) atom(name string) xproto.Atom {
	d.t.Helper()
	r, err := xproto.InternAtom(d.conn, false, uint16(len(name)), name).Reply()
	if err != nil {
		d.t.Fatalf("intern %s: %v", name, err)
	}
	return r.Atom
}

// window makes a window, a child of parent, and shows it.
func (d *testDisplay) window(parent xproto.Window) xproto.Window {
	d.t.Helper()
	screen := xproto.Setup(d.conn).DefaultScreen(d.conn)
	win, err := xproto.NewWindowId(d.conn)
	if err != nil {
		d.t.Fatal(err)
	}
	err = xproto.CreateWindowChecked(d.conn, screen.RootDepth, win, parent, 0, 0, 200, 100, 0,
		xproto.WindowClassInputOutput, screen.RootVisual, 0, nil).Check()
	if err != nil {
		d.t.Fatalf("create window: %v", err)
	}
	d.t.Cleanup(func() { xproto.DestroyWindow(d.conn, win) })
	if err := xproto.MapWindowChecked(d.conn, win).Check(); err != nil {
		d.t.Fatalf("map window: %v", err)
	}
	return win
}

// set8 sets a property of 8-bit units; set32 one of 32-bit units.
func (d *testDisplay) set8(win xproto.Window, prop, typ xproto.Atom, value string) {
	d.t.Helper()
	err := xproto.ChangePropertyChecked(d.conn, xproto.PropModeReplace, win, prop, typ, 8, uint32(len(value)), []byte(value)).Check()
	if err != nil {
		d.t.Fatalf("set property %d: %v", prop, err)
	}
}

func (d *testDisplay) set32(win xproto.Window, prop, typ xproto.Atom, values ...uint32) {
	d.t.Helper()
	buf := make([]byte, 4*len(values))
	for i, v := range values {
		xgb.Put32(buf[4*i:], v)
	}
	err := xproto.ChangePropertyChecked(d.conn, xproto.PropModeReplace, win, prop, typ, 32, uint32(len(values)), buf).Check()
	if err != nil {
		d.t.Fatalf("set property %d: %v", prop, err)
	}
}

// focus gives win the input focus, as a window manager or the user would,
// and waits until the server reports it.
func focus(t testing.TB, win xproto.Window) {
	t.Helper()
	id := strconv.FormatUint(uint64(win), 10)
	if out, err := exec.Command("xdotool", "windowfocus", "--sync", id).CombinedOutput(); err != nil {
		t.Fatalf("xdotool windowfocus --sync %s: %v: %s", id, err, out)
	}
}

func mustCurrent(t *testing.T) Window {
	t.Helper()
	w, err := Current()
	if err != nil {
		t.Fatalf("Current: %v", err)
	}
	return w
}

// TestCurrentE2E: two windows with different titles take the focus in
// turn; Current reports each one's title, program and ID, and Pick the
// token whose rule matches it. One window names the test's process in
// _NET_WM_PID (its program is the test binary), the other only WM_CLASS
// and a Latin-1 WM_NAME.
func TestCurrentE2E(t *testing.T) {
	e2e.Require(t)
	d := openTestDisplay(t)
	utf8String := d.atom("UTF8_STRING")

	bank := d.window(d.root)
	d.set8(bank, d.atom("_NET_WM_NAME"), utf8String, "Bank — JWEBOFFICE あ")
	d.set8(bank, xproto.AtomWmName, xproto.AtomString, "Bank - JWEBOFFICE")
	d.set8(bank, xproto.AtomWmClass, xproto.AtomString, "otptray-bank\x00Otptray\x00")
	d.set32(bank, d.atom("_NET_WM_PID"), xproto.AtomCardinal, uint32(os.Getpid()))
	if host, err := os.Hostname(); err == nil {
		d.set8(bank, xproto.AtomWmClientMachine, xproto.AtomString, host)
	}
	office := d.window(d.root)
	d.set8(office, xproto.AtomWmName, xproto.AtomString, "B\xfcro mail")
	d.set8(office, xproto.AtomWmClass, xproto.AtomString, "office-mail\x00Office\x00")

	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bankProgram := filepath.Base(exe)
	if runtime.GOOS != "linux" { // no /proc/<pid>/exe: WM_CLASS
		bankProgram = "otptray-bank"
	}
	tokens := []TokenRules{
		{ID: "mail", Rules: []string{"office-mail"}},
		{ID: "bank", Rules: []string{"jweboffice"}},
	}
	for round := range 2 { // each window in turn, twice
		for _, tt := range []struct {
			win            xproto.Window
			title, program string
			token          string
		}{
			{bank, "Bank — JWEBOFFICE あ", bankProgram, "bank"},
			{office, "Büro mail", "office-mail", "mail"},
		} {
			focus(t, tt.win)
			w := mustCurrent(t)
			want := Window{Title: tt.title, Program: tt.program, ID: uint64(tt.win)}
			if w != want {
				t.Errorf("round %d: Current = %+v, want %+v", round, w, want)
			}
			if id, ok := Pick(tokens, w); !ok || id != tt.token {
				t.Errorf("round %d: Pick for %q = %q, %v; want %q", round, w.Title, id, ok, tt.token)
			}
		}
	}
	if a, b := mustCurrent(t), (Window{ID: uint64(bank)}); Same(a, b) {
		t.Errorf("Same(%+v, %+v) with the focus on the other window", a, b)
	}

	// Under a window manager that frames its clients, the focus may be on
	// the frame: the window reported is the client in it, the one with
	// WM_STATE.
	t.Run("framed", func(t *testing.T) {
		frame := d.window(d.root)
		client := d.window(frame)
		wmState := d.atom("WM_STATE")
		d.set32(client, wmState, wmState, 1, 0)
		d.set8(client, d.atom("_NET_WM_NAME"), utf8String, "framed client")
		focus(t, frame)
		if w := mustCurrent(t); w.ID != uint64(client) || w.Title != "framed client" {
			t.Errorf("focus on the frame: Current = %+v, want the client %#x", w, client)
		}
		// The focus on a child of the client (a toolkit's focus proxy).
		inner := d.window(client)
		focus(t, inner)
		if w := mustCurrent(t); w.ID != uint64(client) {
			t.Errorf("focus inside the client: Current = %+v, want the client %#x", w, client)
		}
	})

	// A window manager that names the active window (EWMH) is believed
	// over the input focus, which may be on a window of its own.
	t.Run("_NET_ACTIVE_WINDOW", func(t *testing.T) {
		active := d.atom("_NET_ACTIVE_WINDOW")
		t.Cleanup(func() { xproto.DeleteProperty(d.conn, d.root, active) })
		focus(t, bank)
		d.set32(d.root, active, xproto.AtomWindow, uint32(office))
		if w := mustCurrent(t); w.ID != uint64(office) || w.Title != "Büro mail" {
			t.Errorf("Current = %+v, want the active window %#x", w, office)
		}
		d.set32(d.root, active, xproto.AtomWindow, 0) // none active: the focus decides
		if w := mustCurrent(t); w.ID != uint64(bank) {
			t.Errorf("with _NET_ACTIVE_WINDOW 0: Current = %+v, want the focused %#x", w, bank)
		}
	})

	t.Run("window gone", func(t *testing.T) {
		gone := d.window(d.root)
		focus(t, gone)
		if err := xproto.DestroyWindowChecked(d.conn, gone).Check(); err != nil {
			t.Fatal(err)
		}
		// The focus reverts to the parent, the root: no window in front.
		if w, err := Current(); err == nil || !strings.Contains(err.Error(), "foreground.none") {
			t.Errorf("focused window destroyed: Current = %+v, %v; want foreground.none", w, err)
		}
	})

	t.Run("no window", func(t *testing.T) {
		if err := xproto.SetInputFocusChecked(d.conn, xproto.InputFocusNone, xproto.InputFocusPointerRoot,
			xproto.TimeCurrentTime).Check(); err != nil {
			t.Fatal(err)
		}
		if w, err := Current(); err == nil || !strings.Contains(err.Error(), "foreground.none") {
			t.Errorf("focus on PointerRoot: Current = %+v, %v; want foreground.none", w, err)
		}
	})
}

// BenchmarkCurrent: one look at the window in front, as a typing wait
// makes each time it checks for a focus change.
func BenchmarkCurrent(b *testing.B) {
	e2e.Require(b)
	d := openTestDisplay(b)
	win := d.window(d.root)
	d.set8(win, d.atom("_NET_WM_NAME"), d.atom("UTF8_STRING"), "bench")
	d.set32(win, d.atom("_NET_WM_PID"), xproto.AtomCardinal, uint32(os.Getpid()))
	focus(b, win)
	for b.Loop() {
		if w, err := Current(); err != nil || w.ID != uint64(win) {
			b.Fatalf("Current = %+v, %v; want the window %#x", w, err, win)
		}
	}
}
