package e2e

import (
	"os"
	"syscall"
	"testing"
)

// lockDesktop holds an exclusive lock on path until the test ends. A flock
// is released by the kernel when the process dies, so a crashed test
// process cannot leave the others waiting.
func lockDesktop(t testing.TB, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatalf("desktop lock: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Logf("waiting for another end-to-end test to release the desktop")
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			f.Close()
			t.Fatalf("desktop lock: %v", err)
		}
	}
	t.Cleanup(func() { f.Close() }) // closing releases the lock
}
