//go:build !windows && !darwin

// The hotkeys are pressed with xdotool, on X11.

package desktop_test

import (
	"bufio"
	"io"
	"os/exec"
	"slices"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
	"github.com/jezek/xgb/xtest"

	"github.com/otptray/otptray/internal/e2e"
)

// probe runs internal/hotkeyprobe, which registers hotkeys
// and reports their presses line by line.
type probe struct {
	stdin io.WriteCloser
	lines chan string
}

func startProbe(t *testing.T, combos ...string) *probe {
	t.Helper()
	bin := e2e.BuildBinary(t, "github.com/otptray/otptray/internal/hotkeyprobe")
	cmd := exec.Command(bin, combos...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &probe{stdin: stdin, lines: make(chan string, 100)}
	go func() {
		defer close(p.lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
	}()
	t.Cleanup(func() {
		stdin.Close()
		for range p.lines {
		}
		cmd.Wait()
	})
	return p
}

// next returns the probe's next line.
func (p *probe) next(t *testing.T) string {
	t.Helper()
	select {
	case line, ok := <-p.lines:
		if !ok {
			t.Fatal("the hotkey probe exited")
		}
		return line
	case <-time.After(10 * time.Second):
		t.Fatal("no line from the hotkey probe within 10 s")
	}
	return ""
}

// expect reads the probe's next lines and compares them with want.
func (p *probe) expect(t *testing.T, want ...string) {
	t.Helper()
	for _, w := range want {
		if got := p.next(t); got != w {
			t.Fatalf("hotkey probe said %q, want %q", got, w)
		}
	}
}

// quiet checks that the probe says nothing more until it answers a
// request that comes after everything sent before it.
func (p *probe) quiet(t *testing.T) {
	t.Helper()
	io.WriteString(p.stdin, "unregister none\n")
	p.expect(t, "unregistered none")
}

func TestHotkeyPressCallsFn(t *testing.T) {
	e2e.Require(t)
	p := startProbe(t, "Win+Alt+O")
	p.expect(t, "registered Win+Alt+O", "ready")
	e2e.Key(t, "super+alt+o")
	p.expect(t, "pressed Win+Alt+O")
	// Pressed again later, it fires again: one call per press.
	time.Sleep(400 * time.Millisecond) // more than the gap that joins key events
	e2e.Key(t, "super+alt+o")
	p.expect(t, "pressed Win+Alt+O")
	p.quiet(t)
}

// TestHotkeyOnlyItsKeys: other keys, the hotkey's modifiers alone, or its
// key with other modifiers do not fire it, even with no window focused
// (then every key goes to the root window, where the hotkey is grabbed).
func TestHotkeyOnlyItsKeys(t *testing.T) {
	e2e.Require(t)
	p := startProbe(t, "Win+Alt+O")
	p.expect(t, "registered Win+Alt+O", "ready")
	for _, combo := range []string{"super", "alt", "super+alt", "o", "alt+o", "super+o", "ctrl+super+alt+o", "super+alt+p"} {
		e2e.Key(t, combo)
	}
	p.quiet(t)
	// Caps Lock and Num Lock do not get in the way.
	e2e.Key(t, "Num_Lock")
	e2e.Key(t, "super+alt+o")
	e2e.Key(t, "Num_Lock")
	p.expect(t, "pressed Win+Alt+O")
	time.Sleep(400 * time.Millisecond) // more than the gap that joins key events
	e2e.Key(t, "Caps_Lock")
	e2e.Key(t, "super+alt+o")
	e2e.Key(t, "Caps_Lock")
	p.expect(t, "pressed Win+Alt+O")
	p.quiet(t)
}

// TestHotkeyFocus: whichever window has the keyboard focus (none, that
// is the root window, or a window of some program), the combination fires
// and plain keys do not; a plain key goes to the focused window.
func TestHotkeyFocus(t *testing.T) {
	e2e.Require(t)
	p := startProbe(t, "Win+Alt+O")
	p.expect(t, "registered Win+Alt+O", "ready")
	conn, err := xgb.NewConn()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	screen := xproto.Setup(conn).DefaultScreen(conn)
	win, err := xproto.NewWindowId(conn)
	if err != nil {
		t.Fatal(err)
	}
	err = xproto.CreateWindowChecked(conn, screen.RootDepth, win, screen.Root, 0, 0, 200, 200, 0,
		xproto.WindowClassInputOutput, screen.RootVisual, xproto.CwEventMask, []uint32{xproto.EventMaskKeyPress}).Check()
	if err != nil {
		t.Fatal(err)
	}
	defer xproto.DestroyWindow(conn, win)
	if err := xproto.MapWindowChecked(conn, win).Check(); err != nil {
		t.Fatal(err)
	}
	for _, focus := range []struct {
		name   string
		window xproto.Window
	}{
		{"pointer root", xproto.InputFocusPointerRoot},
		{"root window", screen.Root},
		{"a window", win},
	} {
		t.Run(focus.name, func(t *testing.T) {
			if err := xproto.SetInputFocusChecked(conn, xproto.InputFocusPointerRoot, focus.window, xproto.TimeCurrentTime).Check(); err != nil {
				t.Fatal(err)
			}
			// Keysyms from X11/keysymdef.h.
			const superL, altL, o, a = 0xffeb, 0xffe9, 0x6f, 0x61
			for _, combo := range []string{"o", "a", "super", "alt", "shift+o", "super+o"} {
				e2e.Key(t, combo)
			}
			quickPress(t, o)
			quickPress(t, a)
			quickPress(t, superL, a)
			p.quiet(t)
			e2e.Key(t, "super+alt+o")
			p.expect(t, "pressed Win+Alt+O")
			time.Sleep(400 * time.Millisecond) // more than the gap that joins presses
			quickPress(t, superL, altL, o)
			p.expect(t, "pressed Win+Alt+O")
			time.Sleep(400 * time.Millisecond)
			p.quiet(t)
		})
	}
	// The window got the plain keys, not the combination's key.
	var presses []xproto.Keycode
	for {
		ev, err := conn.PollForEvent()
		if ev == nil && err == nil {
			break
		}
		if e, ok := ev.(xproto.KeyPressEvent); ok && e.Event == win {
			presses = append(presses, e.Detail)
		}
	}
	if len(presses) == 0 {
		t.Error("the focused window got no key press")
	}
}

// TestHotkeyHeld: a combination held down while the key repeats fires
// once.
func TestHotkeyHeld(t *testing.T) {
	e2e.Require(t)
	p := startProbe(t, "Win+Alt+O")
	p.expect(t, "registered Win+Alt+O", "ready")
	xdotool(t, "keydown", "super+alt+o")
	// Longer than the X server's delay before it repeats a key (660 ms by
	// default), and long enough for several repeats.
	time.Sleep(1500 * time.Millisecond)
	xdotool(t, "keyup", "super+alt+o")
	p.expect(t, "pressed Win+Alt+O")
	p.quiet(t)
	// And once more, to see it was one press, not the gap between presses.
	time.Sleep(400 * time.Millisecond)
	e2e.Key(t, "super+alt+o")
	p.expect(t, "pressed Win+Alt+O")
	p.quiet(t)
}

// xdotool runs xdotool with args.
func xdotool(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("xdotool", args...).CombinedOutput(); err != nil {
		t.Fatalf("xdotool %v: %v %s", args, err, out)
	}
}

// TestHotkeyQuickPress: a press that may be over before the probe can
// look at the keyboard (a program typing it, a busy machine) fires once;
// the same with another modifier, or with another key, does not.
func TestHotkeyQuickPress(t *testing.T) {
	e2e.Require(t)
	p := startProbe(t, "Win+Alt+O")
	p.expect(t, "registered Win+Alt+O", "ready")
	// Keysyms from X11/keysymdef.h.
	const controlL, superL, altL, o, p_ = 0xffe3, 0xffeb, 0xffe9, 0x6f, 0x70
	quickPress(t, controlL, superL, altL, o)
	quickPress(t, superL, altL, p_)
	p.quiet(t)
	quickPress(t, superL, altL, o)
	p.expect(t, "pressed Win+Alt+O")
	p.quiet(t)
}

// quickPress presses the keys that type keysyms in order, then releases
// them in the same order, in one batch of XTEST requests that does not
// wait for the server in between (xdotool waits after each key): the
// press may be over before the probe, told of its first key, can ask
// which keys are down.
func quickPress(t *testing.T, keysyms ...xproto.Keysym) {
	t.Helper()
	conn, err := xgb.NewConn()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := xtest.Init(conn); err != nil {
		t.Fatal(err)
	}
	setup := xproto.Setup(conn)
	km, err := xproto.GetKeyboardMapping(conn, setup.MinKeycode, byte(setup.MaxKeycode-setup.MinKeycode+1)).Reply()
	if err != nil {
		t.Fatal(err)
	}
	var codes []byte
	for _, ks := range keysyms {
		i := slices.Index(km.Keysyms, ks)
		if i < 0 {
			t.Fatalf("no key types keysym %#x", ks)
		}
		codes = append(codes, byte(setup.MinKeycode)+byte(i/int(km.KeysymsPerKeycode)))
	}
	root := setup.DefaultScreen(conn).Root
	for _, ev := range []byte{xproto.KeyPress, xproto.KeyRelease} {
		for _, code := range codes {
			xtest.FakeInput(conn, ev, code, 0, root, 0, 0, 0)
		}
	}
	// A request with a reply: the server has handled the ones before.
	if _, err := xproto.GetInputFocus(conn).Reply(); err != nil {
		t.Fatal(err)
	}
}

func TestHotkeyKeys(t *testing.T) {
	e2e.Require(t)
	tests := []struct{ combo, name, xdotool string }{
		{"ctrl+shift+F9", "Ctrl+Shift+F9", "ctrl+shift+F9"},
		{"Alt+Win+7", "Win+Alt+7", "super+alt+7"},
		{"Ctrl+Win+Space", "Win+Ctrl+Space", "ctrl+super+space"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := startProbe(t, tt.combo)
			p.expect(t, "registered "+tt.name, "ready")
			e2e.Key(t, tt.xdotool)
			p.expect(t, "pressed "+tt.name)
			p.quiet(t)
		})
	}
}

func TestHotkeyTaken(t *testing.T) {
	e2e.Require(t)
	first := startProbe(t, "Win+Alt+O")
	first.expect(t, "registered Win+Alt+O", "ready")
	second := startProbe(t, "win+alt+o")
	line := second.next(t)
	want := "error Win+Alt+O: could not register the hotkey Super+Alt+O (if another program uses it, choose another combination in Settings → Hotkey): another program has taken this combination"
	if line != want {
		t.Fatalf("second registration: %q\nwant %q", line, want)
	}
	second.expect(t, "ready")

	// Once the first lets go, the combination is free again.
	io.WriteString(first.stdin, "unregister Win+Alt+O\n")
	first.expect(t, "unregistered Win+Alt+O")
	third := startProbe(t, "Win+Alt+O")
	third.expect(t, "registered Win+Alt+O", "ready")
	e2e.Key(t, "super+alt+o")
	third.expect(t, "pressed Win+Alt+O")
	first.quiet(t)
}
