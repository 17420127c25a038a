package desktop

import (
	"testing"
	"time"
)

// fakeTimers replaces Clipboard's timers: the test fires them.
type fakeTimers struct {
	timers []*fakeTimer
}

type fakeTimer struct {
	d       time.Duration
	f       func()
	stopped bool
}

func (t *fakeTimer) Stop() bool { t.stopped = true; return true }

func (ft *fakeTimers) after(d time.Duration, f func()) stopper {
	t := &fakeTimer{d: d, f: f}
	ft.timers = append(ft.timers, t)
	return t
}

// newTestClipboard returns a Clipboard with fake timers and a record of
// what its clears did.
func newTestClipboard(t *testing.T) (*Clipboard, *fakeTimers, *[]ClearResult) {
	t.Helper()
	c, err := NewClipboard()
	if err != nil {
		t.Fatal(err)
	}
	ft := &fakeTimers{}
	var results []ClearResult
	c.afterFunc = ft.after
	c.cleared = func(r ClearResult) { results = append(results, r) }
	t.Cleanup(func() { c.Close() })
	return c, ft, &results
}
