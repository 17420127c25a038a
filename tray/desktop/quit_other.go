//go:build !windows

package desktop

import (
	"errors"
	"syscall"
	"time"
)

// waitExited waits until the process pid has ended, at most wait, and says
// whether it has. (Signal 0 tests whether a process exists; a process that
// has ended but whose parent has not reaped it yet still counts.)
func waitExited(pid int, wait time.Duration) bool {
	deadline := time.Now().Add(wait)
	for {
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}
