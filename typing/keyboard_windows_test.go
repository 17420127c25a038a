package typing

import (
	"runtime"
	"sync"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/otptray/otptray/internal/e2e"
)

// The test window is made with user32 directly: a real top-level EDIT
// control, the kind of field a code is typed into.
var (
	procCreateWindowEx      = user32.NewProc("CreateWindowExW")
	procSetForegroundWindow = user32.NewProc("SetForegroundWindow")
	procSetFocus            = user32.NewProc("SetFocus")
	procGetFocus            = user32.NewProc("GetFocus")
	procPeekMessage         = user32.NewProc("PeekMessageW")
	procTranslateMessage    = user32.NewProc("TranslateMessage")
	procDispatchMessage     = user32.NewProc("DispatchMessageW")
	procGetWindowText       = user32.NewProc("GetWindowTextW")
	procSetWindowText       = user32.NewProc("SetWindowTextW")
)

const (
	wsOverlappedWindow = 0x00CF0000
	wsVisible          = 0x10000000
	esMultiline        = 0x0004
	esWantReturn       = 0x1000
	pmRemove           = 0x0001
)

type point struct{ x, y int32 }

// winMsg is MSG.
type winMsg struct {
	hwnd    uintptr
	message uint32
	wParam  uintptr
	lParam  uintptr
	time    uint32
	pt      point
	private uint32
}

// editWindow is one multi-line EDIT control, a top-level window, for all
// tests of the process: under Wine on Xvfb, which runs no window manager,
// DestroyWindow takes 2 s. Multi-line with ES_WANTRETURN, so that
// Tab and Enter show in its text as "\t" and "\r\n". A window belongs to
// the thread that made it, which alone receives its messages: that thread
// pumps them and runs the tests' requests (do) in between.
type editWindow struct {
	w  uintptr
	do chan func()
}

var (
	editOnce sync.Once
	edit     *editWindow
	editErr  error
)

// focusedEdit returns the test window, empty, in front and with the
// keyboard focus.
func focusedEdit(t testing.TB) *editWindow {
	t.Helper()
	editOnce.Do(func() {
		made := make(chan error)
		e := &editWindow{do: make(chan func())}
		go e.run(made)
		if editErr = <-made; editErr == nil {
			edit = e
		}
	})
	if editErr != nil {
		t.Fatal(editErr)
	}
	edit.call(func() {
		empty, _ := windows.UTF16PtrFromString("")
		procSetWindowText.Call(edit.w, uintptr(unsafe.Pointer(empty)))
		procSetForegroundWindow.Call(edit.w)
		procSetFocus.Call(edit.w)
	})
	if !edit.waitFor(func() bool {
		f, _, _ := procGetFocus.Call()
		return f == edit.w && uintptr(windows.GetForegroundWindow()) == edit.w
	}) {
		t.Fatal("the test window did not come in front with the focus")
	}
	return edit
}

func (e *editWindow) run(made chan<- error) {
	runtime.LockOSThread() // for good: the window lives until the process ends
	class, _ := windows.UTF16PtrFromString("EDIT")
	title, _ := windows.UTF16PtrFromString("")
	w, _, err := procCreateWindowEx.Call(0, uintptr(unsafe.Pointer(class)), uintptr(unsafe.Pointer(title)),
		wsOverlappedWindow|wsVisible|esMultiline|esWantReturn, 50, 50, 400, 200, 0, 0, 0, 0)
	if w == 0 {
		made <- err
		return
	}
	e.w = w
	made <- nil
	var m winMsg
	tick := time.NewTicker(5 * time.Millisecond)
	for {
		for {
			if r, _, _ := procPeekMessage.Call(uintptr(unsafe.Pointer(&m)), 0, 0, 0, pmRemove); r == 0 {
				break
			}
			procTranslateMessage.Call(uintptr(unsafe.Pointer(&m)))
			procDispatchMessage.Call(uintptr(unsafe.Pointer(&m)))
		}
		select {
		case f := <-e.do:
			f()
		case <-tick.C:
		}
	}
}

