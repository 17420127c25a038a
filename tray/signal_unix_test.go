//go:build unix

package tray

import (
	"syscall"
	"testing"
	"time"
)

// TestSIGTERMWithFullQueue: SIGTERM quits (and runs stop) even when it
// comes while the event queue is full, where a click would be dropped.
func TestSIGTERMWithFullQueue(t *testing.T) {
	sys := newStuckSystem()
	close(sys.answer)
	h := newHarness(t, vipToken())
	h.app.Sys, h.app.UI = sys, newLiveUI()
	h.app.Start(time.Now())
	h.app.Refresh(time.Now())
	stopSignals := quitOnSignals(h.app)
	defer stopSignals()
	// The loop is not running yet: nothing empties the queue.
	for len(h.app.loop.events) < cap(h.app.loop.events) {
		h.app.send(event{kind: evClick, key: "no-such-entry"})
	}
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); !h.app.quitRequested(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("SIGTERM did not ask the app to quit within 20 s")
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.app.Loop()
	}()
	waitClosed(t, done, "the loop ending after SIGTERM")
	if n := sys.clearedCount(); n != 1 || len(h.app.keys.secrets) != 0 {
		t.Errorf("after SIGTERM: clipboard cleared %d times, %d secrets kept; want 1, 0", n, len(h.app.keys.secrets))
	}
}
