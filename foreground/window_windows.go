package foreground

import (
	"fmt"
	"path/filepath"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/otptray/otptray/internal/msg"
)

// golang.org/x/sys/windows has no GetWindowTextW.
var (
	user32                   = windows.NewLazySystemDLL("user32.dll")
	procGetWindowTextW       = user32.NewProc("GetWindowTextW")
	procGetWindowTextLengthW = user32.NewProc("GetWindowTextLengthW")
)

func current() (Window, error) {
	hwnd := windows.GetForegroundWindow()
	if hwnd == 0 {
		// No window in front, e.g. while the desktop is locked or the
		// focus is changing between windows.
		return Window{}, msg.New("foreground.none", nil)
	}
	title, err := windowText(hwnd)
	if err != nil {
		return Window{}, msg.New("foreground.read", err)
	}
	program, err := windowProgram(hwnd)
	if err != nil {
		return Window{}, msg.New("foreground.read", err)
	}
	return Window{Title: title, Program: program, ID: uint64(hwnd)}, nil
}

// windowText is the window's title: none when its length is 0 (which is
// also what a window that has gone away answers). For another process's
// window Windows reads the title itself, so a hung program cannot block
// this; a window of this process is asked by a message that its thread
// must answer.
func windowText(hwnd windows.HWND) (string, error) {
	n, _, _ := procGetWindowTextLengthW.Call(uintptr(hwnd))
	if n == 0 {
		return "", nil
	}
	buf := make([]uint16, n+1)
	got, _, err := procGetWindowTextW.Call(uintptr(hwnd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	if got == 0 {
		return "", fmt.Errorf("GetWindowTextW: %w", err)
	}
	return windows.UTF16ToString(buf[:got]), nil
}

// windowProgram is the base name of the executable of the window's
// process. The limited right is enough for the name, and is granted for
// processes of other users and elevated ones too, but not for protected
// processes: their windows have no program name (""). The frame of a Store
// app belongs to ApplicationFrameHost.exe, so such apps are told by title.
func windowProgram(hwnd windows.HWND) (string, error) {
	var pid uint32
	if _, err := windows.GetWindowThreadProcessId(hwnd, &pid); err != nil {
		return "", fmt.Errorf("GetWindowThreadProcessId: %w", err)
	}
	proc, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return "", nil
	}
	defer windows.CloseHandle(proc)
	buf := make([]uint16, windows.MAX_LONG_PATH)
	size := uint32(len(buf))
	if err := windows.QueryFullProcessImageName(proc, 0, &buf[0], &size); err != nil {
		return "", fmt.Errorf("QueryFullProcessImageNameW of process %d: %w", pid, err)
	}
	return filepath.Base(windows.UTF16ToString(buf[:size])), nil
}
