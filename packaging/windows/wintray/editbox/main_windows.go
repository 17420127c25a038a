// Command editbox is the field that the Windows tray test (package wintray)
// has the tray type into: one top-level window holding a multi-line EDIT
// control, the kind of field a code is typed into. Multi-line with
// ES_WANTRETURN, so that Tab and Enter show in its text as "\t" and "\r\n".
//
// It reports on stdout, one line each: "front" or "back" whenever it comes
// in front with the keyboard focus or loses either, and "text QUOTED" (Go
// syntax) whenever the control's text changes. It reads commands from stdin,
// one a line: "clear" empties the control, "front" brings it in front with
// the focus. It ends when stdin ends.
package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32                  = windows.NewLazySystemDLL("user32.dll")
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

// winMsg is MSG.
type winMsg struct {
	hwnd    uintptr
	message uint32
	wParam  uintptr
	lParam  uintptr
	time    uint32
	pt      struct{ x, y int32 }
	private uint32
}

func main() {
	// A window belongs to the thread that made it, which alone receives
	// its messages.
	runtime.LockOSThread()
	w, err := create()
	if err != nil {
		fmt.Fprintf(os.Stderr, "editbox: %v\n", err)
		os.Exit(1)
	}
	commands := make(chan string)
	go func() {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			commands <- sc.Text()
		}
		close(commands)
	}()
	toFront(w)
	out := bufio.NewWriter(os.Stdout)
	var text string
	front := false
	report := func() {
		if t := textOf(w); t != text {
			text = t
			fmt.Fprintf(out, "text %s\n", strconv.Quote(t))
		}
		focus, _, _ := procGetFocus.Call()
		if f := focus == w && uintptr(windows.GetForegroundWindow()) == w; f != front {
			front = f
			fmt.Fprintln(out, map[bool]string{true: "front", false: "back"}[f])
		}
		out.Flush()
	}
	fmt.Fprintf(out, "text %s\n", strconv.Quote(text))
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
		report()
		select {
		case c, ok := <-commands:
			if !ok {
				return
			}
			switch c {
			case "clear":
				empty, _ := windows.UTF16PtrFromString("")
				procSetWindowText.Call(w, uintptr(unsafe.Pointer(empty)))
			case "front":
				toFront(w)
				// Said again even if unchanged: the answer to this command.
				front = false
			default:
				fmt.Fprintf(os.Stderr, "editbox: unknown command %q\n", c)
			}
		case <-tick.C:
		}
	}
}

func create() (uintptr, error) {
	class, _ := windows.UTF16PtrFromString("EDIT")
	// No title: a top-level EDIT control's title is its text.
	name, _ := windows.UTF16PtrFromString("")
	w, _, err := procCreateWindowEx.Call(0, uintptr(unsafe.Pointer(class)), uintptr(unsafe.Pointer(name)),
		wsOverlappedWindow|wsVisible|esMultiline|esWantReturn, 100, 100, 400, 200, 0, 0, 0, 0)
	if w == 0 {
		return 0, fmt.Errorf("create the EDIT window: %w", err)
	}
	return w, nil
}

func toFront(w uintptr) {
	procSetForegroundWindow.Call(w)
	procSetFocus.Call(w)
}

func textOf(w uintptr) string {
	buf := make([]uint16, 512)
	n, _, _ := procGetWindowText.Call(w, uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	return windows.UTF16ToString(buf[:n])
}
