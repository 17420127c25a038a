//go:build !windows && !darwin

package typing

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/otptray/otptray/internal/e2e"
	"github.com/otptray/otptray/internal/msg"
	"github.com/otptray/otptray/typing/internal/x11keymap"
	"github.com/otptray/otptray/typing/template"
)

// receiver is a test-only X window that holds the keyboard focus and
// writes down, through the keyboard map, what each key press typed.
type receiver struct {
	conn *xgb.Conn
	win  xproto.Window
	km   *x11keymap.Map

	mu       sync.Mutex
	text     strings.Builder
	modified []string      // key presses that arrived with Ctrl, Alt or Super held
	keys     chan struct{} // one for each key that typed something, if the buffer has room
	done     chan struct{}
}

func newReceiver(t testing.TB) *receiver {
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
	r := &receiver{conn: conn, win: win, km: readMap(t, conn), keys: make(chan struct{}, 64), done: make(chan struct{})}
	go r.record()
	return r
}

func readMap(t testing.TB, conn *xgb.Conn) *x11keymap.Map {
	t.Helper()
	km, err := fetchMap(conn)
	if err != nil {
		t.Fatal(err)
	}
	return km
}

func fetchMap(conn *xgb.Conn) (*x11keymap.Map, error) {
	setup := xproto.Setup(conn)
	rep, err := xproto.GetKeyboardMapping(conn, setup.MinKeycode, byte(int(setup.MaxKeycode)-int(setup.MinKeycode)+1)).Reply()
	if err != nil {
		return nil, fmt.Errorf("read the keyboard map: %w", err)
	}
	km := &x11keymap.Map{Min: uint8(setup.MinKeycode), PerCode: int(rep.KeysymsPerKeycode)}
	for _, ks := range rep.Keysyms {
		km.Keysyms = append(km.Keysyms, uint32(ks))
	}
	return km, nil
}

// record translates key presses as a client of the core protocol does:
// column 1 of the key with Shift held, else column 0; modifier keys type
// nothing.
func (r *receiver) record() {
	defer close(r.done)
	for {
		ev, err := r.conn.WaitForEvent()
		if ev == nil && err == nil {
			return
		}
		if _, ok := ev.(xproto.MappingNotifyEvent); ok {
			km, err := fetchMap(r.conn)
			if err != nil {
				panic(err)
			}
			r.mu.Lock()
			r.km = km
			r.mu.Unlock()
			continue
		}
		e, ok := ev.(xproto.KeyPressEvent)
		if !ok {
			continue
		}
		r.mu.Lock()
		km := r.km
		r.mu.Unlock()
		col := 0
		if e.State&xproto.ModMaskShift != 0 {
			col = 1
		}
		ks := km.Keysym(uint8(e.Detail), col)
		if ks == 0 {
			ks = km.Keysym(uint8(e.Detail), 0)
		}
		if isModifier(km, uint8(e.Detail)) {
			continue
		}
		var s string
		switch {
		case ks == x11keymap.Tab:
			s = "{tab}"
		case ks == x11keymap.Return:
			s = "{enter}"
		case ks < 0x100:
			s = string(rune(ks))
		case ks >= 0x01000000:
			s = string(rune(ks & 0xffffff))
		default:
			s = "{?}"
		}
		r.mu.Lock()
		r.text.WriteString(s)
		if e.State&(xproto.ModMaskControl|xproto.ModMask1|xproto.ModMask4) != 0 {
			r.modified = append(r.modified, s)
		}
		r.mu.Unlock()
		select {
		case r.keys <- struct{}{}:
		default:
		}
	}
}

// isModifier reports whether code is a modifier key.
func isModifier(km *x11keymap.Map, code uint8) bool {
	pressed := make([]byte, 32)
	pressed[code/8] |= 1 << (code % 8)
	return km.Held(pressed) != 0
}

