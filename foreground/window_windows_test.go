package foreground

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	procCreateWindowExW     = user32.NewProc("CreateWindowExW")
	procDestroyWindow       = user32.NewProc("DestroyWindow")
	procSetForegroundWindow = user32.NewProc("SetForegroundWindow")
	procPeekMessageW        = user32.NewProc("PeekMessageW")
	procDispatchMessageW    = user32.NewProc("DispatchMessageW")
)

const (
	wsOverlappedWindow = 0x00CF0000
	wsVisible          = 0x10000000
	pmRemove           = 0x0001
)

// topWindow makes a shown top-level window of the system's STATIC class
// (no window procedure of the test's own is needed) with the given title.
func topWindow(t *testing.T, title string) windows.HWND {
	t.Helper()
	class, _ := windows.UTF16PtrFromString("STATIC")
	text, _ := windows.UTF16PtrFromString(title)
	hwnd, _, err := procCreateWindowExW.Call(0, uintptr(unsafe.Pointer(class)), uintptr(unsafe.Pointer(text)),
		wsOverlappedWindow|wsVisible, 10, 10, 300, 200, 0, 0, 0, 0)
	if hwnd == 0 {
		t.Fatalf("CreateWindowExW %q: %v", title, err)
	}
	t.Cleanup(func() { procDestroyWindow.Call(hwnd) })
	pump()
	return windows.HWND(hwnd)
}

// pump handles the messages waiting for this thread's windows.
func pump() {
	var m [48]byte // MSG
	for {
		got, _, _ := procPeekMessageW.Call(uintptr(unsafe.Pointer(&m[0])), 0, 0, 0, pmRemove)
		if got == 0 {
			return
		}
		procDispatchMessageW.Call(uintptr(unsafe.Pointer(&m[0])))
	}
}

// TestCurrentWindows: two top-level windows with different titles are
// brought to the front in turn; Current reports each one's title, the
// test's own program and each one's handle, and Pick the token whose rule
// matches.
func TestCurrentWindows(t *testing.T) {
	// The windows belong to this thread, and the title of a window of this
	// process is read from it by a message that this thread answers.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()

	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	program := filepath.Base(exe)
	bank := topWindow(t, "Bank — JWEBOFFICE あ")
	mail := topWindow(t, "Büro mail")
	tokens := []TokenRules{
		{ID: "exe", Rules: []string{".TEST.EXE"}}, // the test binary, foreground.test.exe
		{ID: "bank", Rules: []string{"jweboffice - no", "JWEBOFFICE あ"}},
	}
	seen := map[uint64]bool{}
	for round := range 2 {
		for _, tt := range []struct {
			hwnd  windows.HWND
			title string
			token string
		}{
			{bank, "Bank — JWEBOFFICE あ", "bank"},
			{mail, "Büro mail", "exe"},
		} {
			if ok, _, err := procSetForegroundWindow.Call(uintptr(tt.hwnd)); ok == 0 {
				t.Fatalf("SetForegroundWindow %q: %v", tt.title, err)
			}
			pump()
			w, err := Current()
			if err != nil {
				t.Fatalf("round %d: Current: %v", round, err)
			}
			want := Window{Title: tt.title, Program: program, ID: uint64(tt.hwnd)}
			if w != want {
				t.Errorf("round %d: Current = %+v, want %+v", round, w, want)
			}
			if id, ok := Pick(tokens, w); !ok || id != tt.token {
				t.Errorf("round %d: Pick for %q = %q, %v; want %q", round, w.Title, id, ok, tt.token)
			}
			seen[w.ID] = true
		}
	}
	if len(seen) != 2 {
		t.Errorf("the two windows had the IDs %v, want two different ones", seen)
	}
}
