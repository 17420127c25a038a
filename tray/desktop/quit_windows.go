package desktop

import (
	"errors"
	"time"

	"golang.org/x/sys/windows"
)

// waitExited waits until the process pid has ended, at most wait, and says
// whether it has: the process object is signalled once the process is gone
// and its exe no longer in use.
func waitExited(pid int, wait time.Duration) bool {
	h, err := windows.OpenProcess(windows.SYNCHRONIZE, false, uint32(pid))
	if errors.Is(err, windows.ERROR_INVALID_PARAMETER) {
		return true // no such process: it has ended
	}
	if err != nil {
		return false
	}
	defer windows.CloseHandle(h)
	ms := max(wait.Milliseconds(), 0)
	ev, err := windows.WaitForSingleObject(h, uint32(ms))
	return err == nil && ev == windows.WAIT_OBJECT_0
}