// call runs f on the window's thread.
func (e *editWindow) call(f func()) {
	done := make(chan struct{})
	e.do <- func() { f(); close(done) }
	<-done
}

// waitFor asks cond on the window's thread, between its messages, until it
// holds; false if it does not within 5 s (which only bounds a failure).
func (e *editWindow) waitFor(cond func() bool) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		var ok bool
		e.call(func() { ok = cond() })
		if ok {
			return true
		}
	}
	return false
}

// text is the control's text; on the window's thread.
func (e *editWindow) text() string {
	buf := make([]uint16, 256)
	n, _, _ := procGetWindowText.Call(e.w, uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	return windows.UTF16ToString(buf[:n])
}

// textNow is the control's text, asked from any goroutine.
func (e *editWindow) textNow() string {
	var s string
	e.call(func() { s = e.text() })
	return s
}

func TestInputLayout(t *testing.T) {
	// SendInput refuses any other cbSize than sizeof(INPUT).
	want := map[string]uintptr{"amd64": 40, "arm64": 40, "386": 28, "arm": 28}[runtime.GOARCH]
	if got := unsafe.Sizeof(input{}); got != want {
		t.Errorf("sizeof(INPUT) on %s = %d, want %d", runtime.GOARCH, got, want)
	}
}

func TestTypeIntoEditWindows(t *testing.T) {
	e2e.Require(t)
	edit := focusedEdit(t)
	kb, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer kb.Close()
	// A Japanese and a non-BMP character (two UTF-16 units) beside the
	// digits: KEYEVENTF_UNICODE types any text, whatever the layout.
	steps := []func() error{
		func() error { return kb.Type("492039") },
		func() error { return kb.Press(KeyTab) },
		func() error { return kb.Type("ID-コード𝟘") },
		func() error { return kb.Press(KeyEnter) },
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	want := "492039\tID-コード𝟘\r\n"
	if !edit.waitFor(func() bool { return edit.text() == want }) {
		t.Fatalf("the EDIT control holds %q, want %q", edit.textNow(), want)
	}
	// Nothing more arrives after it (a key typed twice, a stuck key).
	settle := time.Now().Add(200 * time.Millisecond)
	edit.waitFor(func() bool { return time.Now().After(settle) })
	if got := edit.textNow(); got != want {
		t.Errorf("the EDIT control holds %q, want %q", got, want)
	}
}

// The hotkey's Alt is still down when typing starts: nothing arrives until
// it is let go, then the code arrives as digits (not as Alt+digit).
func TestTypeWaitsForAltWindows(t *testing.T) {
	e2e.Require(t)
	edit := focusedEdit(t)
	kb, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer kb.Close()
	altDown := input{typ: inputKeyboard, ki: keybdInput{vk: windows.VK_MENU}}
	altUp := input{typ: inputKeyboard, ki: keybdInput{vk: windows.VK_MENU, flags: keyeventfKeyUp}}
	if err := send([]input{altDown}); err != nil {
		t.Fatal(err)
	}
	released := false
	defer func() {
		if !released {
			send([]input{altUp})
		}
	}()
	typed := make(chan error, 1)
	go func() { typed <- kb.Type("730519") }()
	// While Alt is held nothing is typed (200 ms of the one second that
	// Type waits).
	hold := time.Now().Add(200 * time.Millisecond)
	edit.waitFor(func() bool { return time.Now().After(hold) })
	if got := edit.textNow(); got != "" {
		t.Fatalf("typed %q while Alt was held", got)
	}
	select {
	case err := <-typed:
		t.Fatalf("Type returned while Alt was held: %v", err)
	default:
	}
	if err := send([]input{altUp}); err != nil {
		t.Fatal(err)
	}
	released = true
	if err := <-typed; err != nil {
		t.Fatal(err)
	}
	if !edit.waitFor(func() bool { return edit.text() == "730519" }) {
		t.Fatalf("the EDIT control holds %q, want %q", edit.textNow(), "730519")
	}
}

func TestHeldModifiersWindows(t *testing.T) {
	e2e.Require(t)
	focusedEdit(t)
	var kb winKeyboard
	if held, err := kb.held(); err != nil || held != 0 {
		t.Fatalf("before any key: held() = %v, %v; want none", held, err)
	}
	// Listed here, not taken from modifierKeys, so that a key left out
	// there fails.
	for _, k := range []struct {
		vk   uint16
		want Modifiers
	}{
		{windows.VK_LWIN, ModSuper}, {windows.VK_RWIN, ModSuper},
		{windows.VK_MENU, ModAlt}, {windows.VK_CONTROL, ModCtrl}, {windows.VK_SHIFT, ModShift},
		{windows.VK_LMENU, ModAlt}, {windows.VK_RCONTROL, ModCtrl}, {windows.VK_RSHIFT, ModShift},
	} {
		down := input{typ: inputKeyboard, ki: keybdInput{vk: k.vk}}
		up := input{typ: inputKeyboard, ki: keybdInput{vk: k.vk, flags: keyeventfKeyUp}}
		if err := send([]input{down}); err != nil {
			t.Fatalf("press %#x: %v", k.vk, err)
		}
		held, err := kb.held()
		if err := send([]input{up}); err != nil {
			t.Fatalf("release %#x: %v", k.vk, err)
		}
		if err != nil || held != k.want {
			t.Errorf("with key %#x down: held() = %v, %v; want %v", k.vk, held, err, k.want)
		}
		if held, err := kb.held(); err != nil || held != 0 {
			t.Errorf("after key %#x up: held() = %v, %v; want none", k.vk, held, err)
		}
	}
}

func TestForegroundOfOwnProcessIsNotAbove(t *testing.T) {
	e2e.Require(t)
	focusedEdit(t)
	if err := checkForeground(); err != nil {
		t.Fatalf("our own window in front: %v", err)
	}
	if _, err := integrityLevel(windows.GetCurrentProcessToken()); err != nil {
		t.Fatal(err)
	}
}

func TestPressRefusesUnknownKey(t *testing.T) {
	if err := (winKeyboard{}).press(Key(99)); err == nil {
		t.Fatal("press(99) typed something, want an error")
	}
}

// From Type to the last digit in the EDIT control, for a 6-digit code.
func BenchmarkTypeCodeWindows(b *testing.B) {
	e2e.Require(b)
	edit := focusedEdit(b)
	kb, err := New()
	if err != nil {
		b.Fatal(err)
	}
	defer kb.Close()
	const code = "709152"
	empty, _ := windows.UTF16PtrFromString("")
	for b.Loop() {
		b.StopTimer()
		edit.call(func() { procSetWindowText.Call(edit.w, uintptr(unsafe.Pointer(empty))) })
		b.StartTimer()
		if err := kb.Type(code); err != nil {
			b.Fatal(err)
		}
		// Each look lets the window's thread handle its messages first.
		for deadline := time.Now().Add(5 * time.Second); edit.textNow() != code; {
			if time.Now().After(deadline) {
				b.Fatalf("the EDIT control holds %q, want %q", edit.textNow(), code)
			}
		}
	}
}

func TestAnyKeyDownWindows(t *testing.T) {
	e2e.Require(t)
	focusedEdit(t)
	var kb winKeyboard
	if down, err := kb.anyDown(); err != nil || down {
		t.Fatalf("before any key: anyDown() = %v, %v; want false", down, err)
	}
	for _, vk := range []uint16{'X', windows.VK_F5, windows.VK_SPACE, windows.VK_RSHIFT} {
		if err := send([]input{{typ: inputKeyboard, ki: keybdInput{vk: vk}}}); err != nil {
			t.Fatalf("press %#x: %v", vk, err)
		}
		down, err := kb.anyDown()
		if err := send([]input{{typ: inputKeyboard, ki: keybdInput{vk: vk, flags: keyeventfKeyUp}}}); err != nil {
			t.Fatalf("release %#x: %v", vk, err)
		}
		if err != nil || !down {
			t.Errorf("with key %#x down: anyDown() = %v, %v; want true", vk, down, err)
		}
		if down, err := kb.anyDown(); err != nil || down {
			t.Errorf("after key %#x up: anyDown() = %v, %v; want false", vk, down, err)
		}
	}
}