// wait returns what arrived once want has, or after a few seconds.
func (r *receiver) wait(t *testing.T, want string) (string, []string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		r.mu.Lock()
		got, modified := r.text.String(), append([]string(nil), r.modified...)
		r.mu.Unlock()
		if len(got) >= len(want) || time.Now().After(deadline) {
			return got, modified
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// ownConn is a connection of the test's own.
func ownConn(t *testing.T) *xgb.Conn {
	t.Helper()
	conn, err := xgb.NewConn()
	if err != nil {
		t.Fatalf("open the X display: %v", err)
	}
	t.Cleanup(conn.Close)
	return conn
}

func xdotool(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("xdotool", args...).CombinedOutput(); err != nil {
		t.Fatalf("xdotool %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

func setLayout(t *testing.T, layout string) {
	t.Helper()
	if out, err := exec.Command("setxkbmap", layout).CombinedOutput(); err != nil {
		t.Fatalf("setxkbmap %s: %v: %s", layout, err, out)
	}
}

// TestTypeE2E types a code, Tab and Enter into a window while Super and
// Alt are still held from the hotkey, and lets go of them 300 ms later:
// the window gets the code, unmodified, on a US and on a French keyboard.
func TestTypeE2E(t *testing.T) {
	e2e.Require(t)
	for _, layout := range []string{"us", "fr"} {
		t.Run(layout, func(t *testing.T) {
			setLayout(t, layout)
			t.Cleanup(func() { setLayout(t, "us") })
			if _, shift, _ := readMap(t, ownConn(t)).Find('1', false); shift != (layout == "fr") {
				t.Fatalf("layout %s: Shift for 1 is %v: setxkbmap did not take", layout, shift)
			}
			r := newReceiver(t)
			kb, err := New()
			if err != nil {
				t.Fatal(err)
			}
			defer kb.Close()

			xdotool(t, "keydown", "super", "alt")
			released := make(chan struct{})
			go func() {
				defer close(released)
				time.Sleep(300 * time.Millisecond)
				exec.Command("xdotool", "keyup", "super", "alt").Run()
			}()
			const code = "709152"
			err = kb.Type(code)
			if err == nil {
				err = kb.Press(KeyTab)
			}
			if err == nil { // letters, and characters on no key of the layout
				err = kb.Type("A1b€жあ")
			}
			if err == nil {
				err = kb.Press(KeyEnter)
			}
			<-released
			if err != nil {
				t.Fatal(err)
			}
			want := code + "{tab}A1b€жあ{enter}"
			got, modified := r.wait(t, want)
			if got != want {
				t.Errorf("the window received %q, want %q", got, want)
			}
			if len(modified) > 0 {
				t.Errorf("typed with Ctrl, Alt or Super held: %q", modified)
			}
		})
	}
}

// BenchmarkTypeCode: from Type with no key held to the last digit of a
// 6-digit code arriving in the focused window (the part of hotkey-to-typed
// after the user lets go of the keys).
func BenchmarkTypeCode(b *testing.B) {
	e2e.Require(b)
	r := newReceiver(b)
	kb, err := New()
	if err != nil {
		b.Fatal(err)
	}
	defer kb.Close()
	for b.Loop() {
		if err := kb.Type("709152"); err != nil {
			b.Fatal(err)
		}
		for range 6 {
			select {
			case <-r.keys:
			case <-time.After(5 * time.Second):
				b.Fatal("the window did not receive the code")
			}
		}
	}
}

// TestRunE2E runs a plan with a wait into a window: left alone, the text
// after the wait arrives; with a key held down during the wait (xdotool
// keydown), Run stops with typing.run.key and types nothing more.
func TestRunE2E(t *testing.T) {
	e2e.Require(t)
	r := newReceiver(t)
	kb, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer kb.Close()
	plan := func(wait time.Duration) []template.Action {
		return []template.Action{
			{Kind: template.TypeText, Text: "12"},
			{Kind: template.PressTab},
			{Kind: template.WaitUntil, Until: time.Now().Add(wait)},
			{Kind: template.TypeText, Text: "34"},
		}
	}

	done, err := kb.Run(context.Background(), plan(500*time.Millisecond), RunOptions{})
	if err != nil || done != 4 {
		t.Fatalf("Run left alone = %d, %v; want 4, nil", done, err)
	}
	if got, _ := r.wait(t, "12{tab}34"); got != "12{tab}34" {
		t.Fatalf("the window received %q, want %q", got, "12{tab}34")
	}

	released := make(chan struct{})
	go func() {
		defer close(released)
		time.Sleep(300 * time.Millisecond)
		exec.Command("xdotool", "keydown", "x").Run()
		time.Sleep(200 * time.Millisecond)
		exec.Command("xdotool", "keyup", "x").Run()
	}()
	done, err = kb.Run(context.Background(), plan(3*time.Second), RunOptions{})
	<-released
	var m *msg.Error
	if !errors.Is(err, ErrCancelled) || !errors.As(err, &m) || m.ID != "typing.run.key" || done != 2 {
		t.Fatalf("Run with a key held = %d, %v; want 2, typing.run.key", done, err)
	}
	want := "12{tab}3412{tab}x" // the held key reaches the window too
	if got, _ := r.wait(t, want); got != want {
		t.Errorf("the window received %q, want %q and nothing after the cancel", got, want)
	}
}

// TestRunE2EFocusChange moves the focus to another window during a wait:
// Run stops with typing.run.focus and neither window gets the rest.
func TestRunE2EFocusChange(t *testing.T) {
	e2e.Require(t)
	first := newReceiver(t)
	kb, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer kb.Close()
	plan := []template.Action{
		{Kind: template.TypeText, Text: "12"},
		{Kind: template.WaitUntil, Until: time.Now().Add(3 * time.Second)},
		{Kind: template.TypeText, Text: "34"},
	}
	type result struct {
		done int
		err  error
	}
	res := make(chan result, 1)
	go func() {
		done, err := kb.Run(context.Background(), plan, RunOptions{})
		res <- result{done, err}
	}()
	if got, _ := first.wait(t, "12"); got != "12" {
		t.Fatalf("the first window received %q, want 12", got)
	}
	second := newReceiver(t) // takes the focus
	got := <-res
	var m *msg.Error
	if !errors.Is(got.err, ErrCancelled) || !errors.As(got.err, &m) || m.ID != "typing.run.focus" || got.done != 1 {
		t.Fatalf("Run with a focus change = %d, %v; want 1, typing.run.focus", got.done, got.err)
	}
	time.Sleep(200 * time.Millisecond)
	first.mu.Lock()
	a := first.text.String()
	first.mu.Unlock()
	second.mu.Lock()
	b := second.text.String()
	second.mu.Unlock()
	if a != "12" || b != "" {
		t.Errorf("the windows received %q and %q, want \"12\" and nothing", a, b)
	}
}
