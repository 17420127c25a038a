package desktop

import (
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

var procShellExecute = windows.NewLazySystemDLL("shell32.dll").NewProc("ShellExecuteW")

// open asks the shell to open target (a URL or an absolute path) with the
// program registered for it, as a double click would: ShellExecute with the
// "open" verb, the call behind "rundll32 url.dll,FileProtocolHandler"
// without a second process and its command-line quoting.
func open(target string) error {
	verb, err := windows.UTF16PtrFromString("open")
	if err != nil {
		return err
	}
	file, err := windows.UTF16PtrFromString(target)
	if err != nil {
		return err
	}
	code, _, last := procShellExecute.Call(0, uintptr(unsafe.Pointer(verb)), uintptr(unsafe.Pointer(file)), 0, 0, windows.SW_SHOWNORMAL)
	if code > 32 {
		return nil
	}
	return shellExecuteError(code, last)
}

// shellExecuteError says what ShellExecute's result code (32 or less)
// means. The code, not the thread's last error, is the verdict: where no
// program is associated, Wine leaves ERROR_BAD_EXE_FORMAT there, whose
// system text is "Bad EXE format for %1.".
func shellExecuteError(code uintptr, last error) error {
	const (
		seErrFNF             = 2
		seErrPNF             = 3
		seErrAccessDenied    = 5
		seErrOOM             = 8
		seErrAssocIncomplete = 27
		seErrNoAssoc         = 31
	)
	switch code {
	case seErrNoAssoc, seErrAssocIncomplete:
		return errNoProgram
	case seErrFNF, seErrPNF:
		return fs.ErrNotExist
	case seErrAccessDenied:
		return fs.ErrPermission
	case seErrOOM:
		return windows.ERROR_NOT_ENOUGH_MEMORY
	}
	if errno, ok := last.(syscall.Errno); ok && errno == windows.ERROR_NO_ASSOCIATION {
		return errNoProgram
	}
	if errno, ok := last.(syscall.Errno); ok && errno != 0 && !strings.Contains(errno.Error(), "%") {
		return errno
	}
	return fmt.Errorf("ShellExecute failed with code %d", code)
}
