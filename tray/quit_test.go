package tray

import (
	"testing"
	"time"

	"github.com/otptray/otptray/tray/desktop"
)

// TestQuitMessage: otptray --quit (the installer, before it replaces the
// files) quits through the one way out, so the secrets leave memory and the
// clipboard is cleared; any other message from a later start only says that
// otptray runs.
func TestQuitMessage(t *testing.T) {
	sys := newStuckSystem()
	app, _, done := liveApp(t, sys)
	app.onMessage(desktop.ShowMessage)
	select {
	case title := <-sys.notifying:
		if title != appName {
			t.Errorf("a second start notified %q, want %q", title, appName)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("a second start was not told that otptray runs")
	}
	if app.quitRequested() {
		t.Fatal("a second start asked the app to quit")
	}
	close(sys.answer)

	app.onMessage(desktop.QuitMessage)
	waitClosed(t, done, "the loop ending after a quit request")
	if n := sys.clearedCount(); n != 1 || len(app.keys.secrets) != 0 {
		t.Errorf("after a quit request: clipboard cleared %d times, %d secrets kept; want 1, 0", n, len(app.keys.secrets))
	}
}
