package tray

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/otptray/otptray/token/clocksync"
	"github.com/otptray/otptray/tray/menu"
)

// The loop on its own goroutine, as the program runs it. These tests wait
// for events with generous limits; what they show is that something
// happens at all (the loop is not stuck), not how fast.

// liveUI is a UI that may be read from the test's goroutine while the loop
// runs: it passes the keys of changed entries on.
type liveUI struct {
	changed chan string
}

func newLiveUI() *liveUI { return &liveUI{changed: make(chan string, 1000)} }

func (u *liveUI) Rebuild(m menu.Menu) {}
func (u *liveUI) Update(changed []menu.Flat) {
	for _, f := range changed {
		select {
		case u.changed <- f.Key:
		default:
		}
	}
}
func (u *liveUI) SetTooltip(string) {}

// stuckSystem is a system whose notification server never answers (a D-Bus
// call without a reply waits for its timeout) and whose clock check waits
// until the test lets it go.
type stuckSystem struct {
	*fakeSystem
	notifying chan string   // the title of each notification begun
	answer    chan struct{} // closed: Notify and MeasureClock return
	mu        sync.Mutex
	cleared   int
}

func newStuckSystem() *stuckSystem {
	s := &stuckSystem{fakeSystem: &fakeSystem{}, notifying: make(chan string, 100), answer: make(chan struct{})}
	return s
}

func (s *stuckSystem) Notify(title, body string) error {
	s.notifying <- title
	<-s.answer
	return nil
}

func (s *stuckSystem) ClearCopied() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cleared++
	return nil
}

func (s *stuckSystem) clearedCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cleared
}

// liveApp is an app with one TOTP token, started and refreshed once, with
// its loop running; the returned channel closes when Loop returns.
func liveApp(t *testing.T, sys system) (*app, *liveUI, <-chan struct{}) {
	t.Helper()
	h := newHarness(t, vipToken())
	ui := newLiveUI()
	h.app.Sys, h.app.UI = sys, ui
	h.app.Start(time.Now())
	h.app.Refresh(time.Now())
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.app.Loop()
	}()
	return h.app, ui, done
}

func waitClosed(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(20 * time.Second):
		t.Fatalf("%s: not within 20 s", what)
	}
}

// TestMenuChangesWhileNotificationHangs: a notification whose server never
// answers holds up the notifications after it, not the menu.
func TestMenuChangesWhileNotificationHangs(t *testing.T) {
	sys := newStuckSystem()
	app, ui, done := liveApp(t, sys)
	app.send(event{kind: evReopened}) // "otptray is already running"
	select {
	case <-sys.notifying:
	case <-time.After(20 * time.Second):
		t.Fatal("the notification was never sent")
	}
	// The code's countdown changes every second: the loop must go on
	// showing it while the notification hangs.
	for i := 0; i < 2; i++ {
		for key := ""; key != menu.KeyCode+"vip1"; {
			select {
			case key = <-ui.changed:
			case <-time.After(20 * time.Second):
				t.Fatalf("the menu did not change (change %d) while a notification hung", i+1)
			}
		}
	}
	app.requestQuit()
	waitClosed(t, done, "the loop ending after Quit while a notification hangs")
	close(sys.answer)
}

// TestQuitWhileTaskRuns: Quit ends the loop at once, with its stop run,
// although a clock check is still waiting for the network; the check's late
// result is given up rather than waited with.
func TestQuitWhileTaskRuns(t *testing.T) {
	sys := newStuckSystem()
	close(sys.answer) // notifications answer
	measuring, release := make(chan struct{}), make(chan struct{})
	finished := make(chan struct{})
	sys.measure = func(ctx context.Context) (clocksync.Result, error) {
		close(measuring)
		<-release
		return clocksync.Result{}, nil
	}
	app, _, done := liveApp(t, sys)
	app.send(event{kind: evClick, key: menu.KeySyncClock})
	waitClosed(t, measuring, "the clock check starting")

	app.send(event{kind: evClick, key: menu.KeyQuit})
	waitClosed(t, done, "the loop ending after Quit while a clock check runs")
	waitClosed(t, app.loop.stopped, "stop after Quit")
	if n := sys.clearedCount(); n != 1 {
		t.Errorf("our clipboard cleared %d times, want once", n)
	}
	if len(app.keys.secrets) != 0 {
		t.Errorf("%d secrets still in memory after Quit", len(app.keys.secrets))
	}

	// The check's result comes after the loop is gone, with the queue full.
	for len(app.loop.events) < cap(app.loop.events) {
		app.loop.events <- event{kind: evTapped}
	}
	go func() {
		defer close(finished)
		if app.loop.deliver(event{kind: evDone}) {
			t.Error("a result was queued for a loop that has stopped")
		}
	}()
	close(release)
	waitClosed(t, finished, "a late result giving up")
}

// TestStopRunsOnce: every way out may come, several at once; stop runs once.
func TestStopRunsOnce(t *testing.T) {
	sys := newStuckSystem()
	close(sys.answer)
	app, _, done := liveApp(t, sys)
	unregistered := 0
	app.unregister = func() { unregistered++ }
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			app.requestQuit()
		}()
	}
	app.send(event{kind: evClick, key: menu.KeyQuit})
	wg.Wait()
	waitClosed(t, done, "the loop ending")
	// The tray's exit callback after the loop's systray.Quit, and a
	// Windows session end calling it again: both find stop done.
	looping := make(chan struct{})
	close(looping)
	app.trayExit(looping)
	app.trayExit(looping)
	app.stop()
	if n := sys.clearedCount(); n != 1 || unregistered != 1 {
		t.Errorf("stop ran %d times (hotkey released %d times), want once", n, unregistered)
	}
}

// TestSessionEndRunsStop: the desktop ending the tray calls the exit
// callback directly, while the loop runs (Windows: WM_ENDSESSION). It
// returns only once stop has run, since the process may end then.
func TestSessionEndRunsStop(t *testing.T) {
	sys := newStuckSystem()
	close(sys.answer)
	app, _, done := liveApp(t, sys)
	looping := make(chan struct{})
	close(looping)
	app.trayExit(looping)
	if n := sys.clearedCount(); n != 1 {
		t.Errorf("trayExit returned with stop run %d times, want once", n)
	}
	waitClosed(t, done, "the loop ending after the session ended")
}

// TestTrayExitBeforeLoop: an exit before the loop ever ran still runs stop.
func TestTrayExitBeforeLoop(t *testing.T) {
	h := newHarness(t, vipToken())
	h.start(time.Now())
	h.app.trayExit(make(chan struct{}))
	if h.sys.cleared != 1 || len(h.app.keys.secrets) != 0 {
		t.Errorf("cleared %d, %d secrets kept; want 1, 0", h.sys.cleared, len(h.app.keys.secrets))
	}
}

// TestSettingsSavedInOrder: settings clicked in quick succession are
// written in the order of the clicks, though writes run on a worker.
func TestSettingsSavedInOrder(t *testing.T) {
	h := newHarness(t, vipToken())
	now := unix(vecBoundary - 10)
	h.start(now)
	for _, key := range []string{menu.KeyClearAfter + "15", menu.KeyClearAfter + "60", menu.KeyClearAfter + "never", menu.KeyClearAfter + "15"} {
		h.app.handleEvent(event{kind: evClick, key: key}, now)
	}
	h.refresh(now)
	if got := h.prefs(t).ClearAfter; got != 15 {
		t.Errorf("ClearAfter = %d after the last click chose 15", got)
	}
}
